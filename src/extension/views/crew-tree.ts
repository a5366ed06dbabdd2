/**
 * The Crew tree: each role with its one-sentence responsibility, its state in the current run
 * (idle, running, failed), the task in hand and what it has spent; roles that work per scene
 * show one instance per scene. Rows open the role's agent.md and feedback.md.
 */
import { agentFile, feedbackFile } from '../../core/model/paths';
import type { AgentSpec } from '../../core/model/types';
import type { CrewActivity, RoleActivity, TaskActivity } from '../crew-activity';
import type { ProductionView } from '../production-view';
import type { NodeIcon, TreeNode } from './node';
import { money } from '../../core/money';

function spentText(amount: number, currency: string): string {
  return amount === 0 ? 'nothing spent' : `${money(amount, currency, 'symbol')} spent`;
}

function stateIcon(activity: RoleActivity): NodeIcon {
  switch (activity.state) {
    case 'running':
      return { id: 'loading~spin', color: 'charts.blue' };
    case 'failed':
      return { id: 'error', color: 'charts.red' };
    case 'idle':
      return { id: 'person' };
  }
}

function taskNode(role: string, t: TaskActivity): TreeNode {
  const icon: NodeIcon =
    t.state === 'running'
      ? { id: 'loading~spin', color: 'charts.blue' }
      : t.state === 'failed'
        ? { id: 'error', color: 'charts.red' }
        : t.state === 'done'
          ? { id: 'check', color: 'charts.green' }
          : t.state === 'skipped'
            ? { id: 'debug-step-over' }
            : { id: 'clock' };
  return {
    id: `task/${t.taskId}`,
    label: t.subject,
    description: [t.state, t.model].filter(Boolean).join(' · '),
    tooltip: t.reason ?? `${t.taskId}: ${t.state}`,
    icon,
    flags: ['task'],
    target: { role, subject: t.subject },
  };
}

function roleNode(view: ProductionView, agent: AgentSpec, activity: RoleActivity): TreeNode {
  const role = agent.data.role;
  const spent = view.spend.byRole[role] ?? 0;
  const running = activity.tasks.filter((t) => t.state === 'running');
  const current = running.length ? `working on ${running.map((t) => t.subject).slice(0, 3).join(', ')}${running.length > 3 ? '…' : ''}` : activity.state;
  const perScene = agent.data.instances === 'per-scene';
  let children: TreeNode[];
  if (perScene) {
    // One instance per scene (a DOP per scene): each shows the tasks it has in this run.
    children = view.production.scenes.map((scene) => {
      const tasks = activity.tasks.filter((t) => t.subject === scene.id || t.subject.startsWith(`${scene.id}-`));
      const state = tasks.some((t) => t.state === 'running') ? 'running' : tasks.some((t) => t.state === 'failed') ? 'failed' : 'idle';
      return {
        id: `instance/${role}/${scene.id}`,
        label: `${agent.data.name ?? role} · ${scene.id}`,
        description: state,
        tooltip: scene.heading,
        icon: state === 'running' ? { id: 'loading~spin', color: 'charts.blue' } : state === 'failed' ? { id: 'error', color: 'charts.red' } : { id: 'person' },
        flags: ['task'],
        target: { role, subject: scene.id },
        children: tasks.map((t) => taskNode(role, t)),
      };
    });
  } else {
    children = activity.tasks.filter((t) => t.state !== 'done' && t.state !== 'skipped').map((t) => taskNode(role, t));
  }
  return {
    id: `role/${role}`,
    label: agent.data.name ?? role,
    description: `${current} · ${spentText(spent, view.spend.currency)}`,
    tooltip: `${agent.data.responsibility}\n\nStage: ${agent.data.stage}\nReads: ${agent.data.reads.join(', ')}\nWrites: ${agent.data.writes.join(', ')}`,
    icon: stateIcon(activity),
    flags: ['role'],
    path: agentFile(role),
    target: { role },
    ...(children.length ? { children, expanded: activity.state !== 'idle' } : {}),
  };
}

/** The Crew tree's rows: one per role of the production, in its agents' order. */
export function crewTree(view: ProductionView | undefined, activity: CrewActivity): TreeNode[] {
  if (!view) return [];
  return view.production.agents.map((agent) => roleNode(view, agent, activity.role(agent.data.role)));
}

/** The feedback file a role row opens. */
export function feedbackPathOf(node: TreeNode): string | undefined {
  return node.target?.role ? feedbackFile(node.target.role) : undefined;
}
