/**
 * `filmcrew status [dir] [--json]`: the stages with their gates (from git), the artifacts by
 * status, stale work, proposals waiting for review, spend and the problems, as a table a person
 * reads at a glance (status-print.ts). A warm status is usually answered before this command is
 * loaded at all, by the status entry point (../status-main.ts); this is the whole path.
 */
import { resolve } from 'node:path';
import type { Command } from '../command';

export const status: Command = {
  name: 'status',
  summary: 'Show the stages and their gates, the artifacts by status, proposals, spend and the problems',
  usage: 'filmcrew status [dir] [--json]',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const root = resolve(io.cwd, args.positionals[0] ?? '.');
    // Imported when the command runs, so `filmcrew --help` does not load core.
    const [{ productionReport }, { openQuestionsReport }, { saveOpenQuestions, stampQuestions }, { printStatus }] = await Promise.all([
      import('../../core/production/report'),
      import('../../core/questions/report'),
      import('../../core/production/status-questions'),
      import('./status-print'),
    ]);
    const report = await productionReport(root);
    // Stamped before reading, so a question written meanwhile is never taken as read.
    const stamp = stampQuestions(root, Date.now());
    const open = await openQuestionsReport(root);
    await saveOpenQuestions(root, stamp, open);
    printStatus(report, open, io, args.values.json === true);
    return 0;
  },
};
