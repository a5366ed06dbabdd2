/**
 * A run that found nothing to do, remembered (`.filmcrew/unchanged-run.json`). When a run ends
 * with every task unchanged (cached), no call, no gate asked and nothing written to the
 * production, what it found is saved with a stat of everything its plan read: every file of the
 * production (size, mtime, ctime, inode), git's HEAD, index, config and refs, and the run's own
 * records (the task memory, the provenance ledger, every journal). The next run asked the same
 * thing by the same code checks that stat first: while it matches, the plan would come out the
 * same, so the run writes the same journal (a new run id and times; the same queued and cached
 * lines) and the same summary without loading the production, planning or hashing any input.
 * Any difference — an edited shot, a touched lock file, a commit, a gate tag, production.md, a
 * journal, another build of filmcrew — and the run does its work as always (and saves a new
 * record when it again finds nothing to do). The stat of the records lives apart, in a small
 * stamp (`unchanged-run.stamp`) each run said again renews. A file changed within a second of the stat that
 * recorded it is not trusted (its change could hide inside the clock's tick): no record then.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, type Dirent, type Stats } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { cleanTemp, writeFileAtomic } from '../artifact/atomic';
import { PRODUCER_RUNS_DIR, RUNS_DIR, STATE_DIR } from '../model/paths';
import { journalPath, newRunId, now, type JournalEvent } from './journal';
import { CACHE_FILE, TaskMemory } from './memory';
import { withRunLock } from './run-lock';
import type { RunOptions, RunSummary } from './types';

export const UNCHANGED_FILE = `${STATE_DIR}/unchanged-run.json`;
/**
 * The stat of the run's records the record stands for, with the record's id: small, renewed by
 * every run said again (its journal is a new record of its own) without rewriting the record.
 */
export const UNCHANGED_STAMP = `${STATE_DIR}/unchanged-run.stamp`;
const FORMAT = 1;
/** A file whose mtime or ctime is this close to the stat that saw it may change again unseen. */
const RACY_MS = 1000;
/** A journal line's start, as Journal writes it: its time first. */
const TIMED = /^\{"t":[0-9.e+-]+,/;
/** Folders that are never production content (as inputs.ts lists files). */
const SKIP_DIRS = new Set(['.git', '.filmcrew', 'node_modules']);

/** What a run found when nothing had changed: enough to say it again. */
interface UnchangedRecord {
  format: typeof FORMAT;
  /** The options that shape a plan, and the code and node that planned it. */
  asked: string;
  /** The production's files and git, as the run found them before loading. */
  before: string;
  /** Told apart from a record written since: the stamp names the record it goes with. */
  id: string;
  /** The run's journal lines after `run-started`, each without its leading `{"t":…,` (written again with new times). */
  lines: string[];
  /** The options the `run-started` line records. */
  started: Record<string, unknown>;
  summary: Omit<RunSummary, 'runId' | 'journal' | 'durationMs'>;
}

/** What the start of a run saw, to compare at its end and save. */
export interface RunStartStat {
  asked: string;
  before: string;
  /** The newest mtime or ctime among the files stamped, and when the stat began. */
  newest: number;
  at: number;
}

function codeIdentity(): string {
  // The bundle (or module) that plans: a rebuilt filmcrew may plan differently.
  const st = statSync(__filename, { throwIfNoEntry: false });
  return `${process.version} ${__filename} ${st?.size ?? ''} ${st?.mtimeMs ?? ''}`;
}

/** The options that shape a plan as a key; undefined when the run is one this record never stands for. */
function askedKey(options: RunOptions): string | undefined {
  // A resume, a regenerate, a named run, a shard, injected roles or providers: always worked out.
  if (options.resume || options.force || options.subjects?.length || options.runId !== undefined || options.shard || options.roles || options.providers || options.retry) return undefined;
  // Not in the key: the prompt, secrets and observer. A run remembered asked no one anything
  // (no call, no gate), and with the same files it would ask nothing again, whoever answers.
  const { stage, act, only, concurrency, provider, budgetCap, roughStoryboard, passGates } = options;
  return JSON.stringify([FORMAT, codeIdentity(), stage, act, only, concurrency, provider, budgetCap, roughStoryboard, passGates]);
}

/** One hash of everything stamped (hashed once: thousands of small updates cost more). */
function digest(out: string[]): string {
  return createHash('sha256').update(out.join('')).digest('hex');
}

function stamp(out: string[], name: string, st: Stats): number {
  out.push(`${name}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}\0${st.mode}\n`);
  return Math.max(st.mtimeMs, st.ctimeMs);
}

/**
 * Stamps every file under `abs`, in the folder's own order (unchanged while the folder is: a
 * different order is a miss, never a false match); false on a symlink or an unreadable folder.
 */
function stampTree(out: string[], abs: string, rel: string, skip: ReadonlySet<string>, newest: { t: number }): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (skip.has(e.name)) continue;
    const path = rel ? `${rel}/${e.name}` : e.name;
    // Joined by hand: path.join normalises, and this runs for every file of a feature.
    const full = `${abs}/${e.name}`;
    if (e.isDirectory()) {
      out.push(`${path}/\n`);
      if (!stampTree(out, full, path, skip, newest)) return false;
    } else if (e.isFile()) {
      newest.t = Math.max(newest.t, stamp(out, path, statSync(full)));
    } else return false; // a symlink, a socket…: whatever it points at is not stamped
  }
  return true;
}

/** Stamps a file or folder that may be absent. */
function stampOptional(out: string[], abs: string, label: string, newest: { t: number }): boolean {
  const st = statSync(abs, { throwIfNoEntry: false });
  if (!st) {
    out.push(`${label} absent\n`);
    return true;
  }
  if (st.isDirectory()) return stampTree(out, abs, label, new Set(), newest);
  newest.t = Math.max(newest.t, stamp(out, label, st));
  return true;
}

/** Git's HEAD, index, config and refs for the repository holding `root` (none: said so). False when it cannot be told. */
function stampGit(out: string[], root: string, newest: { t: number }): boolean {
  if (process.env.GIT_DIR || process.env.GIT_COMMON_DIR || process.env.GIT_WORK_TREE || process.env.GIT_INDEX_FILE) return false;
  for (let d = root; ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isFile()) return false; // a worktree or submodule: its refs live elsewhere; not remembered
    if (st?.isDirectory()) {
      out.push(`git ${dotGit}\n`);
      try {
        out.push(readFileSync(join(dotGit, 'HEAD'), 'utf8'));
      } catch {
        return false;
      }
      for (const name of ['index', 'config', 'packed-refs', 'shallow', 'MERGE_HEAD', 'info/attributes']) {
        if (!stampOptional(out, join(dotGit, name), name, newest)) return false;
      }
      return stampOptional(out, join(dotGit, 'refs'), 'refs', newest);
    }
    out.push(`${dotGit} absent\n`);
    if (dirname(d) === d) return true;
  }
}

/** The production's files and git, stamped: their digest and the newest time among them; undefined when they cannot be. */
function stampProduction(root: string): { digest: string; newest: number } | undefined {
  const out: string[] = [];
  const newest = { t: 0 };
  if (!stampTree(out, root, '', SKIP_DIRS, newest) || !stampGit(out, root, newest)) return undefined;
  return { digest: digest(out), newest: newest.t };
}

/** The production's files and git, stamped; undefined when this run is not one a record stands for. */
export function statAtStart(rootIn: string, options: RunOptions): RunStartStat | undefined {
  const asked = askedKey(options);
  if (asked === undefined) return undefined;
  const at = Date.now();
  const stamped = stampProduction(resolve(rootIn));
  return stamped && { asked, before: stamped.digest, newest: stamped.newest, at };
}

/**
 * The run's own records: the task memory, the provenance ledger (git/provenance.ts's
 * PROVENANCE_LEDGER, named here because that module brings the artifact writer; a test holds
 * them equal), the crew's and the producer's journals.
 */
export const RECORDS_STAMPED = [CACHE_FILE, `${STATE_DIR}/provenance.json`, RUNS_DIR, PRODUCER_RUNS_DIR];

function statRecords(root: string): string | undefined {
  const out: string[] = [];
  const newest = { t: 0 };
  for (const rel of RECORDS_STAMPED) {
    if (!stampOptional(out, join(root, rel), rel, newest)) return undefined;
  }
  return digest(out);
}

function readRecord(root: string): UnchangedRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(root, UNCHANGED_FILE), 'utf8')) as UnchangedRecord;
    return record.format === FORMAT ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Did this run find nothing to do and leave everything as it was? Only such a run is remembered. */
function foundNothingToDo(summary: RunSummary): boolean {
  const { counts } = summary;
  return (
    summary.exitCode === 0 &&
    summary.ok &&
    !summary.stopped &&
    summary.calls === 0 &&
    summary.taskRuns === 0 &&
    counts.succeeded === 0 &&
    counts.failed === 0 &&
    counts.skipped === 0 &&
    summary.gates.length === 0 &&
    summary.problems.length === 0 &&
    summary.diagnostics.length === 0 &&
    summary.spend.run.total === 0
  );
}

/** The record to keep of a finished run (none when it did something, or its start was racy or changed since). */
async function remember(root: string, start: RunStartStat, summary: RunSummary): Promise<void> {
  if (!foundNothingToDo(summary) || start.newest > start.at - RACY_MS) return forget(root);
  const after = stampProduction(root);
  const records = statRecords(root);
  if (!after || after.digest !== start.before || !records) return forget(root);
  const text = readFileSync(summary.journal, 'utf8');
  const [first, ...lines] = text.endsWith('\n') ? text.slice(0, -1).split('\n') : [];
  const started = first ? (JSON.parse(first) as JournalEvent) : undefined;
  if (started?.e !== 'run-started' || !lines.length || !lines.every((l) => TIMED.test(l))) return forget(root);
  const { runId: _id, journal: _journal, durationMs: _ms, ...kept } = summary;
  const id = randomBytes(8).toString('hex');
  const record: UnchangedRecord = { format: FORMAT, id, asked: start.asked, before: start.before, lines: lines.map((l) => l.replace(TIMED, '')), started: started.options, summary: kept };
  forget(root);
  await writeFileAtomic(join(root, UNCHANGED_FILE), JSON.stringify(record));
  await writeStamp(root, id, records);
}

/** The stat of the records, for the record `id`. */
function writeStamp(root: string, id: string, records: string): Promise<void> {
  return writeFileAtomic(join(root, UNCHANGED_STAMP), `${id}\n${records}\n`);
}

/** The record whose stamp still matches the run's records, if any. */
function stampedRecord(root: string): UnchangedRecord | undefined {
  let stamp: string;
  try {
    stamp = readFileSync(join(root, UNCHANGED_STAMP), 'utf8');
  } catch {
    return undefined;
  }
  const [id, records] = stamp.split('\n');
  if (!id || records !== statRecords(root)) return undefined;
  const record = readRecord(root);
  return record?.id === id ? record : undefined;
}

function forget(root: string): void {
  rmSync(join(root, UNCHANGED_STAMP), { force: true });
  rmSync(join(root, UNCHANGED_FILE), { force: true });
}

/**
 * A run under the run lock: said again from the record while nothing it read changed, else
 * worked out by `work` (and remembered when it found nothing to do). Light to import: a host
 * may load the orchestrator inside `work` only when the run must be worked out.
 */
export function runOrSayAgain(rootIn: string, options: RunOptions, work: (root: string) => Promise<RunSummary>): Promise<RunSummary> {
  return withRunLock(rootIn, 'filmcrew run', async () => {
    const root = resolve(rootIn);
    // Stamped before anything loads: what the plan is about to read.
    const start = statAtStart(root, options);
    const again = await replayUnchanged(root, start, options);
    if (again) return again;
    const summary = await work(root);
    await rememberRun(root, start, summary);
    return summary;
  });
}

/** Saves (or drops) the record after a run worked out its plan. */
async function rememberRun(root: string, start: RunStartStat | undefined, summary: RunSummary): Promise<void> {
  if (!start) return;
  try {
    await remember(resolve(root), start, summary);
  } catch {
    // a record that cannot be kept is no record: the next run works its plan out
    forget(resolve(root));
  }
}

/**
 * The run again from its record when nothing it read has changed: the same journal lines under a
 * new run id, the memory told of the journal, the stamp of the records renewed (the record itself
 * is not rewritten). Undefined when the run must be worked out.
 */
async function replayUnchanged(rootIn: string, start: RunStartStat | undefined, options: RunOptions): Promise<RunSummary | undefined> {
  if (!start) return undefined;
  const root = resolve(rootIn);
  const record = stampedRecord(root);
  if (!record || record.asked !== start.asked || record.before !== start.before) return undefined;
  const startedAt = performance.now();
  cleanTemp(root);
  const runId = newRunId();
  const memory = TaskMemory.load(root);
  const observe = options.observer ?? (() => {});
  observe({ type: 'run-started', runId, total: 0 });
  // The lines as the journal writes them (`{ t, ...event }`), with this run's times.
  const head = JSON.stringify({ t: now(), e: 'run-started', run: runId, resumed: false, options: record.started, pid: process.pid });
  const body = record.lines.map((line) => `{"t":${now()},${line}`);
  const path = journalPath(root, runId);
  mkdirSync(dirname(path), { recursive: true });
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(`${head}\n${body.join('\n')}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  for (const t of record.summary.tasks) observe({ type: 'task-queued', taskId: t.id, role: t.role });
  for (const t of record.summary.tasks) observe({ type: 'task-finished', taskId: t.id, role: t.role, outcome: t.outcome, outputs: t.outputs });
  observe({ type: 'run-finished', runId, ok: record.summary.ok });
  await memory.save({ [runId]: statSync(path).size });
  const records = statRecords(root);
  if (records) await writeStamp(root, record.id, records);
  else forget(root);
  return { ...record.summary, runId, journal: path, durationMs: performance.now() - startedAt };
}
