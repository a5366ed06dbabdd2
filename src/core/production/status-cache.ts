/**
 * A warm `filmcrew status` or `validate` that costs about what `git status` does: the status
 * basis (counts and diagnostics, see status.ts) of the last load is kept in
 * `.filmcrew/status.json` with the size and mtime of every file it came from and the mtime of
 * every folder it listed. When a stat of each says nothing changed, that basis is the answer;
 * otherwise the production is loaded (through the per-file index) and the basis saved again.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, posix, resolve, sep } from 'node:path';
import { clipPath, cutFiles, framePath, PRODUCTION_FILE, SCRIPT_FILES, STATE_DIR } from '../model/paths';
import type { Production } from '../model/types';
import { lexicalProblem } from '../artifact/paths';
import { writeFileAtomic } from '../artifact/atomic';
// Types only: the loader (YAML, schemas, Fountain) is imported when a load is needed, so a warm
// status does not pay for loading it.
import type { LoaderOptions, ProductionLoader } from './load';
import { racilyClean } from './racy';
import { statusBasis, type StatusBasis } from './status';
import { assetSheets } from '../model/artifacts';

export const STATUS_FILE = `${STATE_DIR}/status.json`;
const FORMAT = 'filmcrew-status/4';

interface Snapshot {
  format: string;
  /** When the load that produced it began: anything changed later has a later mtime. */
  startedAt: number;
  /** Parallel columns, one row per file: cheaper to parse and walk than an object per file. */
  files: { path: string[]; size: number[]; mtimeMs: number[]; verifiedAt: number[] };
  /** folder → mtimeMs, or -1 when it did not exist */
  folders: Record<string, number>;
  /** Top-level files that were not there (a script appearing changes the model). The root folder's
   * own mtime is not used: writing .filmcrew/ changes it. */
  absent: string[];
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
  const folders = new Set<string>(['agents', ...artifactFolders.map((f) => f.folder)]);
  for (const a of p.agents) folders.add(posix.dirname(a.path));
  const media = (rel: unknown) => {
    if (typeof rel === 'string' && rel && !lexicalProblem(rel)) folders.add(posix.dirname(posix.normalize(rel.replace(/\\/g, '/'))));
  };
  for (const s of p.photography ?? []) for (const shot of Array.isArray(s.data.shots) ? s.data.shots : []) media(shot?.clip);
  for (const s of p.shots) {
    // The frame is counted when its file exists, by the convention when the shot names none.
    media(framePath({ id: String(s.data.id), frame: typeof s.data.frame === 'string' ? s.data.frame : undefined }));
    media(s.data.clip);
    if (typeof s.data.id === 'string') media(clipPath(s.data.id));
  }
  for (const sheet of assetSheets(p)) {
    if (Array.isArray(sheet.data.options)) for (const o of sheet.data.options) media(o?.image);
  }
  media(cutFiles.roughcut);
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
  if (snap.format !== FORMAT || !Array.isArray(snap.files?.path) || !snap.folders || !Array.isArray(snap.absent) || !snap.basis) return undefined;
  for (const file of snap.absent) if (mtimeOf(join(root, file)) !== -1) return undefined;
  for (const [folder, mtime] of Object.entries(snap.folders)) {
    if (mtimeOf(join(root, folder)) !== mtime || racilyClean(mtime, snap.startedAt)) return undefined;
  }
  const { path, size, mtimeMs, verifiedAt } = snap.files;
  const prefix = root.endsWith(sep) ? root : root + sep;
  for (let i = 0; i < path.length; i++) {
    const st = statSync(prefix + path[i], { throwIfNoEntry: false });
    if (!st || st.size !== size[i] || st.mtimeMs !== mtimeMs[i] || racilyClean(mtimeMs[i]!, verifiedAt[i]!)) return undefined;
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
    files: { path: [], size: [], mtimeMs: [], verifiedAt: [] },
    folders: Object.fromEntries(listedFolders(production, artifactFolders).map((f) => [f, mtimeOf(join(loader.root, f))])),
    absent: [PRODUCTION_FILE, ...SCRIPT_FILES].filter((f) => !scan.files.has(f)),
    basis,
  };
  for (const [path, f] of scan.files) {
    snap.files.path.push(path);
    snap.files.size.push(f.size);
    snap.files.mtimeMs.push(f.mtimeMs);
    snap.files.verifiedAt.push(f.verifiedAt);
  }
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
