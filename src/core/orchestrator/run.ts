/**
 * A run: load the production, then stage by stage along the spine — plan the ready stages'
 * tasks, dispatch them, and when a stage's work is done and its gate is next, ask a person (the
 * gate question); on approval lock its proposals and pass the gate, and go on. Stops cleanly at
 * the budget cap, at a question no one can answer, or when cancelled. The steps: open the run
 * (run-setup.ts) → walk the stages, wave by wave (here) → ask the gates (run-gates.ts) → finish
 * (run-summary.ts).
 */
import { resolve } from 'node:path';
import { isBesideProposal } from '../model/paths';
import { gate as gateOf, stage as stageOf, STAGES, type StageId } from '../pipeline/stages';
import { shardTasks } from '../team/shards';
import { dispatch } from './dispatch';
import type { GateKeeper, GateStates } from './gates';
import { planStages, type PlanProblem, type RunScope } from './planner';
import { GateDesk } from './run-gates';
import { openRun, type RunSetup } from './run-setup';
import { finishRun, type WalkOutcome } from './run-summary';
import { runOrSayAgain } from './run-unchanged';
import { artifactIndex, runTask, skipTask } from './task';
import type { RunOptions, RunSummary, TaskReport } from './types';

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

/** Runs the production at `root` as far as its gates, budget and answers allow; one run at a time (run-lock.ts). */
export function runProduction(rootIn: string, options: RunOptions): Promise<RunSummary> {
  // Unchanged since a run that found nothing to do, it says so again (run-unchanged.ts); else it is worked out.
  return runOrSayAgain(rootIn, options, (root) => workOutRun(root, options));
}

/** The run worked out (the caller holds the run lock): for a host that checked the record itself (runOrSayAgain). */
export function workOutRun(root: string, options: RunOptions): Promise<RunSummary> {
  return runLocked(resolve(root), options);
}

async function runLocked(root: string, options: RunOptions): Promise<RunSummary> {
  const startedAt = performance.now();
  const run = await openRun(root, options);
  const walk = new StageWalk(run, await run.keeper, await run.firstStates);
  try {
    await walk.walk();
  } finally {
    run.detach();
  }
  return finishRun(run, walk.outcome(startedAt));
}

/** The stages of one run, wave by wave: the stages ready together run their tasks, then their gates are asked. */
class StageWalk {
  private readonly inScope: StageId[];
  private readonly scope: RunScope;
  private readonly desk: GateDesk;
  private readonly done = new Set<StageId>();
  /** Stages with a failed or skipped task, or a planning problem: the stages after them wait. */
  private readonly troubled = new Set<StageId>();
  /** Stages some of whose tasks went to other shards: a stage after them reads all of their work. */
  private readonly elsewhere = new Set<StageId>();
  private readonly reports = new Map<string, TaskReport>();
  private readonly problems: PlanProblem[] = [];
  private readonly idle: { role: string; reason: string }[] = [];
  /** Every task run, a task redone in a later wave of this run counted again (reports keep one per task). */
  private taskRuns = 0;

  constructor(
    private readonly run: RunSetup,
    private readonly keeper: GateKeeper,
    /** Gates change only when this run passes one (or a person does, between runs). */
    private lastStates: GateStates | undefined,
  ) {
    const { options, subjects } = run;
    this.inScope = options.stage ? [options.stage] : STAGES.map((s) => s.id);
    this.scope = { stage: options.stage, act: options.act, only: options.only, ...(subjects ? { subjects } : {}) };
    // Gates cover a whole stage: a run narrowed to one act, one role or some subjects does not pass them.
    const gatesAllowed = !options.only && !options.act && !subjects && options.passGates !== false;
    this.desk = new GateDesk(run, keeper, gatesAllowed);
  }

  async walk(): Promise<void> {
    const { state } = this.run;
    for (;;) {
      if (state.stopped) break;
      const passed = (this.lastStates ??= await this.keeper.states(state.production));
      const wave = this.readyStages(passed);
      if (wave.length === 0) break;
      const waveReports = await this.runWave(wave);
      if (state.stopped) break;
      // Reload what the wave wrote, then put each finished stage's gate to a person.
      if (waveReports.some((r) => r.outcome === 'succeeded')) await this.reload();
      await this.desk.relockRedone(passed);
      const passedAt = await this.desk.askAfter(wave, passed, this.troubled);
      if (passedAt) await this.gatePassed(passedAt, wave, passed);
    }
  }

  /** The stages that may run now: their gates passed, the stages before them done without trouble. */
  private readyStages(passed: GateStates): StageId[] {
    const { options } = this.run;
    return this.inScope.filter(
      (s) =>
        !this.done.has(s) &&
        stageOf(s).needs.every((g) => passed[g]) &&
        predecessors(s).every((p) => !this.inScope.includes(p) || (this.done.has(p) && !this.troubled.has(p))) &&
        !waitsForLooks(s, passed, this.inScope, this.desk.allowed, options) &&
        !stageOf(s).after.some((a) => this.elsewhere.has(a)),
    );
  }

  /** Plans the wave's tasks (this shard's share), dispatches them, and records what each did. */
  private async runWave(wave: StageId[]): Promise<TaskReport[]> {
    const { state, journal, observe, roles, concurrency, localConcurrency, options } = this.run;
    const plan = planStages(state.production, roles, wave, this.scope);
    const mine = new Set(shardTasks(plan.tasks, options.shard));
    for (const t of plan.tasks) if (!mine.has(t)) this.elsewhere.add(t.spec.stage);
    plan.tasks = plan.tasks.filter((t) => mine.has(t));
    this.problems.push(...plan.problems);
    this.idle.push(...plan.idle);
    for (const t of plan.tasks) {
      journal.note({ e: 'queued', task: t.spec.id, role: t.spec.role, stage: t.spec.stage, subject: t.spec.subject, after: t.spec.after });
      observe({ type: 'task-queued', taskId: t.spec.id, role: t.spec.role });
    }
    const waveReports = await dispatch(plan.tasks, concurrency, (t) => runTask(state, t), (t, reason) => skipTask(state, t, reason), localConcurrency);
    this.taskRuns += waveReports.filter((r) => r.outcome === 'succeeded' || r.outcome === 'failed').length;
    // A stage that goes again after a gate reports its tasks again: keep what each task did.
    for (const r of waveReports) {
      const before = this.reports.get(r.id);
      if (!before || r.outcome !== 'cached') this.reports.set(r.id, r);
      if (r.outcome === 'succeeded') for (const o of r.outputs) if (!isBesideProposal(o)) this.desk.redone.add(o);
    }
    for (const s of wave) {
      this.done.add(s);
      const roleNames = new Set(roles.filter((r) => r.stage === s).map((r) => r.role));
      if (waveReports.some((r) => r.stage === s && (r.outcome === 'failed' || r.outcome === 'skipped')) || plan.problems.some((p) => roleNames.has(p.role))) {
        this.troubled.add(s);
      }
    }
    return waveReports;
  }

  /** Loads the production again (what the run wrote or locked) for the tasks and gates after. */
  private async reload(): Promise<void> {
    const { state, loader } = this.run;
    const production = await loader.load();
    Object.assign(state, { production, feedback: new Map() }, artifactIndex(production));
    state.index.model.useLoaded(production);
  }

  /**
   * Passing a gate locks (and, at the asset lock, chooses): work done beside it may be stale now
   * (frames drawn before the looks were chosen). Stages still before their gate go again; their
   * unchanged tasks are cache hits, the stale ones are redone before their gate is asked.
   */
  private async gatePassed(at: StageId, wave: readonly StageId[], passed: GateStates): Promise<void> {
    this.lastStates = undefined;
    this.run.state.index.refresh(); // the gate locked (and chose) files: their hashes and parses are new
    await this.reload();
    for (const other of wave) {
      const otherGate = stageOf(other).gate;
      if (other !== at && otherGate && !passed[otherGate] && !this.troubled.has(other)) this.done.delete(other);
    }
  }

  outcome(startedAt: number): WalkOutcome {
    const { options } = this.run;
    return {
      startedAt,
      inScope: this.inScope,
      done: this.done,
      troubled: this.troubled,
      elsewhere: this.elsewhere,
      finalGates: this.lastStates,
      reports: this.reports,
      taskRuns: this.taskRuns,
      problems: this.problems,
      idle: this.idle,
      gates: this.desk.reports,
      gatesAllowed: this.desk.allowed,
      waitsForLooks: (s, passed) => waitsForLooks(s, passed, this.inScope, this.desk.allowed, options),
      predecessors,
    };
  }
}
