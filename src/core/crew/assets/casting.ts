/** Casting: a sheet per character with four looks to choose from. */
import schema from '../../../../schemas/answers/casting.schema.json';
import { defineRole, type RoleHandler } from '../role';
import { offlineSheets } from './offline';
import { characterSubjects, planSheets, runSheet } from './sheet';

const ROLE = 'casting' as const;

export const castingRole = defineRole({
  role: ROLE,
  stage: 'assets',
  agent: {
    name: 'Casting',
    responsibility: 'Proposes four looks for every character in the script so that one can be chosen and locked.',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'characters/*.md'],
    writes: ['characters/*.md', 'media/options/characters/*'],
    models: { text: ['offline'], image: ['offline'] },
    options: 4,
    brief: `You are casting "{{title}}". From what the script says about {{subject}}, write {{options}}
distinct looks (age, face, build, bearing), each as an image prompt that keeps to the style.

Style: {{style}}`,
  },
  answer: { id: `answers/${ROLE}.schema.json`, schema },
  offline: offlineSheets(ROLE),
  handlers: [
    {
      modalities: ['text', 'image'],
      plan: (production, scope) => planSheets(ROLE, characterSubjects(production, 'character'), production, scope),
      run: (ctx, call) => runSheet(ctx, call, { role: ROLE, schema }, 'character'),
    },
  ],
});

export const [casting] = castingRole.handlers as [RoleHandler];
