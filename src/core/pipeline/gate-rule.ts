/**
 * The one rule for whether a gate has passed when git cannot say (no repository, or git could
 * not be read). `filmcrew status`, the run's planner (orchestrator/gates.ts) and the extension's
 * trees all judge through it, so they cannot disagree. With git, a gate is its commit and tag
 * (git/gates.ts `gateState`), which everyone reads the same way too.
 */
import { GATES, STAGES, type GateId } from './stages';

/** What a gate covers, seen from its files' statuses. */
export interface GateCover {
  /** It covers some work of its own stage (the earlier work it re-locks alone is not). */
  own: boolean;
  /** Every file it covers says `status: locked`. */
  locked: boolean;
}

/**
 * Without git, only a markdown artifact can say it is locked (its `status`): a frame, a clip or
 * a `.fountain` script is locked only by a lock commit, so a gate that covers one cannot pass.
 */
export function lockableWithoutGit(path: string): boolean {
  return path.endsWith('.md');
}

/**
 * Gates judged from statuses, in table order: a gate passes when it covers work of its own,
 * all of it locked, and the gates its stage needs have passed (locked sheets do not pass the
 * asset lock while the shot list is still open). Gates git did tell about (`told`) stand as told.
 */
export function judgeGates(cover: (gate: GateId) => GateCover, told: Partial<Record<GateId, boolean>> = {}): Record<GateId, boolean> {
  const passed = {} as Record<GateId, boolean>;
  for (const g of GATES) {
    const needs = STAGES.find((s) => s.id === g.stage)?.needs ?? [];
    const known = told[g.id];
    if (known !== undefined) {
      passed[g.id] = known;
      continue;
    }
    const c = cover(g.id);
    passed[g.id] = c.own && c.locked && needs.every((n) => passed[n]);
  }
  return passed;
}
