/** Casting: a sheet per character with four looks to choose from. */
import schema from '../../../../schemas/answers/casting.schema.json';
import type { RoleHandler } from '../role';
import { characterSubjects, planSheets, runSheet } from './sheet';

const ROLE = 'casting';

export const casting: RoleHandler = {
  role: ROLE,
  stage: 'assets',
  modalities: ['text', 'image'],
  plan: (production, scope) => planSheets(ROLE, characterSubjects(production, 'character'), production, scope),
  run: (ctx, call) => runSheet(ctx, call, { role: ROLE, schema }, 'character'),
};
