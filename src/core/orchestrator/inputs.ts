/**
 * What a task depends on: its reads (globs expanded against the files on disk) that its role
 * may see, plus its own agent.md; each hashed with `inputHash`. Equal keys mean nothing a task
 * reads has changed since it last succeeded: a cache hit, no call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { sha256, inputHash } from '../artifact/hash';
import { confine } from '../artifact/paths';

/** Folders that are never production content. */
const SKIP_DIRS = new Set(['.git', '.filmcrew', 'node_modules']);

/** A proposal kept beside a person's file (`shots/s01-001.proposed.md`): never an input. */
export function isProposalBeside(path: string): boolean {
  return /\.proposed(\.[^./]+)?$/.test(path);
}

/** Every file of the production, production-relative with forward slashes. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, rel: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name)) continue;
        walk(join(abs, e.name), rel ? `${rel}/${e.name}` : e.name);
      } else if (e.isFile() && !isProposalBeside(e.name)) out.push(rel ? `${rel}/${e.name}` : e.name);
    }
  };
  walk(root, '');
  return out.sort();
}

export const MISSING = 'missing';

const matchers = new Map<string, (path: string) => boolean>();

/** A cached picomatch matcher (`dot: true`: agents/… and hidden files are ordinary paths here). */
export function matcher(glob: string): (path: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    matchers.set(glob, m);
  }
  return m;
}

export function isGlob(path: string): boolean {
  return picomatch.scan(path).isGlob;
}

export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((g) => g === path || matcher(g)(path));
}

/** The files on disk: listed once, kept current as the run writes. */
export class FileIndex {
  private files: Set<string>;
  private hashes = new Map<string, string>();

  constructor(private readonly root: string) {
    this.files = new Set(listFiles(root));
  }

  /** Literal reads as given; globs expanded to the files that match now. */
  expand(reads: readonly string[]): string[] {
    const out = new Set<string>();
    for (const r of reads) {
      if (!isGlob(r)) {
        out.add(r);
        continue;
      }
      const m = matcher(r);
      for (const f of this.files) if (m(f)) out.add(f);
    }
    return [...out].sort();
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  /** inputHash of a file, or `missing`. Paths leading outside the production are `missing`. */
  hash(path: string): string {
    let h = this.hashes.get(path);
    if (h !== undefined) return h;
    const where = confine(this.root, path);
    if ('problem' in where) return MISSING;
    try {
      h = inputHash(path, readFileSync(where.path));
    } catch {
      h = MISSING;
    }
    this.hashes.set(path, h);
    return h;
  }

  /** The run wrote (or a person may have changed) this path: forget what was known of it. */
  touched(path: string): void {
    this.hashes.delete(path);
    if (!isProposalBeside(path)) this.files.add(path);
  }
}

/** One key for a task's inputs and writes: equal keys, same work. */
export function taskKey(inputs: Record<string, string>, writes: readonly string[]): string {
  const lines = Object.keys(inputs)
    .sort()
    .map((p) => `${p}\0${inputs[p]}`);
  return sha256(lines.join('\n') + '\n--\n' + [...writes].sort().join('\n'));
}
