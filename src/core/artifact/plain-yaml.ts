/**
 * A fast reader for the plain YAML most frontmatter is written in: block maps of simple keys,
 * one-line scalars (plain, or quoted without escapes), one-line flow lists of plain words,
 * comment lines. Anything else (anchors, tags, block lists, multi-line or escaped strings,
 * CRLF, tabs, quoted keys, numbers other than plain decimals, duplicate keys…) is declined, and
 * the caller parses with `yaml` as before.
 *
 * Why: hashing 1,000 artifacts for one approval spent most of its CPU in the full YAML parser.
 * What it accepts it reads exactly as `yaml.parse` (core schema, YAML 1.2) does, so content
 * hashes do not change; test/git/hash-fast-path.test.ts compares the two on tricky inputs.
 */

/** Keys read as plain strings: a letter or `_`, then word characters, `.`, `/`, `-`. */
const KEY_LINE = /^([A-Za-z_][\w./-]*):(?: (.*))?$/;
/** Keys the core schema would read as something else, or that would touch the prototype. */
const ODD_KEY = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|__proto__)$/;
/** Characters that start something other than a plain scalar. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
/** Characters this reader does not try to reason about (controls, BOM, odd line breaks). */
const ODD_CHAR = /[\u0000-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Anything the core schema might read as a number. */
const NUMBERISH = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const DECLINE = Symbol('decline');
type Read = unknown | typeof DECLINE;

function plainScalar(s: string, inFlow: boolean): Read {
  if (s === '' || INDICATOR.test(s) || ODD_CHAR.test(s)) return DECLINE;
  if (s.includes(' #') || s.includes(': ') || s.endsWith(':')) return DECLINE;
  if (inFlow && /[,[\]{}:#"']/.test(s)) return DECLINE;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (NUMBERISH.test(s)) {
    if (/^[0-9]{1,15}$/.test(s)) return parseInt(s, 10);
    if (/^[0-9]{1,15}\.[0-9]{1,15}$/.test(s)) return parseFloat(s);
    return DECLINE;
  }
  return s;
}

function value(raw: string): Read {
  if (ODD_CHAR.test(raw)) return DECLINE;
  if (raw[0] === '"') {
    const m = /^"([^"\\]*)"$/.exec(raw);
    return m ? m[1] : DECLINE;
  }
  if (raw[0] === "'") {
    const m = /^'([^']*)'$/.exec(raw);
    return m ? m[1] : DECLINE;
  }
  if (raw[0] === '[') {
    const m = /^\[(.*)\]$/.exec(raw);
    if (!m) return DECLINE;
    if (/^ *$/.test(m[1]!)) return [];
    const items: unknown[] = [];
    for (const part of m[1]!.split(',')) {
      const item = plainScalar(part.replace(/^ +| +$/g, ''), true);
      if (item === DECLINE) return DECLINE;
      items.push(item);
    }
    return items;
  }
  return plainScalar(raw, false);
}

function significant(line: string): boolean {
  const t = line.replace(/^ +/, '');
  return t !== '' && t[0] !== '#';
}

function indentOf(line: string): number {
  return line.length - line.replace(/^ +/, '').length;
}

/** The block map at `indent` starting at line `at`: its value and the first line after it. */
function blockMap(lines: string[], at: number, indent: number): { map: Record<string, unknown>; next: number } | undefined {
  const map: Record<string, unknown> = {};
  let i = at;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!significant(line)) {
      i++;
      continue;
    }
    const ind = indentOf(line);
    if (ind < indent) break;
    if (ind > indent) return undefined;
    const m = KEY_LINE.exec(line.slice(ind));
    if (!m || m[1]!.length > 1000 || ODD_KEY.test(m[1]!) || Object.prototype.hasOwnProperty.call(map, m[1]!)) return undefined;
    const key = m[1]!;
    const raw = (m[2] ?? '').replace(/^ +| +$/g, '');
    i++;
    if (raw !== '') {
      const v = value(raw);
      if (v === DECLINE) return undefined;
      map[key] = v;
      continue;
    }
    let j = i;
    while (j < lines.length && !significant(lines[j]!)) j++;
    if (j < lines.length && indentOf(lines[j]!) > indent) {
      const child = blockMap(lines, j, indentOf(lines[j]!));
      if (!child) return undefined;
      map[key] = child.map;
      i = child.next;
    } else {
      map[key] = null;
    }
  }
  return { map, next: i };
}

/**
 * The frontmatter text (between the `---` lines) as `yaml.parse` reads it, when it is in the
 * plain subset and is a non-empty map; undefined otherwise (parse it with `yaml`).
 */
export function readPlainYaml(text: string): Record<string, unknown> | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const lines = text.split('\n');
  const first = lines.findIndex(significant);
  if (first < 0 || indentOf(lines[first]!) !== 0) return undefined;
  const read = blockMap(lines, first, 0);
  if (!read || read.next < lines.length) return undefined;
  return read.map;
}
