/**
 * The status entry point (dist/status.js): `filmcrew status` answered from the saved snapshots
 * alone, bundled on its own so a warm status loads a small bundle instead of the whole CLI (YAML,
 * schemas, the git layer, the crew). bin/filmcrew.js sends `status` here first; whenever the
 * snapshots cannot answer (something changed, nothing saved yet, open questions to read, --help or
 * a usage mistake) it says so and the full CLI runs the command as always, which reads what
 * changed and saves the snapshots again. Both print through commands/status-print.ts.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { savedReport } from '../core/production/report-of';
import { QUESTIONS_DIR } from '../core/questions/paths';
import type { CliIO } from './command';
import { printStatus } from './commands/status-print';

/** True when the production may have a question to read (reading one needs YAML and its schema). */
function mayAsk(root: string): boolean {
  try {
    return readdirSync(join(root, QUESTIONS_DIR)).some((n) => n.endsWith('.md'));
  } catch {
    return false;
  }
}

/**
 * The exit code of `filmcrew status <args>` when the snapshots answer it, after printing; undefined
 * (nothing printed) when the full CLI must run it.
 */
export async function warmStatus(args: string[], io: CliIO): Promise<number | undefined> {
  if (args.includes('--help') || args.includes('-h')) return undefined;
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch {
    return undefined; // the full CLI says what is wrong, with the usage line
  }
  if (parsed.positionals.length > 1) return undefined;
  const root = resolve(io.cwd, parsed.positionals[0] ?? '.');
  if (mayAsk(root)) return undefined;
  const report = await savedReport(root);
  if (!report) return undefined;
  printStatus(report, { questions: [], lines: [] }, io, parsed.values.json === true);
  return 0;
}

/** Runs `filmcrew status` as a process from the snapshots, or calls `fullCli` when they cannot answer. */
export function runStatusProcess(fullCli: () => void): void {
  const io: CliIO = {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    interactive: Boolean(process.stdout.isTTY) && !process.env.CI,
    cwd: process.cwd(),
    env: process.env,
  };
  warmStatus(process.argv.slice(3), io).then(
    (code) => (code === undefined ? fullCli() : process.exit(code)),
    // Anything unexpected on the short path: the full CLI answers (and reports a real failure).
    () => fullCli(),
  );
}
