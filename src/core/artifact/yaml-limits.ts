/**
 * YAML from a stranger's repository: aliases are limited (the `yaml` library's `maxAliasCount`,
 * against "billion laughs") and a value that contains itself (`&a [*a]`) is found before any code
 * walks it (hashing, schema checks, JSON), so it becomes a diagnostic at its line, never a
 * RangeError. The library's own warnings (a list used as a key, an unknown tag) would go to the
 * process's stderr with no file or line: they are silenced and said as diagnostics instead.
 */
import { isAlias, isCollection, visit, type Document, type LineCounter } from 'yaml';

/** Options for every `parse` / `parseDocument` / `toJS` of production YAML. */
export const YAML_LIMITS = { maxAliasCount: 100, logLevel: 'error' } as const;

/** A warning about a document that reads, at its 1-based line and column. */
export interface YamlWarning {
  line: number;
  col: number;
  message: string;
}

/** What the `yaml` library would have warned about, with where: the document's warnings and keys that are lists or maps. */
export function yamlWarnings(document: Document, lines: LineCounter): YamlWarning[] {
  const out: YamlWarning[] = document.warnings.map((w) => {
    const pos = lines.linePos(w.pos[0]);
    return { line: pos.line, col: pos.col, message: `YAML: ${w.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}` };
  });
  visit(document, {
    Pair(_key, pair) {
      if (isCollection(pair.key) && pair.key.range) {
        const pos = lines.linePos(pair.key.range[0]);
        out.push({ line: pos.line, col: pos.col, message: 'a key that is a list or map (`? [a, b]`, `[a, b]: …`) is read as mere text; write it as a plain `key:`' });
      }
      return undefined;
    },
  });
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

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
