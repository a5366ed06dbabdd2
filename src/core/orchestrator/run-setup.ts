/**
 * Everything a run needs before its first stage: the production loaded (and the gates read from
 * git beside it), the options checked against it, the providers, the run's id and journal, the
 * ledger, the engine's CallModel environment and the state every task shares.
 */
import { builtinRoles } from '../crew/index';
import { taggingMemo } from '../crew/breakdown/tagging-memo';
import type { RoleHandler } from '../crew/role';
import { FilmcrewError } from '../diagnostics';
import type { RunEvent } from '../host';
import type { Modality, Production, ProductionData } from '../model/types';
import { STAGES } from '../pipeline/stages';
import { actIds } from '../production/checks';
import { CLIPS_IN_FLIGHT } from '../media/encodes';
import { ProductionLoader } from '../production/load';
import { everyProvider } from '../crew/offline';
import { modelList, ProviderRegistry, UnknownProviderError } from '../providers/registry';
import { cleanTemp } from '../artifact/atomic';
import { Ledger } from './budget';
import { DEFAULT_RETRY, type CallEnvironment } from './call';
import { gateKeeper, type GateKeeper, type GateStates } from './gates';
import { FileIndex, listFiles } from './inputs';
import { Journal, listRuns, newestRun, newRunId } from './journal';
import { TaskMemory } from './memory';
import { ProvenanceBook } from './outputs';
import { agentOf, planStages } from './planner';
import { approvalMode, type ApprovalMode } from './policy';
import { ResultStore } from './results';
import { artifactIndex, type RunState } from './task';
import type { RunOptions, RunStop } from './types';

/** A run ready to walk its stages. */
export interface RunSetup {
  root: string;
  options: RunOptions;
  loader: ProductionLoader;
  /** The gates as git has them (read while the files loaded). */
  keeper: Promise<GateKeeper>;
  firstStates: Promise<GateStates>;
  roles: RoleHandler[];
  subjects: ReadonlySet<string> | undefined;
  runId: string;
  journal: Journal;
  memory: TaskMemory;
  ledger: Ledger;
  cap: number | undefined;
  currency: string;
  concurrency: number;
  /** Tasks at once that make no model call (clips, exports): as many as keep the renderers busy, unless a person set `concurrency`. */
  localConcurrency: number;
  observe: (event: RunEvent) => void;
  aborter: AbortController;
  /** What every task of the run shares; `state.production` is the production as last loaded. */
  state: RunState;
  /** Model calls made so far (a repair turn counted as a call). */
  calls(): number;
  /** Removes the run's listeners from the caller's abort signal. */
  detach(): void;
}

function resolveRunId(root: string, resume: RunOptions['resume'], given?: string): { runId: string; resumed: boolean } {
  if (given !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(given) || given.includes('..')) throw new FilmcrewError('usage', `'${given}' cannot name a run`, 'Use letters, digits, dots, dashes and underscores.');
    return { runId: given, resumed: listRuns(root).some((r) => r.id === given) };
  }
  if (!resume) return { runId: newRunId(), resumed: false };
  if (resume === true) {
    const newest = newestRun(root);
    if (!newest) throw new FilmcrewError('no-run', 'there is no run to resume in this production', 'Start one with `filmcrew run`.');
    return { runId: newest.id, resumed: true };
  }
  if (!listRuns(root).some((r) => r.id === resume)) {
    throw new FilmcrewError('no-run', `there is no run ${resume}`, 'Run `filmcrew trace` to see the runs, or `--resume` alone for the newest.');
  }
  return { runId: resume, resumed: true };
}

/**
 * The subjects a run is limited to, checked against the plan: each must be the subject of at
 * least one task of the roles and stages in scope (whatever gate it waits on), else the run does
 * not start and the error names the subjects there are.
 */
function subjectScope(production: Production, roles: readonly RoleHandler[], options: RunOptions): ReadonlySet<string> | undefined {
  const asked = [...new Set((options.subjects ?? []).map((s) => s.trim()).filter(Boolean))];
  if (asked.length === 0) {
    if (options.force) throw new FilmcrewError('usage', 'force re-runs named work only, and no subject was given', 'Name what to regenerate: a shot id, an asset id or a scene id (`--subject s01-003`).');
    return undefined;
  }
  const stages = options.stage ? [options.stage] : STAGES.map((s) => s.id);
  const base = { act: options.act, only: options.only };
  const missing = asked.filter((s) => planStages(production, roles, stages, { ...base, subjects: new Set([s]) }).tasks.length === 0);
  if (missing.length === 0) return new Set(asked);
  const all = planStages(production, roles, stages, base);
  const known = [...new Set(all.tasks.map((t) => t.spec.subject))];
  const whose = options.only ? `the ${options.only}` : 'the crew';
  const where = `${options.stage ? ` in stage ${options.stage}` : ''}${options.act ? ` in act ${options.act}` : ''}`;
  const listed = known.length > 24 ? `${known.slice(0, 24).join(', ')} and ${known.length - 24} more` : known.join(', ');
  const advice = known.length
    ? `Tasks of ${whose}${where} are about: ${listed}.`
    : `${whose[0]!.toUpperCase()}${whose.slice(1)} has no task${where} now${all.idle.length ? ` (${all.idle.map((i) => `${i.role}: ${i.reason}`).join('; ')})` : ''}.`;
  throw new FilmcrewError('unknown-subject', `no task of ${whose}${where} is about ${missing.join(', ')}`, advice);
}

/** Offline first (free, always there), then the real providers; keys are read only when a call needs one. */
function registryFor(data: ProductionData, options: RunOptions): ProviderRegistry {
  const providers = options.providers ?? everyProvider({ secrets: options.secrets, prices: data.prices, logger: options.logger });
  try {
    return new ProviderRegistry(providers, options.provider);
  } catch (e) {
    if (e instanceof UnknownProviderError) throw new FilmcrewError('unknown-provider', e.message, `Use one of: ${e.known.join(', ')}.`);
    throw e;
  }
}

/** Refuses a role or act the production does not have, saying which it has. */
function checkScope(production: Production, options: RunOptions): void {
  if (options.only && options.roles === undefined && !production.agents.some((a) => a.data.role === options.only)) {
    throw new FilmcrewError('unknown-role', `no agent has the role ${options.only}`, `Add agents/${options.only}/agent.md, or use one of: ${production.agents.map((a) => a.data.role).join(', ')}.`);
  }
  if (options.act && !actIds(production).includes(options.act)) {
    const acts = actIds(production);
    throw new FilmcrewError('unknown-act', `there is no act ${options.act} in this production`, acts.length ? `Use one of: ${acts.join(', ')}.` : `${production.scriptPath ?? 'The screenplay'} has no acts: mark them with sections (\`# ACT ONE\`), or run without --act.`);
  }
}

/** Loads the production (and reads the gates from git at the same time) after a killed run's leftovers are cleared. */
async function loadForRun(root: string): Promise<{ loader: ProductionLoader; production: Production; data: ProductionData; keeper: Promise<GateKeeper>; firstStates: Promise<GateStates> }> {
  cleanTemp(root); // temp files of a killed run; no other writer holds the run lock
  const loader = new ProductionLoader(root, { indexSavedWhenAsked: true }); // saved as the run ends (run-summary.ts)
  const keeper = gateKeeper(root, () => listFiles(root));
  keeper.catch(() => undefined);
  const production = await loader.load();
  const firstStates = keeper.then((k) => k.states(production));
  firstStates.catch(() => undefined);
  const data = production.production?.data;
  if (!data) throw new FilmcrewError('production-missing', `${root} has no readable production.md`, 'Run `filmcrew validate` to see why.');
  return { loader, production, data, keeper, firstStates };
}

/** The run's money and pace: the cap (the lower of the run's and the production's), approval mode, concurrency. */
function limitsOf(data: ProductionData, options: RunOptions): { cap: number | undefined; currency: string; mode: ApprovalMode; concurrency: number; localConcurrency: number } {
  const productionCap = typeof data.budget?.cap === 'number' ? data.budget.cap : undefined;
  const set = options.concurrency ?? (typeof data.concurrency === 'number' ? data.concurrency : undefined);
  return {
    cap: options.budgetCap !== undefined ? Math.min(options.budgetCap, productionCap ?? Infinity) : productionCap,
    currency: data.budget?.currency ?? 'USD',
    mode: approvalMode(data.approval),
    concurrency: set ?? 6,
    // Six is for a model's rate limits; work on this machine is bounded by its renderers' queues.
    localConcurrency: set ?? Math.max(6, CLIPS_IN_FLIGHT),
  };
}

/** The run's own abort controller, following the caller's signal; `detach` stops following it. */
function followAbort(signal: AbortSignal | undefined): { aborter: AbortController; detach(): void } {
  const aborter = new AbortController();
  const onAbort = () => aborter.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) aborter.abort();
  return { aborter, detach: () => signal?.removeEventListener('abort', onAbort) };
}

/** The first line of the run's journal: what was asked, so `trace` and a resume know. */
function runStarted(journal: Journal, runId: string, resumed: boolean, options: RunOptions, subjects: ReadonlySet<string> | undefined, limits: { concurrency: number; mode: ApprovalMode }): Promise<void> {
  return journal.append({
    e: 'run-started',
    run: runId,
    resumed,
    options: {
      stage: options.stage,
      act: options.act,
      only: options.only,
      ...(subjects ? { subjects: [...subjects] } : {}),
      ...(options.force ? { force: true } : {}),
      concurrency: limits.concurrency,
      provider: options.provider,
      mode: limits.mode,
    },
    pid: process.pid,
  });
}

/** The state every task of the run shares; the run stops itself when aborted. */
function sharedState(root: string, runId: string, production: Production, journal: Journal, memory: TaskMemory, call: CallEnvironment, observe: (event: RunEvent) => void, options: RunOptions): RunState {
  const index = new FileIndex(root);
  index.model.useLoaded(production);
  const state: RunState = {
    root,
    runId,
    production,
    journal,
    memory,
    index,
    book: new ProvenanceBook(root),
    call,
    observer: observe,
    ...artifactIndex(production),
    feedback: new Map(),
    stopped: undefined,
    force: Boolean(options.force),
    stop(stop: RunStop) {
      state.stopped ??= stop;
    },
  };
  return state;
}

/** Opens a run at `root`: loaded, checked, journaled (`run-started`), its tasks' shared state built. */
export async function openRun(root: string, options: RunOptions): Promise<RunSetup> {
  // What the tagger made of this script before is read back instead of tagged again (saved by finishRun).
  await taggingMemo.attach(root);
  const { loader, production, data, keeper, firstStates } = await loadForRun(root);
  const registry = registryFor(data, options);
  checkScope(production, options);
  const roles = options.roles ?? builtinRoles();
  const subjects = subjectScope(production, roles, options);

  const { runId, resumed } = resolveRunId(root, options.resume, options.runId);
  const memory = TaskMemory.load(root);
  const journal = await Journal.open(root, runId);
  const limits = limitsOf(data, options);
  const ledger = new Ledger(memory.spend(), limits.cap);
  const observe = (event: RunEvent) => {
    try {
      options.observer?.(event);
    } catch {
      // a display's failure must not fail the run
    }
  };
  const { aborter, detach } = followAbort(options.signal);
  const call: CallEnvironment = {
    journal,
    ledger,
    registry,
    prompt: options.prompt,
    mode: limits.mode,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    results: new ResultStore(root),
    jobs: memory.jobs(),
    signal: aborter.signal,
    logger: options.logger,
    // The production as last loaded: a run reloads it after each wave and gate.
    models: (role: string, modality: Modality) => modelList(role, modality, agentOf(state.production, role)?.data, state.production.production?.data),
    onSpend: () => observe({ type: 'spend', spent: ledger.spent, cap: limits.cap }),
  };
  let calls = 0;
  journal.listener = (event) => {
    if (event.e === 'call') calls++;
    if (event.e === 'cost' && event.requests) calls += event.requests - 1; // a repair turn is a call too
    memory.fold(runId, event);
  };
  const state = sharedState(root, runId, production, journal, memory, call, observe, options);
  const onAbortStop = () => state.stop({ reason: 'aborted', message: 'the run was cancelled' });
  aborter.signal.addEventListener('abort', onAbortStop, { once: true });
  if (aborter.signal.aborted) onAbortStop();

  await runStarted(journal, runId, resumed, options, subjects, limits);
  observe({ type: 'run-started', runId, total: 0 });
  return {
    root,
    options,
    loader,
    keeper,
    firstStates,
    roles,
    subjects,
    runId,
    journal,
    memory,
    ledger,
    cap: limits.cap,
    currency: limits.currency,
    concurrency: limits.concurrency,
    localConcurrency: limits.localConcurrency,
    observe,
    aborter,
    state,
    calls: () => calls,
    detach() {
      aborter.signal.removeEventListener('abort', onAbortStop);
      detach();
    },
  };
}
