/**
 * What the team's remote shows, as of the last fetch (`filmcrew sync`): proposal branches there
 * that this clone has not merged nor has as its own, teammates' locks the remote has and we do
 * not yet, and the gates passed there. Reads local refs only: no network, so the views can ask
 * on every refresh.
 */
import { Repo } from '../git/repo';
import { locksIn, remoteGates, upstreamOf, type TeamGate, type TeamLock } from './team-locks';

export interface RemoteProposal {
  /** `crew/<role>/<run>`. */
  branch: string;
  role: string;
  commit: string;
  /** `Name <email>` of the last committer (the CI, a teammate). */
  by: string;
  at: string;
  subject: string;
}

export interface TeamView {
  remote: string;
  branch: string;
  proposals: RemoteProposal[];
  /** Locked on the remote since our last sync, newest first. */
  locks: TeamLock[];
  gates: TeamGate[];
}

/** The team's side of the production, or undefined when there is no such remote fetched. */
export async function teamView(root: string, remote = 'origin'): Promise<TeamView | undefined> {
  const repo = await Repo.open(root);
  const up = await upstreamOf(repo, remote).catch(() => undefined);
  if (!up?.exists) return undefined;
  const local = new Set((await repo.git(['for-each-ref', '--format=%(refname:lstrip=2)', 'refs/heads/crew/'])).stdout.split('\n').filter(Boolean));
  const format = '%(refname:lstrip=3)%00%(objectname)%00%(committername) %(committeremail)%00%(committerdate:iso-strict)%00%(subject)';
  const out = (await repo.git(['for-each-ref', '--sort=-committerdate', `--format=${format}`, `refs/remotes/${remote}/crew/`])).stdout;
  const proposals: RemoteProposal[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [branch, commit, by, at, subject] = line.split('\0') as [string, string, string, string, string];
    if (local.has(branch)) continue;
    if ((await repo.git(['merge-base', '--is-ancestor', commit, 'HEAD'], { okCodes: [1] })).code === 0) continue;
    proposals.push({ branch, role: branch.split('/')[1] ?? '', commit, by, at, subject });
  }
  return { remote, branch: up.branch, proposals, locks: await locksIn(repo, `HEAD..${up.remoteRef}`), gates: await remoteGates(repo, remote) };
}
