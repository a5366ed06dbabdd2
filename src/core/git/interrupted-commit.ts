/**
 * A lock commit is made in git's object store first and lands when the branch moves; only then
 * are its files written and git's index brought up to date (commit.ts). A process killed after
 * the branch moved leaves files and index behind the branch: the record written just before the
 * move lets the next command finish them, before it reads anything, so files, branch, lock file
 * and index agree again. Killed before the move, no file had changed: the record is dropped.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { processAlive, processStart } from '../artifact/atomic';
import { fileHash } from '../artifact/hash';
import { Repo } from './repo';

/** One file of the commit: its bytes' fileHash before and after (null: absent). Paths from the top. */
export interface PendingFile {
  path: string;
  before: string | null;
  after: string | null;
}

export interface PendingCommit {
  /** The process making the commit (`start`: its start time, told apart from a later process with its pid). */
  owner?: { pid: number; start: string };
  ref: string;
  commit: string;
  /** Files the commit writes or removes on disk. */
  files: PendingFile[];
  /** Files committed as they are on disk: only their index entries are behind. */
  index: string[];
}

const RECORD = 'filmcrew-commit-pending';
/** Written by earlier versions, which wrote the files before the branch moved: paths only. */
const LEGACY = 'filmcrew-index-pending';

/** Commits this process is making now: their records are not a killed process's. */
const making = new Set<string>();

export function recordPendingCommit(repo: Repo, pending: Omit<PendingCommit, 'owner'>): void {
  making.add(pending.commit);
  const owner = { pid: process.pid, start: processStart(process.pid) ?? '' };
  writeFileSync(join(repo.gitDir, RECORD), JSON.stringify({ owner, ...pending }));
}

/** The commit's files and index are written: the record goes. */
export function clearPendingCommit(repo: Repo, commit: string): void {
  making.delete(commit);
  rmSync(join(repo.gitDir, RECORD), { force: true });
}

/** The commit failed after its branch moved: the record stays for the next command to finish. */
export function abandonPendingCommit(commit: string): void {
  making.delete(commit);
}

/** Another live process is making this commit now (a command that does not take the run lock). */
function ownerAtWork(owner: PendingCommit['owner']): boolean {
  if (!owner || owner.pid === process.pid) return false;
  return processAlive(owner.pid) && (processStart(owner.pid) ?? '') === owner.start;
}

function diskHash(abs: string): string | null {
  try {
    return fileHash(readFileSync(abs));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

async function resetIndex(repo: Repo, paths: string[]): Promise<void> {
  if (!paths.length) return;
  const input = paths.map((p) => `:(top)${p}`).join('\0');
  await repo.git(['reset', '-q', '--pathspec-from-file=-', '--pathspec-file-nul'], { input, okCodes: [1] });
}

function readRecord(file: string): PendingCommit | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as PendingCommit;
    return typeof r.ref === 'string' && typeof r.commit === 'string' && Array.isArray(r.files) && Array.isArray(r.index) ? r : undefined;
  } catch {
    return undefined; // cut short before the branch moved: nothing to finish
  }
}

/** Finishes (or forgets) the lock commit a killed process left half done; see the module comment. */
export async function finishInterruptedCommit(repo: Repo): Promise<void> {
  const legacy = join(repo.gitDir, LEGACY);
  if (existsSync(legacy)) {
    await resetIndex(repo, readFileSync(legacy, 'utf8').split('\0').filter(Boolean));
    rmSync(legacy, { force: true });
  }
  const file = join(repo.gitDir, RECORD);
  if (!existsSync(file)) return;
  const pending = readRecord(file);
  if (pending && (making.has(pending.commit) || ownerAtWork(pending.owner))) return;
  if (pending) {
    const at = (await repo.git(['rev-parse', '-q', '--verify', pending.ref], { okCodes: [1] })).stdout.trim();
    if (at === pending.commit) await writeCommitted(repo, pending);
    else if (at && (await repo.git(['merge-base', '--is-ancestor', pending.commit, at], { okCodes: [1] })).code === 0) {
      // Landed, and more commits came since (plain git): only the index entries are known to be behind.
      await resetIndex(repo, [...pending.files.map((f) => f.path), ...pending.index]);
    }
  }
  rmSync(file, { force: true });
}

/**
 * Brings the commit's files on disk to the branch: each file still as it was before the commit is
 * written (or removed); one already written is left; one changed since is a person's edit, kept.
 */
async function writeCommitted(repo: Repo, pending: PendingCommit): Promise<void> {
  const write: string[] = [];
  const remove: string[] = [];
  for (const f of pending.files) {
    const now = diskHash(join(repo.top, f.path));
    if (now === f.after || now !== f.before) continue;
    if (f.after === null) remove.push(f.path);
    else write.push(f.path);
  }
  await resetIndex(repo, [...pending.files.map((f) => f.path), ...pending.index]);
  if (write.length) await repo.git(['checkout-index', '-f', '-z', '--stdin'], { input: write.map((p) => p + '\0').join('') });
  for (const p of remove) rmSync(join(repo.top, p), { force: true });
  await repo.git(['update-index', '-q', '--refresh'], { okCodes: [1] });
}

/**
 * The git directory of the repository `root` is in, found by looking for `.git` upwards (a
 * worktree's `.git` file names it); undefined when there is none. A few stats: no git process.
 */
function gitDirOf(root: string): string | undefined {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return dotGit;
    if (st?.isFile()) {
      const named = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      return named ? resolve(dir, named) : undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Finishes a killed command's lock commit in the repository of `root`, if one is left: what every
 * command that takes the run lock does first. Costs a few stats when there is none (a run that
 * repeats a record starts no git process).
 */
export async function finishInterruptedCommitAt(root: string): Promise<void> {
  const gitDir = gitDirOf(root);
  if (!gitDir || (!existsSync(join(gitDir, RECORD)) && !existsSync(join(gitDir, LEGACY)))) return;
  await Repo.open(root).then(finishInterruptedCommit, () => undefined); // not a repository after all: nothing to finish
}
