/**
 * The live display of a run: a progress bar (done / running / failed, spend) on a terminal,
 * plain lines when stdout is not a terminal or CI is set. It is a RunObserver: the engine
 * reports, the display shows.
 */
import { SingleBar } from 'cli-progress';
import type { RunEvent } from '../core/host';
import type { CliIO } from './command';
import { amount } from '../core/money';

export interface RunDisplay {
  observe(event: RunEvent): void;
  /** Hides the bar while a question is asked at the terminal. */
  suspend(): void;
  resume(): void;
  stop(): void;
}


/** Plain lines: one per finished task that did something worth a line, and spend changes. */
export function plainDisplay(io: CliIO): RunDisplay {
  let cached = 0;
  const quarters = new Map<string, number>();
  return {
    observe(event) {
      switch (event.type) {
        case 'run-started':
          io.out(`run ${event.runId}`);
          break;
        case 'task-finished':
          if (event.outcome === 'cached') cached++;
          else if (event.outcome === 'succeeded') io.out(`  done     ${event.taskId}${event.outputs.length ? ` → ${event.outputs.join(', ')}` : ''}`);
          else io.out(`  ${event.outcome.padEnd(8)} ${event.taskId}${event.reason ? `: ${event.reason}` : ''}`);
          break;
        case 'task-progress': {
          // A line per quarter: enough to see a long render move, few enough for a log.
          const quarter = Math.floor(event.fraction * 4);
          if (quarter > (quarters.get(event.taskId) ?? 0) && quarter < 4) {
            quarters.set(event.taskId, quarter);
            io.out(`  ${String(quarter * 25).padStart(3)}%     ${event.taskId}${event.note ? `: ${event.note}` : ''}`);
          }
          break;
        }
        case 'run-finished':
          if (cached) io.out(`  ${cached} task${cached === 1 ? '' : 's'} unchanged since their last run (cached, no call)`);
          break;
        default:
          break;
      }
    },
    suspend() {},
    resume() {},
    stop() {},
  };
}

/** A cli-progress bar on stderr, so stdout keeps only the summary. */
export function barDisplay(): RunDisplay {
  const bar = new SingleBar(
    {
      format: ' {bar} {value}/{total} done | {running} running | {failed} failed | spent {spent}{cap} | {current}',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: false,
      stream: process.stderr,
      fps: 10,
    },
  );
  let total = 0;
  let done = 0;
  let running = 0;
  let failed = 0;
  let spent = 0;
  let cap: number | undefined;
  let current = '';
  let started = false;
  let suspended = false;
  const payload = () => ({ running, failed, spent: amount(spent), cap: cap !== undefined ? ` of ${amount(cap)}` : '', current });
  const draw = () => {
    if (suspended) return;
    if (!started) {
      bar.start(Math.max(total, 1), done, payload());
      started = true;
    }
    bar.setTotal(Math.max(total, 1));
    bar.update(done, payload());
  };
  return {
    observe(event) {
      switch (event.type) {
        case 'task-queued':
          total++;
          break;
        case 'task-started':
          running++;
          current = event.taskId;
          break;
        case 'task-finished':
          done++;
          if (event.outcome === 'succeeded' || event.outcome === 'failed') running = Math.max(0, running - 1);
          if (event.outcome === 'failed') failed++;
          if (event.outcome === 'skipped' && event.reason && !event.reason.startsWith('waits for') && !event.reason.startsWith('not started')) {
            running = Math.max(0, running - 1);
          }
          break;
        case 'task-progress':
          current = `${event.taskId} ${Math.round(event.fraction * 100)}%${event.note ? ` ${event.note}` : ''}`;
          break;
        case 'spend':
          spent = event.spent;
          cap = event.cap;
          break;
        case 'run-finished':
          current = '';
          break;
        default:
          return;
      }
      draw();
    },
    suspend() {
      if (started && !suspended) {
        bar.stop();
        started = false;
      }
      suspended = true;
    },
    resume() {
      suspended = false;
      draw();
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
