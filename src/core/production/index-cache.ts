/**
 * The persistent index, like git's: for every file the loader parsed, its size, mtime and hash
 * and what it parsed to, under `.filmcrew/index.json`. A new process stats a file and, when size
 * and mtime match, takes the parse from here instead of reading the file. A corrupt or outdated
 * index is ignored and rebuilt.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import type { Artifact } from '../model/types';
import { STATE_DIR } from '../model/paths';
import type { Screenplay } from '../fountain/types';
import { sha256 } from '../artifact/hash';
import { writeFileAtomic } from '../artifact/atomic';
import { SCHEMAS } from '../schema/validate';

export const INDEX_FILE = `${STATE_DIR}/index.json`;

/** What one file parsed to. */
export type ParsedFile =
  | { type: 'artifact'; artifact?: Artifact; diagnostics: Diagnostic[] }
  | { type: 'script'; screenplay: Screenplay; diagnostics: Diagnostic[] }
  | { type: 'text'; text: string; diagnostics: Diagnostic[] };

export interface IndexEntry {
  size: number;
  mtimeMs: number;
  fileHash: string;
  /**
   * When (ms since epoch) the file's content was last read. A file whose mtime is not clearly
   * older than that may have changed again within the same clock tick ("racily clean", as git
   * calls it): its content is hashed again before its parse is trusted.
   */
  verifiedAt: number;
  parsed: ParsedFile;
}

interface IndexFile {
  format: string;
  entries: Record<string, IndexEntry>;
}

/** Changes whenever what a parse produces could change: the parser version or a schema. */
let fingerprint: string | undefined;
function indexFormat(): string {
  fingerprint ??= 'filmcrew-index/1/' + sha256(JSON.stringify(SCHEMAS)).slice(0, 16);
  return fingerprint;
}

/** The saved entries, or an empty map when there is no usable index. */
export async function readIndex(root: string): Promise<Map<string, IndexEntry>> {
  try {
    const raw = await readFile(join(root, INDEX_FILE), 'utf8');
    const parsed = JSON.parse(raw) as Partial<IndexFile>;
    if (parsed.format !== indexFormat() || !parsed.entries || typeof parsed.entries !== 'object') return new Map();
    const map = new Map<string, IndexEntry>();
    for (const [path, e] of Object.entries(parsed.entries)) {
      if (e && typeof e.size === 'number' && typeof e.mtimeMs === 'number' && typeof e.fileHash === 'string' && e.parsed) map.set(path, e);
    }
    return map;
  } catch {
    return new Map();
  }
}

/** Saves the entries; failure (a read-only folder) only costs the next process a re-parse. */
export async function writeIndex(root: string, entries: Map<string, IndexEntry>): Promise<void> {
  const out: IndexFile = { format: indexFormat(), entries: Object.fromEntries(entries) };
  try {
    await writeFileAtomic(join(root, INDEX_FILE), JSON.stringify(out));
  } catch {
    /* a cache that cannot be written is not a problem */
  }
}
