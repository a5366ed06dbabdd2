/**
 * What `filmcrew status` prints, from the production report and the open questions: a table a
 * person reads at a glance, or the same as JSON with --json. Both the full CLI's status command and
 * the status entry point (../status-main.ts) print through here, so a warm answer reads exactly as
 * a fresh one.
 */
import { formatDiagnostic } from '../../core/diagnostics';
import { money } from '../../core/money';
import type { ProductionReport } from '../../core/production/report-of';
import { STATUS_COLUMNS, type StageStatus, type StatusReport } from '../../core/production/status';
import type { OpenQuestionsReport } from '../../core/questions/report';
import { gatesOf } from '../../core/session/stages';
import type { CliIO } from '../command';

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

function print(full: ProductionReport, io: CliIO): void {
  const report = full.status;
  io.out(`${report.title ?? 'Untitled'} — ${report.root}\n`);
  io.out(
    table([
      ['STAGE', 'GATE', 'STATE', 'WORK'],
      ...report.stages.map((s) => [s.title, s.gate?.title ?? '—', stateText(s, report), s.work]),
    ]).join('\n'),
  );
  const noGit = full.diagnostics.some((d) => d.code === 'not-a-git-repo');
  if (noGit) {
    io.out(
      "\nNot a git repository: locks and gates are commits, so the gates above are judged from the artifacts' statuses alone. Run `git init` here and commit (or `filmcrew init`) to keep them.",
    );
  } else if (full.gatesFrom === 'artifacts') {
    io.out("\nGates judged from the artifacts' statuses alone: git could not be read (see the problems below).");
  }
  io.out('');
  const columns = STATUS_COLUMNS.filter((c) => report.artifacts.some((a) => a.byStatus[c]));
  io.out(
    table([
      ['ARTIFACTS', 'TOTAL', ...columns.map((c) => (c === 'none' ? 'NO STATUS' : c.toUpperCase()))],
      ...report.artifacts.map((a) => [a.folder, String(a.total), ...columns.map((c) => (a.byStatus[c] ? String(a.byStatus[c]) : '·'))]),
    ]).join('\n'),
  );
  const { spend } = full;
  io.out(`\nSpend: ${money(spend.total, spend.currency)}${spend.cap !== undefined ? ` of the ${money(spend.cap, spend.currency)} cap` : ''}`);
  if (full.proposals.length) {
    io.out(`Proposals waiting for review: ${full.proposals.map((p) => p.branch).join(', ')} (\`filmcrew review\`)`);
  }
  if (report.stale.length) io.out(`Stale (inputs changed since they were locked): ${report.stale.join(', ')}`);
  const { errors, warnings } = report.problems;
  // The missing repository has its own line above.
  const diagnostics = report.problems.diagnostics.filter((d) => d.code !== 'not-a-git-repo');
  io.out('');
  if (!diagnostics.length) {
    io.out('Problems: none.');
    return;
  }
  io.out(`Problems: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  for (const d of diagnostics.slice(0, SHOWN_PROBLEMS)) io.out(`  ${formatDiagnostic(d)}`);
  if (diagnostics.length > SHOWN_PROBLEMS) io.out(`  … and ${diagnostics.length - SHOWN_PROBLEMS} more: run \`filmcrew validate\` for the list.`);
}

/** Prints the report (as JSON with `json`) and the open questions. */
export function printStatus(report: ProductionReport, open: OpenQuestionsReport, io: CliIO, json: boolean): void {
  if (json) {
    io.out(
      JSON.stringify(
        {
          ...report.status,
          gatesFrom: report.gatesFrom,
          gates: gatesOf(report.status),
          locked: report.locked.length,
          proposals: report.proposals.map((p) => ({ branch: p.branch, role: p.role, files: p.files.length, at: p.at })),
          spend: report.spend,
          openQuestions: open.questions,
        },
        null,
        2,
      ),
    );
    return;
  }
  print(report, io);
  io.out(open.lines.length ? `\n${open.lines.join('\n')}` : '\nOpen questions: none.');
}
