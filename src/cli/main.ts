/**
 * The `filmcrew` command line: a thin adapter over src/core. Each command is a file in
 * ./commands; this file only dispatches and turns thrown FilmcrewErrors into readable lines.
 */
import { parseArgs } from 'node:util';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { FilmcrewError } from '../core/diagnostics';
import type { CliIO, Command } from './command';
import { commands } from './commands/index';

function help(io: CliIO): void {
  io.out('filmcrew — an agentic video production in a git repository\n');
  io.out('Usage: filmcrew <command> [options]\n');
  for (const c of commands) io.out(`  ${c.name.padEnd(10)} ${c.summary}`);
  io.out('\nRun `filmcrew <command> --help` for a command\'s options.');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.out('0.1.0');
    return 0;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`filmcrew: unknown command '${name}'. Run \`filmcrew --help\` to see the commands.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`filmcrew ${name}: ${(e as Error).message}\nUsage: ${command.usage}`);
    return 2;
  }
  try {
    return await command.run({ positionals: parsed.positionals, values: parsed.values }, io);
  } catch (e) {
    if (e instanceof FilmcrewError) {
      io.err(`filmcrew ${name}: ${e.file ? e.file + ': ' : ''}${e.message}${e.advice ? `\n  ${e.advice}` : ''}`);
      // Another run holds the production: not a usage mistake, try again later.
      return e.code === 'run-locked' ? 5 : 2;
    }
    throw e;
  }
}

/** How far the heap grows past a full collection's survivors before the next (runProcess): a tenth of them… */
const HEAP_GROWING_PERCENT = 10;
/** …or this much, when that is more: a small heap is cheap to let grow, and costly to collect often. */
const HEAP_GROWING_STEP = 32 << 20;

/** The growing percent for a heap that holds `live` bytes after a full collection. */
export function heapGrowingPercent(live: number): number {
  return Math.max(HEAP_GROWING_PERCENT, Math.ceil((HEAP_GROWING_STEP / Math.max(1, live)) * 100));
}

/**
 * The heap grows past what a full collection leaves by a tenth or by HEAP_GROWING_STEP, whichever
 * is more, instead of up to 4×. A run's big passing strings (a still's screenshot comes as a
 * 200 KB base64 message) go straight to the old generation and pile up until it is full: at 1,000
 * shots node held 491–567 MB for a live heap of about 120 MB; grown by a tenth it held 411–427
 * MB. But a tenth of a small heap is a few MB: while a run loads a feature (the heap going from 15
 * to 90 MB) V8 then collected the whole heap every half second, 19 full collections in the first
 * 11 s of a 1,000-shot run. The percent is set again after each full collection, from what it left.
 * Set here, for the process only: the extension host is VS Code's and shared, and its flags are
 * not ours to set.
 */
function boundHeapGrowth(): void {
  let percent = 0;
  const set = () => {
    const next = heapGrowingPercent(getHeapStatistics().used_heap_size);
    if (next === percent) return;
    percent = next;
    setFlagsFromString(`--heap-growing-percent=${percent}`);
  };
  set();
  new PerformanceObserver((list) => {
    const major = (e: PerformanceEntry) => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
    if (list.getEntries().some(major)) set();
  }).observe({ entryTypes: ['gc'] });
}

/** Runs the CLI as a process: parses process.argv and exits with the command's code. */
export function runProcess(): void {
  boundHeapGrowth();
  const io: CliIO = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  interactive: Boolean(process.stdout.isTTY) && !process.env.CI,
  cwd: process.cwd(),
    env: process.env,
  };
  main(process.argv.slice(2), io).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`filmcrew: internal error: ${(e as Error)?.stack ?? e}\nPlease report this with the command you ran.\n`);
      process.exit(70);
    },
  );
}

if (require.main === module) runProcess();
