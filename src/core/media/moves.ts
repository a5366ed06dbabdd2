/**
 * A shot's camera move as ffmpeg `zoompan` expressions over its still. The still is rendered
 * OVERSCAN times the output size, so the tightest framing of any move (zoom 1.2) is still at
 * least full resolution. Moves ease in and out (smoothstep) the way a grip eases a dolly.
 *
 * | move            | zoom          | window                                  |
 * |-----------------|---------------|-----------------------------------------|
 * | static          | 1             | the whole picture                       |
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

/** zoompan's z, x and y for a move over `frames` output frames. Quoted for a filtergraph. */
export function zoompanExpressions(clip: ClipMove, frames: number): { z: string; x: string; y: string } {
  const last = Math.max(1, frames - 1);
  const p = `min(1,on/${last})`;
  const e = `(${p}*${p}*(3-2*${p}))`;
  const centreX = '(iw-iw/zoom)/2';
  const centreY = '(ih-ih/zoom)/2';
  let z = '1';
  let x = centreX;
  let y = centreY;
  const { kind, direction } = clip.move;
  switch (kind) {
    case 'push':
    case 'zoom-in':
      z = `1+0.2*${e}`;
      break;
    case 'pull':
    case 'zoom-out':
      z = `1.2-0.2*${e}`;
      break;
    case 'pan':
    case 'track':
      z = kind === 'track' ? '1.25' : '1.2';
      x = direction === 'left' ? `(iw-iw/zoom)*(1-${e})` : `(iw-iw/zoom)*${e}`;
      break;
    case 'tilt':
    case 'crane':
      z = '1.2';
      y = direction === 'down' ? `(ih-ih/zoom)*${e}` : `(ih-ih/zoom)*(1-${e})`;
      break;
    default:
      break;
  }
  if (clip.handheld) {
    if (z === '1') z = '1.08';
    // Two incommensurate sines: a drift that never visibly repeats, within the margin zoom leaves.
    x = `clip(${x}+(iw-iw/zoom)*0.22*(sin(on*0.19)+0.6*sin(on*0.47+1.3))/1.6,0,iw-iw/zoom)`;
    y = `clip(${y}+(ih-ih/zoom)*0.22*(sin(on*0.23+0.7)+0.6*sin(on*0.61))/1.6,0,ih-ih/zoom)`;
  }
  return { z: `'${z}'`, x: `'${x}'`, y: `'${y}'` };
}
