/**
 * The statuses the files do not carry: `stale` (a locked artifact whose inputs changed since, from
 * the lock file) and `failed` (the newest run's tasks that failed, by the shot they were about).
 * The session's read model (core/session/read-model.ts) puts them into its display states, which
 * both storyboard hosts, the trees and CodeLens show.
 */
import type { Staleness } from '../git/verify';
import { shotFile } from '../model/paths';
import type { Production } from '../model/types';
import { newestRun, readJournal } from '../orchestrator/journal';

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

/** Why a locked artifact is stale, in a sentence. */
export function staleReason(s: Staleness): string {
  return s.via ? `made from ${s.via}, which is stale` : `${s.changed.join(', ')} changed since it was locked`;
}
