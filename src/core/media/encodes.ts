/**
 * Clip encodes, several to one ffmpeg. Starting Debian's ffmpeg (215 shared libraries) costs
 * about 85 ms of CPU before it reads a byte, more than encoding a small clip; the clips the run
 * asks for while an ffmpeg is busy wait and go together into the next one: one filtergraph with a
 * chain per clip, one output file per clip. Each output is encoded on its own, exactly as a lone
 * ffmpeg would (same arguments per output: same bytes, test/media/encodes.test.ts).
 *
 * A batch that fails is run again one clip at a time, so an error belongs to the clip that
 * caused it. A clip whose signal aborts is dropped at once; its ffmpeg is stopped when no clip
 * in it is still wanted.
 */
import { availableParallelism } from 'node:os';
import { runTool } from './tools';

/** One clip's part of an ffmpeg command: its still, its chain from `[in]` to `[out]`, its output arguments. */
export interface ClipEncode {
  input: string;
  /** The filter chain with `[in]` and `[out]` for its labels. */
  chain: string;
  /** Everything after the map for its output, ending with the output file. */
  output: string[];
}

interface Job {
  encode: ClipEncode;
  signal?: AbortSignal;
  /** What to do when the job is dropped while its batch runs: stop the ffmpeg if no clip in it is wanted. */
  dropped?: () => void;
  settled: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * The unsettled jobs of each signal, with the one listener it has for all of them: a run's signal
 * is shared by every clip of the run (thousands, tens at once), and a listener per clip would
 * pass node's limit of ten listeners and warn.
 */
const watched = new Map<AbortSignal, { jobs: Set<Job>; listener: () => void }>();

function watch(job: Job): void {
  const signal = job.signal;
  if (!signal) return;
  let entry = watched.get(signal);
  if (!entry) {
    const listener = () => {
      watched.delete(signal);
      for (const j of entry!.jobs) {
        settle(j, signal.reason);
        j.dropped?.();
      }
    };
    entry = { jobs: new Set(), listener };
    watched.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  entry.jobs.add(job);
}

function unwatch(job: Job): void {
  const entry = job.signal && watched.get(job.signal);
  if (!entry) return;
  entry.jobs.delete(job);
  if (entry.jobs.size === 0) {
    job.signal!.removeEventListener('abort', entry.listener);
    watched.delete(job.signal!);
  }
}

/** Clips in one ffmpeg at most: enough to share the start, few enough that one slow clip holds few back. */
const MOST = 8;
/** ffmpegs at once: one a core, since each encodes on one thread (clip.ts); chromium's stills take turns with them. */
const PROCESSES = Math.max(1, availableParallelism());

/**
 * Clips a run keeps on their way so the renderers never wait on each other: a batch encoding in
 * every ffmpeg, and the next batch's stills being drawn in chromium meanwhile. With fewer (a run's
 * six tasks at once), the stills and the encodes took turns and one core stood idle.
 */
export const CLIPS_IN_FLIGHT = (PROCESSES + 1) * MOST;

/** How long a queued clip waits for clips whose stills are being drawn, at most. */
const HOLD_MS = 500;

const queue: Job[] = [];
let running = 0;
/** Clips on their way: their stills being drawn, their encode soon asked for. */
let coming = 0;
let holding: NodeJS.Timeout | undefined;
/** When the oldest queued clip was asked for. */
let oldest = 0;

/** How many ffmpeg processes made how many clips in this process (for the bench and tests). */
export const encodeCounts = { processes: 0, clips: 0 };

/**
 * The ffmpeg arguments that make every encode of the batch. A file several encodes start from (a
 * sheet of stills, still.ts) is read once and split, not decoded once per clip.
 */
export function batchArgs(encodes: readonly ClipEncode[]): string[] {
  const files = [...new Set(encodes.map((e) => e.input))];
  const users = files.map((f) => encodes.filter((e) => e.input === f).length);
  const taken = files.map(() => 0);
  const splits = files.flatMap((_, f) => (users[f]! > 1 ? [`[${f}:v]split=${users[f]}${Array.from({ length: users[f]! }, (_, k) => `[i${f}s${k}]`).join('')}`] : []));
  const chains = encodes.map((e, i) => {
    const f = files.indexOf(e.input);
    const from = users[f]! > 1 ? `[i${f}s${taken[f]!++}]` : `[${f}:v]`;
    return e.chain.replace('[in]', from).replace('[out]', `[o${i}]`);
  });
  const outputs = encodes.flatMap((e, i) => ['-map', `[o${i}]`, ...e.output]);
  return ['-hide_banner', '-loglevel', 'error', '-y', ...files.flatMap((f) => ['-i', f]), '-filter_complex', [...splits, ...chains].join(';'), ...outputs];
}

function settle(job: Job, error?: unknown): void {
  if (job.settled) return;
  job.settled = true;
  unwatch(job);
  if (error === undefined) job.resolve();
  else job.reject(error);
}

async function run(ffmpeg: string, jobs: Job[]): Promise<void> {
  const stop = new AbortController();
  const abandon = () => {
    if (jobs.every((j) => j.settled)) stop.abort();
  };
  for (const j of jobs) j.dropped = abandon;
  try {
    encodeCounts.processes++;
    await runTool(ffmpeg, batchArgs(jobs.map((j) => j.encode)), { signal: stop.signal });
    encodeCounts.clips += jobs.length;
    for (const j of jobs) settle(j);
  } catch (e) {
    if (jobs.length === 1 || stop.signal.aborted) for (const j of jobs) settle(j, e);
    else for (const j of jobs.filter((x) => !x.settled)) await run(ffmpeg, [j]);
  } finally {
    for (const j of jobs) j.dropped = undefined;
  }
}

function pump(ffmpeg: string): void {
  while (running < PROCESSES && queue.length) {
    // Clips whose stills are nearly drawn would pay a start of their own: wait for them a little.
    const waited = Date.now() - oldest;
    if (coming > 0 && queue.length < MOST && waited < HOLD_MS) {
      holding ??= setTimeout(() => {
        holding = undefined;
        pump(ffmpeg);
      }, HOLD_MS - waited);
      return;
    }
    const jobs = queue.splice(0, MOST).filter((j) => !j.settled);
    if (!jobs.length) continue;
    running++;
    void run(ffmpeg, jobs).finally(() => {
      running--;
      pump(ffmpeg);
    });
  }
}

/** Encodes one clip, with others asked for meanwhile; resolves when its output file is written. */
export function encodeClip(ffmpeg: string, encode: ClipEncode, signal?: AbortSignal, arrived?: () => void): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const job: Job = { encode, signal, settled: false, resolve, reject };
    watch(job);
    if (!queue.length) oldest = Date.now();
    queue.push(job);
    arrived?.();
    pump(ffmpeg);
  });
}

/**
 * Says a clip is on its way (its still is being drawn) so the clips queued meanwhile wait for it;
 * returns what to call when it has been asked for or will not be (either way, once is enough).
 */
export function expectClip(ffmpeg: string): () => void {
  coming++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    coming--;
    pump(ffmpeg);
  };
}
