/**
 * The engine's `CallModel`: for each model of the role's list, in order — estimate, ask the
 * approval policy (and a person when it says ask), reserve the estimate against the cap, send,
 * retry retryable failures with exponential backoff and jitter (honouring Retry-After), then
 * route to the next model; when every model failed, the task fails with the last reason.
 */
import type { CallModel, DraftRequest, TaskSpec } from '../crew/role';
import type { ApprovalPrompt, CallQuestion, Logger } from '../host';
import type { Modality } from '../model/types';
import { metered } from '../meter';
import type { ProviderRegistry } from '../providers/registry';
import { ProviderError, type Provider, type ProviderRequest, type ProviderResult } from '../providers/types';
import type { Ledger, Reservation } from './budget';
import type { Journal } from './journal';
import { decide, wouldPassCap, type ApprovalMode } from './policy';
import { requestHash, type ResultStore } from './results';
import { sha256 } from '../artifact/hash';
import { askingCall } from '../questions/model-questions';
import { amount } from '../money';

export interface RetryPolicy {
  /** Retries of one model after the first attempt. */
  retries: number;
  baseMs: number;
  maxMs: number;
  /** [0, 1): injectable so tests are deterministic. */
  random: () => number;
  /** While a call is waited on, a line every this many ms says so (a log read without a terminal shows the run is alive). */
  noticeMs?: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseMs: 500, maxMs: 30_000, random: Math.random, noticeMs: 15_000 };

/** Exponential backoff with jitter; a server's Retry-After is a floor, never cut short. */
export function backoffMs(policy: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  const jittered = exp / 2 + (exp / 2) * policy.random();
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return retryAfterMs + Math.min(jittered, retryAfterMs * 0.1);
  return jittered;
}

/** The run must stop: a call would pass the budget cap. */
export class BudgetStop extends Error {
  constructor(
    readonly estimate: number | undefined,
    readonly spent: number,
    readonly cap: number,
  ) {
    super(`the next call (estimated ${estimate}) would take spending from ${amount(spent)} past the cap of ${cap}`);
    this.name = 'BudgetStop';
  }
}

/** A person said no to a call: the task is skipped, nothing spent. */
export class CallDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallDenied';
  }
}

/** Every model of the list failed or none could be routed. */
export class CallFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallFailed';
  }
}

export class RunAborted extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunAborted';
  }
}

export interface CallEnvironment {
  journal: Journal;
  ledger: Ledger;
  registry: ProviderRegistry;
  prompt: ApprovalPrompt;
  mode: ApprovalMode;
  retry: RetryPolicy;
  results: ResultStore;
  /** requestHash → job id submitted by an earlier (killed) run and not yet paid for. */
  jobs: ReadonlyMap<string, string>;
  signal: AbortSignal;
  logger: Logger;
  /** The model list of a role for a modality (production.md overrides agent.md). */
  models(role: string, modality: Modality): string[];
  /** Called when spend changes, for progress displays. */
  onSpend(): void;
}

/** What one task's calls add up to, for its journal line and provenance. */
export interface TaskCalls {
  models: string[];
  providers: string[];
  cost: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RunAborted());
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RunAborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(e: unknown): string {
  if (e instanceof ProviderError) return `${e.kind}${e.status ? ` ${e.status}` : ''}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** One model's turn at a task's call: the request as it will be sent and what it is kept under. */
interface Turn {
  env: CallEnvironment;
  task: TaskSpec;
  model: string;
  provider: Provider;
  request: ProviderRequest;
  /** The kept answer's key (paid answers and video jobs), else ''. */
  hash: string;
  estimate: number | undefined;
  /** Money is spent: the provider is paid, or the production prices this free-by-default server. */
  paid: boolean;
}

/** The call question a person (or the policy) answers before money is spent. */
function questionFor(turn: Turn): CallQuestion {
  const { task, request } = turn;
  const budget = turn.env.ledger.view();
  return {
    kind: 'call',
    taskId: task.id,
    role: task.role,
    model: turn.model,
    modality: request.modality,
    prompt: request.prompt,
    references: 'references' in request && request.references ? request.references : [],
    estimatedCost: turn.estimate,
    paid: turn.paid,
    spent: budget.spent,
    cap: budget.cap,
  };
}

/**
 * The call is approved (by the policy or a person) or this throws (CallDenied, BudgetStop). A
 * person may edit the prompt: the turn's request and key are updated.
 */
async function approve(turn: Turn, rekey: (request: ProviderRequest) => string): Promise<void> {
  const { env, task, model, estimate } = turn;
  if (estimate === undefined && env.prompt.unattended) {
    // Nobody reads an unpriced call under --yes: it could spend past the cap unseen.
    env.journal.note({ e: 'denied', task: task.id, model, estimate: null, by: 'policy', reason: 'no price' });
    throw new CallDenied(
      `${model} has no price, and --yes never approves a call it cannot count against the budget cap. Add it under \`prices:\` in production.md, e.g. \`${model}: { input_per_1m: 0.4, output_per_1m: 1.6 }\` (or \`${model}: 0\` when it is free), or run without --yes to be asked`,
    );
  }
  const question = questionFor(turn);
  const budget = env.ledger.view();
  const decision = decide(question, env.mode, budget);
  if (decision === 'deny') {
    const reason = wouldPassCap(budget, estimate) ? 'budget cap' : 'policy';
    env.journal.note({ e: 'denied', task: task.id, model, estimate: estimate ?? null, by: 'policy', reason });
    if (reason === 'budget cap') throw new BudgetStop(estimate, budget.spent + budget.reserved, budget.cap ?? 0);
    throw new CallDenied(`the approval policy refused ${model}`);
  }
  if (decision !== 'ask') {
    if (turn.paid) env.journal.note({ e: 'approved', task: task.id, model, estimate: estimate ?? null, by: 'policy' });
    return;
  }
  const answer = await env.prompt.ask(question, env.signal);
  if (answer.answer === 'deny') {
    env.journal.note({ e: 'denied', task: task.id, model, estimate: estimate ?? null, by: 'person', reason: 'denied' });
    throw new CallDenied(`a person declined the call to ${model}`);
  }
  if (answer.answer === 'edit') {
    turn.request = { ...turn.request, prompt: answer.prompt } as ProviderRequest;
    turn.hash = turn.hash ? rekey(turn.request) : '';
  }
  // The answer took time: the budget may have moved while the person read the question.
  const after = env.ledger.view();
  if (wouldPassCap(after, estimate)) {
    env.journal.note({ e: 'denied', task: task.id, model, estimate: estimate ?? null, by: 'policy', reason: 'budget cap' });
    throw new BudgetStop(estimate, after.spent + after.reserved, after.cap ?? 0);
  }
  env.journal.note({ e: 'approved', task: task.id, model, estimate: estimate ?? null, by: 'person' });
}

/** A video request resumes the job a killed run submitted, and journals a new job's id as soon as it exists. */
function withJobJournal(turn: Turn): void {
  const { env, task, model, provider, request, hash } = turn;
  if (request.modality !== 'video') return;
  const draftCallback = request.onJobSubmitted;
  turn.request = {
    ...request,
    resumeJobId: request.resumeJobId ?? env.jobs.get(hash),
    onJobSubmitted: (jobId: string) => {
      env.journal.note({ e: 'job', task: task.id, model, provider: provider.name, jobId, requestHash: hash });
      draftCallback?.(jobId);
    },
  };
}

/** Requests answered before a failure are paid for: charged and journaled like any call. */
function chargeFailed(turn: Turn, e: unknown, started: number, tally: TaskCalls): void {
  if (!(e instanceof ProviderError) || !e.requests) return;
  const cost = e.spent ?? 0;
  turn.env.ledger.charge({ role: turn.task.role, stage: turn.task.stage, model: turn.model, cost });
  noteCost(turn, cost, performance.now() - started, { requests: e.requests, failed: true });
  tally.cost += cost;
  if (cost !== 0) turn.env.onSpend();
}

/** A cost line in the journal: every request a provider answered, failed ones too. */
function noteCost(turn: Turn, cost: number, durationMs: number, extra: { requests?: number; failed?: true }): void {
  const { env, task } = turn;
  env.journal.note({ e: 'cost', task: task.id, role: task.role, stage: task.stage, model: turn.model, provider: turn.provider.name, cost, estimate: turn.estimate ?? null, durationMs, requestHash: turn.hash, ...extra });
}

/** One request to the provider, with a notice every so often while it is waited on; its cost settled. */
async function attempt(turn: Turn, n: number, reservation: Reservation, tally: TaskCalls): Promise<ProviderResult> {
  const { env, task, model, provider } = turn;
  env.journal.note({ e: 'call', task: task.id, model, provider: provider.name, attempt: n, requestHash: turn.hash });
  const started = performance.now();
  const notice = setInterval(
    () => env.logger.info(`${task.id}: still waiting for ${model}, ${Math.round((performance.now() - started) / 1000)} s so far`),
    env.retry.noticeMs ?? DEFAULT_RETRY.noticeMs!,
  );
  notice.unref();
  try {
    const result = await metered('provider', () => provider.call(turn.request)).finally(() => clearInterval(notice));
    const cost = Number.isFinite(result.cost) ? result.cost : 0;
    if (turn.paid) env.results.put(turn.hash, result);
    env.ledger.settle(reservation, { role: task.role, stage: task.stage, model, cost });
    noteCost(turn, cost, performance.now() - started, (result.usage?.requests ?? 1) > 1 ? { requests: result.usage!.requests } : {});
    tally.models.push(model);
    tally.providers.push(provider.name);
    tally.cost += cost;
    if (cost !== 0 || turn.estimate !== 0) env.onSpend();
    return result;
  } catch (e) {
    chargeFailed(turn, e, started, tally);
    throw e;
  }
}

/** Sends the turn's request, retrying what may be retried; the answer, or why this model failed. */
async function sendWithRetries(turn: Turn, tally: TaskCalls): Promise<{ result: ProviderResult } | { reason: string; retries: number }> {
  const { env, task, model } = turn;
  const reservation = env.ledger.reserve(turn.estimate);
  for (let n = 0; ; n++) {
    try {
      return { result: await attempt(turn, n, reservation, tally) };
    } catch (e) {
      if (env.signal.aborted) {
        env.ledger.release(reservation);
        throw new RunAborted();
      }
      if (!(e instanceof ProviderError && e.retryable) || n >= env.retry.retries) {
        env.ledger.release(reservation);
        return { reason: describe(e), retries: n };
      }
      const delayMs = backoffMs(env.retry, n, e.retryAfterMs);
      env.journal.note({ e: 'retried', task: task.id, model, attempt: n + 1, delayMs, reason: describe(e) });
      try {
        await sleep(delayMs, env.signal);
      } catch (abort) {
        env.ledger.release(reservation);
        throw abort;
      }
    }
  }
}

/**
 * A CallModel bound to one task. `fresh` (a forced task's run id) keys its kept answers to this
 * run: a regenerate pays for a new answer instead of reading back the last one, and a resume of
 * the same run still finds what it paid for.
 */
export function callModelFor(env: CallEnvironment, task: TaskSpec, tally: TaskCalls, fresh?: string): CallModel {
  const keyOf = (request: ProviderRequest): string => (fresh ? sha256(`${requestHash(request)}\0${fresh}`) : requestHash(request));
  const call = async (draft: DraftRequest): Promise<ProviderResult> => {
    const modality = draft.modality;
    const { routes, unrouted } = env.registry.routes(env.models(task.role, modality), modality);
    const reasons: string[] = unrouted.map((u) => `${u.model}: ${u.reason}`);
    for (const u of unrouted) env.journal.note({ e: 'routed', task: task.id, from: u.model, to: null, reason: u.reason });
    if (routes.length === 0) throw new CallFailed(reasons.join('; ') || `no model is listed for ${task.role} (${modality})`);

    for (let i = 0; i < routes.length; i++) {
      const { model, provider } = routes[i]!;
      if (env.signal.aborted) throw new RunAborted();
      const request = { ...draft, model, role: task.role, taskId: task.id, signal: env.signal } as ProviderRequest;
      // A free-by-default server (one on loopback) that production.md prices is paid like any other.
      const estimate = provider.estimate(request);
      const paid = provider.paid || (estimate ?? 0) > 0;
      // Only paid answers and video jobs are kept across runs: a free call needs no identity.
      const keyed = paid || request.modality === 'video';
      const turn: Turn = { env, task, model, provider, request, hash: keyed ? keyOf(request) : '', estimate: paid ? estimate : 0, paid };
      const kept = paid ? env.results.get(turn.hash) : undefined;
      if (kept) {
        env.journal.note({ e: 'call-cached', task: task.id, model, requestHash: turn.hash });
        tally.models.push(model);
        tally.providers.push(provider.name);
        return kept;
      }
      await approve(turn, keyOf);
      withJobJournal(turn);
      const sent = await sendWithRetries(turn, tally);
      if ('result' in sent) return sent.result;
      reasons.push(`${model}: ${sent.reason}${sent.retries > 0 ? ` (after ${sent.retries} ${sent.retries === 1 ? 'retry' : 'retries'})` : ''}`);
      const next = routes[i + 1];
      env.journal.note({ e: 'routed', task: task.id, from: model, to: next?.model ?? null, reason: sent.reason });
      env.logger.debug(`${task.id}: ${model} failed (${sent.reason})${next ? `, trying ${next.model}` : ''}`);
    }
    throw new CallFailed(reasons.join('; '));
  };
  // Any structured answer may be questions instead of a guess (questions/model-questions.ts).
  return askingCall(call as CallModel);
}
