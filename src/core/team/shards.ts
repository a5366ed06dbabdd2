/**
 * Shards: n machines each run a share of the same ready work. The partition is a pure function
 * of the plan, so every machine that starts from the same commit computes the same shares
 * without talking to the others: tasks joined by `after` stay together (a frame never waits on
 * another machine), and the groups go, heaviest first, to the lightest share so far (ties by
 * task id, then by shard number). Expected cost comes from what a task makes (its modality and
 * its number of outputs), never from a machine's own history, which differs between runners.
 */
import { FilmcrewError } from '../diagnostics';
import type { Modality } from '../model/types';
import type { PlannedTask } from '../orchestrator/planner';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** `2/4` → shard 2 of 4, or a refusal saying what to write. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new FilmcrewError('usage', `--shard must be i/n with 1 ≤ i ≤ n, not '${text}'`, 'For example --shard 2/4: the second of four machines.');
  }
  return { index, count };
}

/** The branch-name suffix of a shard's proposals: `.shard-2-of-4`. */
export function shardSuffix(shard: Shard): string {
  return `.shard-${shard.index}-of-${shard.count}`;
}

/** Relative price of one output by modality: a clip costs far more than a frame, a frame more than text. */
const WEIGHT: Record<Modality, number> = { text: 1, image: 4, video: 40 };

/** What a task is expected to cost, in relative units (the same on every machine). */
export function expectedCost(task: PlannedTask): number {
  const unit = Math.max(...task.handler.modalities.map((m) => WEIGHT[m] ?? 1), 1);
  return unit * Math.max(1, task.spec.writes.length);
}

/** Tasks joined by `after` edges (within this plan), each group sorted by id. */
function groups(tasks: readonly PlannedTask[]): PlannedTask[][] {
  const parent = new Map<string, string>(tasks.map((t) => [t.spec.id, t.spec.id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const t of tasks) {
    for (const dep of t.spec.after) {
      if (!parent.has(dep)) continue;
      const [a, b] = [find(t.spec.id), find(dep)].sort();
      if (a !== b) parent.set(b!, a!);
    }
  }
  const byRoot = new Map<string, PlannedTask[]>();
  for (const t of tasks) {
    const r = find(t.spec.id);
    byRoot.set(r, [...(byRoot.get(r) ?? []), t]);
  }
  return [...byRoot.values()].map((g) => [...g].sort((x, y) => (x.spec.id < y.spec.id ? -1 : x.spec.id > y.spec.id ? 1 : 0)));
}

/** Every task's shard number (1-based), for all shards at once. */
export function partition(tasks: readonly PlannedTask[], count: number): Map<string, number> {
  const weighted = groups(tasks).map((g) => ({ tasks: g, id: g[0]!.spec.id, cost: g.reduce((a, t) => a + expectedCost(t), 0) }));
  weighted.sort((a, b) => b.cost - a.cost || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const load = new Array<number>(count).fill(0);
  const out = new Map<string, number>();
  for (const g of weighted) {
    let best = 0;
    for (let i = 1; i < count; i++) if (load[i]! < load[best]!) best = i;
    load[best]! += g.cost;
    for (const t of g.tasks) out.set(t.spec.id, best + 1);
  }
  return out;
}

/** This shard's share of the tasks, in the plan's (dependency) order. */
export function shardTasks(tasks: readonly PlannedTask[], shard: Shard | undefined): PlannedTask[] {
  if (!shard || shard.count === 1) return [...tasks];
  const of = partition(tasks, shard.count);
  return tasks.filter((t) => of.get(t.spec.id) === shard.index);
}
