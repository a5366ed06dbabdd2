/**
 * Content hashes: the one definition the writer, the journal, the locks and staleness share.
 *
 * - `fileHash`: the bytes as they are on disk. The writer's "changed on disk since read" check.
 * - `contentHash`: what an artifact says. For markdown artifacts, frontmatter (canonical JSON,
 *   without the bookkeeping keys `status` and `provenance`) plus the body; for other files, the
 *   bytes. Approving a file (status → locked) does not change it; any real edit does.
 * - `inputHash`: what a reader of the artifact depends on: `contentHash` less the keys that later
 *   stages write into it (the DOP's lens and light, the generated clip). A storyboard frame drawn
 *   from a shot does not go stale because the DOP lit that shot afterwards.
 */
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { readPlainYaml } from './plain-yaml';
import { isCyclic, YAML_LIMITS } from './yaml-limits';

/** Keys that record state, not content. */
export const BOOKKEEPING_KEYS: ReadonlySet<string> = new Set(['status', 'provenance']);

/** Keys that stages after the breakdown write into a shot: not inputs of the shot's readers. */
const DOWNSTREAM_KEYS: Record<string, ReadonlySet<string>> = {
  shot: new Set(['lens', 'light', 'clip', 'model', 'camera', 'generation']),
  character: new Set(),
};

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileHash(data: string | Uint8Array): string {
  return sha256(data);
}

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonical(v)).join(',') + '}';
}

function markdownParts(text: string): { record: Record<string, unknown>; body: string } | undefined {
  const m = FRONTMATTER.exec(text);
  if (!m) return undefined;
  // Plain frontmatter is read without the full parser (same values; see plain-yaml.ts).
  let data: unknown = readPlainYaml(m[1]!);
  if (data === undefined) {
    try {
      data = parseYaml(m[1]!, YAML_LIMITS);
    } catch {
      return undefined; // unparsable frontmatter: fall back to the bytes
    }
    if (isCyclic(data)) return undefined; // `&a [*a]`: validate reports it; the bytes are hashed
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  return { record: data as Record<string, unknown>, body: text.slice(m[0].length).replace(/\r\n/g, '\n') };
}

function hashParts(parts: { record: Record<string, unknown>; body: string }, drop: (key: string, kind: string) => boolean): string {
  const kind = typeof parts.record.kind === 'string' ? parts.record.kind : '';
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parts.record)) if (!drop(k, kind)) kept[k] = v;
  return sha256(canonical(kept) + '\n\0' + parts.body);
}

function asText(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
}

/**
 * The hashes of a markdown version, worked out from one parse, kept by the sha-256 of its bytes:
 * a file version is parsed once however many tasks, gates and checks hash it (a 2,000-shot run
 * hashes each shot dozens of times). Only hex strings are kept, so the memo stays small; it is
 * emptied whole when it grows past MEMO_LIMIT versions.
 */
interface Hashes {
  content: string;
  input: string;
  /** Hash of the `provenance:` block; null when there is none. */
  provenance: string | null;
}

const memo = new Map<string, Hashes>();
const MEMO_LIMIT = 50_000;

const dropBookkeeping = (k: string) => BOOKKEEPING_KEYS.has(k);
const dropDownstream = (k: string, kind: string) => BOOKKEEPING_KEYS.has(k) || (DOWNSTREAM_KEYS[kind]?.has(k) ?? false);

function hashesOf(parts: { record: Record<string, unknown>; body: string }): Hashes {
  const p = parts.record.provenance;
  return {
    content: hashParts(parts, dropBookkeeping),
    input: hashParts(parts, dropDownstream),
    provenance: p === undefined || p === null ? null : sha256(canonical(p)),
  };
}

/**
 * The frontmatter of the versions parsed last, by the same key: locking a file needs its data too
 * (provenance, chosen), and it was parsed when the run hashed it. Bounded: records are larger.
 */
const records = new Map<string, Record<string, unknown>>();
const RECORDS_LIMIT = 8_000;

/** The hashes of a markdown file's bytes (one parse per version); `parts` when the caller has parsed it already. */
function markdownHashes(data: string | Uint8Array, parts?: { record: Record<string, unknown>; body: string }): Hashes {
  const key = sha256(data);
  let h = memo.get(key);
  if (!h) {
    const read = parts ?? markdownParts(asText(data));
    if (read) {
      if (records.size >= RECORDS_LIMIT) records.clear();
      records.set(key, read.record);
    }
    // Unparsable or no frontmatter: the bytes are the content.
    h = read ? hashesOf(read) : { content: key, input: key, provenance: null };
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, h);
  }
  return h;
}

/** What the artifact says, bookkeeping aside. Stable across approve/lock. */
export function contentHash(path: string, data: string | Uint8Array): string {
  return path.endsWith('.md') ? markdownHashes(data).content : sha256(data);
}

/** contentHash and, for markdown, the frontmatter it read: one YAML parse for callers that need both (locking 1,000 files). */
export function contentHashWithData(path: string, data: string | Uint8Array): { hash: string; frontmatter?: Record<string, unknown> } {
  if (path.endsWith('.md')) {
    const key = sha256(data);
    const known = memo.get(key);
    const record = records.get(key);
    if (known && record) return { hash: known.content, frontmatter: record };
    const parts = markdownParts(asText(data));
    if (parts) return { hash: markdownHashes(data, parts).content, frontmatter: parts.record };
  }
  return { hash: sha256(data) };
}

/** What a reader of the artifact depends on: content less what later stages write into it. */
export function inputHash(path: string, data: string | Uint8Array): string {
  return path.endsWith('.md') ? markdownHashes(data).input : sha256(data);
}

/**
 * The hash of a markdown artifact's `provenance:` block (canonical JSON), or undefined without one.
 * Provenance is bookkeeping, so it is not in contentHash; the lock keeps this beside it, so an
 * edit to who made a locked file, or from what, is noticed too.
 */
export function provenanceHash(path: string, data: string | Uint8Array): string | undefined {
  return path.endsWith('.md') ? (markdownHashes(data).provenance ?? undefined) : undefined;
}
