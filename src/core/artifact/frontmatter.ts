/**
 * Reading a markdown artifact: YAML frontmatter + body, with the line of every key so that a
 * diagnostic can point at it. gray-matter splits the file; its `js`/`javascript` engines are
 * replaced by functions that refuse, so a production cloned from a stranger cannot run code by
 * being opened, and its YAML engine is the `yaml` package (whose Document keeps positions).
 */
import type GrayMatter from 'gray-matter';
import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { readPlainYaml } from './plain-yaml';
import { firstAliasLine, isCyclic, YAML_LIMITS, yamlWarnings } from './yaml-limits';

export interface ParsedFrontmatter {
  /** The frontmatter as plain data; `{}` when it is missing or cannot be parsed. */
  data: Record<string, unknown>;
  /** Everything after the closing `---` line. */
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /**
   * 1-based line of every frontmatter key: top-level keys by name (`duration`), nested ones by
   * path (`options[2].image`, `format.fps`).
   */
  keyLines: Record<string, number>;
  diagnostics: Diagnostic[];
  /**
   * The YAML document, for the writer (which edits it in place to keep comments and order);
   * absent when the frontmatter was plain enough to read without it (the writer parses it then).
   */
  document?: Document;
  /** Where the YAML text starts and ends in the file (offsets), for the writer's splicing. */
  yamlRange?: { start: number; end: number };
}

let grayMatter: typeof GrayMatter | undefined;

/** gray-matter, required on first use: it loads js-yaml eagerly, which every CLI start would pay for. */
function matterLib(): typeof GrayMatter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  grayMatter ??= require('gray-matter') as typeof GrayMatter;
  return grayMatter;
}

/** Thrown by the refusing engines; never escapes this module. */
class RefusedEngine extends Error {}

function refuse(): never {
  throw new RefusedEngine('refused');
}

const YAML_LANGUAGES = new Set(['yaml', 'yml']);

/** The path syntax of keyLines for nested keys: `a.b`, `a[0]`, `a[0].b`. */
export function keyPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

function collectKeyLines(node: unknown, path: string, lines: LineCounter, out: Record<string, number>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      if (key === undefined || !keyNode?.range) continue;
      const p = keyPath(path, key);
      out[p] = lines.linePos(keyNode.range[0]).line;
      collectKeyLines(pair.value, p, lines, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const n = item as Node | null;
      if (!n?.range) return;
      const p = keyPath(path, i);
      out[p] = lines.linePos(n.range[0]).line;
      collectKeyLines(n, p, lines, out);
    });
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Parses a markdown artifact's text. Never throws: every problem is a diagnostic on `file`
 * (production-relative path) at the line where it is. `plain: false` always takes the full
 * parser (the tests compare both ways).
 */
export function parseFrontmatter(text: string, file: string, plain = true): ParsedFrontmatter {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const source = bom ? text.slice(1) : text;
  if (!/^---[^-]/.test(source) && source !== '---') {
    return missing(source, file, 'no frontmatter: the file must start with a `---` line, then `kind: …` and the other keys, then `---`');
  }
  const matter = matterLib();
  const language = matter.language(source, {});
  if (language.name && !YAML_LANGUAGES.has(language.name.toLowerCase())) return refused(file, language.name);
  if (!/\r?\n---[ \t]*(\r?\n|$)/.test(source)) {
    return missing(source, file, 'the frontmatter opened on line 1 is never closed: add a `---` line after the last key');
  }
  const reader = new YamlReader(plain);
  const engine = (raw: string) => reader.read(raw);
  let parsed: GrayMatter.GrayMatterFile<string>;
  try {
    // Options on every call: without them gray-matter caches by content and shares the result.
    parsed = matter(source, {
      language: 'yaml',
      engines: { yaml: engine, yml: engine, js: refuse, javascript: refuse, coffee: refuse, coffeescript: refuse, cson: refuse },
    });
  } catch (e) {
    if (e instanceof RefusedEngine) return refused(file, language.name); // defence in depth: languages are checked above
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { ...missing(source, file, ''), diagnostics: [diagnostic(file, 1, 1, 'error', 'yaml-syntax', `the frontmatter cannot be read: ${message}`)] };
  }
  // gray-matter's `matter` is the text between `---` and the closing line, starting with the rest
  // of the first line: its line N is the file's line N.
  const yamlStart = bom + 3 + language.raw.length;
  const yamlEnd = yamlStart + parsed.matter.length - (parsed.matter.endsWith('\r') ? 1 : 0);
  const bodyLine = lineOf(source, source.length - parsed.content.length);
  const { data, keyLines, diagnostics } = reader.plainKeyLines
    ? { data: parsed.data as Record<string, unknown>, keyLines: reader.plainKeyLines, diagnostics: [] }
    : reader.document
      ? reader.results(file, parsed.data)
      : { data: {}, keyLines: {}, diagnostics: [] };
  return { data, body: parsed.content, bodyLine, keyLines, diagnostics, document: reader.document, yamlRange: { start: yamlStart, end: yamlEnd } };
}

function missing(source: string, file: string, message: string): ParsedFrontmatter {
  return { data: {}, body: source, bodyLine: 1, keyLines: {}, diagnostics: [diagnostic(file, 1, 1, 'error', 'frontmatter-missing', message)] };
}

function refused(file: string, name: string): ParsedFrontmatter {
  const message = `frontmatter in \`${name}\` is not read (it could run code); write it as YAML: change the first line to \`---\``;
  return { data: {}, body: '', bodyLine: 1, keyLines: {}, diagnostics: [diagnostic(file, 1, 4, 'error', 'frontmatter-engine', message)] };
}

/**
 * gray-matter's YAML engine: frontmatter in the plain subset (plain-yaml.ts: nearly every file a
 * run writes) is read with its key lines in one pass; anything else is parsed with `yaml`,
 * keeping the document and its line counter for key lines and diagnostics. The plain subset has
 * nothing to warn about and nothing to refuse, so both ways give the same data, key lines and
 * (no) diagnostics; test/core/frontmatter-fast-path.test.ts compares them.
 */
class YamlReader {
  document: Document | undefined;
  /** Set when the plain reader read the frontmatter: its key lines. */
  plainKeyLines: Record<string, number> | undefined;
  private aliasProblem: string | undefined;
  private readonly lineCounter = new LineCounter();

  constructor(private readonly plain = true) {}

  read(raw: string): object {
    // gray-matter ends the block before `\n---`: with CRLF endings that leaves a `\r` behind.
    const str = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.plain) {
      // gray-matter's block starts with the rest of the `---` line, so its line N is the file's line N.
      const keyLines: Record<string, number> = {};
      const data = readPlainYaml(str, keyLines);
      if (data !== undefined) {
        this.plainKeyLines = keyLines;
        return data;
      }
    }
    const document = parseDocument(str, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: YAML_LIMITS.logLevel });
    this.document = document;
    if (document.errors.length > 0) return {};
    let value: unknown;
    try {
      value = document.toJS(YAML_LIMITS);
    } catch (e) {
      // Too many aliases (a "billion laughs" document): an error at the first alias, not a crash.
      this.aliasProblem = (e as Error).message.split('\n')[0]!;
      return {};
    }
    if (isCyclic(value)) {
      this.aliasProblem = 'a value refers to itself through an alias (`&a [*a]`)';
      return {};
    }
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as object) : {};
  }

  /** The data (when the document is a readable map), each key's line, and every problem at its line. */
  results(file: string, parsedData: unknown): { data: Record<string, unknown>; keyLines: Record<string, number>; diagnostics: Diagnostic[] } {
    const document = this.document!;
    const lineCounter = this.lineCounter;
    const diagnostics: Diagnostic[] = [];
    const keyLines: Record<string, number> = {};
    let data: Record<string, unknown> = {};
    for (const err of document.errors) {
      const pos = lineCounter.linePos(err.pos[0]);
      const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      diagnostics.push(diagnostic(file, pos.line, pos.col, 'error', 'yaml-syntax', `YAML: ${message}; fix the frontmatter so it reads as \`key: value\` lines`));
    }
    if (this.aliasProblem !== undefined) {
      const line = firstAliasLine(document, lineCounter);
      diagnostics.push(diagnostic(file, line, 1, 'error', 'yaml-syntax', `YAML: ${this.aliasProblem}; write the value out instead of using anchors (&) and aliases (*)`));
    } else if (document.errors.length === 0) {
      const contents = document.contents;
      if (contents !== null && !isMap(contents)) {
        const at = contents.range ? lineCounter.linePos(contents.range[0]).line : 2;
        diagnostics.push(diagnostic(file, at, 1, 'error', 'schema', 'the frontmatter must be a list of `key: value` lines (a map), not a single value or a list'));
      } else {
        data = parsedData as Record<string, unknown>;
        collectKeyLines(contents, '', lineCounter, keyLines);
        for (const w of yamlWarnings(document, lineCounter)) diagnostics.push(diagnostic(file, w.line, w.col, 'warning', 'yaml-warning', w.message));
      }
    }
    return { data, keyLines, diagnostics };
  }
}
