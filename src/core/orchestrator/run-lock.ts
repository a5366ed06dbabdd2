/**
 * One writer at a time: `.filmcrew/run.lock` says which process (pid, host, start time, what it
 * does) is running the crew or locking files in this production. A run, approve, choose, unlock
 * and a gate pass take it; a second one refuses with who holds it. A lock left by a process that
 * died (kill -9, a crash) on this host is recovered: its pid no longer exists, or belongs to a
 * process that started at another time (the pid was reused; Linux `/proc/<pid>/stat`).
 *
 * The lock is created whole or not at all (written to a temp file, then hard-linked to its name,
 * which fails when the name exists), so a reader never sees a half-written lock. Within one
 * process the lock is re-entrant along an async call chain (a run passing a gate calls approve),
 * but not across unrelated calls (the extension approving while its own run goes on refuses).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { processAlive, processStart } from '../artifact/atomic';

export { processStart };
import { FilmcrewError } from '../diagnostics';
import { finishInterruptedCommitAt } from '../git/interrupted-commit';
import { STATE_DIR } from '../model/paths';

export const RUN_LOCK = `${STATE_DIR}/run.lock`;

/** What the lock file says. */
export interface RunLockHolder {
  pid: number;
  host: string;
  started: string;
  /** What holds it: `filmcrew run`, `approve`, … */
  what: string;
  /** Unique per acquisition: a release never removes another holder's lock. */
  token: string;
  /** When the holder's process started, in clock ticks since boot (Linux), to tell a reused pid. */
  pidStart?: string;
}

/** True while the lock's process is running on this host: its pid exists and started when the lock says. */
function holderAlive(holder: RunLockHolder): boolean {
  if (!processAlive(holder.pid)) return false;
  if (!holder.pidStart) return true;
  const start = processStart(holder.pid);
  return start === undefined || start === holder.pidStart;
}

/** Roots whose lock the current async call chain holds. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

function readHolder(path: string): RunLockHolder | undefined {
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunLockHolder>;
    if (typeof raw.pid === 'number' && typeof raw.host === 'string') return raw as RunLockHolder;
  } catch {
    // unreadable: treated as a lock nobody can vouch for (see acquire)
  }
  return undefined;
}

function when(iso: string): string {
  return iso ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : 'an unknown time';
}

function refuse(root: string, holder: RunLockHolder | undefined, what: string): never {
  const who = holder ? `${holder.what} (pid ${holder.pid} on ${holder.host}, started ${when(holder.started)})` : 'another filmcrew process';
  const advice = !holder
    ? `${RUN_LOCK} cannot be read. If no filmcrew is running on this production, delete it and ${what} again.`
    : holder.host !== hostname()
      ? `The lock was taken on ${holder.host}, whose processes cannot be checked from ${hostname()}. Wait for it to finish; if pid ${holder.pid} on ${holder.host} is gone, delete ${RUN_LOCK} in ${root} (rm "${join(root, RUN_LOCK)}") and ${what} again.`
      : `Wait for it to finish (or stop it), then ${what} again.`;
  throw new FilmcrewError('run-locked', `cannot ${what}: ${who} is working on this production (${RUN_LOCK})`, advice, RUN_LOCK);
}

/** Takes the lock or throws `run-locked`; returns the release. */
function acquire(root: string, what: string): () => void {
  const dir = join(root, STATE_DIR);
  mkdirSync(dir, { recursive: true });
  const path = join(root, RUN_LOCK);
  const pidStart = processStart(process.pid);
  const holder: RunLockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), what, token: randomBytes(8).toString('hex'), ...(pidStart ? { pidStart } : {}) };
  const temp = join(dir, `run.lock.${process.pid}.${holder.token}`);
  writeFileSync(temp, JSON.stringify(holder) + '\n');
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(temp, path);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST') refuse(root, readHolder(path), what);
          throw e;
        }
        const other = readHolder(path);
        // A lock whose process died on this host is recovered; any other lock is respected.
        if (!other || other.host !== hostname() || holderAlive(other)) refuse(root, other, what);
        try {
          unlinkSync(path);
        } catch {
          // another process recovered it first: the next link decides
        }
      }
    }
  } finally {
    unlinkSync(temp);
  }
  return () => {
    if (readHolder(path)?.token === holder.token) unlinkSync(path);
  };
}

/** Who holds the production's run lock now, if anyone (a dead holder on this host is reported as none). */
export function runLockHolder(rootIn: string): RunLockHolder | undefined {
  const holder = readHolder(join(resolve(rootIn), RUN_LOCK));
  if (holder && holder.host === hostname() && !holderAlive(holder)) return undefined;
  return holder;
}

/** Runs `fn` holding the production's run lock (re-entrant within `fn`'s own async calls). */
export async function withRunLock<T>(rootIn: string, what: string, fn: () => Promise<T>): Promise<T> {
  const root = resolve(rootIn);
  const mine = held.getStore();
  if (mine?.has(root)) return fn();
  const release = acquire(root, what);
  try {
    // A lock commit a killed command left half done is finished before anything reads the files.
    await finishInterruptedCommitAt(root);
    return await held.run(new Set([...(mine ?? []), root]), fn);
  } finally {
    release();
  }
}
