/**
 * The offline crew's text answers, one deterministic function per role, each computing from the
 * structured input the role sent. A role the offline crew does not know is refused with advice.
 */
import { ProviderError } from '../types';
import { coverScene } from './directors-assistant';
import type { BreakdownInput } from '../../crew/breakdown/types';
import type { SheetInput } from '../../crew/assets/types';
import { proposeSheet } from './sheets';
import { lightScene } from './dop';
import type { DopInput } from '../../crew/dop';
import { reviewCut } from './checker';
import type { CheckerInput } from '../../crew/checker';

type Answer = (input: unknown) => unknown;

function expectObject(role: string, input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ProviderError('bad-request', `The offline ${role} needs the task's structured input (an object); got ${typeof input}.`, false);
  }
  return input as Record<string, unknown>;
}

function expectArrays(role: string, input: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) {
    if (!Array.isArray(input[k])) throw new ProviderError('bad-request', `The offline ${role} needs \`${k}\` (an array) in its input.`, false);
  }
}

const ANSWERS: Record<string, Answer> = {
  'directors-assistant': (input) => {
    const i = expectObject('directors-assistant', input);
    expectArrays('directors-assistant', i, ['beats', 'cast']);
    return coverScene(i as unknown as BreakdownInput);
  },
  casting: sheet('casting'),
  costume: sheet('costume'),
  'production-design': sheet('production-design'),
  dop: (input) => {
    const i = expectObject('dop', input);
    expectArrays('dop', i, ['shots', 'looks']);
    return lightScene(i as unknown as DopInput);
  },
  checker: (input) => {
    const i = expectObject('checker', input);
    expectArrays('checker', i, ['findings']);
    if (typeof i.cut !== 'object' || i.cut === null) throw new ProviderError('bad-request', 'The offline checker needs the cut in its input.', false);
    expectArrays('checker', i.cut as Record<string, unknown>, ['shots']);
    return reviewCut(i as unknown as CheckerInput);
  },
};

function sheet(role: string): Answer {
  return (input) => {
    const i = expectObject(role, input);
    if (typeof i.name !== 'string' || typeof i.kind !== 'string' || typeof i.facts !== 'object' || i.facts === null) {
      throw new ProviderError('bad-request', `The offline ${role} needs kind, name and facts in its input.`, false);
    }
    const facts = i.facts as Record<string, unknown>;
    expectArrays(role, facts, ['scenes', 'mentions']);
    return proposeSheet(i as unknown as SheetInput);
  };
}

/** The offline answer for a role's text request. */
export function answerText(role: string, input: unknown): unknown {
  const answer = ANSWERS[role];
  if (!answer) {
    throw new ProviderError(
      'refused',
      `The offline crew has no text answers for the role "${role}". List a text model for it in agents/${role}/agent.md (models.text).`,
      false,
    );
  }
  return answer(input);
}

/** Roles the offline crew can answer in text. */
export const OFFLINE_TEXT_ROLES: readonly string[] = Object.keys(ANSWERS);
