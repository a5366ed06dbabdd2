/**
 * The run journal: `.filmcrew/runs/<run-id>.jsonl`, one JSON event per line, appended and made
 * durable (fdatasync) before `append` resolves. Events arriving while a write is in flight are
 * committed together (group commit), so durability does not serialise a parallel run.
 * Never holds secrets: requests are journaled by model, hashes and paths, not by key or header.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RUNS_DIR } from '../model/paths';

interface Base {
  /** Milliseconds since the epoch, sub-millisecond precision. */
  t: number;
  task?: string;
}

export type JournalEvent = Base &
  (
    | { e: 'run-started'; run: string; resumed: boolean; options: Record<string, unknown>; pid: number }
    | { e: 'queued'; task: string; role: string; stage: string; subject: string; after: string[] }
    /** `forced`: a regenerate, run although its inputs were unchanged. */
    | { e: 'started'; task: string; role: string; key: string; forced?: boolean }
    | { e: 'cached'; task: string; role: string; key: string; outputs: string[]; via: 'journal' | 'provenance' }
    | { e: 'approved'; task?: string; gate?: string; model?: string; estimate?: number | null; by: 'policy' | 'person' }
    | { e: 'denied'; task?: string; gate?: string; model?: string; estimate?: number | null; by: 'policy' | 'person'; reason: string }
    | { e: 'call'; task: string; model: string; provider: string; attempt: number; requestHash: string }
    | { e: 'call-cached'; task: string; model: string; requestHash: string }
    | { e: 'retried'; task: string; model: string; attempt: number; delayMs: number; reason: string }
    | { e: 'routed'; task: string; from: string; to: string | null; reason: string }
    | { e: 'job'; task: string; model: string; provider: string; jobId: string; requestHash: string }
    /**
     * Write-ahead, durable before the output is renamed into place: the contentHash of what the
     * task is about to write at `path`. A run killed between the rename and its `succeeded` line
     * knows the file as its own on resume (a person's edit matches no hash the run journaled).
     */
    | { e: 'writing'; task: string; path: string; hash: string }
    | {
        e: 'cost';
        task: string;
        role: string;
        stage: string;
        model: string;
        provider: string;
        cost: number;
        estimate: number | null;
        durationMs: number;
        requestHash: string;
        /** HTTP requests the call made, when more than one (a repair turn). */
        requests?: number;
        /** The call failed after being answered (an answer that failed its schema): paid for all the same. */
        failed?: boolean;
      }
    | {
        e: 'succeeded';
        task: string;
        role: string;
        stage: string;
        key: string;
        inputs: Record<string, string>;
        outputs: string[];
        /** Output path → contentHash as written: a later change is a person's. */
        written: Record<string, string>;
        conflicts: string[];
        models: string[];
        cost: number;
        durationMs: number;
      }
    | { e: 'failed'; task: string; role: string; stage: string; reason: string; durationMs: number }
    | { e: 'skipped'; task: string; role: string; stage: string; reason: string }
    | { e: 'gate'; gate: string; outcome: 'passed' | 'denied' | 'unavailable' | 'failed'; artifacts: string[]; reason?: string }
    | { e: 'stopped'; reason: string }
    | { e: 'run-finished'; ok: boolean; counts: Record<string, number>; spent: number }
  );

export type JournalEventType = JournalEvent['e'];
/** An event as written by the engine: the journal stamps the time. */
export type JournalEntry = JournalEvent extends infer E ? (E extends JournalEvent ? Omit<E, 't'> : never) : never;

/** Now, in epoch milliseconds with sub-millisecond precision. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** A run id that sorts by start time (to the millisecond) and is unique: `20250101-120000-123-ab12`. */
export function newRunId(date = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}-${p(date.getUTCMilliseconds(), 3)}`;
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function journalPath(root: string, runId: string, dir = RUNS_DIR): string {
  return join(root, dir, `${runId}.jsonl`);
}

interface Waiter {
  resolve(): void;
  reject(e: unknown): void;
}

/** An open journal: append events, each durable when its promise resolves. */
export class Journal {
  private pending: string[] = [];
  private waiters: Waiter[] = [];
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  /** Sees every event as it is appended (the run's memory folds them in). */
  listener: ((event: JournalEvent) => void) | undefined;

  private constructor(
    readonly runId: string,
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(root: string, runId: string, dir = RUNS_DIR): Promise<Journal> {
    mkdirSync(join(root, dir), { recursive: true });
    const path = journalPath(root, runId, dir);
    const handle = await open(path, 'a+');
    // A run killed mid-line left a torn last line: end it so the next event starts clean.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await handle.write('\n');
    }
    return new Journal(runId, path, handle);
  }

  /** Appends one event; resolves once it is on disk. */
  append(entry: JournalEntry): Promise<void> {
    // The waiter goes in before the flush starts: a flush takes the waiters of the lines it writes.
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.push(entry);
    return done;
  }

  /** Appends without waiting: on disk with the next group commit; a write failure surfaces at `close`. */
  note(entry: JournalEntry): void {
    this.push(entry);
  }

  private push(entry: JournalEntry): void {
    const event = { t: now(), ...entry } as JournalEvent;
    this.listener?.(event);
    this.pending.push(JSON.stringify(event) + '\n');
    this.flushing ??= this.flush();
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      const waiters = this.waiters.splice(0);
      try {
        await this.handle.write(batch.join(''));
        await this.handle.datasync();
        for (const w of waiters) w.resolve();
      } catch (e) {
        this.failure ??= e;
        for (const w of waiters) w.reject(e);
      }
    }
    this.flushing = undefined;
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    await this.handle.close();
    if (this.failure) throw this.failure;
  }
}

/** Reads a journal; a line torn by a kill mid-write (the last one) is ignored. */
export function readJournal(path: string): JournalEvent[] {
  return readJournalFrom(path, 0).events;
}

/**
 * The events after byte `offset`, and the offset just past the last whole line (a torn last
 * line is left to be read again once it is whole, or ignored).
 */
export function readJournalFrom(path: string, offset: number): { events: JournalEvent[]; size: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { events: [], size: offset };
  }
  const events: JournalEvent[] = [];
  let start = Math.min(offset, bytes.length);
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    if (end < 0) break;
    const line = bytes.subarray(start, end).toString('utf8');
    start = end + 1;
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as JournalEvent);
    } catch {
      // a line torn by a killed process: everything before it stands
    }
  }
  return { events, size: start };
}

export interface RunRecord {
  id: string;
  path: string;
  mtimeMs: number;
}

/** The runs of a production, oldest first (run ids sort by time). */
export function listRuns(root: string, under = RUNS_DIR): RunRecord[] {
  const dir = join(root, under);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => {
      const path = join(dir, n);
      return { id: n.slice(0, -'.jsonl'.length), path, mtimeMs: statSync(path).mtimeMs };
    });
}

export function newestRun(root: string): RunRecord | undefined {
  const runs = listRuns(root);
  return runs[runs.length - 1];
}
