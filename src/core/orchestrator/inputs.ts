/**
 * What a task depends on: its reads (globs expanded against the files on disk) that its role
 * may see, plus its own agent.md; each hashed with `inputHash`. Equal keys mean nothing a task
 * reads has changed since it last succeeded: a cache hit, no call.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { sha256, inputHash } from '../artifact/hash';
import { readProductionFile } from '../artifact/safe-read';
import { confine, lexicalProblem } from '../artifact/paths';
import { writeFileAtomic } from '../artifact/writer';
import { STATE_DIR } from '../model/paths';
import { ProductionModel } from '../production/model';

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

/** Where a pattern's first special character may be (a backslash escapes one): what comes before is literal. */
const PATTERN_START = /[*?[\]{}()!+@\\]/;

/**
 * A cached picomatch matcher (`dot: true`: agents/… and hidden files are ordinary paths here). A
 * path that does not begin with the pattern's literal part cannot match, and is answered without
 * compiling it: every clip task writes its own `media/clips/<shot>.*`, and most paths asked are
 * in other folders.
 */
export function matcher(glob: string): (path: string) => boolean {
  let m = matchers.get(glob);
  if (!m) {
    const at = glob.search(PATTERN_START);
    const prefix = at < 0 ? glob : glob.slice(0, at);
    let compiled: ((path: string) => boolean) | undefined;
    m = (path) => path.startsWith(prefix) && (compiled ??= picomatch(glob, { dot: true }))(path);
    matchers.set(glob, m);
  }
  return m;
}

const globs = new Map<string, boolean>();

/** Characters picomatch may read as pattern syntax: a path with none of them is literal, no scan needed. */
const PATTERN_CHARS = /[*?[\]{}()!+@]/;

export function isGlob(path: string): boolean {
  if (!PATTERN_CHARS.test(path)) return false;
  let glob = globs.get(path);
  if (glob === undefined) {
    glob = picomatch.scan(path).isGlob;
    if (globs.size > 100_000) globs.clear();
    globs.set(path, glob);
  }
  return glob;
}

/** Answers already worked out, by glob then path: every task of a role asks the same questions of the same paths. */
const answers = new Map<string, Map<string, boolean>>();

function globMatches(glob: string, path: string): boolean {
  let known = answers.get(glob);
  if (!known) {
    if (answers.size > 10_000) answers.clear();
    known = new Map();
    answers.set(glob, known);
  }
  let hit = known.get(path);
  if (hit === undefined) {
    hit = matcher(glob)(path);
    if (known.size < 200_000) known.set(path, hit);
  }
  return hit;
}

/** A literal path matches only itself (no pattern compiled for it); a glob is asked once per path. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  for (const g of globs) if (g === path || (isGlob(g) && globMatches(g, path))) return true;
  return false;
}

/** Where the hash memo lives: path → [size, mtimeMs, inputHash], checked by a stat (cf. git's index). */
export const HASHES_FILE = `${STATE_DIR}/hashes.json`;

/** A file modified this close to when it was hashed may have changed again within the same mtime tick. */
const RACY_MS = 50;

type HashRecord = [size: number, mtimeMs: number, hash: string];

/** The files on disk: listed once, kept current as the run writes; input hashes memoised across runs. */
export class FileIndex {
  private files: Set<string>;
  private hashes = new Map<string, string>();
  private globs = new Map<string, string[]>();
  private where = new Map<string, string | null>();
  /** A file's lstat from finding it, for the hash that asked (any other hash stats again). */
  private looked = new Map<string, Stats>();
  private memo: Record<string, HashRecord> = {};
  private memoChanged = false;
  /** Bumped when a file joins the production: what was worked out from the list of files is then out of date. */
  listVersion = 0;
  /** Each file a task reads, read and parsed once per version for every task of the run. */
  readonly model: ProductionModel;

  constructor(private readonly root: string) {
    this.model = new ProductionModel(root);
    this.files = new Set(listFiles(root));
    try {
      const raw = JSON.parse(readFileSync(join(root, HASHES_FILE), 'utf8')) as { version?: number; files?: Record<string, HashRecord> };
      if (raw.version === 1 && raw.files) this.memo = raw.files;
    } catch {
      // no memo yet: every file is read once
    }
  }

  /** Literal reads as given; globs expanded to the files that match now. */
  expand(reads: readonly string[]): string[] {
    const out = new Set<string>();
    for (const r of reads) {
      if (!isGlob(r)) {
        out.add(r);
        continue;
      }
      let hits = this.globs.get(r);
      if (!hits) {
        const m = matcher(r);
        hits = [...this.files].filter((f) => m(f));
        this.globs.set(r, hits);
      }
      for (const f of hits) out.add(f);
    }
    return [...out].sort();
  }

  /** Whether a file is there; proposals kept beside a person's file are not inputs, so they are looked up on disk. */
  exists(path: string): boolean {
    if (this.files.has(path)) return true;
    if (!isProposalBeside(path)) return false;
    const abs = this.absolute(path);
    return abs !== null && existsSync(abs);
  }

  /**
   * Where a path is, confined to the production. Folders are resolved once (a symlinked folder
   * is followed and checked); a file that is itself a symlink is checked on its own.
   */
  private absolute(path: string): string | null {
    let abs = this.where.get(path);
    if (abs !== undefined) return abs;
    abs = null;
    if (!lexicalProblem(path)) {
      const slash = path.lastIndexOf('/');
      const dir = slash < 0 ? '' : path.slice(0, slash);
      let dirAbs = this.where.get(`${dir}/`);
      if (dirAbs === undefined) {
        const w = dir ? confine(this.root, dir) : { path: this.root };
        dirAbs = 'problem' in w ? null : w.path;
        this.where.set(`${dir}/`, dirAbs);
      }
      if (dirAbs !== null) {
        const candidate = join(dirAbs, path.slice(slash + 1));
        let link = false;
        try {
          const st = lstatSync(candidate);
          link = st.isSymbolicLink();
          if (!link) this.looked.set(path, st);
        } catch {
          link = false;
        }
        if (!link) abs = candidate;
        else {
          const w = confine(this.root, path);
          abs = 'problem' in w ? null : w.path;
        }
      }
    }
    this.where.set(path, abs);
    return abs;
  }

  /** inputHash of a file, or `missing`. Paths leading outside the production are `missing`. */
  hash(path: string): string {
    let h = this.hashes.get(path);
    if (h !== undefined) return h;
    this.looked.delete(path);
    const abs = this.absolute(path);
    if (abs === null) return MISSING;
    try {
      // The lstat that found the file just now, if it had to be found, is its stat (not a link: the same).
      const st = this.looked.get(path) ?? statSync(abs);
      this.looked.delete(path);
      const known = this.memo[path];
      if (known && known[0] === st.size && known[1] === st.mtimeMs && Date.now() - st.mtimeMs > RACY_MS) {
        h = known[2];
      } else {
        h = inputHash(path, readProductionFile(this.root, path));
        this.memo[path] = [st.size, st.mtimeMs, h];
        this.memoChanged = true;
      }
    } catch {
      h = MISSING;
    }
    this.hashes.set(path, h);
    return h;
  }

  /** The run wrote (or a person may have changed) this path: forget what was known of it. */
  touched(path: string): void {
    this.hashes.delete(path);
    this.looked.delete(path);
    this.model.forget(path);
    if (isProposalBeside(path) || this.files.has(path)) return;
    this.files.add(path);
    this.listVersion++;
    // A new file joins the expansions it matches (not all of them recomputed: a frame task adds a
    // file, and rescanning every glob over every file after each would grow with the square).
    for (const [glob, hits] of this.globs) if (matcher(glob)(path)) hits.push(path);
  }

  /** Files changed outside the run's writes (a gate locked them, choosing options): hash and read them again. */
  refresh(): void {
    this.hashes.clear();
    this.looked.clear();
    this.model.forgetAll();
  }

  /** Keeps the hash memo for the next run. */
  async save(): Promise<void> {
    if (!this.memoChanged) return;
    const files: Record<string, HashRecord> = {};
    for (const [path, record] of Object.entries(this.memo)) if (this.files.has(path)) files[path] = record;
    await writeFileAtomic(join(this.root, HASHES_FILE), JSON.stringify({ version: 1, files }));
    this.memoChanged = false;
  }
}

/**
 * One key for a task's inputs: equal keys, same work. What it writes is not part of it (a review
 * named after its run has a new path every run; the outputs recorded with the key are checked).
 */
export function taskKey(inputs: Record<string, string>): string {
  const lines = Object.keys(inputs)
    .sort()
    .map((p) => `${p}\0${inputs[p]}`);
  return sha256(lines.join('\n'));
}
