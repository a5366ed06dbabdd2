/**
 * Commands about the production as a whole: New Production, Validate, Show Status, Show Run
 * Trace, Set API Key, and opening things (agent brief, feedback, storyboard).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatDiagnostic } from '../../core/diagnostics';
import { agentFile, feedbackFile, PRODUCTION_FILE } from '../../core/model/paths';
import { listRuns, readJournal, type JournalEvent } from '../../core/orchestrator/index';
import { initProduction } from '../../core/production/init';
import { STATUS_COLUMNS, type StatusReport } from '../../core/production/status';
import { builtinPresets } from '../../core/providers/index';
import type { Spend } from '../production-view';
import { amount, money as formatMoney } from '../../core/money';

const money = (n: number, currency: string) => formatMoney(n, currency, 'symbol');
import { absolute, guarded, isTreeNode, requireRoot, requireTrust, targetPath, type CommandContext, type CommandHandler } from './context';

/** The secrets Set API Key offers: the hosted text and image services, then each video preset's. */
export function knownSecrets(): { name: string; service: string }[] {
  return [
    { name: 'OPENAI_API_KEY', service: 'OpenAI (text and images)' },
    { name: 'OPENROUTER_API_KEY', service: 'OpenRouter' },
    ...builtinPresets.map((p) => ({ name: p.secretName, service: `${p.name} (video)` })),
  ].filter((s, i, all) => all.findIndex((x) => x.name === s.name) === i);
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The status report as markdown: stages and gates, artifacts by status, spend, problems. */
export function statusMarkdown(report: StatusReport, spend: Spend): string {
  const lines = [`# ${report.title ?? 'Untitled'}`, '', '| Stage | Gate | State | Work |', '|---|---|---|---|'];
  for (const s of report.stages) {
    const state = s.state === 'done' ? `passed${s.gate?.at ? ` ${s.gate.at.slice(0, 10)}` : ''}` : s.state === 'ready' ? 'ready' : `waiting for ${s.waitingFor.join(', ')}`;
    lines.push(`| ${cell(s.title)} | ${cell(s.gate?.title ?? '—')} | ${cell(state)} | ${cell(s.work)} |`);
  }
  const columns = STATUS_COLUMNS.filter((c) => report.artifacts.some((a) => a.byStatus[c]));
  lines.push('', `| Artifacts | Total | ${columns.join(' | ')} |`, `|---|---|${columns.map(() => '---|').join('')}`);
  for (const a of report.artifacts) lines.push(`| ${a.folder} | ${a.total} | ${columns.map((c) => a.byStatus[c] ?? '·').join(' | ')} |`);
  lines.push('', `**Spend:** ${money(spend.total, spend.currency)}${spend.cap !== undefined ? ` of ${money(spend.cap, spend.currency)}` : ' (no cap)'}`);
  const byRole = Object.entries(spend.byRole).filter(([, v]) => v > 0);
  if (byRole.length) lines.push('', ...byRole.map(([role, v]) => `- ${role}: ${money(v, spend.currency)}`));
  if (report.stale.length) lines.push('', `**Stale** (inputs changed since they were locked): ${report.stale.join(', ')}`);
  const { errors, warnings, diagnostics } = report.problems;
  lines.push('', diagnostics.length ? `**Problems:** ${errors} errors, ${warnings} warnings (see the Problems panel)` : '**Problems:** none.');
  for (const d of diagnostics.slice(0, 20)) lines.push(`- \`${formatDiagnostic(d)}\``);
  return lines.join('\n') + '\n';
}

function eventLine(e: JournalEvent): string | undefined {
  const at = new Date(e.t).toISOString().slice(11, 19);
  switch (e.e) {
    case 'run-started':
      return `${at} run ${e.run} started${e.resumed ? ' (resumed)' : ''}`;
    case 'started':
      return `${at} ▶ ${e.task}`;
    case 'succeeded':
      return `${at} ✓ ${e.task} → ${e.outputs.join(', ')} (${e.models.join(', ')}, ${amount(e.cost)}, ${Math.round(e.durationMs)} ms)`;
    case 'cached':
      return `${at} ↺ ${e.task} reused (${e.via})`;
    case 'failed':
      return `${at} ✗ ${e.task}: ${e.reason}`;
    case 'skipped':
      return `${at} – ${e.task} skipped: ${e.reason}`;
    case 'retried':
      return `${at} ⟳ ${e.task} retry ${e.attempt} on ${e.model}: ${e.reason}`;
    case 'routed':
      return `${at} ↪ ${e.task} ${e.from} → ${e.to ?? 'nothing'}: ${e.reason}`;
    case 'cost':
      return `${at} $ ${e.task} ${e.model}: ${amount(e.cost)} (estimated ${e.estimate ?? 'unknown'})`;
    case 'approved':
      return `${at} ✔ ${e.gate ? `gate ${e.gate}` : e.task} approved by ${e.by}`;
    case 'denied':
      return `${at} ✘ ${e.gate ? `gate ${e.gate}` : e.task} denied by ${e.by}: ${e.reason}`;
    case 'gate':
      return `${at} ⛩ gate ${e.gate}: ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`;
    case 'stopped':
      return `${at} ■ stopped: ${e.reason}`;
    case 'run-finished':
      return `${at} run finished: ${e.ok ? 'ok' : 'with problems'}, spent ${amount(e.spent)}`;
    default:
      return undefined;
  }
}

/** A run's journal as a readable trace. */
export function traceMarkdown(runId: string, events: JournalEvent[]): string {
  const lines = events.map(eventLine).filter((l): l is string => Boolean(l));
  return `# Run ${runId}\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\`\n`;
}

async function newProduction(ctx: CommandContext): Promise<void> {
  if (!requireTrust(ctx, 'Creating a production')) return;
  const folder = ctx.host.workspaceFolder();
  if (!folder) {
    ctx.host.warn('Open a folder first (File → Open Folder…): the production is created in it.');
    return;
  }
  if (existsSync(join(folder, PRODUCTION_FILE))) {
    ctx.host.info('This folder is already a production.');
    await ctx.host.openFile(join(folder, PRODUCTION_FILE));
    return;
  }
  const title = await ctx.host.input({ title: 'New Production', prompt: "The film's title", placeHolder: 'The Last Light' });
  if (title === undefined) return;
  const result = await initProduction(folder, { title: title.trim() || undefined, approval: ctx.host.settings().approvalMode });
  await ctx.source.open(result.root);
  ctx.host.info(`Production "${result.title}" created${result.commit ? ` and committed (${result.commit.slice(0, 7)})` : ''}. Write the screenplay in script.fountain.`);
  await ctx.host.openFile(join(result.root, 'script.fountain'));
}

async function validate(ctx: CommandContext): Promise<void> {
  if (!requireRoot(ctx)) return;
  const view = await ctx.source.refresh();
  if (!view) return;
  const errors = view.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = view.diagnostics.filter((d) => d.severity === 'warning').length;
  if (!view.diagnostics.length) ctx.host.info('The production is valid: no problems found.');
  else {
    ctx.host.warn(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}: see the Problems panel.`);
    await ctx.host.showProblems();
  }
}

async function showTrace(ctx: CommandContext): Promise<void> {
  const root = requireRoot(ctx);
  if (!root) return;
  const runs = listRuns(root).reverse();
  if (!runs.length) {
    ctx.host.info('No run yet: "Film Crew: Run Orchestrator" starts one.');
    return;
  }
  const run = runs.length === 1 ? runs[0] : await ctx.host.pick('Show the trace of which run?', runs.map((r) => ({ label: r.id, description: new Date(r.mtimeMs).toLocaleString(), value: r })));
  if (!run) return;
  await ctx.host.showMarkdown(`Run ${run.id}`, traceMarkdown(run.id, readJournal(run.path)));
}

async function setApiKey(ctx: CommandContext): Promise<void> {
  if (!requireTrust(ctx, 'Setting an API key')) return;
  const known = knownSecrets();
  const stored = new Set<string>();
  for (const s of known) if (await ctx.host.secrets.get(s.name)) stored.add(s.name);
  const name = await ctx.host.pick(
    'Set API Key: for which service?',
    [
      ...known.map((s) => ({ label: s.name, description: s.service, detail: stored.has(s.name) ? 'set — enter a new one to replace it, or leave empty to remove it' : undefined, value: s.name })),
      { label: 'Other…', description: 'a variable name of your own (e.g. for a command provider)', value: '' },
    ],
  );
  if (name === undefined) return;
  const secretName =
    name ||
    (await ctx.host.input({
      title: 'Set API Key',
      prompt: 'The name the provider reads the key by',
      validate: (v) => (/^[A-Z][A-Z0-9_]*$/.test(v) ? undefined : 'Use an environment-variable style name: capitals, digits and _.'),
    }));
  if (!secretName) return;
  const value = await ctx.host.input({
    title: `Set ${secretName}`,
    prompt: 'The key is kept in VS Code Secret Storage: never in settings, files, logs or the run journal. Leave empty to remove it.',
    password: true,
  });
  if (value === undefined) return;
  if (!value.trim()) {
    await ctx.host.secrets.delete(secretName);
    ctx.host.info(`${secretName} removed from Secret Storage.`);
    return;
  }
  await ctx.host.secrets.store(secretName, value.trim());
  ctx.host.log.info(`${secretName} stored in Secret Storage.`);
  ctx.host.info(`${secretName} stored in VS Code Secret Storage.`);
}

async function openRoleFile(ctx: CommandContext, arg: unknown, which: 'agent' | 'feedback'): Promise<void> {
  const root = requireRoot(ctx);
  if (!root) return;
  const role = isTreeNode(arg) ? arg.target?.role : typeof arg === 'string' ? arg : undefined;
  if (!role) return;
  const rel = which === 'agent' ? agentFile(role) : feedbackFile(role);
  if (!existsSync(absolute(ctx, rel))) {
    ctx.host.info(which === 'feedback' ? `${role} has no feedback yet: rejecting one of its proposals writes the first note.` : `${rel} does not exist.`);
    return;
  }
  await ctx.host.openFile(absolute(ctx, rel));
}

function shotIdAt(ctx: CommandContext, path: string | undefined): string | undefined {
  if (!path) return undefined;
  const shot = ctx.source.view?.production.shots.find((s) => s.path === path);
  return shot ? String(shot.data.id) : undefined;
}

export function productionCommands(ctx: CommandContext): Record<string, CommandHandler> {
  return {
    'filmcrew.newProduction': guarded(ctx, 'New Production', () => newProduction(ctx)),
    'filmcrew.validate': guarded(ctx, 'Validate Production', () => validate(ctx)),
    'filmcrew.showStatus': guarded(ctx, 'Show Status', async () => {
      const view = ctx.source.view;
      if (!requireRoot(ctx) || !view) return;
      await ctx.host.showMarkdown('Film Crew status', statusMarkdown(view.report, view.spend));
    }),
    'filmcrew.showTrace': guarded(ctx, 'Show Run Trace', () => showTrace(ctx)),
    'filmcrew.setApiKey': guarded(ctx, 'Set API Key', () => setApiKey(ctx)),
    'filmcrew.openAgent': guarded(ctx, 'Open Agent Brief', (arg) => openRoleFile(ctx, arg, 'agent')),
    'filmcrew.openFeedback': guarded(ctx, 'Open Agent Feedback', (arg) => openRoleFile(ctx, arg, 'feedback')),
    'filmcrew.openStoryboard': guarded(ctx, 'Open Storyboard', async () => {
      if (!requireRoot(ctx)) return;
      await ctx.storyboard.open(shotIdAt(ctx, targetPath(ctx, undefined)));
    }),
    'filmcrew.openInStoryboard': guarded(ctx, 'Open in Storyboard', async (arg) => {
      if (!requireRoot(ctx)) return;
      await ctx.storyboard.open(shotIdAt(ctx, targetPath(ctx, arg)));
    }),
    'filmcrew.refresh': guarded(ctx, 'Refresh', async () => {
      await ctx.source.refresh();
    }),
    'filmcrew.showLog': guarded(ctx, 'Show Log', async () => ctx.host.log.show()),
  };
}
