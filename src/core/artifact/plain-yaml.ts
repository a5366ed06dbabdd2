/**
 * A fast reader for the plain YAML most frontmatter is written in: block maps of simple keys,
 * block lists (`- item`, `- key: value` maps), one-line scalars (plain; single-quoted, `''` for a
 * quote; double-quoted with no escape but `\"`, `\\`, `\/`), one-line flow lists of plain words,
 * comment lines. Anything else (anchors, tags, multi-line or otherwise escaped strings, CRLF,
 * tabs, quoted keys, numbers other than plain decimals, duplicate keys…) is declined, and the
 * caller parses with `yaml` as before.
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
    // The DOP's prompts quote titles: `\"` (and `\\`, `\/`) are the only escapes read here.
    const m = /^"((?:[^"\\]|\\["\\/])*)"$/.exec(raw);
    return m ? m[1]!.replace(/\\(["\\/])/g, '$1') : DECLINE;
  }
  if (raw[0] === "'") {
    const m = /^'((?:[^']|'')*)'$/.exec(raw);
    return m ? m[1]!.replace(/''/g, "'") : DECLINE;
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

/** Where key lines go while reading (`keyLines` of artifact/frontmatter.ts), or nothing. */
interface Lines {
  out: Record<string, number> | undefined;
}

function keyPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** A one-line value's line, and its flow list items' (all on that line). */
function noteLine(keys: Lines, path: string, v: unknown, line: number): void {
  if (!keys.out) return;
  keys.out[path] = line;
  if (Array.isArray(v)) v.forEach((_, n) => (keys.out![keyPath(path, n)] = line));
}

/** `- item` (or a lone `-`): the item's text, undefined when the line is not a list item. */
function itemText(line: string, indent: number): string | undefined {
  if (line[indent] !== '-') return undefined;
  const after = line[indent + 1];
  if (after === undefined) return '';
  return after === ' ' ? line.slice(indent + 2) : undefined;
}

/**
 * The block list at `indent` starting at line `at`: its items and the first line after it. An
 * item is a one-line scalar or a block map whose first key stands on the dash line; anything
 * else (nested lists, empty items, continuation lines) is declined.
 */
function blockSeq(lines: string[], at: number, indent: number, path: string, keys: Lines): { seq: unknown[]; next: number } | undefined {
  const seq: unknown[] = [];
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
    const text = itemText(line, ind);
    if (text === undefined) break; // a sibling key at the same indent as a list under its key
    const content = text.replace(/^ +/, '');
    if (content === '' || content[0] === '-' || content[0] === '#') return undefined;
    const at = keyPath(path, seq.length);
    if (KEY_LINE.test(content)) {
      // `- key: value`: a map whose keys stand at the column of its first key.
      const column = ind + 2 + (text.length - content.length);
      lines[i] = ' '.repeat(column) + content;
      if (keys.out) keys.out[at] = i + 1;
      const child = blockMap(lines, i, column, at, keys);
      if (!child) return undefined;
      seq.push(child.map);
      i = child.next;
      continue;
    }
    const v = value(content.replace(/ +$/, ''));
    if (v === DECLINE) return undefined;
    noteLine(keys, at, v, i + 1);
    seq.push(v);
    i++;
  }
  return { seq, next: i };
}

/** The block map at `indent` starting at line `at`: its value and the first line after it. */
function blockMap(lines: string[], at: number, indent: number, path: string, keys: Lines): { map: Record<string, unknown>; next: number } | undefined {
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
    const here = keyPath(path, key);
    const raw = (m[2] ?? '').replace(/^ +| +$/g, '');
    i++;
    if (raw !== '') {
      const v = value(raw);
      if (v === DECLINE) return undefined;
      noteLine(keys, here, v, i);
      map[key] = v;
      continue;
    }
    if (keys.out) keys.out[here] = i;
    let j = i;
    while (j < lines.length && !significant(lines[j]!)) j++;
    const next = j < lines.length ? lines[j]! : undefined;
    const nextIndent = next === undefined ? -1 : indentOf(next);
    if (next !== undefined && nextIndent >= indent && itemText(next, nextIndent) !== undefined) {
      // A list may stand at its key's own indent (`props:` then `- bell`).
      const child = blockSeq(lines, j, nextIndent, here, keys);
      if (!child) return undefined;
      map[key] = child.seq;
      i = child.next;
    } else if (next !== undefined && nextIndent > indent) {
      const child = blockMap(lines, j, nextIndent, here, keys);
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
 * plain subset and is a non-empty map; undefined otherwise (parse it with `yaml`). `keyLines`,
 * when given, receives the 1-based line (in `text`) of every key and list item, named as
 * artifact/frontmatter.ts names them (`source.file`, `characters[0]`, `shots[2].lens`); it is
 * left partly filled when the text is declined.
 */
export function readPlainYaml(text: string, keyLines?: Record<string, number>): Record<string, unknown> | undefined {
  if (text.includes('\r') || text.includes('\t')) return undefined;
  const lines = text.split('\n');
  const first = lines.findIndex(significant);
  if (first < 0 || indentOf(lines[first]!) !== 0) return undefined;
  const read = blockMap(lines, first, 0, '', { out: keyLines });
  if (!read || read.next < lines.length) return undefined;
  return read.map;
}

/** True when `s` written bare (a plain scalar, as a key or a value) reads back as this very string. */
export function readsAsPlainString(s: string): boolean {
  return s === s.trim() && plainScalar(s, false) === s;
}
