/**
 * An offline clip: a storyboard frame's picture held for the shot's duration while the camera
 * makes the shot's move, encoded H.264 (yuv420p, MP4 with the index at the front) at the
 * production's rate and size. Same inputs, same bytes, on any machine: the encoder runs bit-exact
 * and on one thread.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeScratch } from '../scratch';
import { batchArgs, encodeClip, expectClip, type ClipEncode } from './encodes';
import type { PictureFormat } from './format';
import { clipPlan, OVERSCAN, type ClipMove } from './moves';
import { renderStill, type Still } from './still';
import { requireTool } from './tools';

export interface ClipSource {
  /** The frame: SVG text, or the bytes of a raster image (png, jpg, webp). */
  frame: { svg: string } | { image: Uint8Array; ext: string };
  frames: number;
  move: ClipMove;
}

/**
 * Arguments shared by every H.264 encode: reproducible bytes, playable everywhere. The rough cut
 * asks for `superfast`: it is remade on every change and is for timing, not for grading.
 */
export function h264Args(preset: 'veryfast' | 'superfast' = 'veryfast'): string[] {
  return ['-c:v', 'libx264', '-preset', preset, '-crf', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1'];
}

/** The clip's part of an ffmpeg command (encodes.ts): its still, the chain that moves it, its output. */
export function clipEncode(still: Pick<Still, 'file' | 'crop'>, source: Pick<ClipSource, 'frames' | 'move'>, format: PictureFormat, out: string): ClipEncode {
  const { width: w, height: h } = format;
  const rate = `${format.rate.num}/${format.rate.den}`;
  const even = (n: number) => Math.round(n / 2) * 2;
  const cover = (cw: number, ch: number) => `scale=${cw}:${ch}:force_original_aspect_ratio=increase:flags=lanczos,crop=${cw}:${ch}`;
  // The still is one frame: `loop` repeats it (after any one-time scale) for the whole clip.
  const hold = `loop=loop=${source.frames - 1}:size=1:start=0,setpts=N/(${rate})/TB`;
  const plan = clipPlan(source.move, source.frames);
  let filter: string;
  // A still drawn on a sheet with others is cut out of it first.
  const cut = still.crop ? `crop=${still.crop.width}:${still.crop.height}:${still.crop.x}:${still.crop.y},` : '';
  if (plan.kind === 'hold') filter = `${cover(w, h)},format=yuv420p,${hold}`;
  else if (plan.kind === 'crop') filter = `${cover(even(w * plan.zoom), even(h * plan.zoom))},format=yuv420p,${hold},crop=${w}:${h}:${plan.x}:${plan.y}`;
  else {
    const sw = even(w * OVERSCAN);
    const sh = even(h * OVERSCAN);
    filter = `${cover(sw, sh)},format=yuv420p,zoompan=z=${plan.z}:x=${plan.x}:y=${plan.y}:d=${source.frames}:s=${w}x${h}:fps=${rate}`;
  }
  // One x264 thread: x264's threads change its bytes (and it picks them by the machine's cores), so
  // a clip is the same on every machine; clips encode side by side instead, and it costs less CPU.
  return { input: still.file, chain: `[in]${cut}${filter},setsar=1[out]`, output: ['-frames:v', String(source.frames), '-r', rate, ...h264Args(), '-threads', '1', '-an', out] };
}

/** The ffmpeg arguments that turn `still` alone into the clip at `out`. */
export function clipArgs(still: Pick<Still, 'file' | 'crop'>, source: Pick<ClipSource, 'frames' | 'move'>, format: PictureFormat, out: string): string[] {
  return batchArgs([clipEncode(still, source, format, out)]);
}

/** Renders the clip and returns its MP4 bytes. */
export async function renderClip(source: ClipSource, format: PictureFormat, signal?: AbortSignal): Promise<Uint8Array> {
  const ffmpeg = requireTool('ffmpeg', 'Making a clip');
  const arrived = expectClip(ffmpeg);
  let dir: string | undefined;
  let still: Still | undefined;
  try {
    dir = await makeScratch('clip');
    if ('svg' in source.frame) {
      // Drawn at the size the move needs, no larger: rasterizing is the other half of the cost.
      const plan = clipPlan(source.move, source.frames);
      const scale = plan.kind === 'hold' ? 1 : plan.kind === 'crop' ? plan.zoom : OVERSCAN;
      still = await renderStill(source.frame.svg, Math.round(format.width * scale), Math.round(format.height * scale), dir);
    } else {
      const file = join(dir, `frame.${source.frame.ext}`);
      await writeFile(file, source.frame.image);
      still = { file, release: async () => undefined };
    }
    const out = join(dir, 'clip.mp4');
    await encodeClip(ffmpeg, clipEncode(still, source, format, out), signal, arrived);
    return new Uint8Array(await readFile(out));
  } finally {
    arrived();
    await still?.release();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
