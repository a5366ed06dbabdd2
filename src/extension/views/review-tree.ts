/**
 * The Review tree: what waits for a person's yes or no. Proposal branches (`crew/<role>/<run>`)
 * with their files, and files in the working tree whose status is `proposed`. Each row can show
 * its diff, be approved (locked in a commit) or rejected with a note for the crew.
 */
import type { Artifact, FrontmatterData } from '../../core/model/types';
import type { ProductionView } from '../production-view';
import { stateOf } from '../production-view';
import type { TreeNode } from './node';
import { statusIcon } from './status-icons';
import { workArtifacts } from '../../core/model/artifacts';
import { amount } from '../../core/money';

function proposedFiles(view: ProductionView): Artifact<FrontmatterData>[] {
  const p = view.production;
  const all: Artifact<FrontmatterData>[] = workArtifacts(p);
  return all.filter((a) => stateOf(view, a.path, a.data.status).status === 'proposed');
}

function roleOf(a: Artifact<FrontmatterData>): string | undefined {
  const role = a.data.provenance?.role;
  return typeof role === 'string' ? role : undefined;
}

/** The Review tree's rows: proposal branches first, then proposed files grouped by the role that made them. */
export function reviewTree(view: ProductionView | undefined, trusted: boolean): TreeNode[] {
  if (!view) return [];
  const act = trusted ? (['can-approve', 'can-reject'] as const) : [];
  const nodes: TreeNode[] = view.proposals.map((p) => ({
    id: `branch/${p.branch}`,
    label: p.subject || p.branch,
    description: `${p.role} · ${p.files.length} file${p.files.length === 1 ? '' : 's'} · +${p.insertions} −${p.deletions}`,
    tooltip: `${p.branch} (${p.commit.slice(0, 7)}), ${p.at}${p.cost ? `, cost ${amount(p.cost)}` : ''}`,
    icon: { id: 'git-pull-request', color: 'charts.yellow' },
    flags: ['proposal', 'proposal-branch', ...act],
    target: { branch: p.branch, role: p.role },
    children: p.files.map((f) => ({
      id: `branch/${p.branch}/${f.path}`,
      label: f.path,
      description: f.added === null ? 'binary' : `+${f.added} −${f.deleted}`,
      icon: { id: 'diff' },
      flags: ['proposal', 'proposal-file'],
      path: f.path,
      target: { branch: p.branch, role: p.role },
    })),
  }));
  const files = proposedFiles(view);
  const byRole = new Map<string, Artifact<FrontmatterData>[]>();
  for (const f of files) {
    const role = roleOf(f) ?? 'unknown role';
    byRole.set(role, [...(byRole.get(role) ?? []), f]);
  }
  nodes.push(...teamNodes(view));
  for (const [role, items] of byRole) {
    nodes.push({
      id: `proposed/${role}`,
      label: role,
      description: `${items.length} proposed file${items.length === 1 ? '' : 's'}`,
      icon: { id: 'person' },
      flags: [],
      target: { role },
      expanded: true,
      children: items.map((a) => ({
        id: `proposed/${role}/${a.path}`,
        label: a.path,
        description: typeof a.data.provenance?.model === 'string' ? a.data.provenance.model : undefined,
        tooltip: `${a.path}: proposed by ${role}. Approve to lock it in a commit, or reject it with a note for ${role}.`,
        icon: statusIcon('proposed'),
        flags: ['proposal', 'proposal-file', 'artifact', ...act],
        path: a.path,
        line: 1,
        target: { role },
      })),
    });
  }
  return nodes;
}

/** The team's remote as last fetched: its proposal branches, and what teammates locked since. */
function teamNodes(view: ProductionView): TreeNode[] {
  const team = view.team;
  if (!team) return [];
  const nodes: TreeNode[] = [];
  if (team.proposals.length) {
    nodes.push({
      id: `remote/${team.remote}/proposals`,
      label: `On ${team.remote}`,
      description: `${team.proposals.length} proposal branch${team.proposals.length === 1 ? '' : 'es'}`,
      tooltip: `Proposal branches on ${team.remote} as of your last sync (CI shards, teammates' runs).`,
      icon: { id: 'cloud' },
      flags: [],
      expanded: true,
      children: team.proposals.map((p) => ({
        id: `remote/${team.remote}/${p.branch}`,
        label: p.subject || p.branch,
        description: `${p.role} · ${p.by.replace(/ <.*>$/, '')} · ${p.at.slice(0, 10)}`,
        tooltip: `${team.remote}/${p.branch} (${p.commit.slice(0, 7)}) by ${p.by}, ${p.at}. To review it here: git branch ${p.branch} ${team.remote}/${p.branch}`,
        icon: { id: 'git-pull-request', color: 'charts.blue' },
        flags: ['proposal'],
        target: { branch: p.branch, role: p.role },
      })),
    });
  }
  if (team.locks.length) {
    nodes.push({
      id: `remote/${team.remote}/locks`,
      label: 'Locked by teammates',
      description: `${team.locks.length} since your last sync`,
      tooltip: `Locks on ${team.remote}/${team.branch} that your branch does not have yet: run \`filmcrew sync\` to bring them in. Locking these yourself is refused.`,
      icon: { id: 'lock', color: 'charts.purple' },
      flags: [],
      children: team.locks.map((l) => ({
        id: `remote/${team.remote}/locks/${l.path}`,
        label: l.path,
        description: `${l.by.replace(/ <.*>$/, '')} · ${l.at.slice(0, 16).replace('T', ' ')}`,
        tooltip: `${l.path} locked by ${l.by} at ${l.at} (commit ${l.commit.slice(0, 7)})`,
        icon: { id: 'lock' },
        flags: [],
      })),
    });
  }
  return nodes;
}

/** How many things wait for review (the view's badge). */
export function pendingCount(view: ProductionView | undefined): number {
  return view ? view.proposals.length + proposedFiles(view).length : 0;
}
