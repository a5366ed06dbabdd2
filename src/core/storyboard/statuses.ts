/**
 * The statuses the files do not carry: `stale` (a locked artifact whose inputs changed since, from
 * the lock file) and `failed` (the newest run's tasks that failed, by the shot they were about).
 * `filmcrew preview` passes the result to `storyboardSnapshot` as its `statusOf`; the VS Code host
 * still builds its own from extension/view-builder.ts, which shows no `failed` (issue 16).
 */
import { readLockfile } from '../git/lockfile';
import { staleness } from '../git/verify';
import { shotFile } from '../model/paths';
import type { Production } from '../model/types';
import { newestRun, readJournal } from '../orchestrator/journal';
import type { StatusOverride } from './snapshot';

/** Shot file → why the newest run's task for that shot failed (a later success in the run clears it). */
export function failedShots(root: string, production: Production): Map<string, string> {
  const run = newestRun(root);
  const out = new Map<string, string>();
  if (!run) return out;
  const subjects = new Map<string, string>();
  const shots = new Set(production.shots.map((s) => String(s.data.id)));
  for (const e of readJournal(run.path)) {
    if (e.e === 'queued') subjects.set(e.task, e.subject);
    const subject = 'task' in e && e.task ? subjects.get(e.task) : undefined;
    if (!subject || !shots.has(subject)) continue;
    if (e.e === 'failed') out.set(shotFile(subject), `${e.role} failed: ${e.reason}`);
    else if (e.e === 'succeeded' || e.e === 'cached') out.delete(shotFile(subject));
  }
  return out;
}

/** Stale and failed, by production-relative artifact path; failed wins (it needs a person first). */
export async function storyboardStatuses(root: string, production: Production): Promise<(path: string) => StatusOverride | undefined> {
  const { lock } = await readLockfile(root);
  const stale = await staleness(root, lock);
  const failed = failedShots(root, production);
  return (path) => {
    const reason = failed.get(path);
    if (reason !== undefined) return { status: 'failed', reason };
    const s = stale.get(path);
    if (!s) return undefined;
    return { status: 'stale', reason: s.via ? `made from ${s.via}, which is stale` : `${s.changed.join(', ')} changed since it was locked` };
  };
}
