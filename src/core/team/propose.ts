/**
 * A run whose work goes to proposal branches (`filmcrew run --propose-on-branches`, or
 * `proposals: branches` in production.md): the run happens in a scratch checkout, and then each
 * role's outputs are committed to `crew/<role>/<run>` (a shard's to `crew/<role>/<run>.shard-i-of-n`)
 * by plumbing. The person's working tree, index and branch are untouched; a person reviews each
 * branch (`filmcrew review`), approves it (merge and lock) or rejects it with a note.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { FilmcrewError } from '../diagnostics';
import { frontmatterOf } from '../git/locking';
import { readProvenanceLedger } from '../git/provenance';
import { writeProposalBranch, type ProposalFile } from '../git/proposals';
import { Repo, runGit } from '../git/repo';
import { isBookkeeping } from '../git/targets';
import { PRODUCTION_FILE } from '../model/paths';
import { newRunId } from '../orchestrator/journal';
import { runProduction } from '../orchestrator/run';
import type { RunOptions, RunSummary, TaskReport } from '../orchestrator/types';
import { checkoutProposed, openScratch } from './scratch';
import { shardSuffix } from './shards';

export interface RoleProposal {
  role: string;
  branch: string;
  commit: string;
  files: number;
  /** Nothing new since the branch's last commit (a re-run of the same work). */
  unchanged: boolean;
}

export interface BranchRun {
  summary: RunSummary;
  proposals: RoleProposal[];
  /** Files of the production with uncommitted changes: the run worked from the last commit, without them. */
  uncommitted: string[];
}

/** Does production.md ask for proposals on branches (`proposals: branches`)? */
export async function proposalsOnBranches(root: string): Promise<boolean> {
  try {
    const text = await readFile(join(root, PRODUCTION_FILE), 'utf8');
    // Without the word the key cannot be there: no YAML parse (the full parser for a folded style block) on every run.
    if (!text.includes('proposals')) return false;
    return frontmatterOf(PRODUCTION_FILE, text)?.proposals === 'branches';
  } catch {
    return false;
  }
}

/** The run-id part of this run's branch names: the run, and the shard if any. */
export function branchRunId(runId: string, options: Pick<RunOptions, 'shard'>): string {
  return options.shard && options.shard.count > 1 ? runId + shardSuffix(options.shard) : runId;
}

/** This run's existing branches (a re-run continues them). */
async function existingBranches(repo: Repo, branchRun: string): Promise<string[]> {
  const out = (await repo.git(['for-each-ref', '--format=%(refname:strip=2)', 'refs/heads/crew/'])).stdout;
  return out.split('\n').filter((b) => b.split('/').length === 3 && b.endsWith(`/${branchRun}`));
}

/** What a role's tasks wrote (succeeded or still standing from before), its bookkeeping aside. */
function outputsByRole(tasks: readonly TaskReport[]): Map<string, { paths: Set<string>; cost: number; tasks: string[] }> {
  const by = new Map<string, { paths: Set<string>; cost: number; tasks: string[] }>();
  for (const t of tasks) {
    if (t.outcome !== 'succeeded' && t.outcome !== 'cached') continue;
    const entry = by.get(t.role) ?? { paths: new Set<string>(), cost: 0, tasks: [] };
    for (const p of t.outputs) if (!isBookkeeping(p) || /^agents\/[^/]+\/feedback\.md$/.test(p)) entry.paths.add(p);
    entry.cost += t.cost;
    entry.tasks.push(`${t.id} (${t.outcome})`);
    by.set(t.role, entry);
  }
  return by;
}

/** Commits each role's outputs, read from the scratch, to its branch. */
async function commitRoleProposals(root: string, scratchRoot: string, summary: RunSummary, branchRun: string): Promise<RoleProposal[]> {
  const { ledger } = await readProvenanceLedger(scratchRoot);
  const proposals: RoleProposal[] = [];
  for (const [role, work] of [...outputsByRole(summary.tasks)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const paths = [...work.paths].sort();
    if (!paths.length) continue;
    const files: ProposalFile[] = await Promise.all(paths.map(async (path) => ({ path, content: await readFile(join(scratchRoot, path)) })));
    // Files that cannot say where they came from carry their inputs in the commit, so the lock
    // made on another machine (a teammate, the CI merge job) records the same inputs.
    const inputs: Record<string, Record<string, string>> = {};
    for (const p of paths) if (!p.endsWith('.md') && ledger.files[p]) inputs[p] = ledger.files[p]!.inputs;
    const shard = branchRun === summary.runId ? '' : `, ${branchRun.slice(summary.runId.length + 1).replace(/-/g, ' ')}`;
    const message = `${role}: ${paths.length} file${paths.length === 1 ? '' : 's'} from run ${summary.runId}${shard}\n\n${work.tasks.join('\n')}`;
    const r = await writeProposalBranch(root, { role, runId: branchRun, files, message, cost: Math.round(work.cost * 1e6) / 1e6, inputs });
    if (r.commit) proposals.push({ role, branch: r.branch, commit: r.commit, files: paths.length, unchanged: r.unchanged });
  }
  return proposals;
}

/** Runs the production in a scratch checkout and proposes each role's work on its branch. */
export async function runOnBranches(rootIn: string, options: RunOptions): Promise<BranchRun> {
  const root = resolve(rootIn);
  const repo = await Repo.open(root);
  if (options.resume) throw new FilmcrewError('usage', 'a run on proposal branches continues by its id, not --resume', 'Run it again with the same `--run-id`: what it did is not redone.');
  const runId = options.runId ?? newRunId();
  const branchRun = branchRunId(runId, options);
  const status = (await runGit(repo.root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'])).stdout;
  const uncommitted = status.split('\0').filter((r) => r.length > 3).map((r) => repo.fromGit(r.slice(3)) ?? r.slice(3));
  const scratch = await openScratch(repo);
  try {
    await checkoutProposed(repo, scratch, await existingBranches(repo, branchRun));
    const summary = await runProduction(scratch.root, { ...options, runId, passGates: false });
    const proposals = await commitRoleProposals(repo.root, scratch.root, summary, branchRun);
    return { summary: { ...summary, journal: join(root, relative(scratch.root, summary.journal)) }, proposals, uncommitted };
  } finally {
    await scratch.dispose();
  }
}
