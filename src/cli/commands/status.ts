/**
 * `filmcrew status [dir] [--json]`: the stages with their gates, the artifacts by status, and
 * the problems, as a table a person reads at a glance.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CliIO, Command } from '../command';
import { formatDiagnostic } from '../../core/diagnostics';
import { statusFromBasis, STATUS_COLUMNS, type StageStatus, type StatusReport } from '../../core/production/status';

const SHOWN_PROBLEMS = 10;

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}

function stateText(s: StageStatus, report: StatusReport): string {
  if (s.state === 'done') return s.gate ? `passed${s.gate.at ? ` ${s.gate.at.slice(0, 10)}` : ''}` : 'done';
  if (s.state === 'ready') return 'ready';
  const titles = s.waitingFor.map((g) => report.stages.find((x) => x.gate?.id === g)?.gate?.title ?? g);
  return `waiting for ${titles.join(' and ') || 'earlier stages'}`;
}

function print(report: StatusReport, io: CliIO): void {
  io.out(`${report.title ?? 'Untitled'} — ${report.root}\n`);
  io.out(
    table([
      ['STAGE', 'GATE', 'STATE', 'WORK'],
      ...report.stages.map((s) => [s.title, s.gate?.title ?? '—', stateText(s, report), s.work]),
    ]).join('\n'),
  );
  io.out('');
  const columns = STATUS_COLUMNS.filter((c) => report.artifacts.some((a) => a.byStatus[c]));
  io.out(
    table([
      ['ARTIFACTS', 'TOTAL', ...columns.map((c) => (c === 'none' ? 'NO STATUS' : c.toUpperCase()))],
      ...report.artifacts.map((a) => [a.folder, String(a.total), ...columns.map((c) => (a.byStatus[c] ? String(a.byStatus[c]) : '·'))]),
    ]).join('\n'),
  );
  if (report.spend) {
    const cap = report.spend.cap !== undefined ? ` of ${report.spend.cap.toFixed(2)} cap` : '';
    io.out(`\nSpend: ${report.spend.total.toFixed(2)}${cap}`);
  }
  if (report.stale.length) io.out(`\nStale (inputs changed since they were locked): ${report.stale.join(', ')}`);
  const { errors, warnings, diagnostics } = report.problems;
  io.out('');
  if (!diagnostics.length) {
    io.out('Problems: none.');
    return;
  }
  io.out(`Problems: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  for (const d of diagnostics.slice(0, SHOWN_PROBLEMS)) io.out(`  ${formatDiagnostic(d)}`);
  if (diagnostics.length > SHOWN_PROBLEMS) io.out(`  … and ${diagnostics.length - SHOWN_PROBLEMS} more: run \`filmcrew validate\` for the list.`);
}

/** True when `dir` or a folder above it holds a `.git`: locks and gates are commits, so they need one. */
function inGitRepository(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

export const status: Command = {
  name: 'status',
  summary: 'Show the stages and their gates, the artifacts by status, and the problems',
  usage: 'filmcrew status [dir] [--json]',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const root = resolve(io.cwd, args.positionals[0] ?? '.');
    // Imported when run, so the other commands do not pay for loading it at startup.
    const { loadStatusBasis } = await import('../../core/production/status-cache');
    const report = statusFromBasis(await loadStatusBasis(root));
    if (args.values.json) {
      io.out(JSON.stringify(report, null, 2));
      return 0;
    }
    print(report, io);
    if (!inGitRepository(root)) io.out('\nNot a git repository: locks and gates are commits. Run `git init` (or `filmcrew init`) in it to start keeping them.');
    return 0;
  },
};
