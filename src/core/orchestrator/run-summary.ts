/**
 * The end of a run: what could not start and on what, the counts, the honest exit code, the
 * journal closed and what the run did remembered, and the summary the CLI and the extension show.
 */
import { statSync } from 'node:fs';
import { taggingMemo } from '../crew/breakdown/tagging-memo';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { stage as stageOf, type StageId } from '../pipeline/stages';
import { questionsMessage } from '../questions/engine';
import type { GateStates } from './gates';
import { journalPath } from './journal';
import type { PlanProblem } from './planner';
import type { RunSetup } from './run-setup';
import type { GateReport, RunExitCode, RunStop, RunSummary, TaskReport } from './types';

/** What the stage walk leaves for the summary. */
export interface WalkOutcome {
  startedAt: number;
  inScope: readonly StageId[];
  done: ReadonlySet<StageId>;
  troubled: ReadonlySet<StageId>;
  /** Stages some of whose tasks went to other shards. */
  elsewhere: ReadonlySet<StageId>;
  finalGates: GateStates | undefined;
  /** One report per task (a task redone in a later wave keeps what it did). */
  reports: ReadonlyMap<string, TaskReport>;
  taskRuns: number;
  problems: PlanProblem[];
  idle: { role: string; reason: string }[];
  gates: GateReport[];
  gatesAllowed: boolean;
  /** Whether a stage is held back for the asset lock (waitsForLooks in run.ts). */
  waitsForLooks(stage: StageId, passed: GateStates): boolean;
  predecessors(stage: StageId): StageId[];
}

/** The stages that did not run, each with what it waits on. */
function waitingStages(walk: WalkOutcome): { stage: StageId; on: string }[] {
  const waiting: { stage: StageId; on: string }[] = [];
  const gates = walk.finalGates;
  for (const s of walk.inScope) {
    if (walk.done.has(s)) continue;
    const missing: string[] = stageOf(s).needs.filter((g) => !gates?.[g]);
    if (!missing.length && gates && walk.waitsForLooks(s, gates)) missing.push('assets');
    const blockedBy = walk.predecessors(s).filter((p) => walk.troubled.has(p));
    const on = missing.length
      ? `gate ${missing.join(', ')}`
      : blockedBy.length
        ? `stage ${blockedBy.join(', ')} (it has failures)`
        : stageOf(s).after.some((a) => walk.elsewhere.has(a))
          ? 'the other shards (combine them with `filmcrew review --combine`, approve, run again)'
          : 'the run stopping';
    waiting.push({ stage: s, on });
  }
  return waiting;
}

/**
 * Whether the run left work undone that a person must see to: a task skipped (a declined or
 * refused call, one blocked by a failure), or a gate a person declined or that could not be
 * passed. A stage waiting behind a gate with nothing to approve (no crew made anything) is not,
 * nor are the gates a narrowed run (--only, --act, --subject) does not ask.
 */
function workLeft(gates: readonly GateReport[], counts: Record<string, number>): boolean {
  if ((counts.skipped ?? 0) > 0) return true;
  return gates.some((g) => g.outcome === 'denied' || g.outcome === 'failed' || g.outcome === 'unavailable');
}

/** The run's exit code, documented in the README: the first that applies of 130, 3, 4, 1, 6, else 0. */
function exitCodeOf(stopped: RunStop | undefined, failed: boolean, left: boolean): RunExitCode {
  if (stopped?.reason === 'aborted') return 130;
  if (stopped?.reason === 'budget') return 3;
  if (stopped?.reason === 'question') return 4;
  if (failed) return 1;
  return left ? 6 : 0;
}

function dedupe(xs: { role: string; reason: string }[]): { role: string; reason: string }[] {
  const seen = new Set<string>();
  return xs.filter((x) => (seen.has(x.role) ? false : (seen.add(x.role), true)));
}

function summaryDiagnostics(reports: Iterable<TaskReport>, problems: readonly PlanProblem[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const r of reports) {
    if (r.outcome === 'failed') diagnostics.push(diagnostic(r.outputs[0] ?? `agents/${r.role}/agent.md`, 1, 1, 'error', 'task-failed', `${r.id} failed: ${r.reason}`));
    if (r.reason?.startsWith('write-conflict:')) diagnostics.push(diagnostic(r.outputs[0] ?? '', 1, 1, 'warning', 'write-conflict', r.reason.slice('write-conflict: '.length)));
  }
  for (const p of problems) diagnostics.push(diagnostic(`agents/${p.role}/agent.md`, 1, 1, 'error', 'task-failed', `${p.task ?? p.role}: ${p.message}`));
  return diagnostics;
}

/** Ends the run: journal closed, memory and index saved; returns its summary. */
export async function finishRun(run: RunSetup, walk: WalkOutcome): Promise<RunSummary> {
  const { state, journal, ledger, runId, root } = run;
  const waiting = waitingStages(walk);
  if (state.raised?.length) state.stop({ reason: 'question', message: questionsMessage(state.raised) });
  const counts = { succeeded: 0, cached: 0, failed: 0, skipped: 0 };
  for (const r of walk.reports.values()) counts[r.outcome]++;
  const failed = counts.failed > 0 || walk.problems.length > 0;
  const exitCode = exitCodeOf(state.stopped, failed, workLeft(walk.gatesAllowed ? walk.gates : [], counts));
  const ok = exitCode === 0 && counts.skipped === 0;
  if (state.stopped) journal.note({ e: 'stopped', reason: state.stopped.message });
  journal.note({ e: 'run-finished', ok, counts, spent: ledger.run.total });
  run.observe({ type: 'run-finished', runId, ok });
  await state.book.settled();
  await journal.close();
  await run.memory.save({ [runId]: statSync(journalPath(root, runId)).size });
  await state.index.save();
  await run.loader.saveIndex();
  await taggingMemo.save();
  return {
    runId,
    journal: journalPath(root, runId),
    ok,
    exitCode,
    ...(state.stopped ? { stopped: state.stopped } : {}),
    tasks: [...walk.reports.values()],
    counts,
    taskRuns: walk.taskRuns,
    calls: run.calls(),
    spend: { run: ledger.run, production: ledger.total(), cap: run.cap, currency: run.currency },
    gates: walk.gates,
    problems: walk.problems,
    idle: dedupe(walk.idle),
    diagnostics: summaryDiagnostics(walk.reports.values(), walk.problems),
    waiting,
    durationMs: performance.now() - walk.startedAt,
  };
}
