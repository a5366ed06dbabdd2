/**
 * What a production has on record beside its artifacts: `filmcrew.lock` and what it says about
 * the files now (edited after lock, stale), the gates and proposal branches in git, and the
 * spend in the run journals. Each part that cannot be read is left empty and becomes a
 * diagnostic on production.md, so a half-set-up folder still gets the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, FilmcrewError, type Diagnostic } from '../diagnostics';
import { editedLines } from '../git/edited';
import { gateState, type GateState } from '../git/gates';
import { lockfileAtHead, readLockfile, type Lockfile } from '../git/lockfile';
import { listProposals, type Proposal } from '../git/proposals';
import { Repo } from '../git/repo';
import { staleDiagnosticsOf, staleness, verifyLocks, type Staleness } from '../git/verify';
import { PRODUCTION_FILE } from '../model/paths';
import type { Production } from '../model/types';
import { emptyTotals, type SpendTotals } from '../orchestrator/budget';
import { productionSpend } from '../orchestrator/memory';
import type { GateId } from '../pipeline/stages';

/** The records, as plain data (kept between processes by records-cache.ts). */
export interface ProductionRecords {
  /** Paths locked in filmcrew.lock, sorted. */
  locked: string[];
  /** Problems of filmcrew.lock itself (a broken line). */
  lockfileDiagnostics: Diagnostic[];
  /** `edited-after-lock`: a locked file that changed (at the first changed line when git has the locked version) or went. */
  lockProblems: Diagnostic[];
  /** Locked artifacts whose inputs changed, and everything made from them, with why; sorted by path. */
  stale: [string, Staleness][];
  /** A `stale` diagnostic per stale artifact. */
  staleDiagnostics: Diagnostic[];
  /** Gate states from git; absent when there is no repository or git could not be read. */
  gates?: Record<GateId, GateState>;
  proposals: Proposal[];
  spend: SpendTotals;
  /** The parts that could not be read, one info diagnostic each. */
  unread: Diagnostic[];
}

export interface ReadRecords {
  records: ProductionRecords;
  /** The lock file as read: its paths and inputs are what the records depend on. */
  lock: Lockfile;
  /** False when a part failed for a reason that may pass (git broke, a journal was unreadable): not worth keeping. */
  keepable: boolean;
}

export const NO_GIT_MESSAGE =
  'not in a git repository: gates, locks and proposals are git commits, so the gates are judged from the artifacts’ statuses alone; run `git init` here and commit (or `filmcrew init`) to keep them';

/** What could not be read, as it is found: an info diagnostic each, and whether the records are worth keeping. */
class Unread {
  readonly diagnostics: Diagnostic[] = [];
  keepable = true;

  /** A part failed for a reason that may pass (git broke, a journal was unreadable). */
  failed(what: string, error: unknown): void {
    this.keepable = false;
    const message = error instanceof Error ? error.message : String(error);
    this.diagnostics.push(diagnostic(PRODUCTION_FILE, 1, 1, 'info', 'file-unreadable', `Film Crew could not read ${what}: ${message}`));
  }
}

async function openRepo(root: string, unread: Unread): Promise<Repo | undefined> {
  try {
    return await Repo.open(root);
  } catch (error) {
    if (error instanceof FilmcrewError && error.code === 'not-a-git-repo') unread.diagnostics.push(diagnostic(PRODUCTION_FILE, 1, 1, 'info', 'not-a-git-repo', NO_GIT_MESSAGE));
    else unread.failed('the git repository', error);
    return undefined;
  }
}

async function lockOnDisk(root: string, unread: Unread): Promise<{ lock: Lockfile; diagnostics: Diagnostic[] }> {
  try {
    return await readLockfile(root);
  } catch (error) {
    unread.failed('filmcrew.lock', error);
    return { lock: { version: 1, locks: {} }, diagnostics: [] };
  }
}

/** The lock on disk checked against the one committed at HEAD: a damaged lock falls back to the committed one. */
async function checkedAtHead(repo: Repo, onDisk: { lock: Lockfile; diagnostics: Diagnostic[] }, unread: Unread): Promise<{ lock: Lockfile; diagnostics: Diagnostic[] }> {
  try {
    const atHead = await lockfileAtHead(repo);
    const diagnostics = [...onDisk.diagnostics, ...atHead.diagnostics];
    // A damaged lock does not turn lock checking off: the files are checked against the committed one.
    const lock = atHead.committed && diagnostics.some((d) => d.severity === 'error') ? atHead.committed : onDisk.lock;
    return { lock, diagnostics };
  } catch (error) {
    unread.failed('filmcrew.lock as committed at HEAD', error);
    return onDisk;
  }
}

/** Locked files edited since (at the first changed line when git has the locked version), and what went stale. */
async function lockChecks(
  root: string,
  production: Production | undefined,
  lock: Lockfile,
  repo: Repo | undefined,
  unread: Unread,
): Promise<{ lockProblems: Diagnostic[]; stale: [string, Staleness][] }> {
  let lockProblems = verifyLocks(root, production, lock);
  if (repo && lockProblems.length) {
    try {
      lockProblems = await atEditedLines(repo, root, lock, lockProblems);
    } catch (error) {
      unread.failed('the locked versions in git', error);
    }
  }
  let stale: [string, Staleness][] = [];
  try {
    stale = [...(await staleness(root, lock))].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (error) {
    unread.failed('the inputs of locked artifacts', error);
  }
  return { lockProblems, stale };
}

/** The gates and proposal branches in git. */
async function gitRecords(repo: Repo, unread: Unread): Promise<{ gates?: Record<GateId, GateState>; proposals: Proposal[] }> {
  const [g, p] = await Promise.allSettled([gateState(repo.root), listProposals(repo.root)]);
  if (g.status === 'rejected') unread.failed('the gates in git', g.reason);
  if (p.status === 'rejected') unread.failed('the proposal branches', p.reason);
  return { ...(g.status === 'fulfilled' ? { gates: g.value } : {}), proposals: p.status === 'fulfilled' ? p.value : [] };
}

/** Reads every record of the production at `root`; `production` (when loaded) gives line numbers without git. */
export async function readRecords(root: string, production?: Production): Promise<ReadRecords> {
  const unread = new Unread();
  const onDisk = await lockOnDisk(root, unread);
  const repo = await openRepo(root, unread);
  const { lock, diagnostics: lockfileDiagnostics } = repo ? await checkedAtHead(repo, onDisk, unread) : onDisk;
  const { lockProblems, stale } = await lockChecks(root, production, lock, repo, unread);
  const { gates, proposals } = repo ? await gitRecords(repo, unread) : { proposals: [] };

  let spend = emptyTotals();
  try {
    spend = productionSpend(root);
  } catch (error) {
    unread.failed('the spend in .filmcrew/', error);
  }

  const records: ProductionRecords = {
    locked: Object.keys(lock.locks).sort(),
    lockfileDiagnostics,
    lockProblems,
    stale,
    staleDiagnostics: staleDiagnosticsOf(new Map(stale)),
    ...(gates ? { gates } : {}),
    proposals,
    spend,
    unread: unread.diagnostics,
  };
  return { records, lock, keepable: unread.keepable };
}

/** The `edited-after-lock` diagnostics moved to the first line that differs from the locked version. */
async function atEditedLines(repo: Repo, root: string, lock: Lockfile, problems: Diagnostic[]): Promise<Diagnostic[]> {
  const edits = new Map<string, Buffer>();
  for (const d of problems) {
    try {
      edits.set(d.file, readFileSync(join(root, d.file)));
    } catch {
      // deleted after lock: the diagnostic stays on line 1
    }
  }
  const lines = await editedLines(repo, lock, edits);
  return problems.map((d) => (lines.has(d.file) ? { ...d, line: lines.get(d.file)! } : d));
}
