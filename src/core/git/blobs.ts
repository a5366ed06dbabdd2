/**
 * Blobs from bytes in memory, many at once: one `git fast-import` stream writes them all into a
 * single pack (no file per object, no second read of the working tree), and their ids are
 * computed here. Paths whose stored form is not their bytes (a clean filter such as LFS, an
 * end-of-line conversion) are hashed by git one by one with their path, so attributes apply.
 */
import { createHash } from 'node:crypto';
import type { Repo } from './repo';

/** Git paths (top-level) whose blob is not simply their bytes. */
export async function convertedPaths(repo: Repo, gitPaths: string[]): Promise<Set<string>> {
  if (!gitPaths.length) return new Set();
  const autocrlf = (await repo.configValue('core.autocrlf'))?.trim().toLowerCase() ?? '';
  if (autocrlf === 'true' || autocrlf === 'input') return new Set(gitPaths);
  const out = (await repo.git(['check-attr', '-z', '--stdin', 'filter', 'eol'], { input: gitPaths.map((p) => p + '\0').join('') })).stdout.split('\0');
  const set = new Set<string>();
  for (let i = 0; i + 2 < out.length; i += 3) {
    const value = out[i + 2]!;
    if (value !== 'unspecified' && value !== 'unset') set.add(out[i]!);
  }
  return set;
}

/** The object id git gives these bytes as a blob. */
export function blobId(objectFormat: 'sha1' | 'sha256', bytes: Uint8Array): string {
  return createHash(objectFormat).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Writes each content as a blob (as is, no filters); returns the ids in order. */
export async function writeBlobs(repo: Repo, items: (string | Uint8Array)[]): Promise<string[]> {
  if (!items.length) return [];
  const contents = items.map((c) => (typeof c === 'string' ? Buffer.from(c) : c));
  if (contents.length === 1) return [(await repo.git(['hash-object', '-w', '--no-filters', '--stdin'], { input: Buffer.from(contents[0]!) })).stdout.trim()];
  const parts: Buffer[] = [];
  for (const c of contents) parts.push(Buffer.from(`blob\ndata ${c.length}\n`), Buffer.from(c), Buffer.from('\n'));
  await repo.git(['fast-import', '--quiet'], { input: Buffer.concat(parts) });
  return contents.map((c) => blobId(repo.objectFormat, c));
}

/** Writes one content as a blob as if it were at `gitPath` (clean filters and eol conversion apply). */
export async function writeBlobAt(repo: Repo, gitPath: string, content: string | Uint8Array): Promise<string> {
  return (await repo.git(['hash-object', '-w', '--stdin', `--path=${gitPath}`], { input: typeof content === 'string' ? content : Buffer.from(content) })).stdout.trim();
}
