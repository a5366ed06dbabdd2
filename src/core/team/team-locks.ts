/**
 * Teammates' locks as git history shows them: a lock is a commit with `Filmcrew-Lock: <path>`
 * trailers and `Approved-by`, so locks travel with a fetch. What a teammate locked "since" is
 * what the remote's branch has and ours does not.
 */
import { FilmcrewError } from '../diagnostics';
import { GATES } from '../pipeline/stages';
import { gateTag } from '../git/gates';

/** `filmcrew/gate/`: the prefix of every gate tag. */
const GATE_TAGS = gateTag('script').slice(0, -'script'.length);
import { Repo } from '../git/repo';
import { resolveTargets } from '../git/targets';

export interface TeamLock {
  path: string;
  /** `Name <email>` of who approved it. */
  by: string;
  /** ISO time of the commit. */
  at: string;
  commit: string;
}

export interface TeamGate {
  gate: string;
  commit: string;
  by: string;
  at: string;
}

const SEP = '\x1f';

/** The lock commits in a revision range (`a..b`), newest first, one entry per locked path. */
export async function locksIn(repo: Repo, range: string): Promise<TeamLock[]> {
  const format = ['%H', '%an <%ae>', '%cI', '%(trailers:key=Approved-by,valueonly,separator=%x01)', '%(trailers:key=Filmcrew-Lock,valueonly,separator=%x01)'].join('%x1f');
  const out = (await repo.git(['log', `--format=${format}%x1e`, range, '--'])).stdout;
  const locks: TeamLock[] = [];
  for (const rec of out.split('\x1e')) {
    const [commit, author, at, approved, paths] = rec.replace(/^\n/, '').split(SEP);
    if (!commit || !paths?.trim()) continue;
    const by = approved?.split('\x01')[0]?.trim() || author!;
    for (const gitPath of paths.split('\x01').map((p) => p.trim()).filter(Boolean)) {
      const path = repo.fromGit(gitPath) ?? gitPath;
      locks.push({ path, by, at: at!, commit });
    }
  }
  return locks;
}

/** The current branch and its counterpart on `remote` (`refs/remotes/<remote>/<branch>`), if fetched. */
export async function upstreamOf(repo: Repo, remote: string): Promise<{ branch: string; remoteRef: string; exists: boolean }> {
  const ref = (await repo.git(['symbolic-ref', '-q', 'HEAD'], { okCodes: [1] })).stdout.trim();
  if (!ref.startsWith('refs/heads/')) throw new FilmcrewError('detached-head', 'you are not on a branch', 'Switch to your branch first (`git switch main`).');
  const branch = ref.slice('refs/heads/'.length);
  const remoteRef = `refs/remotes/${remote}/${branch}`;
  const exists = (await repo.git(['rev-parse', '-q', '--verify', `${remoteRef}^{commit}`], { okCodes: [1] })).code === 0;
  return { branch, remoteRef, exists };
}

/** Gate tags as `remote` has them (fetched under refs/filmcrew/remotes/<remote>/gate/). */
export async function remoteGates(repo: Repo, remote: string): Promise<TeamGate[]> {
  const format = '%(refname:lstrip=5)%00%(objectname)%00%(*objectname)%00%(taggername) %(taggeremail)%00%(creatordate:iso-strict)';
  const out = (await repo.git(['for-each-ref', `--format=${format}`, `refs/filmcrew/remotes/${remote}/gate/`])).stdout;
  const order = GATES.map((g) => g.id as string);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [gate, oid, peeled, by, at] = line.split('\0') as [string, string, string, string, string];
      return { gate, commit: peeled || oid, by: by.trim(), at };
    })
    .sort((a, b) => order.indexOf(a.gate) - order.indexOf(b.gate));
}

/** The refspec that fetches the remote's gate tags beside (not over) our own. */
export function gateRefspec(remote: string): string {
  return `+refs/tags/${GATE_TAGS}*:refs/filmcrew/remotes/${remote}/gate/*`;
}

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/, '$1 $3').trim();
}

/** The refusal for paths a teammate locked since our last sync, naming who and when. */
export function teammateLockedError(clash: TeamLock[], remote: string, mine?: TeamLock[]): FilmcrewError {
  const lines = clash.slice(0, 8).map((l) => `${l.path} was locked by ${l.by} at ${when(l.at)} (commit ${l.commit.slice(0, 7)})`);
  if (clash.length > 8) lines.push(`… and ${clash.length - 8} more`);
  const yours = mine?.length ? `Your lock${mine.length === 1 ? ' of it was' : 's of them were'} not pushed (commit ${[...new Set(mine.map((m) => m.commit.slice(0, 7)))].join(', ')}).` : '';
  return new FilmcrewError(
    'teammate-locked',
    `a teammate locked ${clash.length === 1 ? 'this' : 'these'} since your last sync:\n  ${lines.join('\n  ')}\n${yours}`.trimEnd(),
    `Look at their version (\`git show ${remote}/<branch>:<path>\`) and talk to them; to take their lock, drop yours (\`git reset --keep ${remote}/<branch>\` if your unpushed commits are only those locks), then \`filmcrew sync\` again.`,
  );
}

/**
 * Refuses to lock what a teammate locked since our last sync: the targets' files (a proposal
 * branch's files too) against the lock commits the fetched remote branch has and ours does not.
 * Silent when there is no remote branch fetched.
 */
export async function refuseTeammatesLocks(root: string, targets: string[], remote = 'origin'): Promise<void> {
  const repo = await Repo.open(root);
  const up = await upstreamOf(repo, remote).catch(() => undefined);
  if (!up?.exists) return;
  const theirs = await locksIn(repo, `HEAD..${up.remoteRef}`);
  if (!theirs.length) return;
  const { paths, branches } = await resolveTargets(repo, targets);
  const wanted = new Set(paths);
  for (const b of branches) {
    const files = (await repo.git(['diff', '--name-only', '-z', '--no-renames', `HEAD...refs/heads/${b}`])).stdout.split('\0').filter(Boolean);
    for (const f of files) wanted.add(repo.fromGit(f) ?? f);
  }
  const clash = theirs.filter((l) => wanted.has(l.path));
  if (clash.length) throw teammateLockedError(dedupeByPath(clash), remote);
}

/** The newest lock of each path. */
export function dedupeByPath(locks: TeamLock[]): TeamLock[] {
  const seen = new Set<string>();
  return locks.filter((l) => (seen.has(l.path) ? false : (seen.add(l.path), true)));
}
