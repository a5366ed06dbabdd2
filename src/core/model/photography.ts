/**
 * The one way to read what the DOP made of a shot. The DOP writes `photography/<scene>.md`, never
 * the shot: a locked shot is the breakdown's, and the sheets it feeds must not go stale because a
 * later stage lit it (docs/dependencies.md). Exports, status and the storyboard read lens, light,
 * camera, generation prompt and clip through here; a shot that still carries these keys itself
 * (a production lit before photography sheets existed) is read as it is.
 */
import type { Artifact, PhotographyData, Production, ShotData, ShotPhotography } from './types';

/** Shot id → its photography, from every photography sheet of the production (later sheets win). */
export function photographyByShot(sheets: readonly Pick<Artifact<PhotographyData>, 'data'>[] | undefined): Map<string, ShotPhotography> {
  const out = new Map<string, ShotPhotography>();
  for (const sheet of sheets ?? []) {
    if (!Array.isArray(sheet.data.shots)) continue;
    for (const s of sheet.data.shots) if (s && typeof s.id === 'string') out.set(s.id, s);
  }
  return out;
}

const KEYS = ['lens', 'light', 'camera', 'generation', 'clip', 'model'] as const;

/** A shot as exports see it: its own fields, with the DOP's photography over them when there is some. */
export function photographed(shot: ShotData, photography: ReadonlyMap<string, ShotPhotography>): ShotData {
  const p = photography.get(shot.id);
  if (!p) return shot;
  const out: ShotData = { ...shot };
  for (const k of KEYS) if (p[k] !== undefined) (out as Record<string, unknown>)[k] = p[k];
  return out;
}

/** Every live shot of a production as exports see it (see `photographed`). */
export function photographedShots(production: Pick<Production, 'shots' | 'photography'>): ShotData[] {
  const photography = photographyByShot(production.photography);
  return production.shots.map((s) => photographed(s.data, photography));
}

/** The clip of a shot, wherever it is recorded. */
export function clipOf(shot: ShotData, photography: ReadonlyMap<string, ShotPhotography>): string | undefined {
  return photography.get(shot.id)?.clip ?? shot.clip;
}
