/**
 * Reading a model's answer. The engine validates answers against the role's JSON Schema; these
 * readers give the role typed values and turn anything that slipped through into a `malformed`
 * ProviderError (the engine retries it, then routes to the next model) instead of a crash.
 */
import { ProviderError } from '../providers/types';

export type Json = Record<string, unknown>;

export function malformed(role: string, what: string): ProviderError {
  return new ProviderError('malformed', `The ${role} answer is malformed: ${what}.`, true);
}

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The answer as an object, or a malformed error naming the role. */
export function answerObject(role: string, content: unknown): Json {
  if (!isRecord(content)) throw malformed(role, 'expected a JSON object');
  return content;
}

export function arrayField(role: string, obj: Json, key: string): unknown[] {
  const v = obj[key];
  if (!Array.isArray(v)) throw malformed(role, `\`${key}\` must be an array`);
  return v;
}

export function stringField(role: string, obj: Json, key: string): string {
  const v = obj[key];
  if (typeof v !== 'string') throw malformed(role, `\`${key}\` must be a string`);
  return v;
}

export function optionalString(obj: Json, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v.trim() ? v : undefined;
}

export function numberField(role: string, obj: Json, key: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw malformed(role, `\`${key}\` must be a number`);
  return v;
}

export function stringArray(obj: Json, key: string): string[] {
  const v = obj[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
