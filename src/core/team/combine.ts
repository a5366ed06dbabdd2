/**
 * Combining shards: each shard of a run proposed its share on `crew/<role>/<run>.shard-i-of-n`;
 * combining makes, for each role, one branch `crew/<role>/<run>` whose tree is the base plus
 * every shard's changes, as one run of all the work would have made it, and whose parents are
 * the shard tips (an octopus merge, built by plumbing; nothing is checked out). Shards write
 * disjoint files (the plan never lets two tasks write one path); a path two shards wrote
 * differently is refused by name.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FilmcrewError } from '../diagnostics';
import { commitMessage } from '../git/locking';
import { proposalBranch } from '../git/proposals';
import { Repo } from '../git/repo';

export interface CombinedRole {
  role: string;
  branch: string;
  commit: string;
  /** The shard numbers found for this role, e.g. [1, 2, 4]. */
  shards: number[];
  /** Of how many shards. */
  count: number;
  files: number;
}

interface ShardRef {
  role: string;
  ref: string;
  index: number;
  count: number;
  tip: string;
}

const SHARD = /^crew\/([^/]+)\/(.+)\.shard-(\d+)-of-(\d+)$/;

/** The run's shard branches, local and (after a fetch) the remote's; a local branch wins. */
async function shardRefs(repo: Repo, runId: string, remote: string | undefined): Promise<ShardRef[]> {
  const patterns = ['refs/heads/crew/', ...(remote ? [`refs/remotes/${remote}/crew/`] : [])];
  const out = (await repo.git(['for-each-ref', '--format=%(refname)%00%(objectname)', ...patterns])).stdout;
  const byName = new Map<string, ShardRef>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [ref, tip] = line.split('\0') as [string, string];
    const remotePrefix = `refs/remotes/${remote ?? ''}/`;
    const name = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref.startsWith(remotePrefix) ? ref.slice(remotePrefix.length) : ref;
    const m = SHARD.exec(name);
    if (!m || m[2] !== runId) continue;
    if (byName.has(name) && ref.startsWith('refs/remotes/')) continue;
    byName.set(name, { role: m[1]!, ref, index: Number(m[3]), count: Number(m[4]), tip });
  }
  return [...byName.values()].sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : a.index - b.index));
}

/** `[mode, oid, path]` of each path a commit changed since `base` (deleted: oid is null). */
async function changed(repo: Repo, base: string, tip: string): Promise<{ mode: string; oid: string | null; path: string }[]> {
  const out = (await repo.git(['diff-tree', '-r', '-z', '--no-renames', base, tip])).stdout.split('\0');
  const result: { mode: string; oid: string | null; path: string }[] = [];
  for (let i = 0; i + 1 < out.length; i += 2) {
    const meta = out[i]!.replace(/^:/, '').split(' ');
    if (meta.length < 5) continue;
    result.push({ mode: meta[1]!, oid: meta[4] === 'D' ? null : meta[3]!, path: out[i + 1]! });
  }
  return result;
}

/** One role's shards as one commit on top of their common base. */
async function combineRole(repo: Repo, runId: string, shards: ShardRef[]): Promise<CombinedRole> {
  const role = shards[0]!.role;
  const tips = shards.map((s) => s.tip);
  const base = (await repo.git(['merge-base', '--octopus', ...tips])).stdout.trim();
  const entries = new Map<string, { mode: string; oid: string | null; from: number }>();
  for (const s of shards) {
    for (const c of await changed(repo, base, s.tip)) {
      const seen = entries.get(c.path);
      if (seen && seen.oid !== c.oid) {
        throw new FilmcrewError(
          'shard-conflict',
          `shards ${seen.from} and ${s.index} of run ${runId} both changed ${c.path} (${role}), differently: nothing was combined`,
          'Shards of one run must start from the same commit with the same --shard count; run the shards again from one commit.',
        );
      }
      entries.set(c.path, { ...c, from: s.index });
    }
  }
  const tempIndex = join(repo.gitDir, `filmcrew-index-${process.pid}-${randomBytes(6).toString('hex')}`);
  const env = { GIT_INDEX_FILE: tempIndex };
  let tree: string;
  try {
    await repo.git(['read-tree', base], { env });
    const info = [...entries].map(([path, e]) => (e.oid ? `${e.mode} ${e.oid}\t${path}\0` : `0 ${'0'.repeat(base.length)}\t${path}\0`)).join('');
    if (info) await repo.git(['update-index', '-z', '--index-info'], { env, input: info });
    tree = (await repo.git(['write-tree'], { env })).stdout.trim();
  } finally {
    await rm(tempIndex, { force: true });
    await rm(tempIndex + '.lock', { force: true });
  }
  const count = shards[0]!.count;
  const numbers = shards.map((s) => s.index);
  const message = commitMessage(`${role}: ${entries.size} file${entries.size === 1 ? '' : 's'} from run ${runId} (shards ${numbers.join(', ')} of ${count})`, [], [
    ['Filmcrew-Role', role],
    ['Filmcrew-Run', runId],
  ]);
  const parents = tips.length === 1 ? [tips[0]!] : tips;
  const commit = (await repo.git(['commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-F', '-'], { input: message })).stdout.trim();
  const branch = proposalBranch(role, runId);
  await repo.git(['update-ref', '-m', `filmcrew: combine shards of ${runId}`, `refs/heads/${branch}`, commit]);
  // The combined branch contains them: the local shard branches have nothing left to review.
  for (const s of shards) if (s.ref.startsWith('refs/heads/')) await repo.git(['update-ref', '-d', s.ref, s.tip]).catch(() => undefined);
  return { role, branch, commit, shards: numbers, count, files: entries.size };
}

/**
 * Combines the shard branches of run `runId` (local ones, and `remote`'s after a fetch) into one
 * `crew/<role>/<run>` branch per role. Refuses when there are none, or when shards disagree on
 * their count.
 */
export async function combineShards(root: string, runId: string, opts: { remote?: string } = {}): Promise<CombinedRole[]> {
  const repo = await Repo.open(root);
  const refs = await shardRefs(repo, runId, opts.remote);
  if (!refs.length) {
    throw new FilmcrewError('no-shards', `no shard branches of run ${runId} (crew/<role>/${runId}.shard-i-of-n)`, `Fetch them first (\`git fetch ${opts.remote ?? 'origin'}\`), or check the run id.`);
  }
  const counts = [...new Set(refs.map((r) => r.count))];
  if (counts.length > 1) {
    throw new FilmcrewError('shard-conflict', `the shards of run ${runId} were cut ${counts.join(' and ')} ways`, 'Run every shard of one run with the same --shard count.');
  }
  const roles = [...new Set(refs.map((r) => r.role))];
  const out: CombinedRole[] = [];
  for (const role of roles) out.push(await combineRole(repo, runId, refs.filter((r) => r.role === role)));
  return out;
}
