/**
 * One task, start to finish: its input key (a cache hit makes no call), its scoped context, the
 * role's work through the engine's CallModel, its outputs written as proposals, and a journal
 * line for each step. A task never throws: it ends succeeded, cached, failed or skipped.
 */
import type { RunObserver } from '../host';
import type { Production, Provenance } from '../model/types';
import { provenanceOf } from '../git/provenance';
import { BudgetStop, CallDenied, callModelFor, RunAborted, type CallEnvironment, type TaskCalls } from './call';
import { scopedContext, taskInputs, visibleReads, type FeedbackCache } from './context';
import { isGlob, taskKey, type FileIndex } from './inputs';
import type { Journal } from './journal';
import type { TaskMemory } from './memory';
import { snapshot, writeOutputs, type ProvenanceBook, type WriteEnvironment, type Written } from './outputs';
import type { PlannedTask } from './planner';
import type { RunStop, TaskReport } from './types';
import { allArtifacts } from '../model/artifacts';
import { waitForAnswers } from '../questions/engine';
import { QuestionRaised, type QuestionFile } from '../questions/types';
import { provenanceTime } from '../team/reproducible';

export interface RunState {
  root: string;
  runId: string;
  production: Production;
  journal: Journal;
  memory: TaskMemory;
  index: FileIndex;
  book: ProvenanceBook;
  call: CallEnvironment;
  observer: RunObserver;
  /** Path → status of every artifact as loaded for this wave. */
  statuses: ReadonlyMap<string, string | undefined>;
  /** Path → provenance of every markdown artifact as loaded for this wave. */
  provenances: ReadonlyMap<string, Provenance>;
  /** Each role's feedback, read once per wave. */
  feedback: FeedbackCache;
  stopped: RunStop | undefined;
  stop(stop: RunStop): void;
  /** Questions tasks raised this run: each holds back only its own task. */
  raised?: QuestionFile[];
  /** A regenerate: every planned task runs although its inputs are unchanged (the plan holds only the asked subjects). */
  force?: boolean;
}

/** Loaded artifacts' status and provenance, by path. */
export function artifactIndex(production: Production): { statuses: Map<string, string | undefined>; provenances: Map<string, Provenance> } {
  const statuses = new Map<string, string | undefined>();
  const provenances = new Map<string, Provenance>();
  for (const a of allArtifacts(production)) {
    statuses.set(a.path, a.data.status);
    const p = provenanceOf(a.data as Record<string, unknown>);
    if (p) provenances.set(a.path, p);
  }
  return { statuses, provenances };
}

function sameInputs(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/** Why the last success still stands, or undefined when the task must run. */
async function cacheHit(state: RunState, task: PlannedTask, key: string, inputs: Record<string, string>): Promise<{ outputs: string[]; via: 'journal' | 'provenance' } | undefined> {
  const rejected = (path: string) => state.statuses.get(path) === 'rejected';
  const record = state.memory.lookup(task.spec.id);
  if (record && record.key === key) {
    if (record.outputs.every((p) => state.index.exists(p)) && !record.outputs.some(rejected)) return { outputs: record.outputs, via: 'journal' };
    return undefined;
  }
  // No journal knows it (a fresh clone: .filmcrew is not committed): the outputs' provenance may.
  const writes = task.spec.writes;
  if (writes.length === 0 || writes.some(isGlob)) return undefined;
  for (const path of writes) {
    if (!state.index.exists(path) || rejected(path)) return undefined;
    const p = path.endsWith('.md') ? state.provenances.get(path) : await state.book.of(path);
    if (!p || p.task !== task.spec.id || !sameInputs(p.inputs, inputs)) return undefined;
  }
  return { outputs: [...writes], via: 'provenance' };
}

function report(task: PlannedTask, outcome: TaskReport['outcome'], extra: Partial<TaskReport> = {}): TaskReport {
  return { id: task.spec.id, role: task.spec.role, stage: task.spec.stage, outcome, outputs: [], cost: 0, durationMs: 0, models: [], ...extra };
}

/** Marks a task skipped (never started): dependency failed, run stopped. */
export function skipTask(state: RunState, task: PlannedTask, reason: string): TaskReport {
  state.journal.note({ e: 'skipped', task: task.spec.id, role: task.spec.role, stage: task.spec.stage, reason });
  state.observer({ type: 'task-finished', taskId: task.spec.id, role: task.spec.role, outcome: 'skipped', outputs: [], reason });
  return report(task, 'skipped', { reason });
}

/** The task's inputs and key, or its cached report when the last success still stands. */
async function prepare(state: RunState, task: PlannedTask): Promise<{ cached: TaskReport } | { inputs: Record<string, string>; key: string; forced: boolean }> {
  const { spec } = task;
  const inputs = taskInputs(task, state.index);
  const key = taskKey(inputs);
  // Forced, unless this very run already did it (a resume must not redo what it has done).
  const forced = Boolean(state.force) && state.memory.lookup(spec.id)?.run !== state.runId;
  const hit = forced ? undefined : await cacheHit(state, task, key, inputs);
  if (!hit) return { inputs, key, forced };
  state.journal.note({ e: 'cached', task: spec.id, role: spec.role, key, outputs: hit.outputs, via: hit.via });
  state.observer({ type: 'task-finished', taskId: spec.id, role: spec.role, outcome: 'cached', outputs: hit.outputs });
  return { cached: report(task, 'cached', { outputs: hit.outputs }) };
}

/** The role's work: its scoped context, its calls, its outputs written as proposals with provenance. */
async function work(state: RunState, task: PlannedTask, inputs: Record<string, string>, forced: boolean, tally: TaskCalls): Promise<Written> {
  const { spec } = task;
  const literalWrites = spec.writes.filter((w) => !isGlob(w));
  const seen = literalWrites.length ? await snapshot(state.root, literalWrites) : new Map<string, string | null>();
  const ctx = await scopedContext(state.production, task, state.runId, state.index, state.feedback);
  ctx.signal = state.call.signal;
  ctx.progress = (fraction, note) => state.observer({ type: 'task-progress', taskId: spec.id, role: spec.role, fraction, ...(note ? { note } : {}) });
  const outputs = await task.handler.run(ctx, callModelFor(state.call, spec, tally, forced ? state.runId : undefined));
  const provenance: Provenance = {
    run: state.runId,
    task: spec.id,
    role: spec.role,
    model: unique(tally.models).join('+') || 'none',
    provider: unique(tally.providers).join('+') || 'none',
    inputs,
    cost: round(tally.cost),
    at: provenanceTime(),
  };
  const env: WriteEnvironment = {
    root: state.root,
    index: state.index,
    book: state.book,
    writtenHash: (p) => state.memory.writtenHash(p),
    wrote: (p, hash) => state.memory.wrote(p, hash),
    intend: (path, hash) => state.journal.append({ e: 'writing', task: spec.id, path, hash }),
  };
  return writeOutputs(env, task, outputs, seen, new Set(visibleReads(task, state.index)), provenance);
}

/** A finished task's journal line and report (a write conflict is said in its reason). */
function succeeded(state: RunState, task: PlannedTask, key: string, inputs: Record<string, string>, written: Written, tally: TaskCalls, started: number): TaskReport {
  const { spec } = task;
  const durationMs = performance.now() - started;
  state.journal.note({
    e: 'succeeded',
    task: spec.id,
    role: spec.role,
    stage: spec.stage,
    key,
    inputs,
    outputs: written.outputs,
    written: written.hashes,
    conflicts: written.conflicts.map((c) => c.path),
    models: tally.models,
    cost: tally.cost,
    durationMs,
  });
  state.observer({ type: 'task-finished', taskId: spec.id, role: spec.role, outcome: 'succeeded', outputs: written.outputs });
  const conflictNote = written.conflicts.map((c) => `${c.path}: ${c.reason}; the proposal is in ${c.proposal}`).join('; ');
  return report(task, 'succeeded', {
    outputs: written.outputs,
    cost: tally.cost,
    durationMs,
    models: tally.models,
    ...(conflictNote ? { reason: `write-conflict: ${conflictNote}` } : {}),
  });
}

/** What a task that threw comes to: the run stopped (budget, nobody to ask), skipped, waiting for an answer, or failed. */
function interrupted(state: RunState, task: PlannedTask, e: unknown, started: number, tally: TaskCalls): TaskReport | Promise<TaskReport> {
  if (e instanceof BudgetStop) {
    state.stop({ reason: 'budget', message: `budget cap reached: ${e.message}` });
    return skipTask(state, task, `refused: ${e.message}`);
  }
  if (e instanceof CallDenied) return skipTask(state, task, e.message);
  if (e instanceof QuestionRaised) return waitForAnswer(state, task, e, started);
  if (e instanceof RunAborted) return skipTask(state, task, 'the run was cancelled');
  if (e instanceof NobodyToAsk) {
    state.stop({ reason: 'question', message: e.message });
    return skipTask(state, task, e.message);
  }
  return fail(state, task, (e as Error)?.message ?? String(e), started, tally);
}

/** Runs one task to an outcome. Never throws. */
export async function runTask(state: RunState, task: PlannedTask): Promise<TaskReport> {
  const { spec } = task;
  const started = performance.now();
  if (state.stopped) return skipTask(state, task, `not started: ${state.stopped.message}`);
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(state, task);
  } catch (e) {
    return fail(state, task, `could not read its inputs: ${(e as Error).message}`, started);
  }
  if ('cached' in prepared) return prepared.cached;
  const { inputs, key, forced } = prepared;

  state.journal.note({ e: 'started', task: spec.id, role: spec.role, key, ...(forced ? { forced: true } : {}) });
  state.observer({ type: 'task-started', taskId: spec.id, role: spec.role, model: state.call.models(spec.role, task.handler.modalities[0] ?? 'text')[0] ?? '' });
  const tally: TaskCalls = { models: [], providers: [], cost: 0 };
  try {
    const written = await work(state, task, inputs, forced, tally);
    return succeeded(state, task, key, inputs, written, tally, started);
  } catch (e) {
    return interrupted(state, task, e, started, tally);
  }
}

/** A task that asked a question: its question written, the task skipped until a person answers. */
async function waitForAnswer(state: RunState, task: PlannedTask, raised: QuestionRaised, started: number): Promise<TaskReport> {
  try {
    const w = await waitForAnswers(state.root, task.spec, raised);
    state.raised = [...(state.raised ?? []), ...w.questions];
    return skipTask(state, task, w.reason);
  } catch (e) {
    return fail(state, task, `could not write its question: ${(e as Error).message}`, started);
  }
}

function fail(state: RunState, task: PlannedTask, reason: string, started: number, tally?: TaskCalls): TaskReport {
  const durationMs = performance.now() - started;
  state.journal.note({ e: 'failed', task: task.spec.id, role: task.spec.role, stage: task.spec.stage, reason, durationMs });
  state.observer({ type: 'task-finished', taskId: task.spec.id, role: task.spec.role, outcome: 'failed', outputs: [], reason });
  return report(task, 'failed', { reason, durationMs, cost: tally?.cost ?? 0, models: tally?.models ?? [] });
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * An ApprovalPrompt throws this when no one can answer (a CLI without a terminal and without
 * `--yes`): the run stops cleanly and says how to answer.
 */
export class NobodyToAsk extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NobodyToAsk';
  }
}
