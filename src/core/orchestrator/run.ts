/**
 * A run: load the production, then stage by stage along the spine — plan the ready stages'
 * tasks, dispatch them, and when a stage's work is done and its gate is next, ask a person (the
 * gate question); on approval lock its proposals and pass the gate, and go on. Stops cleanly at
 * the budget cap, at a question no one can answer, or when cancelled.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinRoles } from '../crew/index';
import { diagnostic, FilmcrewError, type Diagnostic } from '../diagnostics';
import type { GateQuestion, RunEvent } from '../host';
import type { Modality, Production } from '../model/types';
import type { RoleHandler } from '../crew/role';
import { actIds } from '../production/checks';
import { ProductionLoader } from '../production/load';
import { everyProvider } from '../crew/offline';
import { modelList, ProviderRegistry, UnknownProviderError } from '../providers/registry';
import { gate as gateOf, GATES, stage as stageOf, STAGES, type GateId, type StageId } from '../pipeline/stages';
import { Ledger, type SpendTotals } from './budget';
import { DEFAULT_RETRY, type CallEnvironment } from './call';
import { coveredBy, coversAny, gateKeeper, type GateKeeper, type GateStates } from './gates';
import { FileIndex, listFiles } from './inputs';
import { Journal, newestRun, newRunId, listRuns, journalPath } from './journal';
import { TaskMemory } from './memory';
import { ProvenanceBook } from './outputs';
import { agentOf, planStages, type PlanProblem, type RunScope } from './planner';
import { approvalMode, decide } from './policy';
import { ResultStore } from './results';
import { artifactIndex, NobodyToAsk, runTask, skipTask, type RunState } from './task';
import { isBesideProposal } from '../model/paths';
import { dispatch } from './dispatch';
import { withRunLock } from './run-lock';
import { cleanTemp } from '../artifact/atomic';
import { repairIndex } from '../git/commit';
import { Repo } from '../git/repo';
import { questionsMessage } from '../questions/engine';
import { shardTasks } from '../team/shards';
import type { GateReport, RunExitCode, RunOptions, RunStop, RunSummary, TaskReport } from './types';

/** The stages a stage waits for: those whose gates it needs, and those it comes after. */
function predecessors(id: StageId): StageId[] {
  const s = stageOf(id);
  return [...new Set([...s.needs.map((g) => gateOf(g).stage), ...s.after])];
}

/**
 * A frame is drawn once, after the asset lock: drawn before the looks are chosen it would be drawn
 * again after (twice the storyboard, twice an image model's bill). So while this run can still
 * pass the asset gate, the storyboard waits for it — unless a person asks for a rough pass first
 * (`roughStoryboard`: the summary then counts both passes), or runs without the asset stage.
 */
function waitsForLooks(s: StageId, passed: GateStates, inScope: readonly StageId[], gatesAllowed: boolean, options: RunOptions): boolean {
  return s === 'storyboard' && !options.roughStoryboard && gatesAllowed && inScope.includes('assets') && !passed.assets;
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

/** Runs the production at `root` as far as its gates, budget and answers allow; one run at a time (run-lock.ts). */
export function runProduction(rootIn: string, options: RunOptions): Promise<RunSummary> {
  return withRunLock(rootIn, 'filmcrew run', () => runLocked(resolve(rootIn), options));
}

async function runLocked(root: string, options: RunOptions): Promise<RunSummary> {
  cleanTemp(root); // temp files of a killed run; no other writer holds the run lock
  await Repo.open(root).then(repairIndex, () => undefined); // index entries a killed lock commit left behind
  const startedAt = performance.now();
  const loader = new ProductionLoader(root);
  // Reading gates from git and loading the files are independent: do both at once.
  const keeperReady = gateKeeper(root, () => listFiles(root));
  keeperReady.catch(() => undefined);
  let production = await loader.load();
  const statesReady = keeperReady.then((k) => k.states(production));
  statesReady.catch(() => undefined);
  const productionData = production.production?.data;
  if (!productionData) {
    throw new FilmcrewError('production-missing', `${root} has no readable production.md`, 'Run `filmcrew validate` to see why.');
  }
  // Offline first (free, always there), then the real providers; keys are read from the host's
  // secrets only when a call needs one, so a production that routes nothing to them costs nothing.
  const providers = options.providers ?? everyProvider({ secrets: options.secrets, prices: productionData.prices, logger: options.logger });
  let registry: ProviderRegistry;
  try {
    registry = new ProviderRegistry(providers, options.provider);
  } catch (e) {
    if (e instanceof UnknownProviderError) {
      throw new FilmcrewError('unknown-provider', e.message, `Use one of: ${e.known.join(', ')}.`);
    }
    throw e;
  }
  if (options.only && options.roles === undefined && !production.agents.some((a) => a.data.role === options.only)) {
    throw new FilmcrewError('unknown-role', `no agent has the role ${options.only}`, `Add agents/${options.only}/agent.md, or use one of: ${production.agents.map((a) => a.data.role).join(', ')}.`);
  }
  if (options.act && !actIds(production).includes(options.act)) {
    const acts = actIds(production);
    throw new FilmcrewError('unknown-act', `there is no act ${options.act} in this production`, acts.length ? `Use one of: ${acts.join(', ')}.` : `${production.scriptPath ?? 'The screenplay'} has no acts: mark them with sections (\`# ACT ONE\`), or run without --act.`);
  }
  const roles = options.roles ?? builtinRoles();
  const subjects = subjectScope(production, roles, options);

  const { runId, resumed } = resolveRunId(root, options.resume, options.runId);
  const memory = TaskMemory.load(root);
  const journal = await Journal.open(root, runId);
  journal.listener = (event) => memory.fold(runId, event);
  const productionCap = typeof productionData.budget?.cap === 'number' ? productionData.budget.cap : undefined;
  const cap = options.budgetCap !== undefined ? Math.min(options.budgetCap, productionCap ?? Infinity) : productionCap;
  const currency = productionData.budget?.currency ?? 'USD';
  const ledger = new Ledger(memory.spend(), cap);
  const mode = approvalMode(productionData.approval);
  const concurrency = options.concurrency ?? (typeof productionData.concurrency === 'number' ? productionData.concurrency : 6);
  const observe = (event: RunEvent) => {
    try {
      options.observer?.(event);
    } catch {
      // a display's failure must not fail the run
    }
  };
  const aborter = new AbortController();
  const onAbort = () => aborter.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) aborter.abort();

  const index = new FileIndex(root);
  index.model.useLoaded(production);
  let calls = 0;
  const call: CallEnvironment = {
    journal,
    ledger,
    registry,
    prompt: options.prompt,
    mode,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    results: new ResultStore(root),
    jobs: memory.jobs(),
    signal: aborter.signal,
    logger: options.logger,
    models: (role: string, modality: Modality) => modelList(role, modality, agentOf(production, role)?.data, production.production?.data),
    onSpend: () => observe({ type: 'spend', spent: ledger.spent, cap }),
  };
  const countCalls = journal.listener;
  journal.listener = (event) => {
    if (event.e === 'call') calls++;
    if (event.e === 'cost' && event.requests) calls += event.requests - 1; // a repair turn is a call too
    countCalls(event);
  };

  const book = new ProvenanceBook(root);
  const state: RunState = {
    root,
    runId,
    production,
    journal,
    memory,
    index,
    book,
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
  const onAbortStop = () => state.stop({ reason: 'aborted', message: 'the run was cancelled' });
  aborter.signal.addEventListener('abort', onAbortStop, { once: true });
  if (aborter.signal.aborted) onAbortStop();

  const scope: RunScope = { stage: options.stage, act: options.act, only: options.only, ...(subjects ? { subjects } : {}) };
  await journal.append({
    e: 'run-started',
    run: runId,
    resumed,
    options: {
      stage: options.stage,
      act: options.act,
      only: options.only,
      ...(subjects ? { subjects: [...subjects] } : {}),
      ...(options.force ? { force: true } : {}),
      concurrency,
      provider: options.provider,
      mode,
    },
    pid: process.pid,
  });
  observe({ type: 'run-started', runId, total: 0 });

  const reports = new Map<string, TaskReport>();
  const problems: PlanProblem[] = [];
  const idle: { role: string; reason: string }[] = [];
  const gates: GateReport[] = [];
  const waiting: { stage: StageId; on: string }[] = [];
  const keeper: GateKeeper = await keeperReady;
  const inScope: StageId[] = options.stage ? [options.stage] : STAGES.map((s) => s.id);
  // Gates cover a whole stage: a run narrowed to one act, one role or some subjects does not pass them.
  const gatesAllowed = !options.only && !options.act && !subjects && options.passGates !== false;
  const done = new Set<StageId>();
  const troubled = new Set<StageId>();
  let gateDenied = false;
  let lastStates: GateStates | undefined = await statesReady;
  /** Every task run, a task redone in a later wave of this run counted again (reports keep one per task). */
  let taskRuns = 0;
  /** What this run wrote, not yet locked: work redone under a gate that had passed is locked again (relockRedone). */
  const redone = new Set<string>();
  // Stages some of whose tasks went to other shards: a stage after them reads all of their work.
  const elsewhere = new Set<StageId>();

  try {
    for (;;) {
      if (state.stopped) break;
      // Gates change only when this run passes one (or a person does, between runs).
      const passed = (lastStates ??= await keeper.states(production));
      const wave = inScope.filter(
        (s) =>
          !done.has(s) &&
          stageOf(s).needs.every((g) => passed[g]) &&
          predecessors(s).every((p) => !inScope.includes(p) || (done.has(p) && !troubled.has(p))) &&
          !waitsForLooks(s, passed, inScope, gatesAllowed, options) &&
          !stageOf(s).after.some((a) => elsewhere.has(a)),
      );
      if (wave.length === 0) break;

      const plan = planStages(production, roles, wave, scope);
      const mine = new Set(shardTasks(plan.tasks, options.shard));
      for (const t of plan.tasks) if (!mine.has(t)) elsewhere.add(t.spec.stage);
      plan.tasks = plan.tasks.filter((t) => mine.has(t));
      problems.push(...plan.problems);
      idle.push(...plan.idle);
      for (const t of plan.tasks) {
        journal.note({ e: 'queued', task: t.spec.id, role: t.spec.role, stage: t.spec.stage, subject: t.spec.subject, after: t.spec.after });
        observe({ type: 'task-queued', taskId: t.spec.id, role: t.spec.role });
      }
      const waveReports = await dispatch(plan.tasks, concurrency, (t) => runTask(state, t), (t, reason) => skipTask(state, t, reason));
      taskRuns += waveReports.filter((r) => r.outcome === 'succeeded' || r.outcome === 'failed').length;
      // A stage that goes again after a gate reports its tasks again: keep what each task did.
      for (const r of waveReports) {
        const before = reports.get(r.id);
        if (!before || r.outcome !== 'cached') reports.set(r.id, r);
        if (r.outcome === 'succeeded') for (const o of r.outputs) if (!isBesideProposal(o)) redone.add(o);
      }
      for (const s of wave) {
        done.add(s);
        const roleNames = new Set(roles.filter((r) => r.stage === s).map((r) => r.role));
        if (waveReports.some((r) => r.stage === s && (r.outcome === 'failed' || r.outcome === 'skipped')) || plan.problems.some((p) => roleNames.has(p.role))) {
          troubled.add(s);
        }
      }
      if (state.stopped) break;

      // Reload what the wave wrote, then put each finished stage's gate to a person.
      if (waveReports.some((r) => r.outcome === 'succeeded')) {
        production = await loader.load();
        Object.assign(state, { production, feedback: new Map() }, artifactIndex(production));
        index.model.useLoaded(production);
      }
      await relockRedone(passed);
      let files: string[] | undefined;
      for (const s of wave) {
        const g = stageOf(s).gate;
        if (!g || passed[g] || troubled.has(s) || gateDenied) continue;
        if (!gatesAllowed) {
          const limit = options.only ? '--only' : options.act ? '--act' : '--subject';
          const why = options.passGates === false ? 'a run that proposes on branches does not pass gates; review its branches (`filmcrew review`)' : `a run limited with ${limit} does not pass gates; approve with \`filmcrew approve\``;
          gates.push({ gate: g, outcome: 'denied', message: `not asked: ${why}` });
          continue;
        }
        files ??= listFiles(root);
        // A cheap look first: a gate with nothing on disk is not worth asking git about.
        const artifacts = coversAny(g, files) ? await keeper.artifacts(g, files) : [];
        if (artifacts.length === 0) {
          gates.push({ gate: g, outcome: 'nothing-to-approve', message: `nothing to approve for ${gateOf(g).title}: no ${gateOf(g).requires.join(', ')} yet` });
          continue;
        }
        if (keeper.unavailable) {
          gates.push({ gate: g, outcome: 'unavailable', message: keeper.unavailable });
          journal.note({ e: 'gate', gate: g, outcome: 'unavailable', artifacts, reason: keeper.unavailable });
          continue;
        }
        if ((await askGate(g, artifacts)) === 'denied') {
          gateDenied = true;
          continue;
        }
        lastStates = undefined;
        index.refresh(); // the gate locked (and chose) files: their hashes and parses are new
        production = await loader.load();
        Object.assign(state, { production, feedback: new Map() }, artifactIndex(production));
        index.model.useLoaded(production);
        // Passing a gate locks (and, at the asset lock, chooses): work done beside it may be stale
        // now (frames drawn before the looks were chosen). Stages still before their gate go again;
        // their unchanged tasks are cache hits, the stale ones are redone before their gate is asked.
        for (const other of wave) {
          const otherGate = stageOf(other).gate;
          if (other !== s && otherGate && !passed[otherGate] && !troubled.has(other)) done.delete(other);
        }
        break;
      }
    }
  } finally {
    aborter.signal.removeEventListener('abort', onAbortStop);
    options.signal?.removeEventListener('abort', onAbort);
  }

  /**
   * Stale work redone under a gate that had passed (frames redrawn after a sheet was locked again)
   * is put to a person as that gate again and, approved, locked: after the run nothing is stale.
   */
  async function relockRedone(passed: GateStates): Promise<void> {
    if (!gatesAllowed || keeper.unavailable || gateDenied || state.stopped) return;
    for (const { id: g } of GATES) {
      const paths = passed[g] ? coveredBy(g, [...redone]) : [];
      if (!paths.length) continue;
      for (const p of paths) redone.delete(p);
      const question: GateQuestion = { kind: 'gate', gate: g, artifacts: paths, relock: true };
      if ((await askGate(g, paths, question)) === 'denied') gateDenied = true;
      if (gateDenied) return;
    }
  }

  async function askGate(g: GateId, artifacts: string[], question: GateQuestion = { kind: 'gate', gate: g, artifacts }): Promise<'passed' | 'denied'> {
    const decision = decide(question, mode, ledger.view());
    let approved = decision === 'approve';
    if (decision === 'ask') {
      try {
        const answer = await options.prompt.ask(question, aborter.signal);
        approved = answer.answer === 'approve';
      } catch (e) {
        if (e instanceof NobodyToAsk) {
          state.stop({ reason: 'question', message: e.message });
          gates.push({ gate: g, outcome: 'denied', message: e.message });
          return 'denied';
        }
        throw e;
      }
    }
    if (!approved) {
      journal.note({ e: 'denied', gate: g, by: 'person', reason: 'gate not approved' });
      journal.note({ e: 'gate', gate: g, outcome: 'denied', artifacts });
      gates.push({ gate: g, outcome: 'denied', message: `${gateOf(g).title} was not approved; the stages after it wait` });
      return 'denied';
    }
    journal.note({ e: 'approved', gate: g, by: 'person' });
    let chosen: string[] = [];
    try {
      await book.settled(); // the lock entries read the provenance of what the run wrote
      if (question.relock) await keeper.relock(g, artifacts);
      else chosen = (await keeper.pass(g)).chosen;
    } catch (e) {
      const message = e instanceof FilmcrewError ? `${e.message}${e.advice ? ` (${e.advice})` : ''}` : (e as Error).message;
      journal.note({ e: 'gate', gate: g, outcome: 'failed', artifacts, reason: message });
      gates.push({ gate: g, outcome: 'failed', message: `${gateOf(g).title} could not be passed: ${message}` });
      return 'denied';
    }
    journal.note({ e: 'gate', gate: g, outcome: 'passed', artifacts });
    for (const p of artifacts) redone.delete(p);
    const choices = chosen.length ? `; no option had been chosen, so the first was: ${chosen.join(', ')}` : '';
    const verb = question.relock ? `had passed; ${artifacts.length} redone artifact${artifacts.length === 1 ? '' : 's'} locked again` : `passed: ${artifacts.length} artifact${artifacts.length === 1 ? '' : 's'} locked`;
    gates.push({ gate: g, outcome: 'passed', message: `${gateOf(g).title} ${verb}${choices}` });
    return 'passed';
  }

  // What could not start, and on what.
  const finalGates = lastStates;
  for (const s of inScope) {
    if (done.has(s)) continue;
    const missing = stageOf(s).needs.filter((g) => !finalGates?.[g]);
    if (!missing.length && finalGates && waitsForLooks(s, finalGates, inScope, gatesAllowed, options)) missing.push('assets');
    const blockedBy = predecessors(s).filter((p) => troubled.has(p));
    waiting.push({ stage: s, on: missing.length ? `gate ${missing.join(', ')}` : blockedBy.length ? `stage ${blockedBy.join(', ')} (it has failures)` : stageOf(s).after.some((a) => elsewhere.has(a)) ? 'the other shards (combine them with `filmcrew review --combine`, approve, run again)' : 'the run stopping' });
  }

  if (state.raised?.length) state.stop({ reason: 'question', message: questionsMessage(state.raised) });
  const counts = { succeeded: 0, cached: 0, failed: 0, skipped: 0 };
  for (const r of reports.values()) counts[r.outcome]++;
  const failed = counts.failed > 0 || problems.length > 0;
  const exitCode = exitCodeOf(state.stopped, failed, workLeft(gatesAllowed ? gates : [], counts));
  const ok = exitCode === 0 && counts.skipped === 0;
  if (state.stopped) journal.note({ e: 'stopped', reason: state.stopped.message });
  journal.note({ e: 'run-finished', ok, counts, spent: ledger.run.total });
  observe({ type: 'run-finished', runId, ok });
  await book.settled();
  await journal.close();
  await memory.save({ [runId]: statSync(journalPath(root, runId)).size });
  await index.save();

  const diagnostics: Diagnostic[] = [];
  for (const r of reports.values()) {
    if (r.outcome === 'failed') diagnostics.push(diagnostic(r.outputs[0] ?? `agents/${r.role}/agent.md`, 1, 1, 'error', 'task-failed', `${r.id} failed: ${r.reason}`));
    if (r.reason?.startsWith('write-conflict:')) diagnostics.push(diagnostic(r.outputs[0] ?? '', 1, 1, 'warning', 'write-conflict', r.reason.slice('write-conflict: '.length)));
  }
  for (const p of problems) diagnostics.push(diagnostic(`agents/${p.role}/agent.md`, 1, 1, 'error', 'task-failed', `${p.task ?? p.role}: ${p.message}`));
  const production_: SpendTotals = ledger.total();
  return {
    runId,
    journal: journalPath(root, runId),
    ok,
    exitCode,
    ...(state.stopped ? { stopped: state.stopped } : {}),
    tasks: [...reports.values()],
    counts,
    taskRuns,
    calls,
    spend: { run: ledger.run, production: production_, cap, currency },
    gates,
    problems,
    idle: dedupe(idle),
    diagnostics,
    waiting,
    durationMs: performance.now() - startedAt,
  };
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
