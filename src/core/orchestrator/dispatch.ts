/**
 * Dispatch: every task of a plan at once, bounded by p-limit. A task first waits for the tasks
 * in its `after` (outside the limit, so waiting never holds a slot), then takes a slot. A task
 * whose dependency failed or was skipped is skipped with that reason.
 *
 * Tasks that make no model call (a clip from its frame, the editor's exports) take their slots
 * from a limit of their own, `local`: the run's concurrency is for a model's rate limits, and
 * these wait on the machine's renderers instead, which queue their own work (media/encodes.ts).
 */
import pLimit from 'p-limit';
import type { PlannedTask } from './planner';
import type { TaskReport } from './types';

export async function dispatch(
  tasks: readonly PlannedTask[],
  concurrency: number,
  run: (task: PlannedTask) => Promise<TaskReport>,
  skip: (task: PlannedTask, reason: string) => TaskReport,
  local: number = concurrency,
): Promise<TaskReport[]> {
  const limit = pLimit(Math.max(1, Math.floor(concurrency)));
  const localLimit = pLimit(Math.max(1, Math.floor(local)));
  const settled = new Map<string, Promise<TaskReport>>();
  // Tasks come in dependency order (the planner sorts them), so every `after` is already known.
  for (const task of tasks) {
    const deps = task.spec.after.map((id) => settled.get(id)).filter((p): p is Promise<TaskReport> => p !== undefined);
    const slots = task.handler.modalities.length === 0 ? localLimit : limit;
    const promise = (deps.length ? Promise.all(deps) : Promise.resolve([] as TaskReport[])).then((done) => {
      const blocked = done.find((d) => d.outcome === 'failed' || d.outcome === 'skipped');
      if (blocked) return skip(task, `waits for ${blocked.id}, which ${blocked.outcome === 'failed' ? 'failed' : 'did not run'}`);
      return slots(() => run(task));
    });
    settled.set(task.spec.id, promise);
  }
  return Promise.all(tasks.map((t) => settled.get(t.spec.id)!));
}
