/**
 * Where a locked file was edited: the first line that differs from the version the lock
 * recorded, as committed at HEAD. A diagnostic then points at the edit (`action:` on line 14),
 * not at the top of the file.
 */
import { BOOKKEEPING_KEYS, contentHash } from '../artifact/hash';
import type { Lockfile } from './lockfile';
import type { Repo } from './repo';

/** 1-based number of the first line where `now` differs from `before`, from line `from` (1-based) of each. */
function firstDifference(before: string[], now: string[], offsetBefore = 0, offsetNow = 0): number | undefined {
  const n = Math.max(before.length - offsetBefore, now.length - offsetNow);
  for (let i = 0; i < n; i++) if (before[offsetBefore + i] !== now[offsetNow + i]) return offsetNow + Math.min(i, Math.max(0, now.length - offsetNow - 1)) + 1;
  return undefined;
}

interface Frontmatter {
  /** Top-level key → [first line index, line count], in file order. */
  blocks: Map<string, [number, number]>;
  /** Line index of the closing `---`. */
  end: number;
}

const KEY = /^([^\s#'"-][^:]*?)\s*:(\s|$)/;

/** The top-level key blocks of a YAML frontmatter (a key line and the indented or comment lines after it). */
function frontmatterOf(lines: string[]): Frontmatter | undefined {
  if (lines[0]?.trimEnd() !== '---') return undefined;
  const end = lines.findIndex((l, i) => i > 0 && (l.trimEnd() === '---' || l.trimEnd() === '...'));
  if (end < 0) return undefined;
  const blocks = new Map<string, [number, number]>();
  let current: string | undefined;
  for (let i = 1; i < end; i++) {
    const m = KEY.exec(lines[i]!);
    if (m) {
      current = m[1]!;
      blocks.set(current, [i, 1]);
    } else if (current) blocks.get(current)![1]++;
  }
  return { blocks, end };
}

/**
 * 1-based number of the first line where `now` differs from `before` in what the content hash
 * reads: in a markdown artifact the bookkeeping keys (`status`, `provenance`) that locking
 * rewrites are passed over, so the line is the person's edit.
 */
export function firstChangedLine(before: string, now: string, ignoredKeys: ReadonlySet<string> = BOOKKEEPING_KEYS): number {
  const a = before.split('\n');
  const b = now.split('\n');
  const fa = frontmatterOf(a);
  const fb = frontmatterOf(b);
  if (fa && fb) {
    for (const [key, [start, count]] of fb.blocks) {
      if (ignoredKeys.has(key)) continue;
      const old = fa.blocks.get(key);
      if (!old) return start + 1;
      const d = firstDifference(a.slice(old[0], old[0] + old[1]), b.slice(start, start + count));
      if (d !== undefined) return start + d;
    }
    // A key taken out: point at where the frontmatter ends.
    for (const key of fa.blocks.keys()) if (!ignoredKeys.has(key) && !fb.blocks.has(key)) return fb.end + 1;
    const body = firstDifference(a, b, fa.end, fb.end);
    if (body !== undefined) return body;
  }
  return firstDifference(a, b) ?? Math.max(1, b.length);
}

/**
 * For each of `edits` (production-relative path → bytes now), the first changed line against
 * HEAD's copy, when HEAD holds exactly the locked version (same content hash as the lock entry).
 * Paths whose locked version is not at HEAD are left out: the caller keeps its own line.
 */
export async function editedLines(repo: Repo, lock: Lockfile, edits: Map<string, Buffer>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const paths = [...edits.keys()].filter((p) => lock.locks[p] && !/[\r\n]/.test(p)); // cat-file reads one name per line
  if (!paths.length) return out;
  const r = await repo.git(['cat-file', '--batch'], { input: paths.map((p) => `HEAD:${repo.toGit(p)}\n`).join(''), binary: true });
  const bytes = r.bytes!;
  let at = 0;
  for (const path of paths) {
    const nl = bytes.indexOf(10, at);
    if (nl < 0) break;
    const header = bytes.subarray(at, nl).toString('utf8').split(' ');
    if (header[1] !== 'blob') {
      at = nl + 1; // `<name> missing`: nothing follows
      continue;
    }
    const size = Number(header[2]);
    const locked = bytes.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    if (contentHash(path, locked) !== lock.locks[path]!.hash) continue;
    out.set(path, firstChangedLine(locked.toString('utf8'), edits.get(path)!.toString('utf8')));
  }
  return out;
}
