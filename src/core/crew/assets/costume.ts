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
import { defineRole, type RoleHandler } from '../role';
import { offlineSheets } from './offline';
import { characterSubjects, planSheets, runSheet } from './sheet';

const ROLE = 'costume' as const;

export const costumeRole = defineRole({
  role: ROLE,
  stage: 'assets',
  agent: {
    name: 'Costume',
    responsibility: 'Proposes four wardrobes for every character, consistent with the script and the style block.',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'characters/*.md', 'costumes/*.md'],
    writes: ['costumes/*.md', 'media/options/costumes/*'],
    models: { text: ['offline'], image: ['offline'] },
    options: 4,
    brief: `You are the costume designer on "{{title}}". Dress {{subject}} for every scene they appear in;
write {{options}} wardrobe options, each as an image prompt.

Style: {{style}}`,
  },
  answer: { id: `answers/${ROLE}.schema.json`, schema },
  offline: offlineSheets(ROLE),
  handlers: [
    {
      modalities: ['text', 'image'],
      plan: (production, scope) => planSheets(ROLE, characterSubjects(production, 'costume'), production, scope),
      run: (ctx, call) => runSheet(ctx, call, { role: ROLE, schema }, 'costume'),
    },
  ],
});

export const [costume] = costumeRole.handlers as [RoleHandler];
