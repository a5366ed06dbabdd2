/**
 * What the production remembers of past runs: for every task, the input key it last succeeded
 * with and what it wrote; the spend of every run; the video jobs submitted and not yet paid for.
 * Kept in `.filmcrew/cache.json` and folded forward from the journals, so a run killed before it
 * could save still counts: its journal is read on the next start.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../artifact/atomic';
import { PRODUCER_RUNS_DIR, STATE_DIR } from '../model/paths';
import { addSpend, emptyTotals, type SpendTotals } from './budget';
import { listRuns, readJournalFrom, type JournalEvent } from './journal';

export const CACHE_FILE = `${STATE_DIR}/cache.json`;

/** Unconfirmed writes remembered per path. */
const MAX_INTENDED = 8;

export interface TaskRecord {
  key: string;
  outputs: string[];
  run: string;
}

interface CacheFile {
  version: 1;
  /** Run id → bytes of its journal already folded in. */
  folded: Record<string, number>;
  tasks: Record<string, TaskRecord>;
  /** Path → contentHash as filmcrew last wrote it: a different hash now is a person's edit. */
  written: Record<string, string>;
  /**
   * Path → contentHashes a run journaled it was about to write there and never confirmed (killed
   * between the write and its `succeeded` line): those bytes are filmcrew's too, not a person's.
   */
  intended: Record<string, string[]>;
  spend: SpendTotals;
  /** requestHash → video job id submitted and not yet paid for. */
  jobs: Record<string, string>;
}

function emptyCache(): CacheFile {
  return { version: 1, folded: {}, tasks: {}, written: {}, intended: {}, spend: emptyTotals(), jobs: {} };
}

export class TaskMemory {
  private constructor(
    private readonly root: string,
    private readonly cache: CacheFile,
  ) {}

  /** Loads cache.json and folds in whatever the journals say that it does not know yet. */
  static load(root: string): TaskMemory {
    let cache = emptyCache();
    try {
      const raw = JSON.parse(readFileSync(join(root, CACHE_FILE), 'utf8')) as Partial<CacheFile>;
      if (raw.version === 1) cache = { ...emptyCache(), ...raw } as CacheFile;
    } catch {
      // no cache yet, or unreadable: rebuilt from the journals
    }
    const memory = new TaskMemory(root, cache);
    // The producer's journals count too: its paid calls are charged like the crew's.
    const producer = listRuns(root, PRODUCER_RUNS_DIR).map((r) => ({ ...r, id: `producer/${r.id}` }));
    for (const run of [...listRuns(root), ...producer]) {
      const known = cache.folded[run.id] ?? 0;
      if (statSync(run.path).size === known) continue;
      const { events, size } = readJournalFrom(run.path, known);
      for (const event of events) memory.fold(run.id, event);
      cache.folded[run.id] = size;
    }
    return memory;
  }

  /** Applies one journal event to what is remembered. */
  fold(runId: string, event: JournalEvent): void {
    switch (event.e) {
      case 'succeeded':
        this.cache.tasks[event.task] = { key: event.key, outputs: event.outputs, run: runId };
        Object.assign(this.cache.written, event.written);
        for (const path of Object.keys(event.written)) delete this.cache.intended[path];
        break;
      case 'writing': {
        // A few are enough: each kill leaves at most one unconfirmed write per path.
        const hashes = (this.cache.intended[event.path] ?? []).filter((h) => h !== event.hash);
        this.cache.intended[event.path] = [...hashes, event.hash].slice(-MAX_INTENDED);
        break;
      }
      case 'cost':
        addSpend(this.cache.spend, { role: event.role, stage: event.stage, model: event.model, cost: event.cost });
        delete this.cache.jobs[event.requestHash];
        break;
      case 'job':
        this.cache.jobs[event.requestHash] = event.jobId;
        break;
      default:
        break;
    }
  }

  lookup(taskId: string): TaskRecord | undefined {
    return this.cache.tasks[taskId];
  }

  writtenHash(path: string): string | undefined {
    return this.cache.written[path];
  }

  /** True when filmcrew wrote, or journaled it was about to write, these bytes (contentHash) at `path`. */
  wrote(path: string, hash: string): boolean {
    return this.cache.written[path] === hash || (this.cache.intended[path]?.includes(hash) ?? false);
  }

  /** Spend of every run folded so far. */
  spend(): SpendTotals {
    return structuredClone(this.cache.spend);
  }

  jobs(): Map<string, string> {
    return new Map(Object.entries(this.cache.jobs));
  }

  /** Saves what is remembered; `journalSizes` marks those journals as folded. */
  async save(journalSizes: Record<string, number>): Promise<void> {
    Object.assign(this.cache.folded, journalSizes);
    await writeFileAtomic(join(this.root, CACHE_FILE), JSON.stringify(this.cache));
  }
}

/** The production's spend across all runs, per role, stage and model: for `filmcrew status`. */
export function productionSpend(root: string): SpendTotals {
  return TaskMemory.load(root).spend();
}
