/**
 * The one list of paths whose change cannot affect what a host shows: git's internals, installed
 * packages, and the run state under `.filmcrew/` — except the run journals, which say what
 * failed and what was spent. Both hosts' watchers (chokidar in `filmcrew preview`, VS Code's file
 * system watcher) report every event; the session drops these here.
 */
const IGNORED_FOLDERS = ['.git', 'node_modules'];
const STATE_DIR = '.filmcrew';
const SHOWN_STATE = ['.filmcrew/runs/'];

/** True when a change of this production-relative path cannot change the read model. */
export function isIgnoredPath(rel: string): boolean {
  const segments = rel.split('/');
  if (segments.some((s) => IGNORED_FOLDERS.includes(s))) return true;
  if (segments[0] !== STATE_DIR) return false;
  return !SHOWN_STATE.some((p) => rel.startsWith(p));
}

/** True when a watcher need not look into this path at all (nothing under it is shown). */
export function isIgnoredTree(rel: string): boolean {
  return isIgnoredPath(rel) && !SHOWN_STATE.some((p) => p.startsWith(`${rel}/`));
}
