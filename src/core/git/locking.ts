/**
 * What locking one file means, before any commit: its bytes with `status: locked` (markdown
 * artifacts with frontmatter; other files are locked as they are) and its `filmcrew.lock` entry.
 * Shared by approve, choose and the merge of a proposal.
 */
import { parse as parseYaml } from 'yaml';
import { contentHash, contentHashWithData, provenanceHash } from '../artifact/hash';
import { readPlainYaml } from '../artifact/plain-yaml';
import { isCyclic, YAML_LIMITS } from '../artifact/yaml-limits';
import { FilmcrewError } from '../diagnostics';
import type { StageId } from '../pipeline/stages';
import { setFrontmatterScalars, type ScalarPatch } from './frontmatter-keys';
import type { LockEntry, Lockfile } from './lockfile';
import { inputsFor, type ProvenanceLedger } from './provenance';

/** How an approval locks (`approve`, `choose`, a proposal branch's merge). */
export interface ApproveOptions {
  /** Inputs (path → inputHash) of files that cannot carry provenance themselves, by path. */
  inputs?: Record<string, Record<string, string>>;
  /** A sentence for the commit body. */
  note?: string;
  /** The approval time (tests); now by default. */
  now?: Date;
  /** Frontmatter scalars set in each markdown file as it is locked (the chosen option of a sheet), by path. */
  patch?: Record<string, Record<string, string>>;
  /** Trailers added to the lock commit (`Filmcrew-Chosen`). */
  trailers?: [string, string][];
}

export interface LockContext {
  lock: Lockfile;
  ledger: ProvenanceLedger;
  /** `Name <email>`. */
  approver: string;
  at: string;
  /** Explicit inputs per path (files the orchestrator made without frontmatter). */
  inputs?: Record<string, Record<string, string>>;
}

export interface LockedFile {
  path: string;
  /** Bytes to commit; undefined when they are the bytes as read. */
  content?: string;
  entry: LockEntry;
  /** Already locked exactly like this: nothing to do. */
  unchanged: boolean;
}

const FRONTMATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** The frontmatter of a markdown text as data; undefined without frontmatter; throws on broken YAML. */
export function frontmatterOf(path: string, text: string): Record<string, unknown> | undefined {
  const m = FRONTMATTER.exec(text);
  if (!m) return undefined;
  // Plain frontmatter (nearly all of it) is read without the full parser: same values (plain-yaml.ts).
  const plain = readPlainYaml(m[1] ?? '');
  if (plain !== undefined) return plain && typeof plain === 'object' && !Array.isArray(plain) ? (plain as Record<string, unknown>) : {};
  let data: unknown;
  try {
    data = parseYaml(m[1] ?? '', YAML_LIMITS);
    if (isCyclic(data)) throw new Error('a value refers to itself through an alias (`&a [*a]`)');
  } catch (e) {
    const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new FilmcrewError(
      'yaml-syntax',
      `${path}${line ? ':' + (line + 1) : ''}: its frontmatter cannot be read (${(e as Error).message.split('\n')[0]}), so it cannot be locked`,
      'Fix the YAML (run `filmcrew validate`), then approve it again.',
      path,
    );
  }
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

/** The stage whose work a file is, by where it lives. */
export function stageOf(path: string): StageId | undefined {
  if (path === 'script.fountain' || path === 'script.md') return 'script';
  if (path.startsWith('shots/')) return 'breakdown';
  if (/^(characters|costumes|locations|props|media\/options)\//.test(path)) return 'assets';
  if (path.startsWith('media/frames/')) return 'storyboard';
  if (path.startsWith('media/clips/') || path.startsWith('photography/')) return 'generation';
  if (path.startsWith('edit/')) return 'edit';
  if (path.startsWith('reviews/')) return 'review';
  return undefined;
}

function sameInputs(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** The locked version of one file and its lock entry. */
export function lockFile(path: string, bytes: Buffer, ctx: LockContext, patch: ScalarPatch = {}): LockedFile {
  let content: string | undefined;
  let data: Record<string, unknown> | undefined;
  let hash: string;
  if (path.endsWith('.md')) {
    const text = bytes.toString('utf8');
    // One YAML parse gives both the hash and the provenance; status is bookkeeping, so the hash
    // of the locked text is the same unless the patch sets content (`chosen`).
    const first = contentHashWithData(path, text);
    data = first.frontmatter ?? (/^\uFEFF?---/.test(text) ? frontmatterOf(path, text) : undefined);
    if (data) {
      const next = setFrontmatterScalars(text, { status: 'locked', ...patch });
      if (next !== undefined && next !== text) content = next;
    }
    const contentPatched = Object.keys(patch).some((k) => k !== 'status');
    hash = first.frontmatter && !contentPatched ? first.hash : contentHash(path, content ?? text);
  } else {
    hash = contentHash(path, bytes);
  }
  const inputs = inputsFor(path, data, ctx.ledger, ctx.inputs);
  const chosen = typeof patch.chosen === 'string' ? patch.chosen : typeof data?.chosen === 'string' && data.chosen ? data.chosen : undefined;
  // The lock sets only status (and chosen): the provenance block is the one read, whose hashes are known.
  const provenance = provenanceHash(path, bytes);
  const before = ctx.lock.locks[path];
  const unchanged =
    content === undefined && !!before && before.hash === hash && sameInputs(before.inputs, inputs) && before.chosen === chosen && before.provenance === provenance;
  const stage = stageOf(path);
  const entry: LockEntry = unchanged
    ? before!
    : { hash, ...(stage ? { stage } : {}), ...(chosen ? { chosen } : {}), approved_by: ctx.approver, at: ctx.at, ...(provenance ? { provenance } : {}), inputs };
  return { path, ...(content !== undefined ? { content } : {}), entry, unchanged };
}

/** Commit message lines: subject, optional paragraph, then the trailer block. */
export function commitMessage(subject: string, paragraphs: (string | undefined)[], trailers: [string, string][]): string {
  const body = paragraphs.filter((p): p is string => !!p && p.trim() !== '').map((p) => p.trim());
  const block = trailers.map(([k, v]) => `${k}: ${v.replace(/\s*\n\s*/g, ' ')}`).join('\n');
  return [subject, ...body, block].join('\n\n') + '\n';
}

/** `Lock shots/s01-001.md` or `Lock 12 artifacts (10 shots, 2 characters)`. */
export function lockSubject(verb: string, paths: string[]): string {
  if (paths.length === 1) return `${verb} ${paths[0]}`;
  const groups = new Map<string, number>();
  for (const p of paths) {
    const folder = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.';
    groups.set(folder, (groups.get(folder) ?? 0) + 1);
  }
  const parts = [...groups].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([f, n]) => `${n} in ${f}`);
  return `${verb} ${paths.length} artifacts (${parts.join(', ')}${groups.size > 4 ? ', …' : ''})`;
}
