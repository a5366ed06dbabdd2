/**
 * Replacing files whole: new bytes go into a fresh temp file (in the production's .filmcrew/tmp,
 * see artifact/atomic.ts) that is renamed over the file, so a reader of the path sees the old
 * bytes or the new, never half, and a crash leaves old or new (ext4 allocates a renamed-over
 * file's data before the rename commits). Always a new inode: a reader holding a descriptor of
 * the old file keeps seeing the old file, never another file's bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tempPathFor } from '../artifact/atomic';

/** What the caller knows of the file being replaced (from its read). */
export interface Replaced {
  mode?: number;
  nlink?: number;
  uid?: number;
}

function write(tmp: string, content: string | Uint8Array, mode: number | undefined): void {
  writeFileSync(tmp, content, mode === undefined ? { flag: 'wx' } : { mode, flag: 'wx' });
}

/**
 * Temp file + rename, keeping the mode: a reader sees old or new, never half. Synchronous on
 * purpose: a thousand small files go several times faster than through the thread pool, and the
 * commit is the durable copy.
 */
export function replaceFile(abs: string, content: string | Uint8Array, knownMode?: number, tag = randomBytes(4).toString('hex')): void {
  let mode = knownMode;
  if (mode === undefined) {
    try {
      mode = statSync(abs).mode & 0o7777;
    } catch {
      mode = undefined;
    }
  }
  mkdirSync(dirname(abs), { recursive: true });
  let tmp = tempPathFor(abs, tag);
  try {
    write(tmp, content, mode);
    try {
      renameSync(tmp, abs);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      // The folder is on another file system than the production's temp folder: write beside it.
      rmSync(tmp, { force: true });
      tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${tag}.tmp`);
      write(tmp, content, mode);
      renameSync(tmp, abs);
    }
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Replaces many files, each atomically with a fresh temp file (kept as a class: commit.ts batches through it). */
export class FileReplacement {
  private readonly tag = `${randomBytes(4).toString('hex')}`;
  private count = 0;

  /** Replaces `abs` with `content`, keeping its mode. */
  replace(abs: string, content: string | Uint8Array, replaced: Replaced = {}): void {
    replaceFile(abs, content, replaced.mode, `${this.tag}.${this.count++}`);
  }

  /** Nothing is kept between files; kept for callers that end a batch. */
  end(): void {}
}
