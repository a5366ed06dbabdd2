/**
 * The picture format clips and cuts are made at, from production.md's `format`: frame rate
 * (23.976 is 24000/1001, as editors count it) and resolution (even sizes, which H.264 in 4:2:0
 * needs). Without a resolution, 1080 lines at the production's aspect ratio.
 */

export interface PictureFormat {
  width: number;
  height: number;
  fps: number;
  /** The rate as ffmpeg and FCPXML want it: `24/1`, `24000/1001`. */
  rate: { num: number; den: number };
}

function even(n: number): number {
  return Math.max(2, 2 * Math.round(n / 2));
}

/** `24` → 24/1, `23.976` → 24000/1001, `12.5` → 25/2. */
export function rateOf(fps: number): { num: number; den: number } {
  if (Number.isInteger(fps)) return { num: fps, den: 1 };
  const ntsc = Math.round(fps * 1.001);
  if (Math.abs(fps - ntsc / 1.001) < 0.005) return { num: ntsc * 1000, den: 1001 };
  for (const den of [2, 4, 5, 10, 100, 1000]) {
    const num = Math.round(fps * den);
    if (Math.abs(num / den - fps) < 1e-6) return { num, den };
  }
  return { num: Math.round(fps * 1000), den: 1000 };
}

/** The format of production.md's `format` block. */
export function pictureFormat(format: { aspect?: string; fps?: number; resolution?: string }): PictureFormat {
  const fps = typeof format.fps === 'number' && Number.isFinite(format.fps) && format.fps > 0 ? format.fps : 24;
  const m = /^(\d+)x(\d+)$/.exec(format.resolution ?? '');
  let width: number;
  let height: number;
  if (m) {
    width = Number(m[1]);
    height = Number(m[2]);
  } else {
    const [aw, ah] = (format.aspect ?? '16:9').split(':').map(Number);
    const ratio = aw && ah ? aw / ah : 16 / 9;
    height = 1080;
    width = height * ratio;
  }
  return { width: even(width), height: even(height), fps, rate: rateOf(fps) };
}

/** Whole frames of a duration in seconds at the format's rate: the cut's rounding (at least one). */
export function framesOf(seconds: number, fps: number): number {
  return Math.max(1, Math.round(seconds * fps));
}
