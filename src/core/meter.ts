/**
 * The main thread's CPU time inside the models' calls and the renderers' driving: what the crew's
 * work costs this process, as opposed to the engine around it. The feature bench asks for it:
 * issue 11 sets a target for the engine's CPU per task run, "all but the provider". Offline, the
 * provider answers in this process (text, the frames' drawing), and the clip tasks make each clip
 * from its frame with chromium and ffmpeg, a video model's work: the tools' own CPU the bench
 * counts from their processes, the JavaScript that drives them (the still's page, the messages to
 * chromium, ffmpeg's arguments and output) it gets from here.
 *
 * A metered call is a tree of asynchronous work: the call's synchronous part, then every callback of
 * a promise, timer, stream or child process made while a metered part was running (async_hooks: a
 * resource made inside a metered part is metered, of the same kind). Each part is timed by the main
 * thread's own CPU clock (`/proc/self/task/<pid>/schedstat`: nanoseconds the scheduler ran the
 * thread), so time the thread waited for a core while ffmpeg had it counts for no one.
 *
 * What is left out is charged to the engine, never the reverse: V8's collector and compiler threads
 * and libuv's pool (the crew's garbage and file writes among them), and the hooks' own cost.
 * Off unless a process starts it (the hooks slow every promise); Linux only (`startMeter` returns
 * undefined where there is no schedstat to read).
 */
import { AsyncResource, createHook, executionAsyncResource } from 'node:async_hooks';
import { closeSync, openSync, readSync } from 'node:fs';

/** `provider`: a model's call. `renderer`: making media from the crew's work with the render tools. */
export type MeterKind = 'provider' | 'renderer';

export type MeterTotals = Record<MeterKind, { cpuS: number; calls: number }>;

export interface Meter {
  /** Runs `work`, metered as `kind`. */
  run<T>(kind: MeterKind, work: () => Promise<T>): Promise<T>;
  /** CPU seconds of the main thread inside metered work so far, and the calls, by kind. */
  readonly totals: MeterTotals;
  /** Stops metering (the totals stay). */
  stop(): void;
}

/** A clock of this thread's CPU time in ns, or undefined where the system has none to read. */
function threadClock(): { now: () => number; close: () => void } | undefined {
  let fd: number;
  try {
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    return undefined;
  }
  const buf = Buffer.alloc(96);
  const now = () => {
    // procfs makes the text again at every read from offset 0: "<ns on CPU> <ns waiting> <slices>".
    const n = readSync(fd, buf, 0, buf.length, 0);
    let ns = 0;
    for (let i = 0; i < n; i++) {
      const c = buf[i]!;
      if (c < 48 || c > 57) break;
      ns = ns * 10 + (c - 48);
    }
    return ns;
  };
  if (!(now() > 0)) {
    closeSync(fd);
    return undefined;
  }
  return { now, close: () => closeSync(fd) };
}

let active: Meter | undefined;

/** Starts this process's meter; undefined where the thread's CPU clock cannot be read. */
export function startMeter(): Meter | undefined {
  if (active) return active;
  const clock = threadClock();
  if (!clock) return undefined;
  /**
   * The kind of metered work an async resource was made in, kept on the resource itself (as
   * AsyncLocalStorage keeps its store): no table of ids to clear, so no destroy hook, which would
   * make V8 track every promise for the collector.
   */
  const KIND = Symbol('filmcrew.meter');
  type Marked = { [KIND]?: MeterKind };
  const totals: MeterTotals = { provider: { cpuS: 0, calls: 0 }, renderer: { cpuS: 0, calls: 0 } };
  let depth = 0;
  let current: MeterKind | undefined;
  let startedNs = 0;
  const enter = (kind: MeterKind) => {
    if (depth++ > 0) return;
    current = kind;
    startedNs = clock.now();
  };
  const leave = () => {
    if (--depth > 0) return;
    totals[current!].cpuS += (clock.now() - startedNs) / 1e9;
    current = undefined;
  };
  const kindHere = () => (executionAsyncResource() as Marked | undefined)?.[KIND];
  const hook = createHook({
    init(_asyncId, _type, _trigger, resource) {
      if (depth === 0) return;
      const kind = kindHere();
      if (kind) (resource as Marked)[KIND] = kind;
    },
    before() {
      const kind = kindHere();
      if (kind) enter(kind);
    },
    after() {
      if (depth > 0 && kindHere()) leave();
    },
  }).enable();
  const run = <T>(kind: MeterKind, work: () => Promise<T>): Promise<T> => {
    if (active !== meter) return work();
    totals[kind].calls++;
    const scope = new AsyncResource(`filmcrew.${kind}`);
    (scope as Marked)[KIND] = kind;
    enter(kind);
    try {
      return scope.runInAsyncScope(work);
    } finally {
      leave();
    }
  };
  const meter: Meter = {
    run,
    get totals() {
      return { provider: { ...totals.provider }, renderer: { ...totals.renderer } };
    },
    stop() {
      if (active !== meter) return;
      hook.disable();
      clock.close();
      active = undefined;
    },
  };
  active = meter;
  return meter;
}

/** Runs `work`, metered as `kind` when this process meters (the feature bench); else simply runs it. */
export function metered<T>(kind: MeterKind, work: () => Promise<T>): Promise<T> {
  return active ? active.run(kind, work) : work();
}
