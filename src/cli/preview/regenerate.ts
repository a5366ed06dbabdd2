/**
 * Regenerating a shot's frame or clip from the storyboard: a run of the one task that makes it,
 * through the orchestrator like `filmcrew run --only … --shot …` (the storyboard artist's task for
 * the shot, the DOP's for its scene), forced so it is redone though its inputs are unchanged. Nobody is at a terminal to
 * answer questions, so the preview answers them with the one safe policy: calls that cost
 * nothing go ahead; paid calls and gates are declined with a pointer to where a person can say yes.
 */
import { environmentSecrets, type ApprovalPrompt, type Logger, type RunEvent } from '../../core/host';
import type { Artifact, ShotData } from '../../core/model/types';
import { runProduction } from '../../core/orchestrator/index';
import type { RunProgressMessage } from '../../core/storyboard/protocol';

/** What regenerating needs of the preview server (actions.ts's context is this and more). */
export interface RegenerateContext {
  root: string;
  log(line: string): void;
  progress(message: RunProgressMessage): void;
  /** Reloads these production-relative paths now, without waiting for the watcher. */
  touched(paths: string[]): Promise<void>;
}

const freeCallsOnly: ApprovalPrompt = {
  ask: async (q) => (q.kind === 'call' && q.paid === false ? { answer: 'approve' } : { answer: 'deny' }),
};

/** Runs the storyboard artist (frame) or the DOP (clip) for a shot; says how it went. */
export async function regenerate(shot: Artifact<ShotData>, what: 'frame' | 'clip', ctx: RegenerateContext): Promise<[boolean, string]> {
  const role = what === 'frame' ? 'storyboard-artist' : 'dop';
  const stage = what === 'frame' ? 'storyboard' : 'generation';
  const id = String(shot.data.id);
  const logger: Logger = { debug() {}, info() {}, warn: (m) => ctx.log(`run: ${m}`), error: (m) => ctx.log(`run: ${m}`) };
  let runId = '', done = 0, total = 0;
  const observer = (e: RunEvent) => {
    if (e.type === 'run-started') runId = e.runId;
    else if (e.type === 'task-queued') total++;
    else if (e.type === 'task-finished') done++;
    else return;
    ctx.progress({ type: 'run/progress', runId, state: 'running', done, total, message: `Regenerating with the ${role}` });
  };
  const summary = await runProduction(ctx.root, { stage, only: role, subjects: [id], force: true, prompt: freeCallsOnly, secrets: environmentSecrets, logger, observer });
  // The run held only the task about this shot (the DOP's is about its scene).
  const task = summary.tasks.find((t) => t.role === role);
  ctx.progress({ type: 'run/progress', runId: summary.runId, state: summary.ok ? 'finished' : 'failed', done, total, message: summary.ok ? 'Run finished' : summary.stopped?.message ?? 'Run failed' });
  await ctx.touched([shot.path, ...(task?.outputs ?? [])]);
  if (summary.stopped) return [false, summary.stopped.message];
  if (!task) return [false, `The ${role} had nothing to do for ${id}${summary.waiting.length ? `: ${stage} waits on ${summary.waiting.map((w) => w.on).join(', ')}` : ''}.`];
  switch (task.outcome) {
    case 'succeeded':
      return [true, `Regenerated the ${what} of ${id}.`];
    case 'cached':
      return [true, `The ${what} of ${id} was already redone by this run.`];
    case 'failed':
      return [false, `The ${role} failed on ${id}: ${task.reason ?? 'no reason given'}.`];
    case 'skipped':
      return [false, `The ${role} skipped ${id}: ${task.reason ?? 'no reason given'}.`];
  }
}
