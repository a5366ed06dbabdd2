/**
 * `filmcrew.lock`: the ledger of every locked artifact (cf. dvc.lock). A person reads it in a
 * diff: one entry per path, sorted, with the content hash, the stage, who approved it and when,
 * the hash of its provenance block, and the input hashes it was made from. The orchestrator reads
 * what is locked from here only.
 *
 * It checks itself: every entry must have its required fields, the document its `version` and
 * `locks`, and (lockfileAtHead) it must say what the version committed at HEAD says, since
 * filmcrew only ever writes it inside its own lock commits. A truncated, emptied or reshaped lock
 * is an error with its line and the way back, never a quiet "nothing is locked".
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isPair, isScalar, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { diagnostic, FilmcrewError, formatDiagnostic, type Diagnostic } from '../diagnostics';
import { LOCKFILE } from '../model/paths';
import { isStageId, type StageId } from '../pipeline/stages';
import { readPlainYaml, readsAsPlainString } from '../artifact/plain-yaml';
import { writeFileAtomic } from '../artifact/writer';
import type { Repo } from './repo';
import { YAML_LIMITS } from '../artifact/yaml-limits';

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
  /** provenanceHash of a markdown artifact's `provenance:` block when it was locked (it is not in `hash`). */
  provenance?: string;
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

/** The way back from a damaged lock file, in every message about one. */
export const RESTORE_LOCK = 'restore it with `git checkout filmcrew.lock` (filmcrew writes it only in its lock commits)';

function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Each entry's YAML, by the entry's JSON: a lock of one file re-serializes one entry, not 2,000. */
const entryYaml = new Map<string, string>();

/** One entry as YAML lines under `locks:` (written by the `yaml` library: it decides what to quote). */
function formatEntry(path: string, e: LockEntry): string {
  const ordered: Record<string, unknown> = { hash: e.hash };
  if (e.stage) ordered.stage = e.stage;
  if (e.chosen) ordered.chosen = e.chosen;
  ordered.approved_by = e.approved_by;
  ordered.at = e.at;
  if (e.provenance) ordered.provenance = e.provenance;
  const inputs = Object.keys(e.inputs).sort(byPath);
  if (inputs.length) ordered.inputs = Object.fromEntries(inputs.map((p) => [p, e.inputs[p]]));
  const key = JSON.stringify([path, ordered]);
  let text = entryYaml.get(key);
  if (text === undefined) {
    text = plainEntry(path, ordered) ?? stringify({ [path]: ordered }, { lineWidth: 0, indent: 2 })
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => '  ' + l)
      .join('\n');
    if (entryYaml.size > 100_000) entryYaml.clear();
    entryYaml.set(key, text);
  }
  return text;
}

/** What the `yaml` library writes bare too: paths, hashes, stage names, `Name <email>`, ISO times. */
const BARE = /^[\w./@<>+-](?:[\w./@<>+: -]*[\w./@<>+-])?$/;

function bare(s: unknown): s is string {
  return typeof s === 'string' && BARE.test(s) && readsAsPlainString(s);
}

/**
 * The entry as `stringify` writes it, without the library, when every key and value is a string
 * it would write bare (nearly every entry; test/git/lockfile-format.test.ts compares the two):
 * locking a gate's 1,000 new entries spent most of its time in the YAML writer. Anything else
 * goes to the library.
 */
function plainEntry(path: string, ordered: Record<string, unknown>): string | undefined {
  if (!bare(path)) return undefined;
  const lines = [`  ${path}:`];
  for (const [k, v] of Object.entries(ordered)) {
    if (k === 'inputs') {
      lines.push('    inputs:');
      for (const [p, h] of Object.entries(v as Record<string, string>)) {
        if (!bare(p) || !bare(h)) return undefined;
        lines.push(`      ${p}: ${h}`);
      }
    } else if (bare(v)) lines.push(`    ${k}: ${v}`);
    else return undefined;
  }
  return lines.join('\n');
}

/** The lock file's text: sorted by path, inputs sorted, fields in a fixed order, stable for diffs. */
export function formatLockfile(lock: Lockfile): string {
  const out: string[] = HEADER.split('\n').map((l) => '#' + l);
  out.push('version: 1');
  const paths = Object.keys(lock.locks).sort(byPath);
  if (!paths.length) {
    out.push('locks: {}');
    return out.join('\n') + '\n';
  }
  out.push('locks:');
  for (const path of paths) out.push(formatEntry(path, lock.locks[path]!));
  return out.join('\n') + '\n';
}

function lineOfNode(node: unknown, lines: LineCounter): number {
  const range = (node as Node | null)?.range;
  return range ? lines.linePos(range[0]).line : 1;
}

const TOP_KEYS = new Set(['version', 'locks']);
const ENTRY_KEYS = new Set(['hash', 'stage', 'chosen', 'approved_by', 'at', 'provenance', 'inputs']);

/** What is wrong with one parsed entry, or undefined: the required fields and their types. */
function entryProblem(path: string, e: Record<string, unknown>): string | undefined {
  const missing = ['hash', 'approved_by', 'at'].filter((k) => typeof e[k] !== 'string' || e[k] === '');
  if (missing.length) return `the lock of ${path} has no \`${missing.join('`, `')}\`: the file was cut or edited; ${RESTORE_LOCK}, or approve it again (filmcrew approve ${path})`;
  const unknown = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
  if (unknown.length) return `the lock of ${path} has unknown field${unknown.length > 1 ? 's' : ''} \`${unknown.join('`, `')}\`; ${RESTORE_LOCK}`;
  if (e.stage !== undefined && !(typeof e.stage === 'string' && isStageId(e.stage))) return `the lock of ${path} has an unknown \`stage\`; ${RESTORE_LOCK}`;
  const inputs = e.inputs;
  if (inputs !== undefined && (!inputs || typeof inputs !== 'object' || Array.isArray(inputs) || Object.values(inputs).some((v) => typeof v !== 'string'))) {
    return `the lock of ${path} has \`inputs\` that are not a map of paths to hashes; ${RESTORE_LOCK}`;
  }
  for (const k of ['chosen', 'provenance']) if (e[k] !== undefined && typeof e[k] !== 'string') return `the lock of ${path} has a \`${k}\` that is not text; ${RESTORE_LOCK}`;
  return undefined;
}

export interface ParsedLockfile {
  lock: Lockfile;
  diagnostics: Diagnostic[];
  /** The line of each entry's path. */
  lines: Record<string, number>;
}

/** The line of each entry's path, for a lock file in the shape filmcrew writes (plain keys two spaces in). */
function entryLinesOf(text: string): Record<string, number> {
  const lines: Record<string, number> = {};
  let n = 0;
  let inLocks = false;
  for (const line of text.split('\n')) {
    n++;
    if (line.startsWith('locks:')) inLocks = true;
    else if (inLocks && line.startsWith('  ') && line[2] !== ' ' && line.endsWith(':')) lines[line.slice(2, -1)] = n;
  }
  return lines;
}

/**
 * The lock as filmcrew writes it, read without the full YAML parser (plain-yaml.ts reads exactly
 * what `yaml` would, or declines): a 2,000-shot lock is megabytes, which the full parser takes
 * seconds and hundreds of MB for. Anything unusual — a quoted key, a missing field, a wrong
 * shape — declines, and the full parser reads it with the line of every problem.
 */
export function parsePlainLockfile(text: string): ParsedLockfile | undefined {
  const data = readPlainYaml(text);
  if (!data || Object.keys(data).some((k) => !TOP_KEYS.has(k)) || data.version !== 1) return undefined;
  const locks = data.locks;
  if (!locks || typeof locks !== 'object' || Array.isArray(locks)) return undefined;
  const lock = emptyLockfile();
  for (const [path, value] of Object.entries(locks as Record<string, unknown>)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const e = value as Record<string, unknown>;
    if (entryProblem(path, e)) return undefined;
    lock.locks[path] = {
      hash: e.hash as string,
      ...(typeof e.stage === 'string' ? { stage: e.stage as StageId } : {}),
      ...(typeof e.chosen === 'string' ? { chosen: e.chosen } : {}),
      approved_by: e.approved_by as string,
      at: e.at as string,
      ...(typeof e.provenance === 'string' ? { provenance: e.provenance } : {}),
      inputs: { ...((e.inputs as Record<string, string> | undefined) ?? {}) },
    };
  }
  return { lock, diagnostics: [], lines: entryLinesOf(text) };
}

/** Parses lock file text; never throws: problems are `lockfile-syntax` errors with their line and the way back. */
export function parseLockfile(text: string): ParsedLockfile {
  const plain = parsePlainLockfile(text);
  if (plain) return plain;
  const lock = emptyLockfile();
  const diagnostics: Diagnostic[] = [];
  const entryLines: Record<string, number> = {};
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, ...YAML_LIMITS });
  const bad = (line: number, col: number, message: string) =>
    diagnostics.push(diagnostic(LOCKFILE, line, col, 'error', 'lockfile-syntax', message));
  const result = { lock, diagnostics, lines: entryLines };
  if (doc.errors.length) {
    for (const err of doc.errors) {
      const pos = lines.linePos(err.pos[0]);
      bad(pos.line, pos.col, `${err.message.split('\n')[0]}: filmcrew.lock is written by filmcrew; restore it with \`git checkout -- filmcrew.lock\``);
    }
    return result;
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) {
    bad(lines.lineStarts.length, 1, `filmcrew.lock is empty: it always has \`version: 1\` and \`locks:\`, so it was cut or emptied; ${RESTORE_LOCK}`);
    return result;
  }
  if (!isMap(root)) {
    bad(lineOfNode(root, lines), 1, `filmcrew.lock must be a map with \`version: 1\` and \`locks\`; ${RESTORE_LOCK}`);
    return result;
  }
  for (const pair of root.items) {
    const key = isPair(pair) && isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key !== undefined && !TOP_KEYS.has(key)) bad(lineOfNode(pair.key, lines), 1, `filmcrew.lock has an unknown key \`${key}\` (it has only \`version\` and \`locks\`); ${RESTORE_LOCK}`);
  }
  const version: unknown = root.get('version', true);
  if (!isScalar(version) || version.value !== 1) {
    bad(version ? lineOfNode(version, lines) : lineOfNode(root, lines), 1, `filmcrew.lock has ${version ? 'an unknown' : 'no'} \`version\` (this filmcrew writes \`version: 1\`); ${RESTORE_LOCK}`);
  }
  const locksNode = root.get('locks', true);
  if (locksNode === undefined) {
    bad(lines.lineStarts.length, 1, `filmcrew.lock has no \`locks:\`: it was cut or edited; ${RESTORE_LOCK}`);
    return result;
  }
  if (isScalar(locksNode) && locksNode.value === null) return result;
  if (!isMap(locksNode)) {
    bad(lineOfNode(locksNode, lines), 1, `\`locks\` must map each artifact path to its lock entry; ${RESTORE_LOCK}`);
    return result;
  }
  for (const pair of locksNode.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const path = String(pair.key.value);
    const line = lineOfNode(pair.key, lines);
    entryLines[path] = line;
    const value: unknown = isMap(pair.value) ? pair.value.toJS(doc) : undefined;
    if (!value || typeof value !== 'object') {
      bad(line, 1, `the lock of ${path} has no \`hash\`: the file was cut or edited; ${RESTORE_LOCK}, or approve it again (filmcrew approve ${path})`);
      continue;
    }
    const e = value as Record<string, unknown>;
    const problem = entryProblem(path, e);
    if (problem) bad(line, 1, problem);
    if (typeof e.hash !== 'string') continue;
    const inputs: Record<string, string> = {};
    if (e.inputs && typeof e.inputs === 'object') {
      for (const [k, v] of Object.entries(e.inputs)) if (typeof v === 'string') inputs[k] = v;
    }
    lock.locks[path] = {
      hash: e.hash,
      ...(typeof e.stage === 'string' && isStageId(e.stage) ? { stage: e.stage } : {}),
      ...(typeof e.chosen === 'string' ? { chosen: e.chosen } : {}),
      approved_by: typeof e.approved_by === 'string' ? e.approved_by : 'unknown',
      at: typeof e.at === 'string' ? e.at : '',
      ...(typeof e.provenance === 'string' ? { provenance: e.provenance } : {}),
      inputs,
    };
  }
  return result;
}

/** A copy the caller may change (approve adds entries) without changing the parsed one kept below. */
function copyLock(lock: Lockfile): Lockfile {
  const locks: Record<string, LockEntry> = {};
  for (const [path, e] of Object.entries(lock.locks)) locks[path] = { ...e, inputs: { ...e.inputs } };
  return { version: 1, locks };
}

/** The last text parsed per production: a lock file is parsed once per version, not once per gate or lock. */
const parsed = new Map<string, { text: string } & ParsedLockfile>();

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


/** What the working lock says differently from the committed one: locks removed, changed and added. */
function lockDifferences(working: Lockfile, committed: Lockfile): { removed: string[]; changed: string[]; added: string[] } {
  const same = (a: LockEntry, b: LockEntry) => formatEntry('', a) === formatEntry('', b);
  const removed = Object.keys(committed.locks).filter((p) => !(p in working.locks));
  const changed = Object.keys(committed.locks).filter((p) => p in working.locks && !same(working.locks[p]!, committed.locks[p]!));
  const added = Object.keys(working.locks).filter((p) => !(p in committed.locks));
  return { removed: removed.sort(byPath), changed: changed.sort(byPath), added: added.sort(byPath) };
}

function some(paths: string[]): string {
  return paths.length > 3 ? `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more` : paths.join(', ');
}

export interface LockAtHead {
  /** Errors when the working lock is missing or says something the committed one does not. */
  diagnostics: Diagnostic[];
  /** The lock committed at HEAD, when there is one and it reads cleanly: what to check against if the working one is damaged. */
  committed?: Lockfile;
}

/**
 * The working `filmcrew.lock` against the version committed at HEAD. filmcrew writes the lock only
 * inside its own commits (approve, choose, unlock, a merged proposal), so any difference is a hand
 * edit, a cut file or a half-finished operation: an error at the first differing entry, with the
 * way back. No committed lock (a new production): nothing to compare.
 */
export async function lockfileAtHead(repo: Repo): Promise<LockAtHead> {
  const shown = await repo.git(['cat-file', 'blob', `HEAD:${repo.toGit(LOCKFILE)}`], { okCodes: [128] });
  if (shown.code !== 0) return { diagnostics: [] };
  const committedText = shown.stdout;
  const committed = parseLockfile(committedText);
  const trusted = committed.diagnostics.length ? undefined : committed.lock;
  let working: string | undefined;
  try {
    working = await readFile(join(repo.root, LOCKFILE), 'utf8');
  } catch {
    working = undefined;
  }
  const count = Object.keys(committed.lock.locks).length;
  if (working === undefined) {
    const message = `filmcrew.lock is missing, but the commit at HEAD has one with ${count} lock${count === 1 ? '' : 's'}: without it no edit to a locked file is noticed; ${RESTORE_LOCK}`;
    return { diagnostics: [diagnostic(LOCKFILE, 1, 1, 'error', 'lockfile-changed', message)], ...(trusted ? { committed: trusted } : {}) };
  }
  if (working === committedText || !trusted) return { diagnostics: [], ...(trusted ? { committed: trusted } : {}) };
  const now = parseLockfile(working);
  const { removed, changed, added } = lockDifferences(now.lock, trusted);
  if (!removed.length && !changed.length && !added.length) return { diagnostics: [], committed: trusted };
  const parts = [
    removed.length ? `${removed.length} lock${removed.length === 1 ? '' : 's'} removed (${some(removed)})` : '',
    changed.length ? `${changed.length} changed (${some(changed)})` : '',
    added.length ? `${added.length} added (${some(added)})` : '',
  ].filter(Boolean);
  const first = [...changed, ...added].map((p) => now.lines[p] ?? 1).sort((a, b) => a - b)[0] ?? (removed.length ? Math.max(1, ...Object.values(now.lines)) : 1);
  const message = `filmcrew.lock differs from the version committed at HEAD: ${parts.join(', ')}; filmcrew changes it only in its lock commits, so this is a hand edit or a damaged file; ${RESTORE_LOCK}`;
  return { diagnostics: [diagnostic(LOCKFILE, first, 1, 'error', 'lockfile-changed', message)], committed: trusted };
}
