/**
 * A warm `filmcrew status` or `validate` that costs about what `git status` does: the status
 * basis (counts and diagnostics, see status.ts) of the last load is kept in
 * `.filmcrew/status.json` with the size and mtime of every file it came from and the mtime of
 * every folder it listed. When a stat of each says nothing changed, that basis is the answer
 * (status-snapshot.ts reads it); otherwise the production is loaded (through the per-file index)
 * and the basis saved again.
 */
import { join, posix, resolve } from 'node:path';
import { clipPath, cutFiles, framePath, PRODUCTION_FILE, SCRIPT_FILES } from '../model/paths';
import type { Production } from '../model/types';
import { lexicalProblem } from '../artifact/paths';
import { writeFileAtomic } from '../artifact/atomic';
// Types only: the loader (YAML, schemas, Fountain) is imported when a load is needed, so a warm
// status does not pay for loading it.
import type { LoaderOptions, ProductionLoader } from './load';
import { statusBasis, type StatusBasis } from './status';
import { assetSheets } from '../model/artifacts';
import { racilyClean } from './racy';
import { mtimeOf, savedStatusBasis, STATUS_FILE, STATUS_FORMAT, UNTRUSTED, type StatusSnapshot } from './status-snapshot';

export { STATUS_FILE };

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

/** Loads the production with `loader` and saves the basis for the next process. */
async function freshBasis(loader: ProductionLoader, artifactFolders: readonly { folder: string }[]): Promise<StatusBasis> {
  const production = await loader.load();
  const basis = statusBasis(production);
  const scan = loader.lastScan();
  const snap: StatusSnapshot = {
    format: STATUS_FORMAT,
    files: { path: [], size: [], mtimeMs: [] },
    folders: Object.fromEntries(
      listedFolders(production, artifactFolders).map((f) => {
        const m = mtimeOf(join(loader.root, f));
        return [f, m !== -1 && racilyClean(m, scan.startedAt) ? UNTRUSTED : m];
      }),
    ),
    absent: [PRODUCTION_FILE, ...SCRIPT_FILES].filter((f) => !scan.files.has(f)),
    basis,
  };
  for (const [path, f] of scan.files) {
    snap.files.path.push(path);
    snap.files.size.push(f.size);
    snap.files.mtimeMs.push(racilyClean(f.mtimeMs, f.verifiedAt) ? UNTRUSTED : f.mtimeMs);
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
  if (opts.persistentIndex !== false) {
    const cached = await savedStatusBasis(abs);
    if (cached) return cached;
  }
  const { ProductionLoader, ARTIFACT_FOLDERS } = await import('./load');
  const loader = new ProductionLoader(abs, opts);
  if (opts.persistentIndex === false) return statusBasis(await loader.load());
  return freshBasis(loader, ARTIFACT_FOLDERS);
}
