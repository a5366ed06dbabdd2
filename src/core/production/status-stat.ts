/**
 * "Is this file still exactly this size and mtime?", asked of every file a warm status came from
 * (10,024 files at 10,000 shots). fs.statSync answers it by building a Stats object with four Dates
 * per call: at 10,000 files that is about half of the check (the stat system calls are the other
 * half). Node's own fs binding, which fs.statSync calls, fills one shared array instead and
 * allocates nothing.
 *
 * That binding is node's internal API (`process.binding`, DEP0111, deprecated in the docs only),
 * so it is trusted only after it gave, for a real file, exactly the size and mtime fs.statSync
 * gives, and only where node's fs.statSync calls it the same way; anything unexpected (other
 * arguments, another array layout, no binding, a permission model, a node that would warn about
 * it) and this module uses fs.statSync for the rest of the process.
 * FILMCREW_NO_FAST_STAT=1 turns it off.
 */
import { statSync } from 'node:fs';

type StatValues = ArrayLike<number>;
type BindingStat = (path: string, bigint: boolean, req: undefined, throwIfNoEntry: boolean) => StatValues | undefined;

// Where node's stat array keeps them (node's lib/internal/fs/utils.js, getStatsFromBinding).
const SIZE = 8;
const MTIME_SEC = 12;
const MTIME_NSEC = 13;

/** `undefined` until first asked; `null` when the binding is not to be used. */
let bindingStat: BindingStat | null | undefined;

/** Node's own mtimeMs from seconds and nanoseconds (msFromTimeSpec), the same double arithmetic. */
const msOf = (sec: number, nsec: number) => sec * 1e3 + nsec / 1e6;

/**
 * True when node's own fs.statSync (its source is `statSyncSource`) calls the binding exactly as
 * this module does: `binding.stat(path, bigint, undefined, throwIfNoEntry)`. Older nodes pass an
 * error context object there, and a binding given the wrong arguments may abort the process
 * instead of throwing, so the binding is only called the way this node calls it itself.
 */
export function callsBindingAsWeDo(statSyncSource: string): boolean {
  return /binding\.stat\([^;]*?options\.bigint,\s*undefined,\s*options\.throwIfNoEntry,?\s*\)/.test(statSyncSource);
}

/**
 * The binding's stat when it may be used and agrees with fs.statSync on `probe`; null when not;
 * undefined when `probe` is no file to compare with (the next path decides).
 */
function trustedBinding(probe: string): BindingStat | null | undefined {
  const env = process.env;
  const flags = `${process.execArgv.join(' ')} ${env.NODE_OPTIONS ?? ''}`;
  // --pending-deprecation makes process.binding print a warning: status prints nothing extra.
  if (env.FILMCREW_NO_FAST_STAT || env.NODE_PENDING_DEPRECATION === '1' || flags.includes('pending-deprecation')) return null;
  try {
    if (!callsBindingAsWeDo(statSync.toString())) return null;
    const binding = (process as unknown as { binding?: (name: string) => { stat?: unknown } }).binding?.('fs');
    if (typeof binding?.stat !== 'function') return null;
    const stat = binding.stat.bind(binding) as BindingStat;
    const st = statSync(probe, { throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    const values = stat(probe, false, undefined, false);
    if (!values || typeof values.length !== 'number' || values.length < 14) return null;
    return values[SIZE] === st.size && msOf(values[MTIME_SEC]!, values[MTIME_NSEC]!) === st.mtimeMs ? stat : null;
  } catch {
    return null;
  }
}

/**
 * True when `path` is a file or folder of exactly `size` bytes and `mtimeMs`; false when it differs
 * or is not there. Throws as fs.statSync does for a path that cannot be looked at (a folder on the
 * way became a file).
 */
export function sameSizeAndTime(path: string, size: number, mtimeMs: number): boolean {
  if (bindingStat === undefined) bindingStat = trustedBinding(path);
  if (bindingStat) {
    // No Stats object: the binding's shared array, read before the next call overwrites it.
    const values = bindingStat(path, false, undefined, false);
    return values !== undefined && values[SIZE] === size && msOf(values[MTIME_SEC]!, values[MTIME_NSEC]!) === mtimeMs;
  }
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && st.size === size && st.mtimeMs === mtimeMs;
}

/** Which way the next check goes (for tests and the benchmark): 'binding', 'fs' or 'undecided'. */
export function statWay(): 'binding' | 'fs' | 'undecided' {
  return bindingStat === undefined ? 'undecided' : bindingStat ? 'binding' : 'fs';
}

/** Forgets the decision, so the next check decides again (tests change the environment). */
export function resetStatWay(): void {
  bindingStat = undefined;
}
