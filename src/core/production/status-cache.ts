/**
 * A warm `filmcrew status` or `validate` that costs about what `git status` does: the status
 * basis (counts and diagnostics, see status.ts) of the last load is kept in
 * `.filmcrew/status.json` with the size and mtime of every file it came from and the mtime of
 * every folder it listed. When a stat of each says nothing changed, that basis is the answer;
 * otherwise the production is loaded (through the per-file index) and the basis saved again.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';
import { STATE_DIR } from '../model/paths';
import type { Production } from '../model/types';
import { lexicalProblem } from '../artifact/paths';
import { writeFileAtomic } from '../artifact/atomic';
// Types only: the loader (YAML, schemas, Fountain) is imported when a load is needed, so a warm
// status does not pay for loading it.
import type { LoaderOptions, ProductionLoader } from './load';
import { racilyClean } from './racy';
import { statusBasis, type StatusBasis } from './status';

export const STATUS_FILE = `${STATE_DIR}/status.json`;
const FORMAT = 'filmcrew-status/1';

interface Snapshot {
  format: string;
  /** When the load that produced it began: anything changed later has a later mtime. */
  startedAt: number;
  /** path → [size, mtimeMs, verifiedAt] */
  files: Record<string, [number, number, number]>;
  /** folder → mtimeMs, or -1 when it did not exist */
  folders: Record<string, number>;
  basis: StatusBasis;
}

function mtimeOf(abs: string): number {
  try {
    return statSync(abs).mtimeMs;
  } catch {
    return -1;
  }
}

/** Folders whose listing the basis depends on: adding or removing a file in one changes its mtime. */
function listedFolders(p: Production, artifactFolders: readonly { folder: string }[]): string[] {
  const folders = new Set<string>(['.', 'agents', ...artifactFolders.map((f) => f.folder)]);
  for (const a of p.agents) folders.add(posix.dirname(a.path));
  const media = (rel: unknown) => {
    if (typeof rel === 'string' && rel && !lexicalProblem(rel)) folders.add(posix.dirname(posix.normalize(rel.replace(/\\/g, '/'))));
  };
  for (const s of p.shots) {
    media(s.data.frame);
    media(s.data.clip);
  }
  for (const sheet of [...p.characters, ...p.costumes, ...p.locations, ...p.props]) {
    if (Array.isArray(sheet.data.options)) for (const o of sheet.data.options) media(o?.image);
  }
  return [...folders];
}

/** The saved basis when no file or folder changed since it was made, else undefined. */
async function unchangedBasis(root: string): Promise<StatusBasis | undefined> {
  let snap: Snapshot;
  try {
    snap = JSON.parse(await readFile(join(root, STATUS_FILE), 'utf8')) as Snapshot;
  } catch {
    return undefined;
  }
  if (snap.format !== FORMAT || !snap.files || !snap.folders || !snap.basis) return undefined;
  for (const [folder, mtime] of Object.entries(snap.folders)) {
    if (mtimeOf(join(root, folder)) !== mtime || racilyClean(mtime, snap.startedAt)) return undefined;
  }
  for (const [file, [size, mtime, verifiedAt]] of Object.entries(snap.files)) {
    let st;
    try {
      st = statSync(join(root, file));
    } catch {
      return undefined;
    }
    if (st.size !== size || st.mtimeMs !== mtime || racilyClean(mtime, verifiedAt)) return undefined;
  }
  return { ...snap.basis, root };
}

/** Loads the production with `loader` and saves the basis for the next process. */
async function freshBasis(loader: ProductionLoader, artifactFolders: readonly { folder: string }[]): Promise<StatusBasis> {
  const production = await loader.load();
  const basis = statusBasis(production);
  const scan = loader.lastScan();
  const snap: Snapshot = {
    format: FORMAT,
    startedAt: scan.startedAt,
    files: Object.fromEntries([...scan.files].map(([k, f]) => [k, [f.size, f.mtimeMs, f.verifiedAt]])),
    folders: Object.fromEntries(listedFolders(production, artifactFolders).map((f) => [f, mtimeOf(join(loader.root, f))])),
    basis,
  };
  try {
    await writeFileAtomic(join(loader.root, STATUS_FILE), JSON.stringify(snap));
  } catch {
    /* a cache that cannot be written is not a problem */
  }
  return basis;
}

/**
 * The status basis of the production at `root`: from the snapshot when nothing changed, else
 * from a load. Throws FilmcrewError like the loader for a folder that is not a production.
 */
export async function loadStatusBasis(root: string, opts: LoaderOptions = {}): Promise<StatusBasis> {
  const abs = resolve(root);
  if (opts.persistentIndex !== false && statSafe(join(abs, 'production.md'))) {
    const cached = await unchangedBasis(abs);
    if (cached) return cached;
  }
  const { ProductionLoader, ARTIFACT_FOLDERS } = await import('./load');
  const loader = new ProductionLoader(abs, opts);
  if (opts.persistentIndex === false) return statusBasis(await loader.load());
  return freshBasis(loader, ARTIFACT_FOLDERS);
}

function statSafe(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}
