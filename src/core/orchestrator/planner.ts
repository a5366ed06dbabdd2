/**
 * The planner: which tasks a stage has, from the roles that have an agent.md (agents are data:
 * a role without `agents/<role>/agent.md` does not work), scoped by act and role, with the
 * dependency edges between them. It asserts what a plan must be: unique task ids, no path
 * written by two tasks, writes inside the agent's declared writes, no cycles.
 */
import type { RoleHandler, TaskSpec } from '../crew/role';
import { agentFile } from '../model/paths';
import type { AgentSpec, Production } from '../model/types';
import { STAGES, type StageId } from '../pipeline/stages';
import { isGlob, matchesAny } from './inputs';

export interface RunScope {
  stage?: StageId;
  act?: string;
  only?: string;
  /** Only the tasks about these subjects (each role maps a shot id to its own unit of work). */
  subjects?: ReadonlySet<string>;
}

export interface PlannedTask {
  spec: TaskSpec;
  handler: RoleHandler;
  agent: AgentSpec;
  /** For an alternative: the path the role names → the path it is written to. */
  rename?: ReadonlyMap<string, string>;
}

export interface PlanProblem {
  role: string;
  task?: string;
  message: string;
}

export interface StagePlan {
  tasks: PlannedTask[];
  problems: PlanProblem[];
  /** Roles of these stages that did not run, and why (no agent.md). */
  idle: { role: string; reason: string }[];
}

/** The agent.md of a role, if the production has one. */
export function agentOf(production: Production, role: string): AgentSpec | undefined {
  return production.agents.find((a) => a.path === agentFile(role)) ?? production.agents.find((a) => a.data.role === role);
}

/** `media/clips/s01-001.mp4` → `media/clips/s01-001.alt2.mp4`. */
export function alternativePath(path: string, n: number): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? `${path.slice(0, dot)}.alt${n}${path.slice(dot)}` : `${path}.alt${n}`;
}

function alternatives(task: PlannedTask, count: number): PlannedTask[] {
  const out = [task];
  for (let n = 2; n <= count; n++) {
    const rename = new Map(task.spec.writes.map((w) => [w, alternativePath(w, n)]));
    out.push({
      ...task,
      spec: {
        ...task.spec,
        id: `${task.spec.id}~alt${n}`,
        instance: task.spec.instance ? `${task.spec.instance}-alt${n}` : `alt${n}`,
        writes: task.spec.writes.map((w) => rename.get(w)!),
      },
      rename,
    });
  }
  return out;
}

/** Each role's tasks for `stages`, stage by stage, with its alternatives; roles without an agent.md are idle. */
function tasksOfRoles(production: Production, handlers: readonly RoleHandler[], stages: readonly StageId[], scope: RunScope, plan: StagePlan): PlannedTask[] {
  const tasks: PlannedTask[] = [];
  const order = STAGES.map((s) => s.id).filter((s) => stages.includes(s));
  for (const stageId of order) {
    for (const handler of handlers) {
      if (handler.stage !== stageId) continue;
      if (scope.only && handler.role !== scope.only) continue;
      const agent = agentOf(production, handler.role);
      if (!agent) {
        plan.idle.push({ role: handler.role, reason: `no ${agentFile(handler.role)}: add the agent (filmcrew init scaffolds the crew) for this role to work` });
        continue;
      }
      let specs: TaskSpec[];
      try {
        specs = handler.plan(production, { act: scope.act, ...(scope.subjects?.size ? { subjects: scope.subjects } : {}) });
      } catch (e) {
        plan.problems.push({ role: handler.role, message: `could not plan its tasks: ${(e as Error).message}` });
        continue;
      }
      const count = typeof agent.data.instances === 'number' && agent.data.instances > 1 ? Math.floor(agent.data.instances) : 1;
      for (const spec of specs) {
        if (scope.act && spec.act && spec.act !== scope.act) continue;
        const outside = spec.writes.find((w) => !matchesAny(w, agent.data.writes ?? []));
        if (outside) {
          plan.problems.push({ role: handler.role, task: spec.id, message: `would write ${outside}, which ${agent.path} does not list in its writes` });
          continue;
        }
        tasks.push(...alternatives({ spec, handler, agent }, count));
      }
    }
  }
  return tasks;
}

/** Unique ids and unique writes: the second claimant is refused, never silently merged. Returns the tasks kept, by id, and each path's writer. */
function claimed(tasks: PlannedTask[], problems: PlanProblem[]): { kept: PlannedTask[]; byId: Map<string, PlannedTask>; writer: Map<string, string> } {
  const byId = new Map<string, PlannedTask>();
  const writer = new Map<string, string>();
  const kept = tasks.filter((t) => {
    if (byId.has(t.spec.id)) {
      problems.push({ role: t.spec.role, task: t.spec.id, message: `two tasks share the id ${t.spec.id}` });
      return false;
    }
    const clash = t.spec.writes.find((w) => writer.has(w));
    if (clash) {
      problems.push({ role: t.spec.role, task: t.spec.id, message: `would write ${clash}, which task ${writer.get(clash)} also writes` });
      return false;
    }
    byId.set(t.spec.id, t);
    for (const w of t.spec.writes) writer.set(w, t.spec.id);
    return true;
  });
  return { kept, byId, writer };
}

/**
 * Edges: the declared ones inside this plan, and reader → writer of a path it names. A glob
 * read adds no edge: siblings that read `shots/*.md` while writing one shot each would wait for
 * each other forever; a role whose task needs a sibling's output says so in `after`.
 */
function edgesOf(tasks: readonly PlannedTask[], byId: ReadonlyMap<string, PlannedTask>, writer: ReadonlyMap<string, string>): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const t of tasks) {
    const deps = new Set(t.spec.after.filter((a) => byId.has(a) && a !== t.spec.id));
    for (const r of t.spec.reads) {
      if (isGlob(r)) continue;
      const id = writer.get(r);
      if (id && id !== t.spec.id) deps.add(id);
    }
    edges.set(t.spec.id, deps);
  }
  return edges;
}

/** Topological order (depth-first); a task on a cycle is refused with its cycle named. */
function inOrder(tasks: readonly PlannedTask[], byId: ReadonlyMap<string, PlannedTask>, edges: ReadonlyMap<string, Set<string>>, problems: PlanProblem[]): PlannedTask[] {
  const sorted: PlannedTask[] = [];
  const state = new Map<string, 'visiting' | 'done' | 'cycle'>();
  const visit = (id: string, path: string[]): boolean => {
    const s = state.get(id);
    if (s === 'done') return true;
    if (s === 'cycle') return false;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      for (const c of cycle) state.set(c, 'cycle');
      problems.push({ role: byId.get(id)!.spec.role, task: id, message: `waits for itself through ${cycle.join(' → ')}` });
      return false;
    }
    state.set(id, 'visiting');
    let ok = true;
    for (const d of edges.get(id) ?? []) ok = visit(d, [...path, id]) && ok;
    if (state.get(id) === 'cycle' || !ok) {
      state.set(id, 'cycle');
      return false;
    }
    state.set(id, 'done');
    const t = byId.get(id)!;
    sorted.push({ ...t, spec: { ...t.spec, after: [...(edges.get(id) ?? [])] } });
    return true;
  };
  for (const t of tasks) visit(t.spec.id, []);
  for (const t of tasks) {
    if (state.get(t.spec.id) === 'cycle' && !problems.some((p) => p.task === t.spec.id)) {
      problems.push({ role: t.spec.role, task: t.spec.id, message: 'waits for a task on a dependency cycle' });
    }
  }
  return sorted;
}

/** Tasks of `stages` in dependency order, with the problems that kept others out. */
export function planStages(production: Production, handlers: readonly RoleHandler[], stages: readonly StageId[], scope: RunScope): StagePlan {
  const plan: StagePlan = { tasks: [], problems: [], idle: [] };
  const { kept, byId, writer } = claimed(tasksOfRoles(production, handlers, stages, scope, plan), plan.problems);
  plan.tasks = inOrder(kept, byId, edgesOf(kept, byId, writer), plan.problems);
  return plan;
}
