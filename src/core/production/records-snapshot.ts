/**
 * The read side of the records snapshot (`.filmcrew/records.json`, written by records-cache.ts):
 * the saved records, trusted only while a stat of everything they came from says nothing changed.
 * Small on purpose, with no git layer behind it: the status entry point reads it alone.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LOCKFILE, STATE_DIR } from '../model/paths';
import { racilyClean } from './racy';
import type { ProductionRecords } from './records';

export const RECORDS_FILE = `${STATE_DIR}/records.json`;
export const RECORDS_FORMAT = 'filmcrew-records/1';

/** Size and mtime of files (-1/-1 when absent) and mtime of folders (-1 when absent), by absolute path. */
export interface Stamp {
  files: { path: string[]; size: number[]; mtimeMs: number[] };
  folders: Record<string, number>;
}

export interface RecordsSnapshot {
  format: string;
  /** When reading began: anything changed later has a later mtime and is never trusted. */
  startedAt: number;
  stamp: Stamp;
  records: ProductionRecords;
}

/** True when every file and folder of the stamp is as it was, and was already settled when it was read. */
function unchanged(stamp: Stamp, startedAt: number): boolean {
  const { path, size, mtimeMs } = stamp.files;
  for (let i = 0; i < path.length; i++) {
    const st = statSync(path[i]!, { throwIfNoEntry: false });
    const [s, m] = st ? [st.size, st.mtimeMs] : [-1, -1];
    if (s !== size[i] || m !== mtimeMs[i] || (m !== -1 && racilyClean(m, startedAt))) return false;
  }
  for (const [folder, mtime] of Object.entries(stamp.folders)) {
    const m = statSync(folder, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    if (m !== mtime || (m !== -1 && racilyClean(m, startedAt))) return false;
  }
  return true;
}

/** The saved records of the production at `root` when nothing they came from changed, else undefined. */
export async function savedRecords(root: string): Promise<ProductionRecords | undefined> {
  const abs = resolve(root);
  let snap: RecordsSnapshot;
  try {
    snap = JSON.parse(readFileSync(join(abs, RECORDS_FILE), 'utf8')) as RecordsSnapshot;
  } catch {
    return undefined;
  }
  if (snap.format !== RECORDS_FORMAT || !snap.stamp?.files || !snap.stamp.folders || !snap.records) return undefined;
  // Paths are absolute: a production copied or moved elsewhere starts afresh.
  if (snap.stamp.files.path[0] !== join(abs, LOCKFILE)) return undefined;
  try {
    return unchanged(snap.stamp, snap.startedAt) ? snap.records : undefined;
  } catch {
    return undefined; // a path that cannot be stat'ed any more: read the records again
  }
}
