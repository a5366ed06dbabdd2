/**
 * `filmcrew trace [run-id] [dir]`: a run's journal as a readable timeline, with each step's
 * cost and duration. Without a run id, the newest run.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../command';
import { FilmcrewError } from '../../core/diagnostics';

export const trace: Command = {
  name: 'trace',
  summary: "Print a run's journal as a timeline with each step's cost and duration",
  usage: 'filmcrew trace [run-id] [dir] [--list]',
  options: { list: { type: 'boolean' } },
  async run(args, io) {
    let dir: string | undefined;
    let runId: string | undefined;
    for (const p of args.positionals) {
      const abs = resolve(io.cwd, p);
      if (dir === undefined && existsSync(abs) && statSync(abs).isDirectory()) dir = p;
      else if (runId === undefined) runId = p;
      else throw new FilmcrewError('usage', `unexpected argument '${p}'`, 'Usage: filmcrew trace [run-id] [dir]');
    }
    const root = resolve(io.cwd, dir ?? '.');
    // Imported when run: `filmcrew --help` does not load the orchestrator.
    const { listRuns, readJournal, traceLines } = await import('../../core/orchestrator/index');
    const runs = listRuns(root);
    if (!runs.length) throw new FilmcrewError('no-run', `no runs in ${root} yet`, 'Start one with `filmcrew run`.');
    if (args.values.list) {
      for (const r of runs) io.out(`${r.id}  ${new Date(r.mtimeMs).toISOString()}`);
      return 0;
    }
    const chosen = runId ? runs.find((r) => r.id === runId || r.id.startsWith(runId)) : runs[runs.length - 1];
    if (!chosen) {
      throw new FilmcrewError('no-run', `there is no run ${runId} in ${root}`, `Runs: ${runs.slice(-5).map((r) => r.id).join(', ')} (\`filmcrew trace --list\` for all).`);
    }
    for (const line of traceLines(chosen.id, readJournal(chosen.path))) io.out(line);
    return 0;
  },
};
