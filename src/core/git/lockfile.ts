/**
 * `filmcrew.lock`: the ledger of every locked artifact (cf. dvc.lock). A person reads it in a
 * diff: one entry per path, sorted, with the content hash, the stage, who approved it and when,
 * and the input hashes it was made from. The orchestrator reads what is locked from here only.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { diagnostic, FilmcrewError, formatDiagnostic, type Diagnostic } from '../diagnostics';
import { LOCKFILE } from '../model/paths';
import type { StageId } from '../pipeline/stages';
import { writeFileAtomic } from '../artifact/writer';

export interface LockEntry {
  /** contentHash of the artifact when it was locked (artifact/hash.ts). */
  hash: string;
  stage?: StageId;
  /** `Name <email>` of the person who approved it. */
  approved_by: string;
  /** ISO time of the approval. */
  at: string;
  /** Production-relative input path → its inputHash when this artifact was made. */
  inputs: Record<string, string>;
  /** The chosen option of an asset sheet, when it was locked by `choose`. */
  chosen?: string;
}

export interface Lockfile {
  version: 1;
  locks: Record<string, LockEntry>;
}

export function emptyLockfile(): Lockfile {
  return { version: 1, locks: {} };
}

const HEADER = [
  ' filmcrew.lock: every locked artifact, the hashes of what it was made from, who approved it and when.',
  ' Written by `filmcrew approve`, `choose` and `unlock`; review it in a diff, do not edit it by hand.',
].join('\n');

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A YAML scalar for a key or value: plain when it reads back as the same string, else double-quoted. */
function scalar(s: string): string {
  const plain =
    /^[A-Za-z0-9_./][A-Za-z0-9_./@<>+: -]*$/.test(s) &&
    !/[\s:]$/.test(s) &&
    !/ #|: /.test(s) &&
    !/^(true|false|yes|no|on|off|null|~|y|n|[-+]?(\d[\d_]*)?\.?\d*([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|\.(inf|nan))$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

/** The lock file's text: sorted by path, inputs sorted, stable for diffs. Hand-written: 1,000 entries in a few ms. */
export function formatLockfile(lock: Lockfile): string {
  const out: string[] = HEADER.split('\n').map((l) => '#' + l);
  out.push('version: 1');
  const paths = Object.keys(lock.locks).sort(byPath);
  if (!paths.length) {
    out.push('locks: {}');
    return out.join('\n') + '\n';
  }
  out.push('locks:');
  for (const path of paths) {
    const e = lock.locks[path]!;
    out.push(`  ${scalar(path)}:`, `    hash: ${scalar(e.hash)}`);
    if (e.stage) out.push(`    stage: ${scalar(e.stage)}`);
    if (e.chosen) out.push(`    chosen: ${scalar(e.chosen)}`);
    out.push(`    approved_by: ${scalar(e.approved_by)}`, `    at: ${scalar(e.at)}`);
    const inputs = Object.keys(e.inputs).sort(byPath);
    if (inputs.length) {
      out.push('    inputs:');
      for (const p of inputs) out.push(`      ${scalar(p)}: ${scalar(e.inputs[p]!)}`);
    }
  }
  return out.join('\n') + '\n';
}

function lineOfNode(node: unknown, lines: LineCounter): number {
  const range = (node as Node | null)?.range;
  return range ? lines.linePos(range[0]).line : 1;
}

/** Parses lock file text; never throws: problems are `lockfile-syntax` diagnostics with their line. */
export function parseLockfile(text: string): { lock: Lockfile; diagnostics: Diagnostic[] } {
  const lock = emptyLockfile();
  const diagnostics: Diagnostic[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const bad = (line: number, col: number, message: string) =>
    diagnostics.push(diagnostic(LOCKFILE, line, col, 'error', 'lockfile-syntax', message));
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const pos = lines.linePos(err.pos[0]);
      bad(pos.line, pos.col, `${err.message.split('\n')[0]}: filmcrew.lock is written by filmcrew; restore it with \`git checkout -- filmcrew.lock\``);
    }
    return { lock, diagnostics };
  }
  const root = doc.contents;
  if (root === null) return { lock, diagnostics };
  if (!isMap(root)) {
    bad(lineOfNode(root, lines), 1, 'filmcrew.lock must be a map with `version` and `locks`; restore it from git');
    return { lock, diagnostics };
  }
  const locksNode = root.get('locks', true);
  if (locksNode === undefined || locksNode === null || (isScalar(locksNode) && locksNode.value === null)) return { lock, diagnostics };
  if (!isMap(locksNode)) {
    bad(lineOfNode(locksNode, lines), 1, '`locks` must map each artifact path to its lock entry');
    return { lock, diagnostics };
  }
  for (const pair of locksNode.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const path = String(pair.key.value);
    const line = lineOfNode(pair.key, lines);
    const value: unknown = isMap(pair.value) ? pair.value.toJS(doc) : undefined;
    const e = value as Partial<LockEntry> | undefined;
    if (!e || typeof e.hash !== 'string') {
      bad(line, 1, `the lock of ${path} has no \`hash\`; approve it again (filmcrew approve ${path})`);
      continue;
    }
    const inputs: Record<string, string> = {};
    if (e.inputs && typeof e.inputs === 'object') {
      for (const [k, v] of Object.entries(e.inputs)) if (typeof v === 'string') inputs[k] = v;
    }
    lock.locks[path] = {
      hash: e.hash,
      ...(typeof e.stage === 'string' ? { stage: e.stage } : {}),
      ...(typeof e.chosen === 'string' ? { chosen: e.chosen } : {}),
      approved_by: typeof e.approved_by === 'string' ? e.approved_by : 'unknown',
      at: typeof e.at === 'string' ? e.at : '',
      inputs,
    };
  }
  return { lock, diagnostics };
}

/** A copy the caller may change (approve adds entries) without changing the parsed one kept below. */
function copyLock(lock: Lockfile): Lockfile {
  const locks: Record<string, LockEntry> = {};
  for (const [path, e] of Object.entries(lock.locks)) locks[path] = { ...e, inputs: { ...e.inputs } };
  return { version: 1, locks };
}

/** The last text parsed per production: a lock file is parsed once per version, not once per gate or lock. */
const parsed = new Map<string, { text: string; lock: Lockfile; diagnostics: Diagnostic[] }>();

/** Reads `filmcrew.lock` from the production folder; a missing file is an empty lock. */
export async function readLockfile(root: string): Promise<{ lock: Lockfile; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(join(root, LOCKFILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lock: emptyLockfile(), diagnostics: [] };
    return {
      lock: emptyLockfile(),
      diagnostics: [diagnostic(LOCKFILE, 1, 1, 'error', 'file-unreadable', `cannot be read (${(e as Error).message}); check its permissions`)],
    };
  }
  let known = parsed.get(root);
  if (known?.text !== text) {
    known = { text, ...parseLockfile(text) };
    if (parsed.size > 8) parsed.clear();
    parsed.set(root, known);
  }
  return { lock: copyLock(known.lock), diagnostics: [...known.diagnostics] };
}

/** Writes `filmcrew.lock` atomically (outside a commit: approve and unlock commit it themselves). */
export async function writeLockfile(root: string, lock: Lockfile): Promise<void> {
  await writeFileAtomic(join(root, LOCKFILE), formatLockfile(lock));
}

/** The lock file, or a refusal that points at the broken line (it would be overwritten). */
export async function lockfileForUpdate(root: string): Promise<Lockfile> {
  const { lock, diagnostics } = await readLockfile(root);
  const bad = diagnostics.find((d) => d.severity === 'error');
  if (bad) {
    throw new FilmcrewError(
      'lockfile-syntax',
      `filmcrew.lock cannot be read, so it cannot be updated: ${formatDiagnostic(bad)}`,
      'Restore it with `git checkout -- filmcrew.lock` (it is written by filmcrew), then try again.',
      LOCKFILE,
    );
  }
  return lock;
}

