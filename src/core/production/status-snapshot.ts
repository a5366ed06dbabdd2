/**
 * The read side of the status snapshot (`.filmcrew/status.json`, written by status-cache.ts): the
 * saved status basis, trusted only while a stat of every file it came from and of every folder it
 * listed says nothing changed. Small on purpose, with no loader behind it: the status entry point
 * (src/cli/status-main.ts, bundled alone) reads it without loading YAML, schemas or git.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { PRODUCTION_FILE, STATE_DIR } from '../model/paths';
import type { StatusBasis } from './status';

export const STATUS_FILE = `${STATE_DIR}/status.json`;
export const STATUS_FORMAT = 'filmcrew-status/5';

/**
 * The mtime kept for a file or folder that changed within the racy window of its reading
 * (racy.ts): no stat matches it, so the next status loads again. Judged when the snapshot is
 * saved, so a reader compares stats and nothing else.
 */
export const UNTRUSTED = -2;

export interface StatusSnapshot {
  format: string;
  /** Parallel columns, one row per file: cheaper to parse and walk than an object per file. */
  files: { path: string[]; size: number[]; mtimeMs: number[] };
  /** folder → mtimeMs, -1 when it did not exist, UNTRUSTED when it changed as it was read */
  folders: Record<string, number>;
  /** Top-level files that were not there (a script appearing changes the model). The root folder's
   * own mtime is not used: writing .filmcrew/ changes it. */
  absent: string[];
  basis: StatusBasis;
}

export function mtimeOf(abs: string): number {
  try {
    return statSync(abs).mtimeMs;
  } catch {
    return -1;
  }
}

/** True when every file and folder the snapshot came from is as it was (and was settled when read). */
function unchanged(root: string, snap: StatusSnapshot): boolean {
  for (const file of snap.absent) if (mtimeOf(join(root, file)) !== -1) return false;
  for (const [folder, mtime] of Object.entries(snap.folders)) if (mtimeOf(join(root, folder)) !== mtime) return false;
  const { path, size, mtimeMs } = snap.files;
  // Run in the production (as a person usually runs `filmcrew status`), its files are stat'ed by
  // relative path, as git does: the kernel walks two path parts instead of the whole absolute path,
  // a fifth of the check at 10,000 shots.
  const prefix = process.cwd() === root ? '' : root.endsWith(sep) ? root : root + sep;
  const opts = { throwIfNoEntry: false } as const;
  for (let i = 0; i < path.length; i++) {
    const st = statSync(prefix + path[i], opts);
    if (!st || st.size !== size[i] || st.mtimeMs !== mtimeMs[i]) return false;
  }
  return true;
}

/** The saved basis of the production at `root` when nothing it came from changed, else undefined. */
export async function savedStatusBasis(root: string): Promise<StatusBasis | undefined> {
  const abs = resolve(root);
  if (!statSync(join(abs, PRODUCTION_FILE), { throwIfNoEntry: false })?.isFile()) return undefined;
  let snap: StatusSnapshot;
  try {
    snap = JSON.parse(readFileSync(join(abs, STATUS_FILE), 'utf8')) as StatusSnapshot;
  } catch {
    return undefined;
  }
  if (snap.format !== STATUS_FORMAT || !Array.isArray(snap.files?.path) || !snap.folders || !Array.isArray(snap.absent) || !snap.basis) return undefined;
  try {
    return unchanged(abs, snap) ? { ...snap.basis, root: abs } : undefined;
  } catch {
    return undefined; // a path that cannot be stat'ed any more (a folder became a file): load again
  }
}
