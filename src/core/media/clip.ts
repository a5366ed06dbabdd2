/**
 * An offline clip: a storyboard frame's picture held for the shot's duration while the camera
 * makes the shot's move, encoded H.264 (yuv420p, MP4 with the index at the front) at the
 * production's rate and size. Same inputs, same bytes: the encoder runs bit-exact.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PictureFormat } from './format';
import { OVERSCAN, zoompanExpressions, type ClipMove } from './moves';
import { renderStill } from './still';
import { requireTool, runTool } from './tools';

export interface ClipSource {
  /** The frame: SVG text, or the bytes of a raster image (png, jpg, webp). */
  frame: { svg: string } | { image: Uint8Array; ext: string };
  frames: number;
  move: ClipMove;
}

/** Arguments shared by every H.264 encode: reproducible bytes, playable everywhere. */
export function h264Args(): string[] {
  return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1'];
}

/** The ffmpeg arguments that turn `still` into the clip at `out`. */
export function clipArgs(still: string, source: Pick<ClipSource, 'frames' | 'move'>, format: PictureFormat, out: string): string[] {
  const sw = Math.round((format.width * OVERSCAN) / 2) * 2;
  const sh = Math.round((format.height * OVERSCAN) / 2) * 2;
  const { z, x, y } = zoompanExpressions(source.move, source.frames);
  const rate = `${format.rate.num}/${format.rate.den}`;
  const filter = `[0:v]scale=${sw}:${sh}:force_original_aspect_ratio=increase:flags=lanczos,crop=${sw}:${sh},format=yuv420p,zoompan=z=${z}:x=${x}:y=${y}:d=${source.frames}:s=${format.width}x${format.height}:fps=${rate},setsar=1[v]`;
  return ['-hide_banner', '-loglevel', 'error', '-y', '-i', still, '-filter_complex', filter, '-map', '[v]', '-frames:v', String(source.frames), '-r', rate, ...h264Args(), '-an', out];
}

/** Renders the clip and returns its MP4 bytes. */
export async function renderClip(source: ClipSource, format: PictureFormat, signal?: AbortSignal): Promise<Uint8Array> {
  const ffmpeg = requireTool('ffmpeg', 'Making a clip');
  const dir = await mkdtemp(join(tmpdir(), 'filmcrew-clip-'));
  try {
    let still: string;
    if ('svg' in source.frame) {
      still = await renderStill(source.frame.svg, Math.round(format.width * OVERSCAN), Math.round(format.height * OVERSCAN), dir, signal);
    } else {
      still = join(dir, `frame.${source.frame.ext}`);
      await writeFile(still, source.frame.image);
    }
    const out = join(dir, 'clip.mp4');
    await runTool(ffmpeg, clipArgs(still, source, format, out), { signal });
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
