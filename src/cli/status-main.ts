/**
 * The status entry point (dist/status.js): `filmcrew status` answered from the saved snapshots
 * alone, bundled on its own so a warm status loads a small bundle instead of the whole CLI (YAML,
 * schemas, the git layer, the crew). bin/filmcrew.js sends `status` here first; whenever the
 * snapshots cannot answer (something changed, nothing saved yet, a question file changed, --help
 * or a usage mistake) it says so and the full CLI runs the command as always, which reads what
 * changed and saves the snapshots again. Both print through commands/status-print.ts.
 */
import { writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { savedReport } from '../core/production/report-of';
import { savedOpenQuestions } from '../core/production/status-questions';
import type { CliIO } from './command';
import { printStatus } from './commands/status-print';

/**
 * The exit code of `filmcrew status <args>` when the snapshots answer it, after printing; undefined
 * (nothing printed) when the full CLI must run it.
 */
export async function warmStatus(args: string[], io: CliIO): Promise<number | undefined> {
  // Only `[dir] [--json]`: anything else (--help, a usage mistake) is the full CLI's to answer.
  // Parsed by hand: node's parseArgs costs a warm status more to load than the rest of this file.
  let json = false;
  const positionals: string[] = [];
  for (const a of args) {
    if (a === '--json') json = true;
    else if (!a.startsWith('-')) positionals.push(a);
    else return undefined;
  }
  if (positionals.length > 1) return undefined;
  const root = resolve(io.cwd, positionals[0] ?? '.');
  const open = savedOpenQuestions(root);
  if (!open) return undefined;
  const report = await savedReport(root);
  if (!report) return undefined;
  printStatus(report, open, io, json);
  return 0;
}

/**
 * Writes the whole answer to stdout at once, with a plain write: setting up `process.stdout` (a
 * stream over the terminal, pipe or file) costs a warm status about a tenth of its time.
 */
function writeOut(text: string): void {
  const bytes = Buffer.from(text);
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(1, bytes, at);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return; // the reader went away (`| head`): nothing more to say
    if (code !== 'EAGAIN') throw e;
    process.stdout.write(bytes.subarray(at)); // a non-blocking pipe: the stream waits for it
  }
}

/** Runs `filmcrew status` as a process from the snapshots, or calls `fullCli` when they cannot answer. */
export function runStatusProcess(fullCli: () => void): void {
  const lines: string[] = [];
  const io: CliIO = {
    out: (line) => lines.push(line),
    err: (line) => lines.push(line), // never called: every problem hands over to the full CLI
    interactive: false,
    cwd: process.cwd(),
    env: process.env,
  };
  warmStatus(process.argv.slice(3), io)
    .then(
      (code) => {
        if (code === undefined) return fullCli();
        writeOut(lines.map((l) => l + '\n').join(''));
        process.exitCode = code;
      },
      // Anything unexpected on the short path (nothing is printed before the end): the full CLI answers.
      () => fullCli(),
    )
    .catch((e: unknown) => {
      process.stderr.write(`filmcrew: internal error: ${(e as Error)?.stack ?? e}\nPlease report this with the command you ran.\n`);
      process.exit(70);
    });
}
