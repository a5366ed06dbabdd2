/**
 * What a run is asked to do and what it reports: the library API the CLI and the extension call.
 */
import type { RoleHandler } from '../crew/role';
import type { Diagnostic } from '../diagnostics';
import type { ApprovalPrompt, Logger, RunObserver, Secrets } from '../host';
import type { GateId, StageId } from '../pipeline/stages';
import type { Provider } from '../providers/types';
import type { SpendTotals } from './budget';
import type { RetryPolicy } from './call';
import type { PlanProblem } from './planner';
import type { Shard } from '../team/shards';

export interface RunOptions {
  stage?: StageId;
  act?: string;
  only?: string;
  /**
   * Only the tasks about these subjects (shot ids, asset ids like `mara`, scene ids for the DOP,
   * `cut` for the editor and checker), as each role reads them. A subject no task covers is a
   * FilmcrewError naming the subjects there are. Gates are not passed in such a run.
   */
  subjects?: string[];
  /**
   * Regenerate: re-run the `subjects`' tasks even when their inputs are unchanged (a cache hit,
   * a kept paid answer), journaled as forced. Needs `subjects`. Outputs go through the writer as
   * usual: a new proposal, beside a file a person changed.
   */
  force?: boolean;
  /**
   * Draw the storyboard before the asset lock too (a rough pass), not only after it: every frame
   * is then drawn twice, and the summary counts both.
   */
  roughStoryboard?: boolean;
  /** Tasks at once; default production.md `concurrency`, else 6 (and tasks that call no model, such as clips, as many as keep the renderers busy). */
  concurrency?: number;
  /** Continue a run: `true` = the newest, a string = that run id. */
  resume?: boolean | string;
  /** The run's id, chosen by the caller (the shards of one CI run share one); resumed if its journal exists. */
  runId?: string;
  /** Only this share of each wave's tasks (`--shard i/n`, see team/shards.ts). */
  shard?: Shard;
  /** A lower cap than production.md's for this run's machine (a CI shard): spend as its journal counts it. */
  budgetCap?: number;
  /** false: no gate is put to anyone (a run whose work goes to proposal branches for review). */
  passGates?: boolean;
  /** Force every call onto this provider (`--provider offline`). */
  provider?: string;
  prompt: ApprovalPrompt;
  secrets: Secrets;
  logger: Logger;
  observer?: RunObserver;
  signal?: AbortSignal;
  /** The providers to route to; default: the offline provider and the configured HTTP ones. */
  providers?: Provider[];
  /** The crew; default: the built-in roles. Tests pass scripted ones. */
  roles?: RoleHandler[];
  /** Backoff policy; tests shorten it. */
  retry?: Partial<RetryPolicy>;
}

export type TaskOutcomeKind = 'succeeded' | 'cached' | 'failed' | 'skipped';

export interface TaskReport {
  id: string;
  role: string;
  stage: StageId;
  outcome: TaskOutcomeKind;
  /** Why it failed or was skipped, in a person's words. */
  reason?: string;
  outputs: string[];
  cost: number;
  durationMs: number;
  models: string[];
}

export interface GateReport {
  gate: GateId;
  outcome: 'passed' | 'denied' | 'unavailable' | 'failed' | 'nothing-to-approve';
  message: string;
}

/** Why a run stopped before its work was done. */
export interface RunStop {
  reason: 'budget' | 'question' | 'aborted';
  message: string;
}

/** 0 all ok; 1 some task failed; 3 stopped at the budget cap; 4 stopped: a question needs a person. */
/** 0 done; 1 a task failed; 3 budget cap; 4 a question needs a person; 6 work left (a gate declined or blocked, a call declined); 130 cancelled (Ctrl-C). */
export type RunExitCode = 0 | 1 | 3 | 4 | 6 | 130;

export interface RunSummary {
  runId: string;
  /** Absolute path of the journal. */
  journal: string;
  ok: boolean;
  exitCode: RunExitCode;
  stopped?: RunStop;
  tasks: TaskReport[];
  counts: Record<TaskOutcomeKind, number>;
  /** Tasks run (succeeded or failed), each time: a task redone after a gate in the same run counts twice. */
  taskRuns: number;
  /** Provider calls sent (retries included); 0 on a run with nothing to do. */
  calls: number;
  spend: { run: SpendTotals; production: SpendTotals; cap: number | undefined; currency: string };
  gates: GateReport[];
  problems: PlanProblem[];
  /** Roles that did not work this run, and why. */
  idle: { role: string; reason: string }[];
  /** `task-failed` and `write-conflict` diagnostics, for the Problems view and the CLI. */
  diagnostics: Diagnostic[];
  /** Stages that could not start, and the gate or stage they wait for. */
  waiting: { stage: StageId; on: string }[];
  durationMs: number;
}
