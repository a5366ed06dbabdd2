/**
 * The rough cut as a real MP4: the clips in cut order, each trimmed (or held) to exactly its
 * shot's frames, joined by the script's transitions (ffmpeg `xfade`: dissolve, wipe, fade
 * through black; `fade` for the fade-out), with an optional burned-in slate (shot id and the
 * cut's running timecode) and an optional scratch dialogue track (espeak-ng, each line placed
 * at its shot's time with `adelay` and mixed with `amix`).
 *
 * Lengths: every transition starts at its cut and the outgoing clip is held for its length
 * (export/transitions.ts), so the MP4 is exactly the sum of the shots' frames.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FilmcrewError } from '../diagnostics';
import type { Cut } from '../export/cut';
import { makeScratch } from '../scratch';
import { h264Args } from './clip';
import { videoGraph } from './cutgraph';
import { renderBySegments, type Encode } from './segments';
import type { PictureFormat } from './format';
import { speak, type SpokenLine } from './speech';
import { requireTool, runTool } from './tools';

export interface RoughCutOptions {
  /** Burn in the shot id and the running timecode. */
  slate?: boolean;
  /** A scratch track of the dialogue spoken by espeak-ng. */
  scratchAudio?: boolean;
  /** 0–1 as ffmpeg encodes. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu'];

function slateFont(): string {
  for (const dir of FONT_DIRS) {
    const file = join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(file)) return file;
  }
  throw new FilmcrewError('missing-tool', 'the burned-in slate needs the DejaVu fonts, which are not installed', 'Install them: `sudo apt-get install -y fonts-dejavu-core`, or turn the slate off (production.md `edit: { slate: false }`).');
}

async function scratchLines(cut: Cut, dir: string, signal?: AbortSignal): Promise<SpokenLine[]> {
  const lines: SpokenLine[] = [];
  for (const shot of cut.shots) {
    let at = shot.start / cut.fps + 0.25;
    for (const [k, d] of shot.dialogue.entries()) {
      if (!d.line.trim()) continue;
      const spoken = await speak(d.line, d.character, dir, `${shot.id}-${k}`, signal);
      lines.push({ at, file: spoken.file, seconds: spoken.seconds });
      at += spoken.seconds + 0.2;
    }
  }
  return lines;
}

/** ffmpeg over a filtergraph labelled `[vj]` (and `[aj]` when given audio maps), to an H.264 MP4. */
function encoder(ffmpeg: string, format: PictureFormat, signal: AbortSignal | undefined, preset: 'veryfast' | 'superfast', extra: string[] = []): Encode {
  return async (inputs, graph, frames, out, onProgress) => {
    const rate = `${format.rate.num}/${format.rate.den}`;
    const seconds = frames / format.fps;
    await runTool(
      ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y', ...inputs, '-filter_complex', graph.join(';'), '-map', '[vj]', ...extra, '-r', rate, '-frames:v', String(frames), ...h264Args(preset), out],
      {
        signal,
        onLine: (line) => {
          const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
          if (m && onProgress) onProgress(Math.min(1, Number(m[1]) / 1e6 / seconds));
        },
      },
    );
  };
}

/** A clip's bytes, or what writes them to a path it is given (a copy from the production, not held in memory). */
export type ClipSource = Uint8Array | ((dest: string) => Promise<void>);

/**
 * Renders the rough cut; `clips` maps each shot's media path to its clip. Returns the MP4.
 * Without slate or scratch track, what needs no re-encoding is copied (segments.ts); with
 * them, the whole cut is one encode (the timecode and the track run across every shot).
 */
export async function renderRoughCut(cut: Cut, clips: ReadonlyMap<string, ClipSource>, format: PictureFormat, options: RoughCutOptions = {}): Promise<Uint8Array> {
  if (cut.shots.length === 0) throw new Error('the cut has no shots');
  const ffmpeg = requireTool('ffmpeg', 'The rough cut');
  const font = options.slate ? slateFont() : undefined;
  const dir = await makeScratch('cut');
  try {
    const files: string[] = [];
    for (const [i, shot] of cut.shots.entries()) {
      const clip = clips.get(shot.media);
      if (!clip) throw new Error(`${shot.media}, the clip of ${shot.id}, is missing`);
      const file = join(dir, `${i}.${shot.media.split('.').pop()}`);
      await (typeof clip === 'function' ? clip(file) : writeFile(file, clip));
      files.push(file);
    }
    const out = join(dir, 'roughcut.mp4');
    if (!options.slate && !options.scratchAudio) {
      // Segments are encoded as the clips are, so the copied and the rendered join into one stream.
      await renderBySegments(cut, files, format, dir, out, encoder(ffmpeg, format, options.signal, 'veryfast'), options.onProgress);
      return new Uint8Array(await readFile(out));
    }
    const inputs = files.flatMap((f) => ['-i', f]);
    const graph = videoGraph(cut, format, font);
    const total = cut.totalFrames / format.fps;
    const audio: string[] = [];
    if (options.scratchAudio) {
      const lines = await scratchLines(cut, dir, options.signal);
      const base = cut.shots.length;
      for (const l of lines) inputs.push('-i', l.file);
      const labels = lines.map((l, k) => {
        const ms = Math.round(l.at * 1000);
        graph.push(`[${base + k}:a]aresample=48000,adelay=${ms}|${ms}[a${k}]`);
        return `[a${k}]`;
      });
      // Silence under the lines keeps the track as long as the picture when no one speaks.
      graph.push(`anullsrc=r=48000:cl=mono,atrim=end=${total.toFixed(6)}[silence]`);
      graph.push(`[silence]${labels.join('')}amix=inputs=${labels.length + 1}:normalize=0:duration=first,atrim=end=${total.toFixed(6)}[aj]`);
      audio.push('-map', '[aj]', '-c:a', 'aac', '-b:a', '96k');
    }
    await encoder(ffmpeg, format, options.signal, 'superfast', audio)(inputs, graph, cut.totalFrames, out, options.onProgress);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
