/**
 * What each crew member is doing, folded from a run's live events: running, failed or idle, the
 * task in hand, and what the run has spent. The Crew tree and the status bar read it; it knows
 * nothing of VS Code.
 */
import type { RunEvent } from '../core/host';

export type CrewState = 'idle' | 'running' | 'failed';

export interface TaskActivity {
  taskId: string;
  /** The part after `<role>:`: a shot, a scene, an asset. */
  subject: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'skipped';
  model?: string;
  reason?: string;
}

export interface RoleActivity {
  role: string;
  state: CrewState;
  tasks: TaskActivity[];
  /** Tasks finished (succeeded or cached) in this run. */
  done: number;
}

export interface RunActivity {
  runId?: string;
  running: boolean;
  total: number;
  finished: number;
  spent: number;
  cap: number | undefined;
  /** The last thing that happened, in a sentence (for progress and the status bar). */
  message: string;
}

const subjectOf = (taskId: string, role: string) => (taskId.startsWith(`${role}:`) ? taskId.slice(role.length + 1) : taskId);

/** The crew's activity across one run at a time. Feed it every RunEvent; read `role()` and `run`. */
export class CrewActivity {
  private readonly roles = new Map<string, Map<string, TaskActivity>>();
  run: RunActivity = { running: false, total: 0, finished: 0, spent: 0, cap: undefined, message: 'No run yet.' };

  /** Folds one event in; returns true when something a view shows changed. */
  apply(event: RunEvent): boolean {
    switch (event.type) {
      case 'run-started':
        this.roles.clear();
        this.run = { ...this.run, runId: event.runId, running: true, total: event.total, finished: 0, message: `Run ${event.runId}: ${event.total} task${event.total === 1 ? '' : 's'} planned.` };
        return true;
      case 'task-queued': {
        const known = this.roles.get(event.role)?.has(event.taskId);
        this.task(event.role, event.taskId).state = 'queued';
        if (!known) this.run.total = Math.max(this.run.total, this.queuedCount());
        return true;
      }
      case 'task-started': {
        const t = this.task(event.role, event.taskId);
        t.state = 'running';
        t.model = event.model;
        this.run.message = `${event.role} is working on ${t.subject} with ${event.model}.`;
        return true;
      }
      case 'task-finished': {
        const t = this.task(event.role, event.taskId);
        t.state = event.outcome === 'failed' ? 'failed' : event.outcome === 'skipped' ? 'skipped' : 'done';
        t.reason = event.reason;
        this.run.finished++;
        this.run.message =
          event.outcome === 'failed'
            ? `${event.role} failed on ${t.subject}: ${event.reason ?? 'see the run trace'}.`
            : `${event.role} ${event.outcome === 'cached' ? 'reused' : event.outcome === 'skipped' ? 'skipped' : 'finished'} ${t.subject}.`;
        return true;
      }
      case 'task-progress': {
        const t = this.task(event.role, event.taskId);
        this.run.message = `${event.role} ${event.note ?? `is working on ${t.subject}`}: ${Math.round(event.fraction * 100)}%.`;
        return true;
      }
      case 'spend':
        this.run.spent = event.spent;
        this.run.cap = event.cap;
        return true;
      case 'run-finished':
        this.run.running = false;
        this.run.message = event.ok ? `Run ${event.runId} finished.` : `Run ${event.runId} finished with problems: see the run trace.`;
        for (const tasks of this.roles.values()) for (const t of tasks.values()) if (t.state === 'running' || t.state === 'queued') t.state = 'skipped';
        return true;
    }
  }

  /** Marks the run over when it ended without a run-finished event (cancelled, thrown). */
  stopped(message: string): void {
    this.run = { ...this.run, running: false, message };
    for (const tasks of this.roles.values()) for (const t of tasks.values()) if (t.state === 'running' || t.state === 'queued') t.state = 'skipped';
  }

  private queuedCount(): number {
    let n = 0;
    for (const tasks of this.roles.values()) n += tasks.size;
    return n;
  }

  /** A role's activity; idle with no tasks when the run has not touched it. */
  role(role: string): RoleActivity {
    const tasks = [...(this.roles.get(role)?.values() ?? [])];
    const state: CrewState = tasks.some((t) => t.state === 'running') ? 'running' : tasks.some((t) => t.state === 'failed') ? 'failed' : 'idle';
    return { role, state, tasks, done: tasks.filter((t) => t.state === 'done').length };
  }

  private task(role: string, taskId: string): TaskActivity {
    let tasks = this.roles.get(role);
    if (!tasks) this.roles.set(role, (tasks = new Map()));
    let t = tasks.get(taskId);
    if (!t) tasks.set(taskId, (t = { taskId, subject: subjectOf(taskId, role), state: 'queued' }));
    return t;
  }
}
