/**
 * Runs of the orchestrator from VS Code: Run (all ready work, a stage, an act or one role),
 * Resume, Cancel, Regenerate. A run is core's `runProduction` under a cancellable progress
 * notification: cancelling aborts the signal, which aborts calls in flight. Approvals are asked
 * through ModalApproval; which questions are asked at all is core's policy.
 */
import type { RunOptions, RunSummary } from '../../core/orchestrator/index';
import { runProduction } from '../../core/orchestrator/index';
import { runOnBranches } from '../../core/team/propose';
import { builtinRoles } from '../../core/crew/index';
import { everyProvider } from '../../core/crew/offline';
import { stageRoles } from '../../core/crew/roster';
import { STAGES, stage as stageOf, type StageId, isStageId } from '../../core/pipeline/stages';
import { ModalApproval } from '../approval';
import { guarded, isTreeNode, requireRoot, requireTrust, secretsOf, targetPath, type CommandContext, type CommandHandler } from './context';
import { workArtifacts } from '../../core/model/artifacts';
import { money } from '../../core/money';

type Scope = Pick<RunOptions, 'stage' | 'act' | 'only' | 'subjects' | 'force' | 'roles'>;

/** The run in flight, if any: one at a time per window. */
export class RunControl {
  private controller: AbortController | undefined;
  get running(): boolean {
    return this.controller !== undefined;
  }
  start(): AbortController {
    this.controller = new AbortController();
    return this.controller;
  }
  finish(controller: AbortController): void {
    if (this.controller === controller) this.controller = undefined;
  }
  cancel(): boolean {
    if (!this.controller) return false;
    this.controller.abort();
    return true;
  }
}

/** A one-line account of a run for a notification. */
export function summaryText(s: RunSummary): string {
  const c = s.counts;
  const parts = [`${c.succeeded} done`, c.cached ? `${c.cached} reused` : '', c.failed ? `${c.failed} failed` : '', c.skipped ? `${c.skipped} skipped` : ''].filter(Boolean);
  const spent = s.spend.run.total > 0 ? `, spent ${money(s.spend.run.total, s.spend.currency)}` : '';
  const gates = s.gates.filter((g) => g.outcome === 'passed').map((g) => g.message);
  const stop = s.stopped ? ` Stopped: ${s.stopped.message}` : '';
  const waiting = !s.stopped && s.waiting.length ? ` Waiting: ${s.waiting.map((w) => `${stageOf(w.stage).title} on ${w.on}`).join('; ')}.` : '';
  return `Run ${s.runId}: ${parts.join(', ') || 'nothing to do'}${spent}.${gates.length ? ` ${gates.join('. ')}.` : ''}${stop}${waiting}`;
}

async function pickScope(ctx: CommandContext): Promise<Scope | undefined> {
  const view = ctx.source.view!;
  const kind = await ctx.host.pick<'all' | 'stage' | 'act' | 'role'>('Run Orchestrator: what should the crew work on?', [
    { label: 'All ready work', description: view.current ? `from ${view.current.title}` : undefined, detail: 'Every task whose gates have passed, stage by stage, stopping at each gate for your yes.', value: 'all' },
    { label: 'One stage…', detail: 'Only the tasks of one stage.', value: 'stage' },
    { label: 'One act…', detail: 'Only the shots and scenes of one act; later acts wait.', value: 'act' },
    { label: 'One crew member…', detail: 'Only the tasks of one role.', value: 'role' },
  ]);
  switch (kind) {
    case undefined:
      return undefined;
    case 'all':
      return {};
    case 'stage': {
      const stage = await ctx.host.pick<StageId>(
        'Run which stage?',
        STAGES.filter((s) => stageRoles(s.id).length).map((s) => {
          const row = view.stages.find((r) => r.id === s.id);
          return { label: s.title, description: row?.state, detail: row?.why, value: s.id };
        }),
      );
      return stage ? { stage } : undefined;
    }
    case 'act': {
      const acts = view.production.production?.data.acts ?? [];
      if (!acts.length) {
        ctx.host.info('production.md lists no acts: run all ready work instead.');
        return undefined;
      }
      const act = await ctx.host.pick('Run which act?', acts.map((a) => ({ label: a.title ?? a.id, description: a.id, value: a.id })));
      return act ? { act } : undefined;
    }
    case 'role': {
      const role = await ctx.host.pick(
        'Run which crew member?',
        view.production.agents.map((a) => ({ label: a.data.name ?? a.data.role, description: a.data.role, detail: a.data.responsibility, value: a.data.role })),
      );
      return role ? { only: role } : undefined;
    }
  }
}

function scopeFromArg(arg: unknown): Scope | undefined {
  if (!isTreeNode(arg) || !arg.target) return undefined;
  if (arg.target.stage && isStageId(arg.target.stage)) return { stage: arg.target.stage };
  if (arg.target.act && arg.flags.includes('act')) return { act: arg.target.act };
  if (arg.target.role) return { only: arg.target.role };
  return undefined;
}

function scopeText(scope: Scope, resume: boolean): string {
  if (resume) return 'resuming the last run';
  if (scope.only && scope.subjects?.length) return `regenerate ${scope.subjects.join(', ')} (${scope.only})`;
  if (scope.stage) return `stage ${stageOf(scope.stage).title}`;
  if (scope.act) return `act ${scope.act}`;
  if (scope.only) return scope.only;
  return 'all ready work';
}

/** Starts a run with `scope`; resolves when it ends. Exported for tests. */
export async function startRun(ctx: CommandContext, runs: RunControl, scope: Scope, resume = false): Promise<RunSummary | undefined> {
  const root = requireRoot(ctx);
  if (!root || !requireTrust(ctx, 'Running the crew')) return undefined;
  if (runs.running) {
    ctx.host.info('A run is already going: cancel it first ("Film Crew: Cancel Run").');
    return undefined;
  }
  const settings = ctx.host.settings();
  const secrets = secretsOf(ctx);
  const controller = runs.start();
  ctx.host.log.info(`run: ${scopeText(scope, resume)} (provider ${settings.provider}${settings.concurrency ? `, concurrency ${settings.concurrency}` : ''})`);
  try {
    const summary = await ctx.host.withProgress(`Film Crew: ${scopeText(scope, resume)}`, async (report, signal) => {
      if (signal.aborted) controller.abort();
      else signal.addEventListener('abort', () => controller.abort(), { once: true });
      // `proposals: branches` in production.md: each role's work goes to its crew branch (Review tree).
      const onBranches = !resume && ctx.source.view?.production.production?.data.proposals === 'branches';
      const run = onBranches ? async (r: string, o: RunOptions) => (await runOnBranches(r, o)).summary : runProduction;
      return run(root, {
        ...scope,
        ...(resume ? { resume: true } : {}),
        ...(settings.provider !== 'production' ? { provider: settings.provider } : {}),
        ...(settings.concurrency > 0 ? { concurrency: settings.concurrency } : {}),
        // Given explicitly: the bundle cannot follow the orchestrator's lazy import of the crew.
        roles: scope.roles ?? builtinRoles(),
        prompt: new ModalApproval(ctx.host),
        secrets,
        logger: ctx.host.log,
        signal: controller.signal,
        providers: [
          ...everyProvider({ secrets, logger: ctx.host.log, prices: ctx.source.view?.production.production?.data.prices }),
          ...ctx.extraProviders(),
        ],
        observer: (event) => {
          if (ctx.activity.apply(event)) ctx.activityChanged();
          if (event.type === 'task-started' || event.type === 'task-finished' || event.type === 'task-progress') {
            const { finished, total, message } = ctx.activity.run;
            report(`${finished}/${total} · ${message}`);
          }
        },
      });
    });
    ctx.activity.stopped(summary.stopped?.message ?? `Run ${summary.runId} finished.`);
    ctx.activityChanged();
    const text = summaryText(summary);
    ctx.host.log.info(text);
    for (const d of summary.diagnostics) ctx.host.log.warn(`${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
    if (summary.stopped?.reason === 'aborted') ctx.host.warn(`Run cancelled. ${text}`);
    else if (!summary.ok) ctx.host.warn(text);
    else ctx.host.info(text);
    await ctx.source.refresh();
    return summary;
  } catch (error) {
    ctx.activity.stopped('The run stopped with an error.');
    ctx.activityChanged();
    await ctx.source.refresh();
    throw error;
  } finally {
    runs.finish(controller);
  }
}

async function regenerate(ctx: CommandContext, runs: RunControl, arg: unknown): Promise<void> {
  const path = targetPath(ctx, arg);
  const view = ctx.source.view;
  if (!path || !view) return;
  const p = view.production;
  const artifact = workArtifacts(p).find((a) => a.path === path);
  const scope = artifact ? regenerateScope(artifact.data) : undefined;
  if (!scope) {
    ctx.host.info(`${path} does not say which crew member made it (no provenance): edit it yourself, or run its stage.`);
    return;
  }
  await startRun(ctx, runs, scope);
}

/**
 * What Regenerate runs for an artifact: the task that made it (its provenance names the role and
 * the task `<role>:<subject>`), forced, so only that work is redone, even with unchanged inputs.
 * Exported for tests.
 */
export function regenerateScope(data: { id?: unknown; provenance?: { role?: unknown; task?: unknown } }): Scope | undefined {
  const role = data.provenance?.role;
  if (typeof role !== 'string' || !role) return undefined;
  const task = typeof data.provenance?.task === 'string' ? data.provenance.task : '';
  // `casting:mara~alt2` → `mara`: an alternative is about the same subject as the task it doubles.
  const fromTask = task.startsWith(`${role}:`) ? task.slice(role.length + 1).replace(/~alt\d+$/, '') : '';
  const subject = fromTask || (typeof data.id === 'string' ? data.id : '');
  return subject ? { only: role, subjects: [subject], force: true } : { only: role };
}

export function runCommands(ctx: CommandContext, runs: RunControl): Record<string, CommandHandler> {
  return {
    'filmcrew.run': guarded(ctx, 'Run Orchestrator', async (arg) => {
      if (!requireRoot(ctx) || !requireTrust(ctx, 'Running the crew')) return;
      const scope = scopeFromArg(arg) ?? (await pickScope(ctx));
      if (scope) await startRun(ctx, runs, scope);
    }),
    'filmcrew.resume': guarded(ctx, 'Resume Run', async () => {
      await startRun(ctx, runs, {}, true);
    }),
    'filmcrew.cancel': guarded(ctx, 'Cancel Run', async () => {
      if (!runs.cancel()) ctx.host.info('No run is going.');
    }),
    'filmcrew.regenerate': guarded(ctx, 'Regenerate', (arg) => regenerate(ctx, runs, arg)),
  };
}
