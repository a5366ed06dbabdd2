/**
 * The script's transitions as the cut makes them. A shot carries the transition that follows it
 * as written (`DISSOLVE TO:`, `FADE OUT.`); the editor reads it as one of five kinds:
 *
 * | as written                                    | kind      | length |
 * |-----------------------------------------------|-----------|--------|
 * | DISSOLVE TO:, CROSS DISSOLVE, LAP DISSOLVE    | dissolve  | 1 s    |
 * | WIPE TO:                                      | wipe      | 0.5 s  |
 * | FADE OUT., FADE TO BLACK. before another shot | fade      | 1 s (down to black and up) |
 * | the same after the last shot                  | fade-out  | 1 s    |
 * | CUT TO:, SMASH CUT, MATCH CUT, anything else  | cut       | —      |
 *
 * How durations add up: a transition never changes the cut's length, which is the sum of the
 * shots' lengths. A transition between two shots starts at the cut (as a CMX 3600 dissolve
 * does): the incoming shot keeps its place on the timeline, and the outgoing shot plays on
 * over the incoming's first frames on its handle (offline, its last frame held). A fade-out
 * darkens the last frames of the last shot. A transition is at most half of either shot.
 */

export type TransitionKind = 'cut' | 'dissolve' | 'wipe' | 'fade' | 'fade-out';

export interface CutTransition {
  kind: Exclude<TransitionKind, 'cut'>;
  /** Length in frames (at least one). */
  frames: number;
  /** The script's words. */
  text: string;
}

const SECONDS: Record<CutTransition['kind'], number> = { dissolve: 1, wipe: 0.5, fade: 1, 'fade-out': 1 };

/** The kind of a transition as written; `last` for the film's last shot. */
export function transitionKind(text: string | undefined, last: boolean): TransitionKind {
  const t = (text ?? '').toUpperCase();
  if (/DISSOLVE/.test(t)) return 'dissolve';
  if (/WIPE/.test(t)) return 'wipe';
  if (/FADE (OUT|TO BLACK|TO WHITE|TO)/.test(t) || /^FADE\.?$/.test(t.trim())) return last ? 'fade-out' : 'fade';
  return 'cut';
}

/**
 * The transition after a shot of `outgoing` frames into one of `incoming` frames (undefined
 * after the last shot), or undefined for a cut.
 */
export function transitionAfter(text: string | undefined, fps: number, outgoing: number, incoming: number | undefined): CutTransition | undefined {
  const kind = transitionKind(text, incoming === undefined);
  if (kind === 'cut') return undefined;
  if (kind !== 'fade-out' && incoming === undefined) return undefined;
  const room = Math.floor(Math.min(outgoing, incoming ?? outgoing) / 2);
  const frames = Math.min(Math.round(SECONDS[kind] * fps), room);
  if (frames < 1) return undefined;
  return { kind, frames, text: (text ?? '').trim() };
}
