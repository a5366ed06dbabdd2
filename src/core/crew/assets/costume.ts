/**
 * Costume: a wardrobe sheet per character. It waits for casting's task of the same character,
 * and once a person has chosen a look there it reads that sheet and dresses the chosen look:
 * from then on, a different choice makes the wardrobe stale. Before any choice it does not read
 * the sheet, so the asset gate choosing looks does not make a wardrobe stale that dressed none.
 */
import schema from '../../../../schemas/answers/costume.schema.json';
import { characterFile } from '../../model/paths';
import type { CharacterData } from '../../model/types';
import type { RoleHandler } from '../role';
import { characterSubjects, planSheets, runSheet } from './sheet';

const ROLE = 'costume';

export const costume: RoleHandler = {
  role: ROLE,
  stage: 'assets',
  modalities: ['text', 'image'],
  plan: (production, scope) =>
    planSheets(ROLE, characterSubjects(production, 'costume'), production, scope, (s) => ({
      reads: production.characters.some((c) => c.path === characterFile(s.id) && c.data.chosen) ? [characterFile(s.id)] : [],
      after: [`casting:${s.id}`],
    })),
  run: (ctx, call) => {
    const character = ctx.files.get(characterFile(ctx.task.subject))?.artifact?.data as CharacterData | undefined;
    const look = character?.chosen ? character.options?.find((o) => o.id === character.chosen)?.prompt : undefined;
    return runSheet(ctx, call, { role: ROLE, schema }, 'costume', look ? { look } : {});
  },
};
