/**
 * What a person means by `filmcrew approve <target>`: a file, a folder, a glob over the
 * production's files, or a proposal branch `crew/<role>/<run>`.
 */
import { existsSync, lstatSync, statSync } from 'node:fs';
import picomatch from 'picomatch';
import { confine, lexicalProblem } from '../artifact/paths';
import { forbiddenPath } from '../artifact/safe-read';
import { FilmcrewError } from '../diagnostics';
import { LOCKFILE, STATE_DIR } from '../model/paths';
import { runGit, type Repo } from './repo';

export interface Targets {
  paths: string[];
  branches: string[];
}

/** Files that are bookkeeping, never artifacts to lock. */
export function isBookkeeping(path: string): boolean {
  return path === LOCKFILE || path.startsWith(STATE_DIR + '/') || /^agents\/[^/]+\/feedback\.md$/.test(path) || path === '.gitignore' || path === '.gitattributes';
}

/** Every file of the production git would see: tracked and untracked-not-ignored, production-relative. */
export async function productionFiles(repo: Repo): Promise<string[]> {
  const out = (await runGit(repo.root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate'])).stdout;
  const files = out.split('\0').filter(Boolean);
  return [...new Set(files)].filter((f) => !f.startsWith('../'));
}

export function isGlob(target: string): boolean {
  return /[*?[\]{}!]/.test(target);
}

/** Normalizes a person's path: forward slashes, no `./`, no trailing slash. */
export function normalizePath(target: string): string {
  return target.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

export async function branchExists(repo: Repo, branch: string): Promise<boolean> {
  const r = await repo.git(['rev-parse', '-q', '--verify', `refs/heads/${branch}^{commit}`], { okCodes: [1] });
  return r.code === 0;
}

/** Throws unless `target` is a regular file inside the production (a symlink out of it, a FIFO, a device are refused). */
function lockable(repo: Repo, target: string): void {
  const where = confine(repo.root, target);
  if ('problem' in where) throw new FilmcrewError('path-escapes', `\`${target}\` ${where.problem}: it cannot be locked`, 'Replace the link with the file itself.', target);
  const st = lstatSync(where.path);
  if (!st.isFile() && !(st.isSymbolicLink() && statSync(where.path).isFile())) {
    throw new FilmcrewError('not-an-artifact', `\`${target}\` is not a regular file: it cannot be locked`, 'Approve files only.', target);
  }
}

/** Resolves targets to production-relative files and proposal branches; refuses what matches nothing. */
export async function resolveTargets(repo: Repo, targets: string[]): Promise<Targets> {
  const paths = new Set<string>();
  const branches: string[] = [];
  let files: string[] | undefined;
  const all = async () => (files ??= await productionFiles(repo));
  for (const raw of targets) {
    const target = normalizePath(raw);
    if (!target) continue;
    if (target.startsWith('crew/') && !isGlob(target) && (await branchExists(repo, target))) {
      branches.push(target);
      continue;
    }
    const problem = lexicalProblem(target) ?? forbiddenPath(target);
    if (problem) throw new FilmcrewError('path-escapes', `\`${raw}\` ${problem}`, 'Give paths inside the production folder.', raw);
    if (isGlob(target)) {
      const match = picomatch(target, { dot: false });
      const hits = (await all()).filter((f) => match(f) && !isBookkeeping(f) && existsSync(repo.abs(f)));
      if (!hits.length) {
        throw new FilmcrewError('not-found', `no file of the production matches \`${raw}\``, 'Check the pattern, e.g. `shots/*.md` (patterns are relative to the production folder).');
      }
      hits.forEach((h) => paths.add(h));
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(repo.abs(target)).isDirectory();
    } catch {
      if (target.startsWith('crew/')) {
        throw new FilmcrewError('proposal-missing', `there is no proposal branch \`${target}\``, 'Run `filmcrew review` to see the pending proposals.');
      }
      throw new FilmcrewError('not-found', `\`${raw}\` does not exist in the production`, 'Give a path relative to the production folder, a glob like `shots/*.md`, or a proposal branch `crew/<role>/<run>`.', raw);
    }
    if (isDir) {
      const hits = (await all()).filter((f) => f.startsWith(target + '/') && !isBookkeeping(f) && existsSync(repo.abs(f)));
      if (!hits.length) throw new FilmcrewError('not-found', `\`${raw}\` has no files to approve`);
      hits.forEach((h) => paths.add(h));
      continue;
    }
    if (isBookkeeping(target)) {
      throw new FilmcrewError('not-an-artifact', `\`${target}\` is filmcrew's own bookkeeping, not an artifact to approve`);
    }
    lockable(repo, target);
    paths.add(target);
  }
  return { paths: [...paths].sort(), branches };
}
