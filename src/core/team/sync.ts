/**
 * `filmcrew sync`: one step to work as a team on one remote. Fetch (branches, proposal branches
 * and the remote's gate tags, kept beside our own); show what teammates locked and which gates
 * they passed since our last sync; refuse, naming who and when, if a teammate locked something we
 * locked too and have not pushed; bring their work in (a fast-forward, or a merge in which
 * `filmcrew.lock` is joined entry by entry instead of conflicting line by line); push our locks
 * and the gate tags the remote does not have yet.
 */
import { writeFileAtomic } from '../artifact/writer';
import { FilmcrewError } from '../diagnostics';
import { LOCKFILE } from '../model/paths';
import { formatLockfile, parseLockfile, type LockEntry, type Lockfile } from '../git/lockfile';
import { GitFailure, Repo } from '../git/repo';
import { dedupeByPath, gateRefspec, locksIn, remoteGates, teammateLockedError, upstreamOf, type TeamGate, type TeamLock } from './team-locks';

export interface SyncOptions {
  remote?: string;
  /** false: fetch, show and bring in, but push nothing. */
  push?: boolean;
}

export interface SyncReport {
  remote: string;
  branch: string;
  /** Teammates' locks brought in by this sync, newest first. */
  theirs: TeamLock[];
  /** Our locks the remote did not have (pushed, unless push was off). */
  ours: TeamLock[];
  /** Gates as the remote has them. */
  gates: TeamGate[];
  integrated: 'up-to-date' | 'fast-forward' | 'merged';
  pushed: boolean;
  /** Gate tags pushed by this sync. */
  tagsPushed: string[];
  /** Proposal branches on the remote, for review. */
  proposals: string[];
  /** Remote proposal branches now also local, so `review`, `approve` and `reject` take them. */
  fetchedProposals: string[];
  /** Remote proposal branches deleted there: approved (merged) or rejected here. */
  closedProposals: string[];
}

async function count(repo: Repo, range: string): Promise<number> {
  return Number((await repo.git(['rev-list', '--count', range])).stdout.trim());
}

/** What a merge's lock file is: ours, with every entry the teammate changed since the base taken from theirs. */
export function joinLockfiles(base: Lockfile, ours: Lockfile, theirs: Lockfile): Lockfile {
  const same = (a: LockEntry | undefined, b: LockEntry | undefined) => JSON.stringify(a) === JSON.stringify(b);
  const locks: Record<string, LockEntry> = { ...ours.locks };
  for (const path of new Set([...Object.keys(base.locks), ...Object.keys(theirs.locks)])) {
    if (same(base.locks[path], theirs.locks[path])) continue;
    if (theirs.locks[path]) locks[path] = theirs.locks[path]!;
    else delete locks[path];
  }
  return { version: 1, locks };
}

async function stage(repo: Repo, n: 1 | 2 | 3, gitPath: string): Promise<Lockfile> {
  const r = await repo.git(['show', `:${n}:${gitPath}`], { okCodes: [128] });
  return r.code === 0 ? parseLockfile(r.stdout).lock : { version: 1, locks: {} };
}

/** `git merge` of the remote branch, with filmcrew.lock joined by entry; any other conflict aborts it. */
async function mergeWithLocks(repo: Repo, remoteRef: string, subject: string): Promise<void> {
  const merge = await repo.git(['merge', '--no-ff', '--no-commit', '--quiet', remoteRef], { okCodes: [1, 128] });
  const conflicted = (await repo.git(['diff', '--name-only', '--diff-filter=U', '-z'])).stdout.split('\0').filter(Boolean);
  const lockPath = repo.toGit(LOCKFILE);
  const others = conflicted.filter((p) => p !== lockPath);
  if (merge.code !== 0 && !conflicted.length) {
    throw new FilmcrewError('sync-failed', `your teammates' work could not be brought in: ${merge.stderr.trim() || merge.stdout.trim()}`, 'Commit or put aside your uncommitted changes (`git stash`), then `filmcrew sync` again.');
  }
  if (others.length) {
    await repo.git(['merge', '--abort'], { okCodes: [128] });
    throw new FilmcrewError(
      'sync-conflict',
      `your work and your teammates' both changed ${others.map((p) => repo.fromGit(p) ?? p).join(', ')}: nothing was merged or pushed`,
      `Merge by hand (\`git merge ${remoteRef.replace('refs/remotes/', '')}\`), then \`filmcrew sync\` again.`,
    );
  }
  if (conflicted.includes(lockPath)) {
    const joined = joinLockfiles(await stage(repo, 1, lockPath), await stage(repo, 2, lockPath), await stage(repo, 3, lockPath));
    await writeFileAtomic(repo.abs(LOCKFILE), formatLockfile(joined));
    await repo.git(['add', '--', lockPath]);
  }
  await repo.git(['commit', '--quiet', '--no-verify', '-m', subject]);
}

/** Pushes the gate tags we have and the remote has not; a gate the remote passed elsewhere is left as it is. */
async function pushGateTags(repo: Repo, remote: string, gates: TeamGate[]): Promise<string[]> {
  const theirs = new Set(gates.map((g) => g.gate));
  const ours = (await repo.git(['for-each-ref', '--format=%(refname)', 'refs/tags/filmcrew/gate/'])).stdout.split('\n').filter(Boolean);
  const missing = ours.filter((ref) => !theirs.has(ref.split('/').pop()!));
  if (missing.length) await repo.git(['push', '--quiet', remote, ...missing]);
  return missing.map((ref) => ref.replace('refs/tags/', ''));
}

/** The proposal tips this branch's history rejected (`Filmcrew-Rejected: <commit>` on feedback commits). */
async function rejectedTips(repo: Repo): Promise<Set<string>> {
  const out = (await repo.git(['log', '--format=%(trailers:key=Filmcrew-Rejected,valueonly)', '--grep=^Filmcrew-Proposal:', 'HEAD'])).stdout;
  return new Set(out.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-f]{40,64}$/.test(l)));
}

/**
 * The remote's proposal branches, settled against ours: one still to review becomes (or moves
 * forward as) a local branch; one merged into our branch or rejected in its history is deleted
 * on the remote (only if it still points where it did), when pushing.
 */
async function settleProposals(repo: Repo, remote: string, push: boolean): Promise<{ fetched: string[]; closed: string[] }> {
  const out = (await repo.git(['for-each-ref', '--format=%(refname:lstrip=3)%00%(objectname)', `refs/remotes/${remote}/crew/`])).stdout;
  const rejected = await rejectedTips(repo);
  const fetched: string[] = [];
  const closed: string[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [branch, tip] = line.split('\0') as [string, string];
    if (branch.split('/').length < 3) continue;
    const merged = (await repo.git(['merge-base', '--is-ancestor', tip, 'HEAD'], { okCodes: [1] })).code === 0;
    if (merged || rejected.has(tip)) {
      if (!push) continue;
      const r = await repo.git(['push', '--quiet', `--force-with-lease=refs/heads/${branch}:${tip}`, remote, `:refs/heads/${branch}`], { okCodes: [1] });
      if (r.code === 0) closed.push(branch);
      continue;
    }
    const local = await repo.git(['rev-parse', '-q', '--verify', `refs/heads/${branch}^{commit}`], { okCodes: [1] });
    if (local.code !== 0) {
      await repo.git(['update-ref', '-m', `filmcrew: sync proposal from ${remote}`, `refs/heads/${branch}`, tip, '']);
      fetched.push(branch);
    } else if (local.stdout.trim() !== tip && (await repo.git(['merge-base', '--is-ancestor', local.stdout.trim(), tip], { okCodes: [1] })).code === 0) {
      await repo.git(['update-ref', '-m', `filmcrew: sync proposal from ${remote}`, `refs/heads/${branch}`, tip, local.stdout.trim()]);
      fetched.push(branch);
    }
  }
  // A teammate's rejection, brought in by this sync, closes our copy of that branch too.
  const locals = (await repo.git(['for-each-ref', '--format=%(refname)%00%(objectname)', 'refs/heads/crew/'])).stdout;
  for (const line of locals.split('\n').filter(Boolean)) {
    const [ref, tip] = line.split('\0') as [string, string];
    if (rejected.has(tip)) await repo.git(['update-ref', '-d', ref, tip], { okCodes: [1, 128] });
  }
  return { fetched, closed };
}

/** Fetches, checks, brings in and pushes; see the module comment. */
export async function syncProduction(root: string, opts: SyncOptions = {}): Promise<SyncReport> {
  const remote = opts.remote ?? 'origin';
  const repo = await Repo.open(root);
  if ((await repo.git(['remote', 'get-url', remote], { okCodes: [2, 128] })).code !== 0) {
    throw new FilmcrewError('no-remote', `this repository has no remote named ${remote}`, `Add the team's repository: \`git remote add ${remote} <url>\`.`);
  }
  let up = await upstreamOf(repo, remote);
  try {
    await repo.git(['fetch', '--quiet', '--prune', remote, `+refs/heads/*:refs/remotes/${remote}/*`, gateRefspec(remote)]);
  } catch (e) {
    if (e instanceof GitFailure) throw new FilmcrewError('fetch-failed', `could not fetch from ${remote}: ${e.message}`, 'Check the network and your access to the repository, then sync again.');
    throw e;
  }
  up = await upstreamOf(repo, remote);
  const theirs = up.exists ? await locksIn(repo, `HEAD..${up.remoteRef}`) : [];
  const ours = await locksIn(repo, up.exists ? `${up.remoteRef}..HEAD` : 'HEAD');
  const mine = new Set(ours.map((l) => l.path));
  const clash = dedupeByPath(theirs).filter((l) => mine.has(l.path));
  if (clash.length) throw teammateLockedError(clash, remote, ours.filter((l) => clash.some((c) => c.path === l.path)));

  let integrated: SyncReport['integrated'] = 'up-to-date';
  if (up.exists && (await count(repo, `HEAD..${up.remoteRef}`)) > 0) {
    const fastForward = (await repo.git(['merge-base', '--is-ancestor', 'HEAD', up.remoteRef], { okCodes: [1] })).code === 0;
    if (fastForward) {
      const r = await repo.git(['merge', '--ff-only', '--quiet', up.remoteRef], { okCodes: [1, 128] });
      if (r.code !== 0) throw new FilmcrewError('sync-failed', `your teammates' work could not be brought in: ${r.stderr.trim()}`, 'Commit or put aside your uncommitted changes (`git stash`), then `filmcrew sync` again.');
      integrated = 'fast-forward';
    } else {
      await mergeWithLocks(repo, up.remoteRef, `Sync with ${remote}/${up.branch}: ${dedupeByPath(theirs).length} lock${theirs.length === 1 ? '' : 's'} of teammates brought in`);
      integrated = 'merged';
    }
  }
  let pushed = false;
  let tagsPushed: string[] = [];
  if (opts.push !== false) {
    if (!up.exists || (await count(repo, `${up.remoteRef}..HEAD`)) > 0) {
      const r = await repo.git(['push', '--quiet', remote, `HEAD:refs/heads/${up.branch}`], { okCodes: [1] });
      if (r.code !== 0) throw new FilmcrewError('push-rejected', `${remote} refused the push (a teammate pushed meanwhile?): ${r.stderr.trim()}`, 'Run `filmcrew sync` again: it brings their work in first.');
      pushed = true;
    }
    tagsPushed = await pushGateTags(repo, remote, await remoteGates(repo, remote));
    if (pushed || tagsPushed.length) await repo.git(['fetch', '--quiet', remote, `+refs/heads/${up.branch}:${up.remoteRef}`, gateRefspec(remote)]);
  }
  const settled = await settleProposals(repo, remote, opts.push !== false);
  if (settled.closed.length) await repo.git(['fetch', '--quiet', '--prune', remote, `+refs/heads/crew/*:refs/remotes/${remote}/crew/*`]);
  const proposals = (await repo.git(['for-each-ref', '--format=%(refname:lstrip=3)', `refs/remotes/${remote}/crew/`])).stdout.split('\n').filter(Boolean);
  return { remote, branch: up.branch, theirs, ours, gates: await remoteGates(repo, remote), integrated, pushed, tagsPushed, proposals, fetchedProposals: settled.fetched, closedProposals: settled.closed };
}
