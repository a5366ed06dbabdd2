/**
 * YAML from a stranger's repository: aliases are limited (the `yaml` library's `maxAliasCount`,
 * against "billion laughs") and a value that contains itself (`&a [*a]`) is found before any code
 * walks it (hashing, schema checks, JSON), so it becomes a diagnostic at its line, never a
 * RangeError.
 */
import { isAlias, visit, type Document, type LineCounter } from 'yaml';

/** Options for every `toJS` / `parse` of production YAML. */
export const YAML_LIMITS = { maxAliasCount: 100 } as const;

/** True when `value` contains itself (an alias to an enclosing node). */
export function isCyclic(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (seen.has(value)) return true;
  seen.add(value);
  const children = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
  for (const child of children) if (isCyclic(child, seen)) return true;
  seen.delete(value);
  return false;
}

/** 1-based line of the first alias in a document (where a self-reference is written), else 1. */
export function firstAliasLine(document: Document, lines: LineCounter): number {
  let at: number | undefined;
  visit(document, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) {
        at = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return at === undefined ? 1 : lines.linePos(at).line;
}
