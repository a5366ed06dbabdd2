/**
 * `filmcrew validate [dir] [--json]`: every problem in the production as
 * `file:line:col severity code message`, sorted, with the locked files edited since their lock
 * and the stale work, and the crew's open questions; exit 1 when there are errors or a lock no
 * longer holds, else 4 when a question waits for a person's answer (as `run` does).
 */
import { resolve } from 'node:path';
import type { Command } from '../command';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const validate: Command = {
  name: 'validate',
  summary: 'Check every file of the production, and every lock, and print each problem with its file and line',
  usage: 'filmcrew validate [dir] [--json]\n\nExit codes: 0 valid; 1 errors or a broken lock; 4 valid, but a crew question waits for an answer.',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const root = resolve(io.cwd, args.positionals[0] ?? '.');
    // Served from .filmcrew/ when no file, lock, journal or git ref changed.
    const [{ productionReport }, { formatDiagnostic }, { openQuestionsReport }] = await Promise.all([
      import('../../core/production/report'),
      import('../../core/diagnostics'),
      import('../../core/questions/report'),
    ]);
    const report = await productionReport(root);
    const open = await openQuestionsReport(root);
    // Files and locks: a folder without git is `status`'s to mention (lock verification needs no git).
    const diagnostics = report.diagnostics.filter((d) => d.code !== 'not-a-git-repo');
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    const brokenLocks = report.lockProblems.length;
    const failed = errors > 0 || brokenLocks > 0;
    const code = failed ? 1 : open.questions.length ? 4 : 0;
    if (args.values.json) {
      io.out(JSON.stringify({ root, errors, warnings, brokenLocks, diagnostics, openQuestions: open.questions }, null, 2));
      return code;
    }
    for (const d of diagnostics) io.out(formatDiagnostic(d));
    const title = report.status.title;
    const what = title ? `“${title}” (${root})` : root;
    if (!diagnostics.length) io.out(`No problems in ${what}.`);
    else io.out(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${what}.`);
    if (brokenLocks) io.out(`${plural(brokenLocks, 'locked file')} changed since ${brokenLocks === 1 ? 'its' : 'their'} lock: approve again or revert.`);
    for (const line of open.lines) io.out(line);
    return code;
  },
};
