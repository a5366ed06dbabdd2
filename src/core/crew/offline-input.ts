/**
 * Checking the structured input an offline answer computes from: a request a role did not
 * build itself (a custom role, a hand-made call) is refused with what is missing, never guessed.
 */
import { ProviderError } from '../providers/types';

export function expectObject(role: string, input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ProviderError('bad-request', `The offline ${role} needs the task's structured input (an object); got ${typeof input}.`, false);
  }
  return input as Record<string, unknown>;
}

export function expectArrays(role: string, input: Record<string, unknown>, keys: string[]): void {
  for (const k of keys) {
    if (!Array.isArray(input[k])) throw new ProviderError('bad-request', `The offline ${role} needs \`${k}\` (an array) in its input.`, false);
  }
}

/** The request's input is not what this role's pictures are drawn from. */
export function cannotDraw(role: string, expected: string): ProviderError {
  return new ProviderError(
    'bad-request',
    `The offline crew cannot draw for ${role}: the request's input is not ${expected}. A custom role needs an image model in its agent.md.`,
    false,
  );
}
