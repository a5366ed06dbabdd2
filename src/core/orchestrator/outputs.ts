/**
 * Writes a task's outputs: markdown artifacts through the core writer with `status: proposed`
 * and `provenance`; other files atomically, their provenance in `.filmcrew/provenance.json`.
 * A file a person changed — since the task read it, or since filmcrew last wrote it when the
 * task did not read it — is not overwritten: the proposal goes beside it as
 * `<name>.proposed<ext>` and the conflict is reported. An appending output (notes routed to a
 * role's feedback.md) adds to the file as it is now, one append at a time per file: appending
 * never loses what a person wrote, so it is never a conflict.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskOutput } from '../crew/role';
import { contentHash, fileHash } from '../artifact/hash';
import { artifactFromText, checkExpected, writeArtifactText, writeFileAtomic, WriteConflictError } from '../artifact/writer';
import { resolveInside } from '../artifact/paths';
import { PROVENANCE_LEDGER, provenanceOf, readProvenanceLedger } from '../git/provenance';
import type { Provenance } from '../model/types';
import { matchesAny, type FileIndex } from './inputs';
import type { PlannedTask } from './planner';

/** `shots/s01-001.md` → `shots/s01-001.proposed.md`. */
export function proposalPath(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? `${path.slice(0, dot)}.proposed${path.slice(dot)}` : `${path}.proposed`;
}

async function bytesOf(root: string, rel: string): Promise<Buffer | undefined> {
  try {
    return await readFile(resolveInside(root, rel));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Appends waiting per file (absolute path): read + atomic write of one must not interleave with another's. */
const appending = new Map<string, Promise<unknown>>();

/** Adds `content` at the end of the file at `abs` (created when missing), atomically; returns the new bytes. */
export function appendAtomic(abs: string, content: string | Uint8Array): Promise<Buffer> {
  const previous = appending.get(abs) ?? Promise.resolve();
  const next = previous.then(async () => {
    let before: Buffer;
    try {
      before = await readFile(abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      before = Buffer.alloc(0);
    }
    const after = Buffer.concat([before, Buffer.from(content)]);
    await writeFileAtomic(abs, after);
    return after;
  });
  const settled = next.catch(() => undefined);
  appending.set(abs, settled);
  void settled.then(() => {
    if (appending.get(abs) === settled) appending.delete(abs);
  });
  return next;
}

/** fileHash of each path now, or null when it does not exist: what the task "read" of its targets. */
export async function snapshot(root: string, paths: readonly string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  await Promise.all(
    paths.map(async (p) => {
      const b = await bytesOf(root, p);
      out.set(p, b ? fileHash(b) : null);
    }),
  );
  return out;
}

/**
 * Provenance entries for non-markdown files: the ledger is read once per run and kept here; it is
 * written whole from memory (never read back) while tasks add to it, and once more when the run
 * settles. Between writes it waits FLUSH_MS, or PAUSE_FACTOR times as long as the last write took,
 * whichever is longer: the ledger grows with the run (a frame's entry holds every sheet it read),
 * and writing it on a fixed beat made the writes grow with the square of the film's length (a
 * tenth of a 1,000-shot run). The journal, not the ledger, is what a resume trusts, so a ledger a
 * few seconds behind loses nothing.
 */
export class ProvenanceBook {
  private static readonly FLUSH_MS = 400;
  private static readonly PAUSE_FACTOR = 25;
  /** Characters in a part of the ledger as it is written: young enough to die young. */
  private static readonly PART_CHARS = 32_768;
  private loading: Promise<Record<string, Provenance>> | undefined;
  private dirty = false;
  private writing: Promise<void> | undefined;
  private lastWriteMs = 0;
  /** Each entry's line in the ledger, while the entry is the same object. */
  private readonly serialised = new Map<string, { entry: Provenance; text: string }>();
  /** Ends the pause before the next write early (the run is settling). */
  private wake: (() => void) | undefined;

  constructor(private readonly root: string) {}

  private load(): Promise<Record<string, Provenance>> {
    this.loading ??= readProvenanceLedger(this.root).then(({ ledger }) => ledger.files);
    return this.loading;
  }

  /** The recorded provenance of a file (loaded once per run). */
  async of(path: string): Promise<Provenance | undefined> {
    return (await this.load())[path];
  }

  add(path: string, provenance: Provenance): void {
    this.dirty = true;
    void this.load().then((files) => {
      files[path] = provenance;
    });
    this.writing ??= this.flushSoon();
  }

  private async flushSoon(): Promise<void> {
    try {
      while (this.dirty) {
        await new Promise<void>((r) => {
          const done = () => {
            clearTimeout(timer);
            this.wake = undefined;
            r();
          };
          const timer = setTimeout(done, Math.max(ProvenanceBook.FLUSH_MS, ProvenanceBook.PAUSE_FACTOR * this.lastWriteMs));
          this.wake = done;
        });
        if (this.dirty) await this.flush();
      }
    } finally {
      this.writing = undefined;
    }
  }

  private async flush(): Promise<void> {
    const files = await this.load();
    this.dirty = false;
    const started = performance.now();
    await writeFileAtomic(join(this.root, PROVENANCE_LEDGER), this.ledgerParts(files));
    this.lastWriteMs = performance.now() - started;
  }

  /**
   * The ledger's text as `writeProvenanceLedger` would write it (the same JSON, by path), one entry
   * a line: each entry is serialised once per version, not the whole ledger again at every write
   * (at 1,000 shots a few MB, rewritten a few hundred times a run). It comes in parts of some tens
   * of KB, which writeFileAtomic writes in turn: the whole text made at every write was most of what
   * the heap's full collections had to clear while clips render.
   */
  private ledgerParts(files: Record<string, Provenance>): string[] {
    const parts = ['{"version": 1, "files": {\n'];
    const paths = Object.keys(files).sort();
    let pending: string[] = [];
    let chars = 0;
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!;
      const entry = files[path]!;
      let line = this.serialised.get(path);
      if (!line || line.entry !== entry) this.serialised.set(path, (line = { entry, text: `${JSON.stringify(path)}: ${JSON.stringify(entry)}` }));
      pending.push(line.text);
      chars += line.text.length;
      if (chars >= ProvenanceBook.PART_CHARS || i === paths.length - 1) {
        parts.push(pending.join(',\n') + (i < paths.length - 1 ? ',\n' : ''));
        pending = [];
        chars = 0;
      }
    }
    parts.push('\n}}\n');
    return parts;
  }

  async settled(): Promise<void> {
    this.wake?.();
    while (this.writing) await this.writing;
    if (this.dirty) await this.flush();
  }
}

export interface WriteEnvironment {
  root: string;
  index: FileIndex;
  book: ProvenanceBook;
  /** contentHash filmcrew last wrote at a path, if any. */
  writtenHash(path: string): string | undefined;
  /** True when filmcrew wrote these bytes (contentHash) at `path`, or journaled it was about to. */
  wrote?(path: string, hash: string): boolean;
  /** Write-ahead: records durably, before the rename, the contentHash about to be written at `path`. */
  intend?(path: string, hash: string): Promise<void>;
}

export interface Written {
  /** Paths written, proposals beside conflicts included. */
  outputs: string[];
  /** path → contentHash of what filmcrew wrote there (not the proposals beside conflicts). */
  hashes: Record<string, string>;
  conflicts: { path: string; proposal: string; reason: string }[];
}

/** Where an output goes, or why it may not be written at all. */
export function outputTarget(task: PlannedTask, output: TaskOutput): { path: string } | { problem: string } {
  const path = task.rename?.get(output.path) ?? output.path;
  if (!matchesAny(path, task.spec.writes)) return { problem: `returned ${path}, which is not among the task's writes (${task.spec.writes.join(', ')})` };
  if (!matchesAny(path, task.agent.data.writes ?? [])) return { problem: `returned ${path}, which ${task.agent.path} does not list in its writes` };
  return { path };
}

/** Did a person change this file since filmcrew last wrote it (for a task that did not read it)? */
async function personsFile(env: WriteEnvironment, path: string, bytes: Buffer): Promise<boolean> {
  const hash = contentHash(path, bytes);
  // A run killed after this write but before its journal line: the bytes are still filmcrew's.
  if (env.wrote?.(path, hash)) return false;
  const recorded = env.writtenHash(path);
  if (recorded !== undefined) return hash !== recorded;
  if (path.endsWith('.md')) {
    const { artifact } = artifactFromText(path, bytes.toString('utf8'));
    return !provenanceOf(artifact?.data as Record<string, unknown> | undefined);
  }
  return !(await env.book.of(path));
}

/** Writes the outputs of a task; `seen` is what its targets were when it started, `read` what it read. */
export async function writeOutputs(
  env: WriteEnvironment,
  task: PlannedTask,
  outputs: readonly TaskOutput[],
  seen: ReadonlyMap<string, string | null>,
  read: ReadonlySet<string>,
  provenance: Provenance,
): Promise<Written> {
  const result: Written = { outputs: [], hashes: {}, conflicts: [] };
  for (const output of outputs) {
    const target = outputTarget(task, output);
    if ('problem' in target) throw new Error(target.problem);
    const path = target.path;
    if (output.type === 'file' && output.append) {
      // Not recorded as filmcrew's whole file (no hash, no provenance): the rest is a person's.
      await appendAtomic(resolveInside(env.root, path), output.content);
      env.index.touched(path);
      result.outputs.push(path);
      continue;
    }
    const current = await bytesOf(env.root, path);
    const currentHash = current ? fileHash(current) : null;
    const expected = seen.has(path) ? seen.get(path)! : currentHash;
    let conflict: string | undefined;
    if (currentHash !== expected) conflict = expected === null ? 'a person created it while the task ran' : 'a person changed it while the task ran';
    else if (current && !read.has(path) && (await personsFile(env, path, current))) conflict = 'a person changed it since filmcrew wrote it';

    // Only the file itself is journaled ahead: a proposal beside is never taken for a person's.
    const intend = async (to: string, bytes: string | Uint8Array) => {
      if (to === path) await env.intend?.(to, contentHash(to, bytes));
    };
    const write = async (to: string, expectedHash: string | null): Promise<Buffer> => {
      if (output.type === 'artifact') {
        const data = { ...output.data, status: 'proposed', provenance } as Record<string, unknown>;
        // What was renamed into place: not read back from disk, where a person may have saved since.
        const text = await writeArtifactText(env.root, to, data, output.body, { expectedFileHash: expectedHash, beforeWrite: (t) => intend(to, t) });
        return Buffer.from(text);
      }
      const abs = resolveInside(env.root, to);
      await intend(to, output.content);
      await writeFileAtomic(abs, output.content, { beforeRename: async () => checkExpected(to, await bytesOf(env.root, to), expectedHash) });
      env.book.add(to, provenance);
      return Buffer.from(output.content);
    };

    if (!conflict) {
      try {
        const bytes = await write(path, expected);
        result.outputs.push(path);
        result.hashes[path] = contentHash(path, bytes);
        env.index.touched(path);
        continue;
      } catch (e) {
        if (!(e instanceof WriteConflictError)) throw e;
        conflict = 'a person changed it while the task ran';
      }
    }
    const beside = proposalPath(path);
    const besideBytes = await bytesOf(env.root, beside);
    await write(beside, besideBytes ? fileHash(besideBytes) : null);
    env.index.touched(beside);
    result.outputs.push(beside);
    result.conflicts.push({ path, proposal: beside, reason: conflict });
  }
  return result;
}
