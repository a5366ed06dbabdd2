/**
 * Reading a file of a production that may have been cloned from anyone: only a regular file,
 * inside the production (a symlink is followed only when it stays inside), never under `.git/`,
 * and never more than a size limit. A FIFO, a device (`/dev/zero`), a socket or a huge file is
 * refused with a message a person can act on, before a byte is read: `validate` and the extension
 * (which validates untrusted workspaces) never hang or fill memory on a hostile repository.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, read, readSync, realpathSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { FilmcrewError } from '../diagnostics';

/** The largest production file read (screenplays and sheets are kilobytes; a feature script ~300 KB). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** The most a media file (a clip; a frame's SVG) read into a task's context, or copied out, may weigh. */
export const MAX_MEDIA_BYTES = 2 * 1024 ** 3;

/** Why a production-relative path is never read or locked: under `.git/`, or leading outside. */
export function forbiddenPath(rel: string): string | undefined {
  const parts = rel.replace(/\\/g, '/').split('/');
  if (parts.some((p) => p.toLowerCase() === '.git')) return 'is inside .git/, git\'s own store, which filmcrew never reads or locks';
  if (isAbsolute(rel) || parts.includes('..')) return 'is outside the production folder';
  return undefined;
}

function kindOf(mode: number): string {
  const t = mode & constants.S_IFMT;
  if (t === constants.S_IFIFO) return 'a FIFO (named pipe)';
  if (t === constants.S_IFCHR) return 'a character device';
  if (t === constants.S_IFBLK) return 'a block device';
  if (t === constants.S_IFSOCK) return 'a socket';
  if (t === constants.S_IFDIR) return 'a folder';
  return 'not a regular file';
}

function refuse(rel: string, message: string, advice: string): never {
  throw new FilmcrewError('file-unreadable', `${rel} ${message}`, advice, rel);
}

function inside(root: string, abs: string): boolean {
  const r = relative(root, abs);
  return r === '' || (!r.startsWith('..' + sep) && r !== '..' && !isAbsolute(r));
}

/**
 * `rel` under `root` opened for reading once it passed every check, with its size; the caller
 * closes the descriptor. Throws a FilmcrewError (`file-unreadable`) saying why not; a missing file
 * is the system's ENOENT error, as from readFileSync.
 */
function openProductionFile(root: string, rel: string, limit: number): { fd: number; size: number } {
  const forbidden = forbiddenPath(rel);
  if (forbidden) refuse(rel, forbidden, 'Name a file inside the production folder.');
  const abs = resolve(root, rel);
  const st = lstatSync(abs);
  if (st.isSymbolicLink()) {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return refuse(rel, 'is a symbolic link to nothing', 'Remove the link or point it at a file inside the production.');
    }
    let realRoot = root;
    try {
      realRoot = realpathSync(root);
    } catch {
      // the root as given
    }
    if (!inside(realRoot, real)) refuse(rel, `is a symbolic link that leads outside the production (to ${real}): not read`, 'Replace the link with the file itself.');
    if (forbiddenPath(relative(realRoot, real))) refuse(rel, 'is a symbolic link into .git/: not read', 'Replace the link with the file itself.');
  } else if (!st.isFile()) {
    refuse(rel, `is ${kindOf(st.mode)}, not a regular file: not read`, 'Replace it with a regular file, or remove it.');
  }
  // O_NONBLOCK: should the path have become a FIFO since the lstat, opening it does not wait.
  const fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const fst = fstatSync(fd);
    if (!fst.isFile()) refuse(rel, `is ${kindOf(fst.mode)}, not a regular file: not read`, 'Replace it with a regular file, or remove it.');
    if (fst.size > limit) {
      refuse(rel, `is ${(fst.size / 1048576).toFixed(1)} MB, over the ${limit / 1048576} MB limit for a production file: not read`, 'Keep media out of production text files; large media belong under media/ (Git LFS).');
    }
    return { fd, size: fst.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

const readFd = promisify(read);

function grewPastLimit(rel: string, limit: number): never {
  return refuse(rel, `grew past the ${limit / 1048576} MB limit while it was read: not read`, 'Keep production text files small.');
}

/**
 * The bytes of `rel` under `root`, or a FilmcrewError (`file-unreadable`) saying why not;
 * a missing file is the system's ENOENT error, as from readFileSync.
 */
export function readProductionFile(root: string, rel: string, limit = MAX_FILE_BYTES): Buffer {
  const { fd, size } = openProductionFile(root, rel, limit);
  try {
    // Read at most limit + 1 bytes: a file that grows while read is still caught.
    const buf = Buffer.allocUnsafe(Math.min(size, limit) + 1);
    let off = 0;
    for (;;) {
      const n = readSync(fd, buf, off, buf.length - off, null);
      if (n === 0) break;
      off += n;
      if (off === buf.length) {
        if (off > limit) grewPastLimit(rel, limit);
        break;
      }
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Copies `rel` under `root` to `dest` (a new file outside the production, such as a scratch
 * folder's) with the checks readProductionFile makes, a chunk at a time: a clip goes to ffmpeg
 * without being held in memory.
 */
export async function copyProductionFile(root: string, rel: string, dest: string, limit = MAX_FILE_BYTES): Promise<void> {
  const { fd, size } = openProductionFile(root, rel, limit);
  try {
    const out = await open(dest, 'wx');
    try {
      // Read through the checked descriptor, not by the path again. The chunk is the file's size
      // (and a byte, to see its end) up to 1 MiB: a buffer of 1 MiB a clip counted as a megabyte
      // of outside memory each, and made V8 collect its whole heap every few clips.
      const chunk = Buffer.allocUnsafe(Math.min(size + 1, 1 << 20));
      for (let total = 0; ; ) {
        const { bytesRead } = await readFd(fd, chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > limit) grewPastLimit(rel, limit);
        await out.write(chunk, 0, bytesRead);
      }
    } finally {
      await out.close();
    }
  } finally {
    closeSync(fd);
  }
}

/** readProductionFile, or undefined when the file does not exist (or may not be read). */
export function readProductionFileIfAny(root: string, rel: string, limit = MAX_FILE_BYTES): Buffer | undefined {
  try {
    return readProductionFile(root, rel, limit);
  } catch {
    return undefined;
  }
}
