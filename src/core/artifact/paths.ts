/**
 * Paths that come from files (a shot's `frame`, an option's `image`, a command's argument) are
 * confined to the production folder: no `..`, no absolute paths, no symlink that leads outside.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FilmcrewError } from '../diagnostics';

/** Why a production-relative path is not acceptable, or undefined when it is. */
export function lexicalProblem(rel: string): string | undefined {
  if (rel.includes('\0')) return 'contains a NUL character';
  if (isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel) || rel.startsWith('\\')) return 'is absolute; give a path inside the production folder, e.g. media/frames/s01-001.svg';
  if (rel.split(/[\\/]/).includes('..')) return 'goes up out of the production folder with `..`; give a path inside it';
  return undefined;
}

/** True when `candidate` (absolute, real) is `root` or inside it. */
export function isWithin(root: string, candidate: string): boolean {
  const r = relative(root, candidate);
  return r === '' || (!r.startsWith('..' + sep) && r !== '..' && !isAbsolute(r));
}

/**
 * Real paths by the C library's realpath(3): the same answer as node's realpathSync, which walks
 * the path's parts in JavaScript at twice the CPU; a run confines every path it reads and writes
 * (tens of thousands at 1,000 shots).
 */
const realpath = realpathSync.native;

function realRoot(root: string): string {
  try {
    return realpath(root);
  } catch {
    return resolve(root);
  }
}

/** The real path of the deepest part of `abs` that exists (so a symlinked folder is followed). */
function realExisting(abs: string): string {
  let tail = '';
  let cur = abs;
  for (;;) {
    try {
      return join(realpath(cur), tail);
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return abs;
      tail = tail ? join(basename(cur), tail) : basename(cur);
      cur = parent;
    }
  }
}

/**
 * Where `rel` points inside the production, or why it may not be used: a value, for checks that
 * turn it into a diagnostic.
 */
export function confine(root: string, rel: string): { path: string } | { problem: string } {
  const lexical = lexicalProblem(rel);
  if (lexical) return { problem: lexical };
  const abs = resolve(root, rel);
  const realAbs = realExisting(abs);
  // A path that is its own real path has no link in it, nor has the root it starts with (rel has no
  // `..`): it is inside, and the root need not be resolved (a run confines tens of thousands of paths).
  if (realAbs === abs) return { path: abs };
  if (!isWithin(realRoot(root), realAbs)) return { problem: `leads outside the production folder (through a symlink, to ${realAbs})` };
  return { path: abs };
}

/** The absolute path of production-relative `rel`; throws FilmcrewError `path-escapes` when it leads outside. */
export function resolveInside(root: string, rel: string): string {
  const r = confine(root, rel);
  if ('problem' in r) {
    throw new FilmcrewError('path-escapes', `\`${rel}\` ${r.problem}`, 'Keep every path production-relative and inside the production folder.', rel);
  }
  return r.path;
}

/** Production-relative path with forward slashes, as diagnostics and the model use them. */
export function toProductionPath(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}
