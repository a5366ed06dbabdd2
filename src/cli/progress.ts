/**
 * The live display of a run: a progress bar (done / running / failed, spend) on a terminal,
 * plain lines when stdout is not a terminal or CI is set. It is a RunObserver: the engine
 * reports, the display shows.
 */
import { SingleBar } from 'cli-progress';
import type { RunEvent } from '../core/host';
import type { CliIO } from './command';

export interface RunDisplay {
  observe(event: RunEvent): void;
  /** Hides the bar while a question is asked at the terminal. */
  suspend(): void;
  resume(): void;
  stop(): void;
}

function money(n: number): string {
  return n.toFixed(2);
}

function elapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/**
 * Plain lines: one per finished task that did something worth a line, and spend changes. A task
 * that has said nothing for `waitingEveryMs` (a slow model, a hung request being waited out) gets
 * a `waiting` line, so a log in CI shows the run is alive and on what it waits.
 */
export function plainDisplay(io: CliIO, opts: { waitingEveryMs?: number } = {}): RunDisplay {
  const every = opts.waitingEveryMs ?? 30_000;
  let cached = 0;
  const quarters = new Map<string, number>();
  /** Running tasks: when they started, when they last had a line, and on which model. */
  const running = new Map<string, { since: number; said: number; model: string }>();
  let ticker: NodeJS.Timeout | undefined;
  const tick = () => {
    const now = Date.now();
    for (const [taskId, r] of running) {
      if (now - r.said < every) continue;
      r.said = now;
      io.out(`  waiting  ${taskId}: ${elapsed(now - r.since)} so far${r.model ? ` (${r.model})` : ''}`);
    }
  };
  const stopTicking = () => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
    running.clear();
  };
  return {
    observe(event) {
      switch (event.type) {
        case 'run-started':
          io.out(`run ${event.runId}`);
          break;
        case 'task-started':
          running.set(event.taskId, { since: Date.now(), said: Date.now(), model: event.model });
          if (!ticker) {
            ticker = setInterval(tick, Math.max(10, Math.min(every / 4, 5_000)));
            ticker.unref(); // never what keeps the process alive
          }
          break;
        case 'task-finished':
          running.delete(event.taskId);
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
            const r = running.get(event.taskId);
            if (r) r.said = Date.now();
          }
          break;
        }
        case 'run-finished':
          stopTicking();
          if (cached) io.out(`  ${cached} task${cached === 1 ? '' : 's'} unchanged since their last run (cached, no call)`);
          break;
        default:
          break;
      }
    },
    suspend() {},
    resume() {},
    stop: stopTicking,
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
  const payload = () => ({ running, failed, spent: money(spent), cap: cap !== undefined ? ` of ${money(cap)}` : '', current });
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
