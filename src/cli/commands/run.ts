/**
 * `filmcrew run`: runs the production's ready work with the crew, stage by stage, asking at the
 * terminal before paid calls (always-ask) and at every gate — or answering yes to everything
 * with `--yes`. Prints what was done, what failed and why, what waits, and the spend.
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { CliIO, Command } from '../command';
import { FilmcrewError } from '../../core/diagnostics';
import type { ApprovalPrompt, Logger } from '../../core/host';
import type { RunOptions, RunSummary } from '../../core/orchestrator/index';
import type { RoleProposal } from '../../core/team/propose';
import { parseShard } from '../../core/team/shards';
import { isStageId, STAGES } from '../../core/pipeline/stages';
import { amount as money } from '../../core/money';
import { PRODUCTION_FILE } from '../../core/model/paths';

const RUN_ID = /^\d{8}-\d{6}(-\d{3})?-[0-9a-f]{4}$/;

function byKey(totals: Record<string, number>): string {
  return Object.entries(totals)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k} ${money(v)}`)
    .join(', ');
}

/** The end-of-run summary, in lines a person reads. */
export function summaryLines(s: RunSummary, root: string): string[] {
  const lines: string[] = [];
  const { counts } = s;
  lines.push(
    `Run ${s.runId}: ${counts.succeeded} done, ${counts.cached} unchanged (cached), ${counts.failed} failed, ${counts.skipped} skipped; ${s.calls} model call${s.calls === 1 ? '' : 's'}; ${s.taskRuns} task run${s.taskRuns === 1 ? '' : 's'}${s.taskRuns > counts.succeeded + counts.failed ? ' (some ran again after a gate)' : ''}; ${(s.durationMs / 1000).toFixed(1)} s`,
  );
  const cap = s.spend.cap !== undefined ? ` of the ${money(s.spend.cap)} ${s.spend.currency} cap` : '';
  lines.push(`Spent ${money(s.spend.run.total)} ${s.spend.currency} this run; the production has spent ${money(s.spend.production.total)}${cap}.`);
  if (s.spend.run.total > 0) {
    lines.push(`  by role: ${byKey(s.spend.run.byRole)}`, `  by stage: ${byKey(s.spend.run.byStage)}`, `  by model: ${byKey(s.spend.run.byModel)}`);
  }
  const failed = s.tasks.filter((t) => t.outcome === 'failed');
  if (failed.length) {
    lines.push('', `Failed (${failed.length}):`);
    for (const t of failed) lines.push(`  ${t.id}: ${t.reason}`);
  }
  for (const p of s.problems) lines.push(`  plan: ${p.task ?? p.role}: ${p.message} (agents/${p.role}/agent.md)`);
  const skipped = s.tasks.filter((t) => t.outcome === 'skipped');
  if (skipped.length) {
    lines.push('', `Skipped (${skipped.length}):`);
    for (const t of skipped.slice(0, 20)) lines.push(`  ${t.id}: ${t.reason}`);
    if (skipped.length > 20) lines.push(`  … and ${skipped.length - 20} more (filmcrew trace ${s.runId})`);
  }
  const conflicts = s.diagnostics.filter((d) => d.code === 'write-conflict');
  if (conflicts.length) {
    lines.push('', 'Write conflicts (your file kept; the proposal is beside it):');
    for (const d of conflicts) lines.push(`  ${d.message}`);
  }
  if (s.gates.length) {
    lines.push('', 'Gates:');
    for (const g of s.gates) lines.push(`  ${g.outcome === 'passed' ? '✓' : g.outcome === 'nothing-to-approve' ? '·' : '✗'} ${g.message}`);
  }
  if (s.idle.length) for (const i of s.idle) lines.push(`  ${i.role} did not work: ${i.reason}`);
  if (s.waiting.length) {
    lines.push('', 'Waiting:');
    for (const w of s.waiting) lines.push(`  ${STAGES.find((x) => x.id === w.stage)?.title ?? w.stage}: ${w.on}`);
  }
  if (s.stopped) {
    lines.push('', `Stopped: ${s.stopped.message}`);
    if (s.stopped.reason === 'budget') lines.push('  Raise `budget.cap` in production.md to go on; --yes never raises it.');
    if (s.stopped.reason !== 'question') lines.push(`  Continue with \`filmcrew run --resume ${s.runId}\`: nothing done is redone.`);
  }
  lines.push('', `Journal: ${relative(root, s.journal)} — \`filmcrew trace ${s.runId}\` shows the timeline.`);
  return lines;
}

/** The branches a run proposed on, and what to do next. */
function proposalLines(proposed: RoleProposal[]): string[] {
  if (!proposed.length) return ['', 'Nothing new to propose: no branch was written.'];
  const lines = ['', 'Proposed on branches (your working tree was not touched):'];
  for (const p of proposed) lines.push(`  ${p.branch}  ${p.files} file${p.files === 1 ? '' : 's'}${p.unchanged ? ' (unchanged: already proposed)' : ''}`);
  lines.push('Review with `filmcrew review`; approve with `filmcrew approve <branch>` or reject with `filmcrew reject <branch> --note "…"`.');
  return lines;
}

/** production.md's `proposals: branches`; the team module (and the orchestrator with it) loads only when the file names proposals at all. */
async function branchesAsked(root: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(join(root, PRODUCTION_FILE), 'utf8');
  } catch {
    return false;
  }
  return text.includes('proposals') && (await import('../../core/team/propose')).proposalsOnBranches(root);
}

function positive(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new FilmcrewError('usage', `--${name} must be a whole number of at least 1, not '${String(value)}'`, `For example --${name} 4.`);
  return n;
}

function amount(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new FilmcrewError('usage', `--${name} must be an amount of money, 0 or more, not '${String(value)}'`, `For example --${name} 5.`);
  return n;
}

/** The values of a repeatable option; `--subject a,b` counts as two. */
function listed(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
}

export const run: Command = {
  name: 'run',
  summary: 'Run the crew on the ready work, stage by stage, stopping at gates, the budget and your answers',
  usage: [
    'filmcrew run [dir] [--stage S] [--act A] [--only ROLE] [--subject ID…] [--concurrency N] [--yes] [--resume [RUN]] [--provider NAME]',
    '             [--propose-on-branches] [--shard I/N] [--run-id ID] [--budget-cap N]',
    '',
    '  --stage S         only this stage (script, breakdown, assets, storyboard, generation, edit, review)',
    '  --act A           only this act (gates are not passed in an act run)',
    '  --only ROLE       only this crew role (gates are not passed)',
    '  --subject ID      regenerate: only the tasks about ID (a shot id, an asset id like mara, a scene id for',
    '                    the dop, cut for the editor); repeat for more; alias --shot. Redone even when its inputs',
    '                    are unchanged, written as a new proposal (beside a file you changed); gates are not passed.',
    '                    e.g. filmcrew run --only storyboard-artist --shot s01-003',
    '  --concurrency N   tasks at once (default production.md `concurrency`, else 6, and for work that calls no model, such as clips, as many as keep the renderers busy)',
    '  --yes             answer yes to every question, gates included (CI, demos); never raises the budget cap',
    '  --resume [RUN]    continue the newest run (or RUN): nothing done is redone, nothing paid is paid again',
    '  --provider NAME   send every call to this provider (e.g. offline)',
    '  --rough-storyboard  draw the storyboard before the asset lock too (frames are drawn again after it)',
    '  --propose-on-branches  run in a scratch checkout and commit each role\'s work to crew/<role>/<run>',
    '                    for review (`filmcrew review`); your files and index are not touched, no gate is passed.',
    '                    Also on with `proposals: branches` in production.md.',
    '  --shard I/N       this machine\'s share of the ready work (implies proposals on branches, as',
    '                    crew/<role>/<run>.shard-I-of-N); give every shard the same --run-id',
    '  --run-id ID       name the run (CI: the workflow run); the same id again redoes nothing already done',
    '  --budget-cap N    spend at most N on this machine (lower than production.md\'s cap; CI: per shard)',
    '',
    'Exit codes: 0 all done; 1 a task failed (the summary says which and why); 2 usage or setup error;',
    '            3 stopped at the budget cap; 4 stopped: a question needs a person (rerun with --yes or in VS Code);',
    '            5 another filmcrew process is working on the production; 6 work left: a gate or call declined or',
    '            blocked, a stage could not start (the summary says what waits); 130 cancelled (Ctrl-C).',
  ].join('\n'),
  options: {
    stage: { type: 'string' },
    act: { type: 'string' },
    only: { type: 'string' },
    subject: { type: 'string', multiple: true },
    shot: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    resume: { type: 'boolean' },
    provider: { type: 'string' },
    'rough-storyboard': { type: 'boolean' },
    'propose-on-branches': { type: 'boolean' },
    shard: { type: 'string' },
    'run-id': { type: 'string' },
    'budget-cap': { type: 'string' },
  },
  async run(args, io: CliIO) {
    const v = args.values;
    let runId: string | undefined;
    let dir: string | undefined;
    for (const p of args.positionals) {
      if (v.resume && RUN_ID.test(p) && !existsSync(resolve(io.cwd, p))) runId = p;
      else if (dir === undefined) dir = p;
      else throw new FilmcrewError('usage', `unexpected argument '${p}'`, 'Usage: filmcrew run [dir] [--resume [RUN]] …');
    }
    const root = resolve(io.cwd, dir ?? '.');
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new FilmcrewError('not-found', `${root} is not a folder`, 'Give the path of a production folder.');
    }
    const stage = v.stage as string | undefined;
    if (stage !== undefined && !isStageId(stage)) {
      throw new FilmcrewError('usage', `unknown stage '${stage}'`, `Use one of: ${STAGES.map((s) => s.id).join(', ')}.`);
    }
    const subjects = [...listed(v.subject), ...listed(v.shot)];
    // Imported when run, and only what this run needs: a run said again from its record
    // (run-unchanged.ts) loads neither the orchestrator nor the crew; a run worked out loads them then.
    const [{ approveEverything, environmentSecrets }, { barDisplay, plainDisplay }, { runOrSayAgain }] = await Promise.all([
      import('../../core/host'),
      import('../progress'),
      import('../../core/orchestrator/run-unchanged'),
    ]);
    const display = io.interactive ? barDisplay() : plainDisplay(io);
    let prompt: ApprovalPrompt = approveEverything;
    if (!v.yes) {
      const { nobodyAtTheTerminal, terminalPrompt } = await import('../prompt');
      prompt = io.interactive ? terminalPrompt(display) : nobodyAtTheTerminal;
    }
    const logger: Logger = {
      debug: () => {},
      info: (m) => io.out(m),
      warn: (m) => io.err(`warning: ${m}`),
      error: (m) => io.err(m),
    };
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    const shard = v.shard !== undefined ? parseShard(String(v.shard)) : undefined;
    const onBranches = Boolean(v['propose-on-branches']) || shard !== undefined || (await branchesAsked(root));
    let summary: RunSummary;
    let proposed: RoleProposal[] | undefined;
    let uncommitted: string[] = [];
    // The feature bench (bench/feature.bench.ts) asks for the crew's share of this process's CPU (core/meter.ts).
    const meterFile = io.env.FILMCREW_BENCH_METER;
    const meter = meterFile ? (await import('../../core/meter')).startMeter() : undefined;
    try {
      const runOptions: RunOptions = {
        ...(stage ? { stage } : {}),
        ...(v.act ? { act: String(v.act) } : {}),
        ...(v.only ? { only: String(v.only) } : {}),
        ...(subjects.length ? { subjects, force: true } : {}),
        ...(v.concurrency !== undefined ? { concurrency: positive(v.concurrency, 'concurrency') } : {}),
        ...(v.resume ? { resume: runId ?? true } : {}),
        ...(v.provider ? { provider: String(v.provider) } : {}),
        ...(v['rough-storyboard'] ? { roughStoryboard: true } : {}),
        ...(v['run-id'] !== undefined ? { runId: String(v['run-id']) } : {}),
        ...(shard ? { shard } : {}),
        ...(v['budget-cap'] !== undefined ? { budgetCap: amount(v['budget-cap'], 'budget-cap') } : {}),
        prompt,
        secrets: environmentSecrets,
        logger,
        observer: (e) => display.observe(e),
        signal: controller.signal,
      };
      if (onBranches) ({ summary, proposals: proposed, uncommitted } = await (await import('../../core/team/propose')).runOnBranches(root, runOptions));
      else summary = await runOrSayAgain(root, runOptions, async (at) => (await import('../../core/orchestrator/index')).workOutRun(at, runOptions));
    } finally {
      display.stop();
      process.removeListener('SIGINT', onSignal);
      if (meter && meterFile) {
        meter.stop();
        writeFileSync(meterFile, JSON.stringify(meter.totals));
      }
    }
    for (const line of summaryLines(summary, root)) io.out(line);
    if (proposed) for (const line of proposalLines(proposed)) io.out(line);
    if (uncommitted.length) {
      const some = uncommitted.slice(0, 5).join(', ') + (uncommitted.length > 5 ? ` and ${uncommitted.length - 5} more` : '');
      io.out(`Note: the crew worked from your last commit; your uncommitted changes (${some}) were not seen. Commit them first to have them used.`);
    }
    return summary.exitCode;
  },
};
