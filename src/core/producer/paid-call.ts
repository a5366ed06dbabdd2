/**
 * The producer's own model call, booked exactly like a crew call: it goes through the engine's
 * `callModelFor` (estimate, `decide()`, a person's yes when asked, reservation against the cap,
 * retries, the cost charged to the ledger and journaled), in a journal of its own under
 * `.filmcrew/producer/` (not a run: never the newest run nor resumed), which the production's
 * spend folds in like any run's.
 */
import type { TaskSpec } from '../crew/role';
import type { ApprovalPrompt, Logger } from '../host';
import { PRODUCER_RUNS_DIR } from '../model/paths';
import type { StageId } from '../pipeline/stages';
import { Ledger } from '../orchestrator/budget';
import { BudgetStop, CallDenied, CallFailed, callModelFor, DEFAULT_RETRY, type RetryPolicy, type TaskCalls } from '../orchestrator/call';
import { Journal, newRunId } from '../orchestrator/journal';
import { TaskMemory } from '../orchestrator/memory';
import { approvalMode } from '../orchestrator/policy';
import { ResultStore } from '../orchestrator/results';
import type { ProviderRegistry } from '../providers/registry';

export interface PaidCallOptions {
  root: string;
  model: string;
  prompt: string;
  registry: ProviderRegistry;
  approval: ApprovalPrompt;
  /** production.md's `approval` and `budget.cap`. */
  mode: unknown;
  cap: number | undefined;
  logger: Logger;
  retry?: RetryPolicy;
  signal?: AbortSignal;
}

export interface PaidCallResult {
  /** The model's text, or undefined when the call was not made or failed. */
  text?: string;
  /** Why there is no text: denied by the cap, declined by the person, or every try failed. */
  refusal?: string;
  /** What this call cost (0 when free or not made). */
  cost: number;
  /** The production's spend after it, and its cap. */
  spent: number;
  cap: number | undefined;
  /** The producer's journal of this call, production-relative. */
  journal: string;
}

/** The producer's calls belong to no stage of the spine: booked as their own line in the spend. */
const PRODUCER_STAGE = 'producer' as StageId;

function textOf(content: unknown): string {
  const text = (content as { text?: unknown } | undefined)?.text;
  return typeof text === 'string' ? text : JSON.stringify(content);
}

/** One producer call to `model`, charged and journaled; never throws for a refusal or a failure. */
export async function paidProducerCall(o: PaidCallOptions): Promise<PaidCallResult> {
  const runId = newRunId();
  const journal = await Journal.open(o.root, runId, PRODUCER_RUNS_DIR);
  const ledger = new Ledger(TaskMemory.load(o.root).spend(), o.cap);
  const task: TaskSpec = { id: 'producer:ask', role: 'producer', stage: PRODUCER_STAGE, subject: 'production', reads: [], writes: [], after: [] };
  const tally: TaskCalls = { models: [], providers: [], cost: 0 };
  const call = callModelFor(
    {
      journal,
      ledger,
      registry: o.registry,
      prompt: o.approval,
      mode: approvalMode(o.mode),
      retry: o.retry ?? DEFAULT_RETRY,
      results: new ResultStore(o.root),
      jobs: new Map(),
      signal: o.signal ?? new AbortController().signal,
      logger: o.logger,
      models: () => [o.model],
      onSpend: () => {},
    },
    task,
    tally,
    // Each question pays for its own answer: a kept answer is for resuming a run, not a conversation.
    runId,
  );
  journal.note({ e: 'run-started', run: runId, resumed: false, options: { producer: true, model: o.model }, pid: process.pid });
  let text: string | undefined;
  let refusal: string | undefined;
  try {
    text = textOf((await call({ modality: 'text', prompt: o.prompt, input: {} })).content);
  } catch (e) {
    if (e instanceof BudgetStop) refusal = `refused by the budget cap: ${e.message}`;
    else if (e instanceof CallDenied || e instanceof CallFailed) refusal = e.message;
    else {
      await journal.close().catch(() => undefined);
      throw e;
    }
  }
  journal.note({ e: 'run-finished', ok: text !== undefined, counts: {}, spent: tally.cost });
  await journal.close();
  return { ...(text !== undefined ? { text } : {}), ...(refusal ? { refusal } : {}), cost: tally.cost, spent: ledger.spent, cap: o.cap, journal: `${PRODUCER_RUNS_DIR}/${runId}.jsonl` };
}
