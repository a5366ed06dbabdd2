/**
 * Writing a file so that a reader sees the old content or the new, never a part: a temp file
 * in the same folder, fsync, rename. Kept apart from the artifact writer so that light callers
 * (caches, the status snapshot) do not load the YAML and schema machinery.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `content` to `absPath` so that a reader sees the old file or the new one, never a part. */
export async function writeFileAtomic(absPath: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(absPath);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(absPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await stat(absPath)).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, 'wx', mode ?? 0o666);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, absPath);
  } catch (e) {
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  // Make the rename itself durable; not every platform lets a folder be fsynced.
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* best effort */
  }
}
