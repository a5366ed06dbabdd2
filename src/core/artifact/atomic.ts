/**
 * Writing a file so that a reader sees the old content or the new, never a part: a temp file,
 * fsync, rename. Temp files live in the production's `.filmcrew/tmp/` (ignored by git, cleaned at
 * the start of a run), never beside a person's files where `git add -A` would commit a leftover;
 * outside a production, or when the folder is on another file system, beside the file. Kept apart
 * from the artifact writer so that light callers (caches, the status snapshot) do not load the
 * YAML and schema machinery.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, write, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { basename, dirname, join } from 'node:path';

/** The temp folder of a production, production-relative. */
export const TEMP_DIR = '.filmcrew/tmp';

/** Folder → the temp folder of the production it is in (only found ones are remembered). */
const tempDirs = new Map<string, string>();

/** Where temp files for a file in `dir` go: the enclosing production's `.filmcrew/tmp`, else `dir`. */
export function tempDirFor(dir: string): string {
  const known = tempDirs.get(dir);
  if (known) return known;
  for (let at = dir; ; ) {
    if (existsSync(join(at, 'production.md'))) {
      const t = join(at, TEMP_DIR);
      mkdirSync(t, { recursive: true });
      tempDirs.set(dir, t);
      return t;
    }
    const up = dirname(at);
    if (up === at) return dir;
    at = up;
  }
}

/**
 * When process `pid` started: field 22 of `/proc/<pid>/stat`, in clock ticks since boot. The
 * command name (field 2) may hold spaces and parentheses, so fields are counted after its last
 * `)`. Undefined where there is no /proc (macOS, Windows) or the process is gone.
 */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** This process's `<pid>` or `<pid>-<start>`: whose a temp file is, told apart from a later process given the same pid. */
let writerTag: string | undefined;
function writer(): string {
  if (writerTag === undefined) {
    const start = processStart(process.pid);
    writerTag = start ? `${process.pid}-${start}` : String(process.pid);
  }
  return writerTag;
}

/** A fresh temp path for replacing `absPath` (`<pid>[-<start>].<random>.<name>.tmp`: says whose it is). */
export function tempPathFor(absPath: string, tag = randomBytes(6).toString('hex')): string {
  return join(tempDirFor(dirname(absPath)), `${writer()}.${tag}.${basename(absPath)}.tmp`);
}

/** True when a process with this pid exists on this machine (EPERM: it exists, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True while the process that wrote a temp file named `<pid>[-<start>].…` may still be writing it. */
function writerAlive(name: string): boolean {
  const m = /^(\d+)(?:-(\d+))?\./.exec(name);
  const pid = Number(m?.[1]);
  if (!pid) return false;
  if (!processAlive(pid)) return false;
  // The pid exists: the same process only if it started when the name says (a reused pid did not).
  const start = m![2] ? processStart(pid) : undefined;
  return start === undefined || start === m![2];
}

/** Removes temp files left by processes that are gone (a killed run); returns how many. */
export function cleanTemp(root: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(join(root, TEMP_DIR));
  } catch {
    return 0;
  }
  for (const name of names) {
    if (writerAlive(name)) continue;
    rmSync(join(root, TEMP_DIR, name), { force: true, recursive: true });
    removed++;
  }
  return removed;
}

export interface AtomicWriteOptions {
  /**
   * Called after the new bytes are on disk and right before the rename: throws to leave the file
   * as it is (a compare-and-swap: the file must still be the version the caller read).
   */
  beforeRename?: () => Promise<void> | void;
}

/**
 * Content up to this size is written without leaving the event loop; larger content (a clip, the
 * rough cut) is written by libuv's threads. Handing each step of a small write to a thread and
 * back cost about half of a write's CPU (2,000 writes of 3 KB, fsyncs included: 1,000-1,050 µs a
 * write then, 520-620 µs now), and a run writes two to three files a task.
 */
const WRITE_INLINE_BYTES = 1 << 20;

const fsyncFd = promisify(fsync);
const writeFd = promisify(write);

/**
 * A file's content: text, bytes, or parts written one after another. A long generated file (the
 * provenance ledger, a few MB at 1,000 shots and rewritten as a run goes) is given in parts, so
 * that neither the whole text nor a buffer of it is ever made: both lived long enough to be
 * collected only by a full collection of the heap, and a buffer counts as outside memory, which
 * asks for one sooner.
 */
export type FileContent = string | Uint8Array | readonly (string | Uint8Array)[];

async function writeAll(fd: number, content: FileContent): Promise<void> {
  if (Array.isArray(content)) {
    for (const part of content as readonly (string | Uint8Array)[]) await writeAll(fd, part);
    return;
  }
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) throw new TypeError(`a file's content is text or bytes, not ${typeof content}`);
  let bytes: Uint8Array;
  if (typeof content === 'string') {
    const length = Buffer.byteLength(content);
    // Text is encoded by the write itself, into memory it frees at once; a write of a regular
    // file takes it all, and should it not, the rest is written from bytes.
    const written = length <= WRITE_INLINE_BYTES ? writeSync(fd, content) : 0;
    if (written === length) return;
    bytes = Buffer.from(content).subarray(written);
  } else {
    bytes = content;
  }
  for (let at = 0; at < bytes.length; ) {
    at += bytes.length - at <= WRITE_INLINE_BYTES ? writeSync(fd, bytes, at) : (await writeFd(fd, bytes, at, Math.min(bytes.length - at, 16 << 20))).bytesWritten;
  }
}

/**
 * Makes renames in one folder durable, several at once: a rename asks, and is answered by an fsync
 * of the folder that starts after it asked. While one runs, later asks wait for the next, which
 * answers them all (a group commit, like the journal's): parallel tasks writing into `shots/` share
 * a folder's fsync instead of taking one each.
 */
class FolderSync {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  request(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    this.queued = this.running.then(() => {
      this.queued = undefined;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<void> {
    const running = this.fsync().finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }

  private async fsync(): Promise<void> {
    try {
      const fd = openSync(this.dir, 'r');
      try {
        await fsyncFd(fd);
      } finally {
        closeSync(fd);
      }
    } catch {
      /* best effort: not every platform lets a folder be fsynced */
    }
  }
}

const folderSyncs = new Map<string, FolderSync>();

function syncFolder(dir: string): Promise<void> {
  let sync = folderSyncs.get(dir);
  if (!sync) folderSyncs.set(dir, (sync = new FolderSync(dir)));
  return sync.request();
}

/**
 * Writes `content` to `absPath` so that a reader sees the old file or the new one, never a part,
 * and resolves once the new file and its name are on disk. The steps that do not wait on the disk
 * (making the folder, opening, a small write, the rename) run here; the fsyncs run on libuv's threads.
 */
export async function writeFileAtomic(absPath: string, content: FileContent, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(absPath);
  mkdirSync(dir, { recursive: true });
  let tmp = tempPathFor(absPath);
  let mode: number | undefined;
  try {
    mode = statSync(absPath).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  let remade = false;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(tmp, 'wx', mode ?? 0o666);
      await writeAll(fd, content);
      await fsyncFd(fd);
      closeSync(fd);
      fd = undefined;
      await opts.beforeRename?.();
      renameSync(tmp, absPath);
      break;
    } catch (e) {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          /* already failing */
        }
      }
      rmSync(tmp, { force: true });
      // The folder is on another file system than the production's temp folder: write beside it.
      if ((e as NodeJS.ErrnoException).code === 'EXDEV' && dirname(tmp) !== dir) {
        tmp = join(dir, `.${basename(absPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
        continue;
      }
      // The temp folder went since it was made (.filmcrew/ deleted under a long-lived process): make it again, once.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && dirname(tmp) !== dir && !remade) {
        remade = true;
        mkdirSync(dirname(tmp), { recursive: true });
        continue;
      }
      throw e;
    }
  }
  // Make the rename itself durable.
  await syncFolder(dir);
}
