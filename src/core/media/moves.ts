/**
 * A shot's camera move as ffmpeg `zoompan` expressions over its still. The still is rendered
 * OVERSCAN times the output size, so the tightest framing of any move (zoom 1.2) is still at
 * least full resolution. Moves ease in and out (smoothstep) the way a grip eases a dolly.
 *
 * | move            | zoom          | window                                  |
 * |-----------------|---------------|-----------------------------------------|
 * | static          | 1             | the whole picture, held                 |
 * | push / zoom in  | 1 → 1.2       | centred                                 |
 * | pull / zoom out | 1.2 → 1       | centred                                 |
 * | pan, track      | 1.2 (1.25)    | slides left→right (or right→left)       |
 * | tilt, crane     | 1.2           | slides bottom→top for up, top→bottom    |
 * | hand-held       | 1.08 at least | plus a breathing drift of two sines     |
 */
import { cameraMove, type CameraMove } from '../crew/storyboard/camera';
import type { ShotData } from '../model/types';

/** How much larger than the output the still is rendered. */
export const OVERSCAN = 1.25;

export interface ClipMove {
  move: CameraMove;
  /** A hand-held camera breathes whatever its move: from the DOP's support or the movement. */
  handheld: boolean;
}

/** The move a clip makes: the DOP's camera move when there is one, else the shot's movement. */
export function clipMove(shot: Pick<ShotData, 'movement'> & { camera?: unknown }): ClipMove {
  const camera = shot.camera && typeof shot.camera === 'object' ? (shot.camera as { support?: unknown; move?: unknown }) : {};
  const dopMove = typeof camera.move === 'string' ? camera.move : undefined;
  // The shot's movement names the move plainly (`pan L`); the DOP's words ("pans with the look")
  // add a direction only sometimes, so the shot's own word wins unless it says nothing.
  const fromShot = cameraMove(shot.movement);
  const move = fromShot.kind === 'static' && dopMove ? cameraMove(dopMove) : fromShot;
  const support = typeof camera.support === 'string' ? camera.support : '';
  const handheld = move.kind === 'handheld' || /hand-?held|breathing/i.test(`${support} ${dopMove ?? ''}`);
  return { move, handheld };
}

/**
 * How a clip is made from its still, cheapest first: a static camera scales the still once and
 * holds it; a move at one zoom (pan, tilt, track, hand-held) scales once and slides a crop
 * window; only a push or pull re-scales every frame (`zoompan`). Scaling is what costs: at
 * 1080p a per-frame scale is about three times the time of the whole held clip.
 */
export type ClipPlan = { kind: 'hold' } | { kind: 'crop'; zoom: number; x: string; y: string } | { kind: 'zoompan'; z: string; x: string; y: string };

/** Smoothstep of the frame's progress through the clip, as an ffmpeg expression of `variable`. */
function ease(variable: string, frames: number): string {
  const p = `min(1,${variable}/${Math.max(1, frames - 1)})`;
  return `(${p}*${p}*(3-2*${p}))`;
}

/** A breathing drift for frame `variable` within a margin of `room` pixels. */
function drift(variable: string, room: string, phase: number): string {
  return `${room}*0.22*(sin(${variable}*${0.19 + phase * 0.04})+0.6*sin(${variable}*${0.47 + phase * 0.14}+${1.3 - phase * 0.6}))/1.6`;
}

/** The plan for a move over `frames` output frames. Expressions are quoted for a filtergraph. */
export function clipPlan(clip: ClipMove, frames: number): ClipPlan {
  const { kind, direction } = clip.move;
  if (kind === 'push' || kind === 'zoom-in' || kind === 'pull' || kind === 'zoom-out') {
    const e = ease('on', frames);
    const z = kind === 'push' || kind === 'zoom-in' ? `1+0.2*${e}` : `1.2-0.2*${e}`;
    let x = '(iw-iw/zoom)/2';
    let y = '(ih-ih/zoom)/2';
    if (clip.handheld) {
      x = `clip(${x}+${drift('on', '(iw-iw/zoom)', 0)},0,iw-iw/zoom)`;
      y = `clip(${y}+${drift('on', '(ih-ih/zoom)', 1)},0,ih-ih/zoom)`;
    }
    return { kind: 'zoompan', z: `'${z}'`, x: `'${x}'`, y: `'${y}'` };
  }
  const e = ease('n', frames);
  const slides = kind === 'pan' || kind === 'track' || kind === 'tilt' || kind === 'crane';
  if (!slides && !clip.handheld) return { kind: 'hold' };
  const zoom = kind === 'track' ? 1.25 : slides ? 1.2 : 1.08;
  let x = '(iw-ow)/2';
  let y = '(ih-oh)/2';
  if (kind === 'pan' || kind === 'track') x = direction === 'left' ? `(iw-ow)*(1-${e})` : `(iw-ow)*${e}`;
  if (kind === 'tilt' || kind === 'crane') y = direction === 'down' ? `(ih-oh)*${e}` : `(ih-oh)*(1-${e})`;
  if (clip.handheld) {
    x = `clip(${x}+${drift('n', '(iw-ow)', 0)},0,iw-ow)`;
    y = `clip(${y}+${drift('n', '(ih-oh)', 1)},0,ih-oh)`;
  }
  return { kind: 'crop', zoom, x: `'${x}'`, y: `'${y}'` };
}
