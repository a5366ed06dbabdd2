/**
 * The cut: the shots in sequence order, each with its length in frames at the production's rate
 * and the media that stands for it (the generated clip when there is one, else the storyboard
 * frame). OTIO, EDL and the animatic are three renderings of this one value, so they agree on
 * every duration and every name.
 */
import { framePath } from '../model/paths';
import type { DialogueLine, ShotData } from '../model/types';
import { transitionAfter, type CutTransition } from './transitions';

/** Seconds a shot without a duration is held for. */
export const DEFAULT_SHOT_SECONDS = 3;

const VIDEO_EXTENSIONS = /\.(mp4|mov|m4v|webm|mkv|avi|mxf)$/i;

export interface CutShot {
  /** Shot id; the clip name in OTIO and EDL. */
  id: string;
  scene: string;
  order: number;
  /** Length in frames at the cut's rate (at least one). */
  frames: number;
  /** First frame on the cut's timeline (0-based). */
  start: number;
  /** Production-relative path of the media that plays: the clip, else the frame. */
  media: string;
  /** Whether `media` is the storyboard frame standing in for a clip that does not exist. */
  standIn: boolean;
  frame: string;
  clip?: string;
  size?: string;
  action?: string;
  dialogue: DialogueLine[];
  /** The transition into the next shot (or, after the last, out to black); absent for a cut. */
  transition?: CutTransition;
}

export interface Cut {
  title: string;
  /** Frames per second as the production says (may be fractional, e.g. 23.976). */
  fps: number;
  shots: CutShot[];
  /** Sum of every shot's frames. */
  totalFrames: number;
}

/** Whether a shot's `clip` is real video (the offline crew's stand-in marker is not). */
export function isVideoClip(path: string | undefined): path is string {
  return !!path && VIDEO_EXTENSIONS.test(path);
}

/** Scene ids in script order: `s2` before `s10`, `s1A` after `s1`. */
function compareScenes(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The cut of a set of shots: sequence order (scene, then order within it), omitted shots left
 * out, durations rounded to whole frames. `sceneOrder`, when given, is the script's scene order.
 */
export function cutOf(title: string, fps: number, shots: readonly ShotData[], sceneOrder?: readonly string[]): Cut {
  const rate = Number.isFinite(fps) && fps > 0 ? fps : 24;
  const rank = new Map((sceneOrder ?? []).map((id, i) => [id, i]));
  const sorted = shots
    .filter((s) => !s.omitted)
    .slice()
    .sort((a, b) => {
      const ra = rank.get(a.scene);
      const rb = rank.get(b.scene);
      if (ra !== undefined && rb !== undefined && ra !== rb) return ra - rb;
      return compareScenes(a.scene, b.scene) || a.order - b.order || a.id.localeCompare(b.id);
    });
  let start = 0;
  const out: CutShot[] = [];
  for (const s of sorted) {
    const seconds = typeof s.duration === 'number' && Number.isFinite(s.duration) && s.duration > 0 ? s.duration : DEFAULT_SHOT_SECONDS;
    const frames = Math.max(1, Math.round(seconds * rate));
    const frame = framePath(s);
    const clip = isVideoClip(s.clip) ? s.clip : undefined;
    out.push({
      id: s.id,
      scene: s.scene,
      order: s.order,
      frames,
      start,
      media: clip ?? frame,
      standIn: !clip,
      frame,
      ...(clip ? { clip } : {}),
      ...(s.size ? { size: s.size } : {}),
      ...(s.action ? { action: s.action } : {}),
      dialogue: s.dialogue ?? [],
    });
    start += frames;
  }
  sorted.forEach((s, i) => {
    const t = transitionAfter(s.transition, rate, out[i]!.frames, out[i + 1]?.frames);
    if (t) out[i]!.transition = t;
  });
  return { title, fps: rate, shots: out, totalFrames: start };
}

/** The frames-per-second that timecode counts in: 23.976 counts as 24, 29.97 as 30 (non-drop). */
export function timecodeBase(fps: number): number {
  return Math.max(1, Math.round(fps));
}

/** `HH:MM:SS:FF` for a frame count, non-drop-frame, from `offsetHours` (EDL records start at 01:00:00:00). */
export function timecode(frames: number, fps: number, offsetHours = 0): string {
  const base = timecodeBase(fps);
  const total = Math.max(0, Math.round(frames)) + offsetHours * 3600 * base;
  const ff = total % base;
  const secs = Math.floor(total / base);
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${pad(Math.floor(secs / 3600) % 24)}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}:${pad(ff)}`;
}
