/**
 * Costume: a wardrobe sheet per character, from what the script says the character wears and
 * where they go. It works beside casting (the asset roles run in parallel: docs/architecture.md,
 * "Stages and gates") and does not read casting's sheet: looks are chosen at the asset lock, after
 * both have proposed, and a wardrobe that read the character sheet would go stale the moment that
 * gate chose a look, so every run after a full one would dress the cast again. The chosen
 * character and wardrobe looks meet downstream, where the storyboard artist and the DOP read both
 * locked sheets.
 */
import schema from '../../../../schemas/answers/costume.schema.json';
import type { RoleHandler } from '../role';
import { characterSubjects, planSheets, runSheet } from './sheet';

const ROLE = 'costume';

export const costume: RoleHandler = {
  role: ROLE,
  stage: 'assets',
  modalities: ['text', 'image'],
  plan: (production, scope) => planSheets(ROLE, characterSubjects(production, 'costume'), production, scope),
  run: (ctx, call) => runSheet(ctx, call, { role: ROLE, schema }, 'costume'),
};
