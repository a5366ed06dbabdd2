/**
 * The production's records (records.ts: lock verification, staleness, gates, proposals, spend)
 * kept in `.filmcrew/records.json` between processes, trusted only while a stat of everything
 * they came from says nothing changed: filmcrew.lock, every locked file and every input it
 * records, the run journals and the task memory, and git's HEAD and refs (a commit, a gate tag
 * or a proposal branch renames a ref file, which changes its folder's mtime). records-snapshot.ts
 * reads it back.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../artifact/atomic';
import { lexicalProblem } from '../artifact/paths';
import { LOCKFILE, PRODUCER_RUNS_DIR, RUNS_DIR, STATE_DIR } from '../model/paths';
import type { Production } from '../model/types';
import { RECORDS_FILE, RECORDS_FORMAT, savedRecords, type RecordsSnapshot, type Stamp } from './records-snapshot';
// Types only: the git layer and the task memory are imported when the records must be read again.
import type { ProductionRecords } from './records';

export { RECORDS_FILE };
const TASK_MEMORY = `${STATE_DIR}/cache.json`;

/** Where git keeps HEAD and the refs of the repository holding `root`; null when there is none. */
interface GitPlaces {
  /** Absent `.git` candidates from `root` up to the one found: a `git init` there changes the answer. (The
   * `.git` folder found is not stamped: `git status` alone changes its mtime.) */
  probed: string[];
  head?: string;
  common?: string;
}

function gitPlaces(root: string): GitPlaces | undefined {
  // A repository chosen by the environment is not found by walking up: no cache then.
  if (process.env.GIT_DIR || process.env.GIT_COMMON_DIR || process.env.GIT_WORK_TREE) return undefined;
  const probed: string[] = [];
  for (let d = root; ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return { probed, head: dotGit, common: dotGit };
    if (st?.isFile()) {
      // A worktree or submodule: `gitdir: <path>`, and the shared refs in its `commondir`.
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
      if (!m) return undefined;
      const gitDir = resolve(d, m[1]!);
      let common = gitDir;
      try {
        common = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
      } catch {
        /* no commondir: the git dir holds the refs */
      }
      return { probed, head: gitDir, common };
    }
    probed.push(dotGit);
    if (dirname(d) === d) return { probed };
  }
}

function foldersUnder(abs: string, into: string[]): void {
  into.push(abs);
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) foldersUnder(join(abs, e.name), into);
}

/** Everything the records depend on, as absolute files and folders. */
function dependencies(root: string, lockPaths: Iterable<string>): { files: string[]; folders: string[] } | undefined {
  const git = gitPlaces(root);
  if (!git) return undefined;
  const files = new Set<string>([join(root, LOCKFILE), join(root, TASK_MEMORY)]);
  // The producer's journals carry spend too.
  const folders: string[] = [join(root, RUNS_DIR), join(root, PRODUCER_RUNS_DIR)];
  for (const p of lockPaths) if (!lexicalProblem(p)) files.add(join(root, p));
  for (const dir of [RUNS_DIR, PRODUCER_RUNS_DIR]) {
    try {
      for (const n of readdirSync(join(root, dir))) files.add(join(root, dir, n));
    } catch {
      /* no runs yet: the folder's absence is in the stamp */
    }
  }
  for (const p of git.probed) files.add(p);
  if (git.head && git.common) {
    files.add(join(git.head, 'HEAD'));
    files.add(join(git.common, 'packed-refs'));
    files.add(join(git.common, 'reftable', 'tables.list'));
    foldersUnder(join(git.common, 'refs', 'heads'), folders);
    foldersUnder(join(git.common, 'refs', 'tags'), folders);
  }
  return { files: [...files], folders };
}

function stampOf(deps: { files: string[]; folders: string[] }): Stamp {
  const stamp: Stamp = { files: { path: [], size: [], mtimeMs: [] }, folders: {} };
  for (const f of deps.files) {
    const st = statSync(f, { throwIfNoEntry: false });
    stamp.files.path.push(f);
    stamp.files.size.push(st ? st.size : -1);
    stamp.files.mtimeMs.push(st ? st.mtimeMs : -1);
  }
  for (const d of deps.folders) stamp.folders[d] = statSync(d, { throwIfNoEntry: false })?.mtimeMs ?? -1;
  return stamp;
}

/**
 * The records of the production at `root`: from `.filmcrew/records.json` when nothing they came
 * from changed, else read again (and kept when every part could be read).
 */
export async function loadRecords(root: string, production?: Production): Promise<ProductionRecords> {
  const abs = resolve(root);
  const saved = await savedRecords(abs);
  if (saved) return saved;
  const startedAt = Date.now();
  const { readRecords } = await import('./records');
  const { records, lock, keepable } = await readRecords(abs, production);
  if (!keepable) return records;
  const paths = new Set<string>();
  for (const [path, entry] of Object.entries(lock.locks)) {
    paths.add(path);
    for (const input of Object.keys(entry.inputs)) paths.add(input);
  }
  const deps = dependencies(abs, paths);
  if (!deps) return records;
  const snap: RecordsSnapshot = { format: RECORDS_FORMAT, startedAt, stamp: stampOf(deps), records };
  try {
    await writeFileAtomic(join(abs, RECORDS_FILE), JSON.stringify(snap));
  } catch {
    /* a cache that cannot be written is not a problem */
  }
  return records;
}
