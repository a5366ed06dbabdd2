/**
 * The one way any code writes an artifact. Atomic (temp file in the same folder, fsync, rename),
 * confined to the production folder, and careful with what a person wrote: keys the caller does
 * not mention are kept, key order and YAML comments are preserved, and every top-level key that
 * does not change keeps its exact bytes. A file that changed on disk since it was read is never
 * overwritten: the caller gets a WriteConflictError and decides what to do.
 */
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, type Node, type ToStringOptions } from 'yaml';
import { diagnostic, FilmcrewError, type Diagnostic } from '../diagnostics';
import type { Artifact, FrontmatterData } from '../model/types';
import { validateArtifact } from '../schema/validate';
import { writeFileAtomic } from './atomic';
import { parseFrontmatter } from './frontmatter';
import { fileHash } from './hash';
import { confine, resolveInside } from './paths';

/** A file changed on disk since the caller read it (or exists when it should not). */
export class WriteConflictError extends FilmcrewError {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super('write-conflict', message, 'Read the file again, apply your change to what is there now, and write it again.', path);
    this.name = 'WriteConflictError';
  }
}

export { writeFileAtomic };

const YAML_OUT: ToStringOptions = { lineWidth: 0, minContentWidth: 0 };

async function readIfExists(abs: string): Promise<Buffer | undefined> {
  try {
    return await readFile(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** The artifact a text parses to; undefined when its frontmatter cannot be read. */
export function artifactFromText(relPath: string, text: string, hash = fileHash(text)): { artifact?: Artifact; diagnostics: Diagnostic[] } {
  const parsed = parseFrontmatter(text, relPath);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: parsed.diagnostics };
  const artifact: Artifact = {
    path: relPath,
    data: parsed.data as FrontmatterData,
    body: parsed.body,
    bodyLine: parsed.bodyLine,
    keyLines: parsed.keyLines,
    fileHash: hash,
  };
  return { artifact, diagnostics: [...parsed.diagnostics, ...validateArtifact(artifact)] };
}

/** Reads and parses one artifact. Never throws for a bad file: problems come back as diagnostics. */
export async function readArtifact(root: string, relPath: string): Promise<{ artifact?: Artifact; diagnostics: Diagnostic[] }> {
  const where = confine(root, relPath);
  if ('problem' in where) return { diagnostics: [diagnostic(relPath, 1, 1, 'error', 'path-escapes', `\`${relPath}\` ${where.problem}`)] };
  let bytes: Buffer | undefined;
  try {
    bytes = await readIfExists(where.path);
  } catch (e) {
    return { diagnostics: [diagnostic(relPath, 1, 1, 'error', 'file-unreadable', `cannot be read (${(e as Error).message}); check its permissions`)] };
  }
  if (!bytes) return { diagnostics: [diagnostic(relPath, 1, 1, 'error', 'file-unreadable', 'does not exist')] };
  return artifactFromText(relPath, bytes.toString('utf8'), fileHash(bytes));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function moveComments(from: unknown, to: Node): Node {
  if (from && typeof from === 'object' && 'comment' in from) {
    const f = from as Node;
    if (f.comment) to.comment = f.comment;
    if (f.commentBefore) to.commentBefore = f.commentBefore;
  }
  return to;
}

/** Makes `node` say `value`, reusing nodes (their style and comments) wherever the value allows. */
function merge(doc: Document, node: unknown, value: unknown): Node {
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    if (node.value === value) return node;
    if (typeof node.value === typeof value && node.value !== null) {
      node.value = value;
      return node;
    }
    return moveComments(node, doc.createNode(value));
  }
  if (isMap(node) && isPlainObject(value)) {
    for (const item of [...node.items]) {
      const k = isPair(item) ? keyOf(item as Pair) : undefined;
      if (k !== undefined && value[k] === undefined) node.delete(item.key);
    }
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const pair = node.items.find((p) => isPair(p) && keyOf(p as Pair) === k);
      if (pair) pair.value = merge(doc, pair.value, v);
      else node.items.push(doc.createPair(k, v) as Pair<unknown, unknown>);
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    node.items = value.map((v, i) => (i < node.items.length ? merge(doc, node.items[i], v) : doc.createNode(v)));
    return node;
  }
  return moveComments(node, doc.createNode(value));
}

/** `key: value\n` for one top-level pair, without the comment lines above it (they stay in place). */
function pairText(key: unknown, value: unknown): string {
  const k = isScalar(key) ? new Scalar(key.value) : key;
  if (isScalar(key) && isScalar(k)) k.type = key.type;
  const map = new YAMLMap();
  map.items.push(new Pair(k, value));
  const mini = new Document();
  mini.contents = map;
  return mini.toString(YAML_OUT);
}

function freshText(data: Record<string, unknown>, body: string): string {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (v !== undefined) clean[k] = v;
  const yaml = Object.keys(clean).length ? new Document(clean).toString(YAML_OUT) : '';
  return `---\n${yaml}---\n${body}`;
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

/** The new text of an existing artifact with `data` set into its frontmatter and maybe a new body. */
function editedText(relPath: string, text: string, data: Record<string, unknown>, body: string | undefined): string {
  const parsed = parseFrontmatter(text, relPath);
  const bad = parsed.diagnostics.find((d) => d.severity === 'error');
  if (bad?.code === 'frontmatter-missing' && !text.startsWith('---')) {
    // A plain markdown file: give it frontmatter and keep what it says as the body.
    return freshText(data, body ?? text);
  }
  if (bad || !parsed.yamlRange) {
    throw new FilmcrewError(
      bad?.code ?? 'yaml-syntax',
      `${relPath}:${bad?.line ?? 1}: cannot be updated safely: ${bad?.message ?? 'its frontmatter cannot be read'}`,
      'Fix the file by hand (or run `filmcrew validate`), then try again.',
      relPath,
    );
  }
  const { start: yamlStart, end: yamlEnd } = parsed.yamlRange;
  const doc = parsed.document ?? parseDocument(text.slice(yamlStart, yamlEnd));
  const contents = doc.contents;
  const splices: Splice[] = [];
  const append: string[] = [];

  if (contents && (!isMap(contents) || contents.flow)) {
    // Unusual layout (a flow map): rewrite the frontmatter as a whole, still keeping comments.
    for (const [k, v] of Object.entries(data)) {
      if (v === undefined) doc.delete(k);
      else doc.set(k, merge(doc, doc.get(k, true), v));
    }
    splices.push({ start: yamlStart, end: yamlEnd, text: '\n' + doc.toString(YAML_OUT).replace(/\n$/, '') });
  } else {
    const items = contents ? (contents.items as Pair[]) : [];
    for (const [k, v] of Object.entries(data)) {
      const pair = items.find((p) => keyOf(p) === k);
      if (!pair) {
        if (v !== undefined) append.push(pairText(doc.createNode(k), doc.createNode(v)).replace(/\n$/, ''));
        continue;
      }
      const keyNode = pair.key as Node;
      const valueNode = pair.value as Node | null;
      const start = yamlStart + keyNode.range![0];
      const rangeEnd = (valueNode?.range ?? keyNode.range!)[2];
      let end = yamlStart + rangeEnd;
      const original = text.slice(start, end);
      if (v === undefined) {
        // Remove the key's whole lines.
        const lineStart = text.lastIndexOf('\n', start - 1) + 1;
        if (!original.endsWith('\n') && text[end] === '\n') end++;
        splices.push({ start: lineStart, end, text: '' });
        continue;
      }
      const current: unknown = valueNode === null ? null : (valueNode.toJS(doc) as unknown);
      if (isDeepStrictEqual(current, v)) continue;
      const merged = merge(doc, valueNode, v);
      let out = pairText(keyNode, merged);
      if (!original.endsWith('\n')) out = out.replace(/\n$/, '');
      splices.push({ start, end, text: out });
    }
  }
  if (append.length) splices.push({ start: yamlEnd, end: yamlEnd, text: '\n' + append.join('\n') });

  let head = text.slice(0, text.length - parsed.body.length);
  let tail = parsed.body;
  if (body !== undefined) {
    if (body.length && !head.endsWith('\n')) head += '\n';
    tail = body;
  }
  const crlf = text.includes('\r\n');
  splices.sort((a, b) => b.start - a.start);
  for (const s of splices) head = head.slice(0, s.start) + (crlf ? s.text.replace(/\r?\n/g, '\r\n') : s.text) + head.slice(s.end);
  return head + tail;
}

/**
 * Writes an artifact. `expectedFileHash: null`: the file must not exist yet; a hash: the file
 * must still have it (else WriteConflictError). On an existing file, keys in `data` are set
 * (`undefined` removes one), other keys are kept, and the body is replaced only when given.
 * `beforeWrite` sees the composed text before anything is written (a run journals its hash).
 */
export async function writeArtifact(
  root: string,
  relPath: string,
  data: Record<string, unknown>,
  body: string | undefined,
  opts: { expectedFileHash: string | null; beforeWrite?: (text: string) => Promise<void> | void },
): Promise<Artifact> {
  const text = await writeArtifactText(root, relPath, data, body, opts);
  const parsed = artifactFromText(relPath, text);
  if (!parsed.artifact) throw unreadable(relPath);
  return parsed.artifact;
}

function unreadable(relPath: string): FilmcrewError {
  return new FilmcrewError('yaml-syntax', `${relPath}: wrote frontmatter that does not read back`, 'Please report this with the data you wrote.', relPath);
}

/**
 * writeArtifact for a caller that needs only the text it wrote (a run's task outputs): the text
 * is checked to read back, but no Artifact is built or validated (the run's reload does that).
 */
export async function writeArtifactText(
  root: string,
  relPath: string,
  data: Record<string, unknown>,
  body: string | undefined,
  opts: { expectedFileHash: string | null; beforeWrite?: (text: string) => Promise<void> | void },
): Promise<string> {
  const abs = resolveInside(root, relPath);
  const current = await readIfExists(abs);
  checkExpected(relPath, current, opts.expectedFileHash);
  const text = current === undefined ? freshText(data, body ?? '') : editedText(relPath, current.toString('utf8'), data, body);
  await opts.beforeWrite?.(text);
  // Re-check right before the rename: a person may have saved while we were composing or writing.
  await writeFileAtomic(abs, text, { beforeRename: async () => checkExpected(relPath, await readIfExists(abs), opts.expectedFileHash) });
  if (parseFrontmatter(text, relPath).diagnostics.some((d) => d.severity === 'error')) throw unreadable(relPath);
  return text;
}

/** Throws WriteConflictError unless the file is as expected (`null`: absent). */
export function checkExpected(relPath: string, current: Buffer | undefined, expected: string | null): void {
  if (expected === null) {
    if (current !== undefined) throw new WriteConflictError(relPath, `${relPath} already exists; it was not overwritten`);
    return;
  }
  if (current === undefined) throw new WriteConflictError(relPath, `${relPath} was deleted since it was read; it was not written`);
  if (fileHash(current) !== expected) throw new WriteConflictError(relPath, `${relPath} changed on disk since it was read; it was not overwritten`);
}

/** Sets keys of an existing artifact, leaving its body untouched. */
export function updateArtifact(root: string, relPath: string, patch: Record<string, unknown>, opts: { expectedFileHash: string }): Promise<Artifact> {
  return writeArtifact(root, relPath, patch, undefined, opts);
}
