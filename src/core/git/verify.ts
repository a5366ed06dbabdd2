/**
 * Checking locks against the files: a locked file edited afterwards is reported, not silently
 * accepted; a locked artifact whose recorded inputs changed is stale, and so is everything made
 * from a stale artifact (transitively), so the orchestrator redoes exactly those.
 */
import { contentHash, inputHash, provenanceHash } from '../artifact/hash';
import { readProductionFile, readProductionFileIfAny } from '../artifact/safe-read';
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Artifact, Production } from '../model/types';
import type { LockEntry, Lockfile } from './lockfile';
import { allArtifacts } from '../model/artifacts';

/** `2025-06-01 14:03` from an ISO time. */
function when(at: string): string {
  return at ? at.replace('T', ' ').slice(0, 16) : 'an unknown date';
}

/** `Mara Director` from `Mara Director <mara@example.com>`. */
function who(approvedBy: string): string {
  return approvedBy.replace(/\s*<[^>]*>\s*$/, '') || 'someone';
}

function artifactsByPath(production: Production | undefined): Map<string, Artifact> {
  const map = new Map<string, Artifact>();
  if (!production) return map;
  for (const a of allArtifacts(production)) map.set(a.path, a);
  return map;
}

/** Why a lock no longer holds, or undefined when the file is as it was locked. */
export function lockBroken(entry: LockEntry, bytes: Buffer | undefined, path: string): string | undefined {
  if (bytes === undefined) return `deleted after lock on ${when(entry.at)} by ${who(entry.approved_by)}: restore it (\`git checkout -- ${path}\`) or unlock it`;
  if (contentHash(path, bytes) !== entry.hash) {
    return `edited after lock on ${when(entry.at)} by ${who(entry.approved_by)}: approve again or revert (\`filmcrew approve ${path}\` or \`git checkout -- ${path}\`)`;
  }
  if (entry.provenance !== undefined && provenanceHash(path, bytes) !== entry.provenance) {
    return `its provenance block was edited after lock on ${when(entry.at)} by ${who(entry.approved_by)}: it no longer says who made it and from what as approved; revert it (\`git checkout -- ${path}\`) or approve again (\`filmcrew approve ${path}\`)`;
  }
  return undefined;
}

/** An `edited-after-lock` diagnostic for every locked file whose content no longer matches its lock. */
export function verifyLocks(root: string, production: Production | undefined, lock: Lockfile): Diagnostic[] {
  const artifacts = artifactsByPath(production);
  const out: Diagnostic[] = [];
  for (const [path, entry] of Object.entries(lock.locks)) {
    const problem = lockBroken(entry, readProductionFileIfAny(root, path), path);
    if (!problem) continue;
    const line = artifacts.get(path)?.keyLines.status ?? 1;
    out.push(diagnostic(path, line, 1, 'warning', 'edited-after-lock', problem));
  }
  return out;
}

/** Why an artifact is stale: inputs whose hash changed, or a stale artifact it was made from. */
export interface Staleness {
  changed: string[];
  via?: string;
}

/**
 * Reviews are named after their run (`reviews/<run>.md`): redoing the review of the cut writes a
 * new one, so an older review is the record of an earlier cut, not work to redo. Run ids sort by
 * time; all but the newest are history.
 */
function supersededReviews(paths: readonly string[]): Set<string> {
  const reviews = paths.filter((p) => /^reviews\/[^/]+\.md$/.test(p)).sort();
  return new Set(reviews.slice(0, -1));
}

/** Every stale locked artifact with the reason, transitively (readers of stale artifacts are stale). */
export async function staleness(root: string, lock: Lockfile): Promise<Map<string, Staleness>> {
  const inputPaths = new Set<string>();
  for (const e of Object.values(lock.locks)) for (const p of Object.keys(e.inputs)) inputPaths.add(p);
  const current = new Map<string, string | undefined>();
  await Promise.all(
    [...inputPaths].map(async (p) => {
      try {
        current.set(p, inputHash(p, readProductionFile(root, p)));
      } catch {
        current.set(p, undefined); // a deleted input
      }
    }),
  );
  const stale = new Map<string, Staleness>();
  const readers = new Map<string, string[]>();
  const history = supersededReviews(Object.keys(lock.locks));
  for (const [path, e] of Object.entries(lock.locks)) {
    if (history.has(path)) continue;
    const changed = Object.entries(e.inputs)
      .filter(([p, h]) => current.get(p) !== h)
      .map(([p]) => p);
    if (changed.length) stale.set(path, { changed });
    for (const p of Object.keys(e.inputs)) {
      const list = readers.get(p);
      if (list) list.push(path);
      else readers.set(p, [path]);
    }
  }
  // An input that changed and was locked again is the new truth, not stale work: staleness that
  // flows out of it must not flow back into it (Mara → a shot the DOP lit from her → Mara, whose
  // casting read the shots).
  const changedInputs = new Set<string>();
  for (const s of stale.values()) for (const p of s.changed) changedInputs.add(p);
  const queue = [...stale.keys()];
  while (queue.length) {
    const from = queue.shift()!;
    for (const reader of readers.get(from) ?? []) {
      if (stale.has(reader) || changedInputs.has(reader)) continue;
      stale.set(reader, { changed: [], via: from });
      queue.push(reader);
    }
  }
  return stale;
}

/** Locked artifacts whose recorded input hashes differ from their inputs now, and everything made from them. Sorted. */
export async function staleArtifacts(root: string, lock: Lockfile): Promise<string[]> {
  return [...(await staleness(root, lock)).keys()].sort();
}

/** A `stale` diagnostic per stale artifact, saying which input changed. */
export async function staleDiagnostics(root: string, lock: Lockfile): Promise<Diagnostic[]> {
  return staleDiagnosticsOf(await staleness(root, lock));
}

/** The `stale` diagnostics of a staleness already worked out, sorted by path. */
export function staleDiagnosticsOf(stale: ReadonlyMap<string, Staleness>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [path, s] of [...stale].sort(([a], [b]) => a.localeCompare(b))) {
    const why = s.via ? `it was made from ${s.via}, which is stale` : `${s.changed.join(', ')} changed since it was made`;
    out.push(diagnostic(path, 1, 1, 'info', 'stale', `stale: ${why}; \`filmcrew run\` redoes it`));
  }
  return out;
}
