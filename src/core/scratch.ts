/**
 * Scratch folders in the system's temp folder, named for the process that made them
 * (`filmcrew-<kind>-<pid>-XXXXXX`), and the sweep that removes what a finished process left.
 *
 * Why: a folder is removed when its work ends, but not when the process dies first. A run killed
 * (kill -9, out of memory, a closed terminal) leaves the clip folders of its clips in flight, and
 * a process that exits while chromium is up leaves chromium's profile (2.4 MB): chromium still
 * holds it while the process's last handler runs. A full test run here left 202 clip folders and
 * 16 profiles. The first scratch folder a process makes starts a sweep of folders whose process
 * is gone, in the background; a sweep never fails the work that started it.
 */
import { mkdtempSync } from 'node:fs';
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type ScratchKind = 'clip' | 'sheet' | 'cut' | 'pdf' | 'chromium' | 'command';

/** A scratch folder's name: its kind, then the pid of the process that made it (absent before the pid was in the name), then mkdtemp's six characters. */
const SCRATCH = /^filmcrew-(?:clip|sheet|cut|pdf|chromium|command)-(?:(\d+)-)?[A-Za-z0-9]{6}$/;

/**
 * A folder is left over when its process is gone and it has not changed for an hour. The hour
 * spares a live process whose pid this one cannot see (another PID namespace sharing /tmp) in the
 * middle of its work: a clip's folder lives seconds, a PDF's a minute.
 */
export const LEFT_OVER_MS = 60 * 60 * 1000;
/** Folders named before the pid was in the name have no owner to ask: left over once a day old. */
export const UNNAMED_LEFT_OVER_MS = 24 * 60 * 60 * 1000;

let swept = false;

/** Makes a scratch folder of this kind (and, the first time in this process, sweeps the left-over ones). */
export function makeScratch(kind: ScratchKind): Promise<string> {
  return mkdtemp(prefix(kind));
}

/** `makeScratch`, synchronously. */
export function makeScratchSync(kind: ScratchKind): string {
  return mkdtempSync(prefix(kind));
}

/** The path mkdtemp completes for a folder of this kind; the first one asked for starts the sweep. */
function prefix(kind: ScratchKind): string {
  if (!swept) {
    swept = true;
    void sweepScratch().catch(() => undefined);
  }
  return join(tmpdir(), `filmcrew-${kind}-${process.pid}-`);
}

/** Whether a process with this pid is running (one of another user's counts as running). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes this user's scratch folders in the temp folder that are left over (see LEFT_OVER_MS);
 * returns their names. Never this process's own, never another user's, never anything not named
 * like a scratch folder.
 */
export async function sweepScratch(now = Date.now()): Promise<string[]> {
  const dir = tmpdir();
  const uid = process.getuid?.();
  const removed: string[] = [];
  for (const name of await readdir(dir)) {
    const match = SCRATCH.exec(name);
    if (!match) continue;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    if (pid === process.pid) continue;
    const path = join(dir, name);
    const stats = await lstat(path).catch(() => undefined);
    if (!stats?.isDirectory() || (uid !== undefined && stats.uid !== uid)) continue;
    const quiet = now - stats.mtimeMs;
    const leftOver = pid === undefined ? quiet >= UNNAMED_LEFT_OVER_MS : quiet >= LEFT_OVER_MS && !running(pid);
    if (!leftOver) continue;
    try {
      await rm(path, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Someone else's to remove after all; the next sweep tries again.
    }
  }
  return removed;
}
