/** Production design: a sheet per location and per prop, four designs each. */
import schema from '../../../../schemas/answers/production-design.schema.json';
import type { RoleHandler } from '../role';
import { locationSubjects, planSheets, propSubjects, runSheet } from './sheet';

const ROLE = 'production-design';

export const productionDesign: RoleHandler = {
  role: ROLE,
  stage: 'assets',
  modalities: ['text', 'image'],
  // Task ids say the kind: a location and a prop may share an id (`lighthouse`).
  plan: (production, scope) => [
    ...planSheets(ROLE, locationSubjects(production), production, scope, (s) => `location/${s.id}`),
    ...planSheets(ROLE, propSubjects(production), production, scope, (s) => `prop/${s.id}`),
  ],
  run: (ctx, call) => runSheet(ctx, call, { role: ROLE, schema }, ctx.task.id.startsWith(`${ROLE}:prop/`) ? 'prop' : 'location'),
};
