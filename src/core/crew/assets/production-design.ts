/** Production design: a sheet per location and per prop, four designs each. */
import schema from '../../../../schemas/answers/production-design.schema.json';
import { defineRole, type RoleHandler } from '../role';
import { offlineSheets } from './offline';
import { locationSubjects, planSheets, propSubjects, runSheet } from './sheet';

const ROLE = 'production-design' as const;

export const productionDesignRole = defineRole({
  role: ROLE,
  stage: 'assets',
  agent: {
    name: 'Production design',
    responsibility: 'Proposes four designs for every location and prop so that one of each can be chosen and locked.',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['locations/*.md', 'props/*.md', 'media/options/locations/*', 'media/options/props/*'],
    models: { text: ['offline'], image: ['offline'] },
    options: 4,
    brief: `You are the production designer on "{{title}}". Design {{subject}} from what the script says
about it: {{options}} options, each as an image prompt that keeps to the style.

Style: {{style}}`,
  },
  answer: { id: `answers/${ROLE}.schema.json`, schema },
  offline: offlineSheets(ROLE),
  handlers: [
    {
      modalities: ['text', 'image'],
      // Task ids say the kind: a location and a prop may share an id (`lighthouse`).
      plan: (production, scope) => [
        ...planSheets(ROLE, locationSubjects(production), production, scope, (s) => `location/${s.id}`),
        ...planSheets(ROLE, propSubjects(production), production, scope, (s) => `prop/${s.id}`),
      ],
      run: (ctx, call) => runSheet(ctx, call, { role: ROLE, schema }, ctx.task.id.startsWith(`${ROLE}:prop/`) ? 'prop' : 'location'),
    },
  ],
});

export const [productionDesign] = productionDesignRole.handlers as [RoleHandler];
