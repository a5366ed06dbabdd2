/**
 * A run's journal as a readable timeline: one line per step, with the time since the run
 * started, each step's duration and cost, then the totals. The CLI's `filmcrew trace` prints it;
 * the extension can show the same lines.
 */
import type { JournalEvent } from './journal';
import { amount } from '../money';

function seconds(ms: number): string {
  return `+${(ms / 1000).toFixed(2)}s`.padStart(9);
}

function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function money(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : amount(n);
}

interface Totals {
  cost: number;
  calls: number;
  succeeded: number;
  cached: number;
  failed: number;
  skipped: number;
}

/** A call's or a task's line (`at`: the time since the run started), if it has one; counted in `totals`. */
function taskLine(e: JournalEvent, at: string, totals: Totals): string | undefined {
  switch (e.e) {
    case 'started':
      return `${at}  ▶ ${e.task} started${e.forced ? ' (forced: regenerate)' : ''}`;
    case 'call':
      totals.calls++;
      return e.attempt > 0 ? `${at}    ${e.task}: ${e.model} again (attempt ${e.attempt + 1})` : undefined;
    case 'call-cached':
      return `${at}    ${e.task}: ${e.model} answer reused from an earlier run (already paid)`;
    case 'cost':
      totals.cost += e.cost;
      return `${at}    ${e.task}: ${e.model} via ${e.provider} answered in ${duration(e.durationMs)}, cost ${money(e.cost)} (estimated ${money(e.estimate)})`;
    case 'retried':
      return `${at}  ↻ ${e.task}: ${e.model} failed (${e.reason}); retry ${e.attempt} in ${duration(e.delayMs)}`;
    case 'routed':
      return `${at}  → ${e.task}: ${e.from} ${e.to ? `→ ${e.to}` : 'and no model left'}: ${e.reason}`;
    case 'job':
      return `${at}    ${e.task}: ${e.provider} job ${e.jobId} submitted`;
    case 'succeeded':
      totals.succeeded++;
      return (
        `${at}  ✓ ${e.task} succeeded in ${duration(e.durationMs)}${e.models.length ? ` with ${[...new Set(e.models)].join(', ')}` : ''}, cost ${money(e.cost)}` +
        (e.outputs.length ? ` → ${e.outputs.join(', ')}` : '') +
        (e.conflicts.length ? ` (write conflict: ${e.conflicts.join(', ')} kept as the person left it)` : '')
      );
    case 'failed':
      totals.failed++;
      return `${at}  ✗ ${e.task} failed after ${duration(e.durationMs)}: ${e.reason}`;
    case 'skipped':
      totals.skipped++;
      return `${at}  – ${e.task} skipped: ${e.reason}`;
    default:
      return undefined;
  }
}

/** The run's own lines: start, approvals and refusals, gates, the end. */
function runLine(runId: string, e: JournalEvent, at: string): string | undefined {
  switch (e.e) {
    case 'run-started':
      return `${at}  ${e.resumed ? 'resumed' : 'started'} run ${runId} (pid ${e.pid})${Object.entries(e.options).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${String(v)}`).join('')}`;
    case 'approved':
      if (e.gate) return `${at}  ✓ gate ${e.gate} approved by a person`;
      return e.by === 'person' ? `${at}    ${e.task}: call to ${e.model} approved by a person (estimated ${money(e.estimate)})` : undefined;
    case 'denied':
      return `${at}  ✗ ${e.gate ? `gate ${e.gate}` : `${e.task}: call to ${e.model}`} refused by ${e.by === 'person' ? 'a person' : 'the policy'} (${e.reason})`;
    case 'gate':
      return `${at}  ⛩ gate ${e.gate} ${e.outcome}${e.artifacts.length ? ` (${e.artifacts.length} artifacts)` : ''}${e.reason ? `: ${e.reason}` : ''}`;
    case 'stopped':
      return `${at}  ■ stopped: ${e.reason}`;
    case 'run-finished':
      return `${at}  finished${e.ok ? '' : ' with problems'}`;
    default:
      return undefined;
  }
}

/** The timeline lines of one run's events. */
export function traceLines(runId: string, events: readonly JournalEvent[]): string[] {
  const lines: string[] = [];
  const first = events[0]?.t ?? 0;
  let cachedRun = 0;
  const flushCached = (t: number) => {
    if (cachedRun) lines.push(`${seconds(t - first)}  = ${cachedRun} task${cachedRun === 1 ? '' : 's'} cached (inputs unchanged, no call)`);
    cachedRun = 0;
  };
  const totals: Totals = { cost: 0, calls: 0, succeeded: 0, cached: 0, failed: 0, skipped: 0 };
  for (const e of events) {
    if (e.e === 'cached') {
      // A run of cache hits is one line.
      totals.cached++;
      cachedRun++;
      continue;
    }
    flushCached(e.t);
    const at = seconds(e.t - first);
    const line = taskLine(e, at, totals) ?? runLine(runId, e, at);
    if (line !== undefined) lines.push(line);
  }
  flushCached(events[events.length - 1]?.t ?? first);
  const span = events.length ? (events[events.length - 1]!.t - first) / 1000 : 0;
  lines.push(
    '',
    `${totals.succeeded} succeeded, ${totals.cached} cached, ${totals.failed} failed, ${totals.skipped} skipped; ${totals.calls} call${totals.calls === 1 ? '' : 's'}; cost ${money(totals.cost)}; ${span.toFixed(1)} s`,
  );
  return lines;
}
