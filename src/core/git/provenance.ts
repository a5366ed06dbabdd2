/**
 * Where a file came from, for files that cannot say it themselves. Markdown artifacts carry
 * `provenance` in their frontmatter; SVG frames, option cards and edit/ files do not, so the
 * orchestrator records theirs in `.filmcrew/provenance.json`:
 *
 *   { "version": 1, "files": { "media/frames/s01-001.svg": { run, task, role, model, provider, inputs: { path: inputHash } } } }
 *
 * Approve reads a file's inputs from (first found): the caller's explicit map, the frontmatter,
 * this ledger.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { STATE_DIR } from '../model/paths';
import type { Provenance } from '../model/types';
import { writeFileAtomic } from '../artifact/writer';

export const PROVENANCE_LEDGER = `${STATE_DIR}/provenance.json`;

export interface ProvenanceLedger {
  version: 1;
  /** Production-relative path → where that file came from. */
  files: Record<string, Provenance>;
}

function isProvenance(v: unknown): v is Provenance {
  if (!v || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return typeof p.role === 'string' && !!p.inputs && typeof p.inputs === 'object' && !Array.isArray(p.inputs);
}

/** Reads the ledger; a missing file is empty, a broken one is a diagnostic (never a throw). */
export async function readProvenanceLedger(root: string): Promise<{ ledger: ProvenanceLedger; diagnostics: Diagnostic[] }> {
  const ledger: ProvenanceLedger = { version: 1, files: {} };
  let text: string;
  try {
    text = await readFile(join(root, PROVENANCE_LEDGER), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ledger, diagnostics: [] };
    throw e;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      ledger,
      diagnostics: [
        diagnostic(PROVENANCE_LEDGER, 1, 1, 'warning', 'file-unreadable', `is not valid JSON (${(e as Error).message}); the next run rewrites it`),
      ],
    };
  }
  // `{ version, files: {…} }`; a flat `{ path: provenance }` map is read too.
  const files = (parsed as { files?: unknown } | null)?.files ?? parsed;
  if (files && typeof files === 'object' && !Array.isArray(files)) {
    for (const [path, p] of Object.entries(files as Record<string, unknown>)) if (isProvenance(p)) ledger.files[path] = p;
  }
  return { ledger, diagnostics: [] };
}

/** Adds or replaces entries in the ledger (read, merge, atomic write). Callers serialize their calls. */
export async function recordProvenance(root: string, entries: Record<string, Provenance>): Promise<void> {
  const { ledger } = await readProvenanceLedger(root);
  Object.assign(ledger.files, entries);
  await writeProvenanceLedger(root, ledger.files);
}

/** Writes the whole ledger, sorted by path (a run keeps it in memory and writes it from there). */
export async function writeProvenanceLedger(root: string, files: Record<string, Provenance>): Promise<void> {
  const sorted = Object.fromEntries(Object.keys(files).sort().map((k) => [k, files[k]]));
  await writeFileAtomic(join(root, PROVENANCE_LEDGER), JSON.stringify({ version: 1, files: sorted }, null, 2) + '\n');
}

/** The provenance in a parsed frontmatter, if it is well-formed. */
export function provenanceOf(data: Record<string, unknown> | undefined): Provenance | undefined {
  const p = data?.provenance;
  return isProvenance(p) ? p : undefined;
}

/** The inputs an artifact was made from: explicit map, else its frontmatter, else the ledger, else none. */
export function inputsFor(
  path: string,
  frontmatter: Record<string, unknown> | undefined,
  ledger: ProvenanceLedger,
  explicit?: Record<string, Record<string, string>>,
): Record<string, string> {
  const given = explicit?.[path] ?? provenanceOf(frontmatter)?.inputs ?? ledger.files[path]?.inputs ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(given)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The role that made a file (frontmatter, else ledger). */
export function ownerOf(path: string, frontmatter: Record<string, unknown> | undefined, ledger: ProvenanceLedger): string | undefined {
  return provenanceOf(frontmatter)?.role ?? ledger.files[path]?.role;
}
