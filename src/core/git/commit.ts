/**
 * One commit of exactly these files, and nothing else of the person's work: the commit is built
 * on a temporary index (HEAD's tree + these files), the branch is moved only if nobody moved it
 * meanwhile, and then only these paths' entries of the real index are brought up to date. Other
 * staged or unstaged changes stay where they were.
 *
 * All or nothing: the commit is built from the new bytes in memory, and no file is written until
 * the branch has moved. A failure (or a kill) before that leaves every file as it was and no
 * commit reachable; a kill after it is finished by the next command (interrupted-commit.ts).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crashPoint } from '../crash-point';
import { FilmcrewError } from '../diagnostics';
import { fileHash } from '../artifact/hash';
import { writeFileAtomic, WriteConflictError } from '../artifact/writer';
import { convertedPaths, writeBlobAt, writeBlobs } from './blobs';
import { abandonPendingCommit, clearPendingCommit, finishInterruptedCommit, recordPendingCommit } from './interrupted-commit';
import { FileReplacement } from './replace-files';
import { GitFailure, type Identity, type Repo } from './repo';

export interface FileWrite {
  /** Production-relative. */
  path: string;
  /** New bytes; `null` deletes the file. */
  content: string | Uint8Array | null;
  /** fileHash of the bytes the caller read; `null`: the file must not exist; absent: not checked. */
  expected?: string | null;
  /** The caller's read of the file (readSeen): spares a second read when the file did not change since. */
  seen?: Seen;
  /** fsync'd write (the lock file); artifact writes rely on the commit for durability. */
  durable?: boolean;
}

export interface CommitPlan {
  /** `refs/heads/<branch>` and the commit it points to now (undefined: no commit yet). */
  ref: string;
  head: string | undefined;
  /** Tree the commit starts from (a merge result); HEAD's tree by default. */
  baseTree?: string;
  /** Parents after HEAD (the proposal tip of a merge). */
  extraParents?: string[];
  writes: FileWrite[];
  /** Paths committed as they are on disk, unchanged. */
  fromDisk?: string[];
  message: string;
  author?: Identity;
  /** Commit even when the tree does not change (a gate). */
  allowEmpty?: boolean;
  reflog: string;
}

export interface Committed {
  commit: string;
  tree: string;
}

/** A file's bytes with the stat of the same open file. */
export interface Seen {
  bytes: Buffer;
  size: number;
  mtimeMs: number;
  mode: number;
  nlink: number;
  uid: number;
}

/** Reads a file and its stat in one open: what a later write can check against without reading again. */
export function readSeen(abs: string): Seen {
  const fd = openSync(abs, 'r');
  try {
    const st = fstatSync(fd);
    return { bytes: readFileSync(fd), size: st.size, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777, nlink: st.nlink, uid: st.uid };
  } finally {
    closeSync(fd);
  }
}

function readIfExists(abs: string): Buffer | undefined {
  try {
    return readFileSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function nul(paths: string[]): string {
  return paths.map((p) => p + '\0').join('');
}

/** mode, oid of each path in the index `indexFile` (or the real one). */
async function indexEntries(repo: Repo, env: Record<string, string>, want: Set<string>): Promise<Map<string, string>> {
  const out = (await repo.git(['ls-files', '-s', '-z'], { env })).stdout;
  const entries = new Map<string, string>();
  for (const rec of out.split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const path = rec.slice(tab + 1);
    if (!want.has(path)) continue;
    const [mode, oid] = rec.slice(0, tab).split(' ');
    entries.set(path, `${mode} ${oid}`);
  }
  return entries;
}

/** Brings the real index's entries for `paths` to what the commit has; other entries untouched. */
async function updateRealIndex(repo: Repo, tempEnv: Record<string, string>, paths: string[], deleted: string[]): Promise<void> {
  const entries = await indexEntries(repo, tempEnv, new Set(paths));
  let info = '';
  for (const p of paths) {
    const e = entries.get(p);
    if (e) info += `${e}\t${p}\0`;
  }
  for (const p of deleted) info += `0 ${'0'.repeat(40)}\t${p}\0`;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await repo.git(['update-index', '-z', '--index-info'], { input: info });
      // Fill in the stat data of the entries just set, so `git status` does not rehash them.
      await repo.git(['update-index', '-q', '--refresh'], { okCodes: [1] });
      return;
    } catch (e) {
      lastError = e;
      await new Promise((r) => setTimeout(r, 40 * (attempt + 1)));
    }
  }
  const list = [...paths, ...deleted].slice(0, 5).join(' ');
  throw new FilmcrewError(
    'index-locked',
    `the commit was made, but git's index could not be updated for its files (${(lastError as Error).message})`,
    `Another git command may hold .git/index.lock. When it is done, run any filmcrew command (it finishes them), or \`git reset -q -- ${list}${paths.length + deleted.length > 5 ? ' …' : ''}\`.`,
  );
}

/** The file is still as the caller read it (a stat, then its bytes if the stat differs). */
function stillAsRead(w: FileWrite, abs: string): boolean {
  const expected = w.seen ? undefined : w.expected;
  if (!w.seen && expected === undefined) return true;
  if (w.seen) {
    try {
      const st = statSync(abs);
      if (st.size === w.seen.size && st.mtimeMs === w.seen.mtimeMs) return true;
    } catch {
      // gone: compared below
    }
  }
  const current = readIfExists(abs);
  const want = w.seen ? fileHash(w.seen.bytes) : expected;
  return want === null ? current === undefined : current !== undefined && fileHash(current) === want;
}

/**
 * A commit of HEAD's own tree (a gate: no file changes): no index to build or bring up to date,
 * so its cost does not grow with the production.
 */
async function commitSameTree(repo: Repo, plan: CommitPlan & { head: string }): Promise<Committed> {
  const tree = (await repo.git(['rev-parse', `${plan.head}^{tree}`])).stdout.trim();
  const parents = [plan.head, ...(plan.extraParents ?? [])].flatMap((p) => ['-p', p]);
  const authorEnv: Record<string, string> = plan.author ? { GIT_AUTHOR_NAME: plan.author.name, GIT_AUTHOR_EMAIL: plan.author.email } : {};
  const commit = (await repo.git(['commit-tree', tree, ...parents, '-F', '-'], { input: plan.message, env: authorEnv })).stdout.trim();
  await repo.moveRef(plan.ref, commit, plan.head, plan.reflog);
  return { commit, tree };
}

/** Makes one commit of exactly `plan`'s files on `plan.ref`; undefined when nothing changed. */
export async function commitExactly(repo: Repo, plan: CommitPlan): Promise<Committed | undefined> {
  await finishInterruptedCommit(repo);
  if (plan.allowEmpty && plan.head && !plan.baseTree && !plan.writes.length && !plan.fromDisk?.length) return gateCommit(repo, { ...plan, head: plan.head });
  // 1. Check every file is as the caller read it, and note what it held.
  const before = hashesBefore(repo, plan.writes);
  const tempIndex = join(repo.gitDir, `filmcrew-index-${process.pid}-${randomBytes(6).toString('hex')}`);
  const env = { GIT_INDEX_FILE: tempIndex };
  let moved = false;
  try {
    // 2. Blobs of the new contents straight from memory: no file changes before the branch moves.
    const inMemory = plan.writes.filter((w): w is FileWrite & { content: string | Uint8Array } => w.content !== null);
    const oids = await blobsOf(repo, inMemory);
    const deleted = plan.writes.filter((w) => w.content === null).map((w) => repo.toGit(w.path));
    const fromDisk = (plan.fromDisk ?? []).map((p) => repo.toGit(p));
    const tree = await treeOf(repo, env, plan, { inMemory, oids, fromDisk, deleted });
    const parentTree = plan.head ? (await repo.git(['rev-parse', `${plan.head}^{tree}`])).stdout.trim() : undefined;
    if (tree === parentTree && !plan.allowEmpty && !plan.extraParents?.length) return undefined;
    // 4. The commit, then the branch: compare-and-swap, never forced. The record lets the next
    // command finish the files and the index if this process dies once the branch has moved.
    const parents = [plan.head, ...(plan.extraParents ?? [])].filter((p): p is string => !!p).flatMap((p) => ['-p', p]);
    const authorEnv: Record<string, string> = plan.author ? { GIT_AUTHOR_NAME: plan.author.name, GIT_AUTHOR_EMAIL: plan.author.email } : {};
    const commit = (await repo.git(['commit-tree', tree, ...parents, '-F', '-'], { input: plan.message, env: authorEnv })).stdout.trim();
    const files = plan.writes.map((w, i) => ({
      path: repo.toGit(w.path),
      before: before[i]!,
      after: w.content === null ? null : fileHash(w.content),
    }));
    recordPendingCommit(repo, { ref: plan.ref, commit, files, index: fromDisk });
    crashPoint('commit:before-ref');
    try {
      await repo.moveRef(plan.ref, commit, plan.head, plan.reflog);
    } catch (e) {
      clearPendingCommit(repo, commit);
      throw e;
    }
    moved = true;
    crashPoint('commit:after-ref');
    // 5. The files, then only these paths' entries of the person's index (a failure here leaves
    // the record: the next command finishes them).
    try {
      const written = await replaceFiles(repo, plan.writes);
      await updateRealIndex(repo, env, [...written, ...fromDisk], deleted);
    } catch (e) {
      abandonPendingCommit(commit);
      throw e;
    }
    clearPendingCommit(repo, commit);
    return { commit, tree };
  } catch (e) {
    if (e instanceof GitFailure && !moved) {
      throw new FilmcrewError('commit-failed', `nothing was committed and no file was changed: ${e.message}`, 'Check `git status`, then try again.');
    }
    throw e;
  } finally {
    await rm(tempIndex, { force: true }).catch(() => undefined);
    await rm(tempIndex + '.lock', { force: true }).catch(() => undefined);
  }
}

/** Each content's blob id, in order: plain bytes in one stream; paths git converts (clean filters, eol) one by one with their path. */
async function blobsOf(repo: Repo, writes: readonly (FileWrite & { content: string | Uint8Array })[]): Promise<string[]> {
  const converted = await convertedPaths(repo, writes.map((w) => repo.toGit(w.path)));
  const plain = writes.filter((w) => !converted.has(repo.toGit(w.path)));
  const plainOids = await writeBlobs(repo, plain.map((w) => w.content));
  const byWrite = new Map(plain.map((w, i) => [w, plainOids[i]!]));
  const oids: string[] = [];
  for (const w of writes) oids.push(byWrite.get(w) ?? (await writeBlobAt(repo, repo.toGit(w.path), w.content)));
  return oids;
}

/** A gate's commit (HEAD's tree, no files), with git's failure said plainly. */
async function gateCommit(repo: Repo, plan: CommitPlan & { head: string }): Promise<Committed> {
  try {
    return await commitSameTree(repo, plan);
  } catch (e) {
    if (e instanceof GitFailure) throw new FilmcrewError('commit-failed', `nothing was committed: ${e.message}`, 'Check `git status`, then try again.');
    throw e;
  }
}

/** Each file's fileHash before the commit (null: absent), refusing one that changed on disk since the caller read it. */
function hashesBefore(repo: Repo, writes: readonly FileWrite[]): (string | null)[] {
  return writes.map((w) => {
    const abs = repo.abs(w.path);
    if (w.seen) {
      // Unchanged size and mtime since the caller's read: its bytes are the file's.
      const st = statSync(abs, { throwIfNoEntry: false });
      if (st && st.size === w.seen.size && st.mtimeMs === w.seen.mtimeMs) return fileHash(w.seen.bytes);
    }
    const current = readIfExists(abs);
    const now = current === undefined ? null : fileHash(current);
    const expected = w.seen ? fileHash(w.seen.bytes) : w.expected;
    if (expected !== undefined && expected !== now) throw new WriteConflictError(w.path, `${w.path} changed on disk since filmcrew read it; nothing was committed`);
    return now;
  });
}

/**
 * Writes and removes the files on disk once the commit has landed; the git paths written. A file
 * a person saved since it was read keeps their edit (it shows as edited after the lock).
 */
async function replaceFiles(repo: Repo, writes: readonly FileWrite[]): Promise<string[]> {
  const written: string[] = [];
  const replacement = new FileReplacement();
  try {
    for (const w of writes) {
      const abs = repo.abs(w.path);
      if (w.content === null) {
        rmSync(abs, { force: true });
      } else if (stillAsRead(w, abs)) {
        if (w.durable) await writeFileAtomic(abs, w.content);
        else replacement.replace(abs, w.content, w.seen ?? {});
        written.push(repo.toGit(w.path));
      }
    }
  } finally {
    replacement.end();
  }
  return written;
}

/**
 * 3. The commit's tree, on the temporary index: base tree + these blobs; files committed as they
 * are on disk are hashed from disk (git's clean filters apply).
 */
async function treeOf(
  repo: Repo,
  env: Record<string, string>,
  plan: CommitPlan,
  files: { inMemory: readonly FileWrite[]; oids: readonly string[]; fromDisk: string[]; deleted: string[] },
): Promise<string> {
  const { inMemory, oids, fromDisk, deleted } = files;
  const base = plan.baseTree ?? (plan.head ? `${plan.head}^{tree}` : undefined);
  if (base) await repo.git(['read-tree', base], { env });
  if (inMemory.length) {
    const modes = await indexEntries(repo, env, new Set(inMemory.map((w) => repo.toGit(w.path))));
    const info = inMemory.map((w, i) => `${modes.get(repo.toGit(w.path))?.split(' ')[0] ?? '100644'} ${oids[i]}\t${repo.toGit(w.path)}\0`).join('');
    await repo.git(['update-index', '-z', '--index-info'], { env, input: info });
  }
  if (fromDisk.length) await repo.git(['update-index', '--add', '--replace', '-z', '--stdin'], { env, input: nul(fromDisk) });
  if (deleted.length) await repo.git(['update-index', '--force-remove', '-z', '--stdin'], { env, input: nul(deleted) });
  return (await repo.git(['write-tree'], { env })).stdout.trim();
}
