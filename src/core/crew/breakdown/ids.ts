/**
 * Stable shot ids. Re-running the breakdown after a script edit must keep the id (and so the
 * frame, the DOP's notes, the clip, the approvals) of every shot whose source text did not
 * change, the way a locked shooting script never renumbers:
 *
 * 1. Shots are matched by `source.text_hash` (the beat's text), in order: the longest common
 *    subsequence of the proposed and existing hash sequences. An omitted shot whose text comes
 *    back gets its id back.
 * 2. Between two matched shots, unmatched proposals take the ids of unmatched existing shots in
 *    order: the beat was edited, the shot keeps its id and its content is redone.
 * 3. A proposal left over is a new shot. It is named after the shot before it with the first
 *    free letter (`s01-004` → `s01-004a`, then `s01-004b`), as inserted scenes are numbered
 *    `4A` in a shooting script; a new shot at the head of a scene takes the next free number.
 *    A scene broken down for the first time is numbered `s01-001`, `s01-002`….
 * 4. An existing shot left over is OMITTED (`omitted: true`), never deleted or reused.
 *
 * `order` sorts the whole film: the scene's position × 1000 plus steps of 10 within it, so a
 * new shot slots between its neighbours without touching any other shot's file.
 */

export interface ExistingShot {
  id: string;
  order: number;
  hash?: string;
  omitted: boolean;
  /** Rejected by a person: redo it (keep the id, never match it as unchanged). */
  redo: boolean;
}

export type Match = 'same' | 'edited' | 'new';

export interface Placement {
  /** Index of the proposal. */
  proposal: number;
  id: string;
  order: number;
  match: Match;
  /** The existing shot it continues ('same' and 'edited'). */
  existing?: ExistingShot;
}

export interface ShotPlan {
  placed: Placement[];
  /** Existing shots whose beat is gone: to mark omitted (those already omitted are not listed). */
  omitted: ExistingShot[];
}

const SCENE_SPAN = 1000;
const STEP = 10;

/** Longest common subsequence of two hash lists, as index pairs. */
function commonSubsequence(a: readonly string[], b: readonly (string | undefined)[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i]![j] = b[j] !== undefined && a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (b[j] !== undefined && a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

const NUMBERED = /^(.*-)(\d+)([a-z]*)$/;

/** Places proposed shots (their text hashes, in sequence order) against the scene's existing shots. */
export function placeShots(sceneId: string, scenePosition: number, hashes: readonly string[], existingShots: readonly ExistingShot[]): ShotPlan {
  const existing = [...existingShots].sort((x, y) => x.order - y.order || x.id.localeCompare(y.id));
  const base = scenePosition * SCENE_SPAN;
  const placed: Placement[] = hashes.map((_, i) => ({ proposal: i, id: '', order: 0, match: 'new' as Match }));
  if (existing.length === 0) {
    placed.forEach((p, i) => (p.id = `${sceneId}-${pad(i + 1)}`));
    renumber(placed, base);
    return { placed, omitted: [] };
  }
  const used = matchShots(placed, hashes, existing);
  nameNewShots(placed, sceneId, existing);
  if (!keepOrders(placed, base)) renumber(placed, base);
  const omitted = existing.filter((e, j) => !used.has(j) && !e.omitted);
  return { placed, omitted };
}

/**
 * 1. Unchanged text: match by hash, in order. 2. Edited text: within each gap between those
 * anchors, pair leftovers in order. Returns the existing shots used.
 */
function matchShots(placed: Placement[], hashes: readonly string[], existing: readonly ExistingShot[]): Set<number> {
  const anchors = commonSubsequence(hashes, existing.map((e) => (e.redo ? undefined : e.hash)));
  for (const [i, j] of anchors) Object.assign(placed[i]!, { match: 'same', existing: existing[j], id: existing[j]!.id });
  const used = new Set(anchors.map(([, j]) => j));
  const bounds: [number, number][] = [[-1, -1], ...anchors, [hashes.length, existing.length]];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [pi0, ej0] = bounds[k]!;
    const [pi1, ej1] = bounds[k + 1]!;
    const freeExisting: number[] = [];
    for (let j = ej0 + 1; j < ej1; j++) if (!used.has(j) && !existing[j]!.omitted) freeExisting.push(j);
    for (let i = pi0 + 1; i < pi1 && freeExisting.length; i++) {
      const j = freeExisting.shift()!;
      used.add(j);
      Object.assign(placed[i]!, { match: 'edited', existing: existing[j], id: existing[j]!.id });
    }
  }
  return used;
}

/** 3. New shots: named after the shot before them (`s01-003a`), else numbered on after the highest. */
function nameNewShots(placed: Placement[], sceneId: string, existing: readonly ExistingShot[]): void {
  const taken = new Set(existing.map((e) => e.id));
  let maxNumber = 0;
  for (const e of existing) {
    const m = NUMBERED.exec(e.id);
    if (m) maxNumber = Math.max(maxNumber, Number(m[2]));
  }
  placed.forEach((p, i) => {
    if (p.match !== 'new') return;
    const before = i > 0 ? NUMBERED.exec(placed[i - 1]!.id) : null;
    if (before) {
      for (let c = 0; c < 26; c++) {
        const id = `${before[1]}${before[2]}${String.fromCharCode(97 + c)}`;
        if (!taken.has(id)) {
          p.id = id;
          break;
        }
      }
    }
    if (!p.id) p.id = `${sceneId}-${pad(++maxNumber)}`;
    taken.add(p.id);
  });
}

/**
 * 4. Orders: keeps the existing ones where they still rise within the scene's span, and fits the
 * new shots between them. False when they cannot be kept (the caller renumbers).
 */
function keepOrders(placed: Placement[], base: number): boolean {
  const rising = placed.every((p, i) => {
    if (!p.existing) return true;
    const o = p.existing.order;
    if (o <= base || o >= base + SCENE_SPAN) return false;
    const prev = placed.slice(0, i).reverse().find((q) => q.existing);
    return !prev || prev.existing!.order < o;
  });
  if (!rising) return false;
  let i = 0;
  while (i < placed.length) {
    if (placed[i]!.existing) {
      placed[i]!.order = placed[i]!.existing!.order;
      i++;
      continue;
    }
    let j = i;
    while (j < placed.length && !placed[j]!.existing) j++;
    const low = i > 0 ? placed[i - 1]!.order : base;
    const high = j < placed.length ? placed[j]!.existing!.order : base + SCENE_SPAN;
    const count = j - i;
    if (high - low <= count) return false;
    const step = i > 0 && j === placed.length ? Math.min(STEP, Math.floor((high - low) / (count + 1))) : (high - low) / (count + 1);
    for (let k = 0; k < count; k++) placed[i + k]!.order = Math.floor(low + step * (k + 1));
    i = j;
  }
  return true;
}

/** Evenly spaced orders across the scene's span. */
function renumber(placed: Placement[], base: number): void {
  const step = Math.max(1, Math.min(STEP, Math.floor(SCENE_SPAN / (placed.length + 1))));
  placed.forEach((p, i) => (p.order = base + step * (i + 1)));
}
