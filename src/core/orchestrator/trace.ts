/**
 * A run's journal as a readable timeline: one line per step, with the time since the run
 * started, each step's duration and cost, then the totals. The CLI's `filmcrew trace` prints it;
 * the extension can show the same lines.
 */
import type { JournalEvent } from './journal';

function seconds(ms: number): string {
  return `+${(ms / 1000).toFixed(2)}s`.padStart(9);
}

function duration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function money(n: number | null | undefined): string {
  return n === null || n === undefined ? 'unknown' : n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 4 : 2);
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
  const totals = { cost: 0, calls: 0, succeeded: 0, cached: 0, failed: 0, skipped: 0 };
  for (const e of events) {
    if (e.e !== 'cached') flushCached(e.t);
    const at = seconds(e.t - first);
    switch (e.e) {
      case 'run-started':
        lines.push(`${at}  ${e.resumed ? 'resumed' : 'started'} run ${runId} (pid ${e.pid})${Object.entries(e.options).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${String(v)}`).join('')}`);
        break;
      case 'started':
        lines.push(`${at}  ▶ ${e.task} started${e.forced ? ' (forced: regenerate)' : ''}`);
        break;
      case 'cached':
        totals.cached++;
        cachedRun++;
        break;
      case 'call':
        totals.calls++;
        if (e.attempt > 0) lines.push(`${at}    ${e.task}: ${e.model} again (attempt ${e.attempt + 1})`);
        break;
      case 'call-cached':
        lines.push(`${at}    ${e.task}: ${e.model} answer reused from an earlier run (already paid)`);
        break;
      case 'cost':
        totals.cost += e.cost;
        lines.push(`${at}    ${e.task}: ${e.model} via ${e.provider} answered in ${duration(e.durationMs)}, cost ${money(e.cost)} (estimated ${money(e.estimate)})`);
        break;
      case 'retried':
        lines.push(`${at}  ↻ ${e.task}: ${e.model} failed (${e.reason}); retry ${e.attempt} in ${duration(e.delayMs)}`);
        break;
      case 'routed':
        lines.push(`${at}  → ${e.task}: ${e.from} ${e.to ? `→ ${e.to}` : 'and no model left'}: ${e.reason}`);
        break;
      case 'job':
        lines.push(`${at}    ${e.task}: ${e.provider} job ${e.jobId} submitted`);
        break;
      case 'approved':
        if (e.gate) lines.push(`${at}  ✓ gate ${e.gate} approved by a person`);
        else if (e.by === 'person') lines.push(`${at}    ${e.task}: call to ${e.model} approved by a person (estimated ${money(e.estimate)})`);
        break;
      case 'denied':
        lines.push(`${at}  ✗ ${e.gate ? `gate ${e.gate}` : `${e.task}: call to ${e.model}`} refused by ${e.by === 'person' ? 'a person' : 'the policy'} (${e.reason})`);
        break;
      case 'succeeded':
        totals.succeeded++;
        lines.push(
          `${at}  ✓ ${e.task} succeeded in ${duration(e.durationMs)}${e.models.length ? ` with ${[...new Set(e.models)].join(', ')}` : ''}, cost ${money(e.cost)}` +
            (e.outputs.length ? ` → ${e.outputs.join(', ')}` : '') +
            (e.conflicts.length ? ` (write conflict: ${e.conflicts.join(', ')} kept as the person left it)` : ''),
        );
        break;
      case 'failed':
        totals.failed++;
        lines.push(`${at}  ✗ ${e.task} failed after ${duration(e.durationMs)}: ${e.reason}`);
        break;
      case 'skipped':
        totals.skipped++;
        lines.push(`${at}  – ${e.task} skipped: ${e.reason}`);
        break;
      case 'gate':
        lines.push(`${at}  ⛩ gate ${e.gate} ${e.outcome}${e.artifacts.length ? ` (${e.artifacts.length} artifacts)` : ''}${e.reason ? `: ${e.reason}` : ''}`);
        break;
      case 'stopped':
        lines.push(`${at}  ■ stopped: ${e.reason}`);
        break;
      case 'run-finished':
        lines.push(`${at}  finished${e.ok ? '' : ' with problems'}`);
        break;
      default:
        break;
    }
  }
  flushCached(events[events.length - 1]?.t ?? first);
  const span = events.length ? (events[events.length - 1]!.t - first) / 1000 : 0;
  lines.push(
    '',
    `${totals.succeeded} succeeded, ${totals.cached} cached, ${totals.failed} failed, ${totals.skipped} skipped; ${totals.calls} call${totals.calls === 1 ? '' : 's'}; cost ${money(totals.cost)}; ${span.toFixed(1)} s`,
  );
  return lines;
}
