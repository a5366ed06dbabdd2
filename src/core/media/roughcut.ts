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
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilmcrewError } from '../diagnostics';
import type { Cut, CutShot } from '../export/cut';
import { timecode } from '../export/cut';
import { h264Args } from './clip';
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

const XFADE: Record<'dissolve' | 'wipe' | 'fade', string> = { dissolve: 'fade', wipe: 'wipeleft', fade: 'fadeblack' };

/** Text safe inside a drawtext value: letters, digits and a few marks. */
function plain(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._-]/g, '');
}

function shotChain(i: number, shot: CutShot, format: PictureFormat, font: string | undefined): string {
  const { width: w, height: h } = format;
  const rate = `${format.rate.num}/${format.rate.den}`;
  const seconds = shot.frames / format.fps;
  const parts = [
    `fps=${rate}`,
    `scale=${w}:${h}:force_original_aspect_ratio=decrease`,
    `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`,
    'setsar=1',
    'format=yuv420p',
    // A clip shorter than its shot holds its last frame; a longer one is trimmed to the shot.
    `tpad=stop_mode=clone:stop_duration=${(seconds + 1).toFixed(3)}`,
    `trim=end_frame=${shot.frames}`,
    'setpts=PTS-STARTPTS',
  ];
  if (font) {
    const size = Math.max(10, Math.round(h / 24));
    parts.push(`drawtext=fontfile=${font}:text='${plain(shot.id)}':x=${size}:y=${size}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=${Math.round(size / 4)}`);
  }
  const t = shot.transition;
  if (t?.kind === 'fade-out') parts.push(`fade=t=out:start_frame=${shot.frames - t.frames}:nb_frames=${t.frames}`);
  else if (t) parts.push(`tpad=stop_mode=clone:stop=${t.frames}`);
  return `[${i}:v]${parts.join(',')}[v${i}]`;
}

/** The video filtergraph: one chain per shot, then the joins; the result is labelled `[vj]`. */
export function videoGraph(cut: Cut, format: PictureFormat, font: string | undefined): string[] {
  const graph = cut.shots.map((s, i) => shotChain(i, s, format, font));
  let current = 'v0';
  let length = cut.shots[0]!.frames + (cut.shots[0]!.transition && cut.shots[0]!.transition.kind !== 'fade-out' ? cut.shots[0]!.transition.frames : 0);
  for (let i = 1; i < cut.shots.length; i++) {
    const shot = cut.shots[i]!;
    const into = cut.shots[i - 1]!.transition;
    const own = shot.frames + (shot.transition && shot.transition.kind !== 'fade-out' ? shot.transition.frames : 0);
    const next = `j${i}`;
    if (into && into.kind !== 'fade-out') {
      const offset = (length - into.frames) / format.fps;
      graph.push(`[${current}][v${i}]xfade=transition=${XFADE[into.kind]}:duration=${(into.frames / format.fps).toFixed(6)}:offset=${offset.toFixed(6)}[${next}]`);
      length += own - into.frames;
    } else {
      graph.push(`[${current}][v${i}]concat=n=2:v=1:a=0[${next}]`);
      length += own;
    }
    current = next;
  }
  const tail = font ? `,drawtext=fontfile=${font}:timecode='${timecode(0, cut.fps).replace(/:/g, '\\:')}':rate=${format.rate.num}/${format.rate.den}:x=w-tw-${Math.round(format.height / 24)}:y=${Math.round(format.height / 24)}:fontsize=${Math.max(10, Math.round(format.height / 24))}:fontcolor=white:box=1:boxcolor=black@0.55` : '';
  // Frame n at exactly n/fps: xfade's timestamps carry rounding that the encoder's constant
  // rate would otherwise turn into a doubled frame here and a dropped one there.
  graph.push(`[${current}]trim=end_frame=${cut.totalFrames},settb=${format.rate.den}/${format.rate.num},setpts=N${tail}[vj]`);
  return graph;
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

/** Renders the rough cut; `clips` maps each shot's media path to its bytes. Returns the MP4. */
export async function renderRoughCut(cut: Cut, clips: ReadonlyMap<string, Uint8Array>, format: PictureFormat, options: RoughCutOptions = {}): Promise<Uint8Array> {
  if (cut.shots.length === 0) throw new Error('the cut has no shots');
  const ffmpeg = requireTool('ffmpeg', 'The rough cut');
  const font = options.slate ? slateFont() : undefined;
  const dir = await mkdtemp(join(tmpdir(), 'filmcrew-cut-'));
  try {
    const inputs: string[] = [];
    for (const [i, shot] of cut.shots.entries()) {
      const bytes = clips.get(shot.media);
      if (!bytes) throw new Error(`${shot.media}, the clip of ${shot.id}, is missing`);
      const file = join(dir, `${i}.${shot.media.split('.').pop()}`);
      await writeFile(file, bytes);
      inputs.push('-i', file);
    }
    const graph = videoGraph(cut, format, font);
    const total = cut.totalFrames / format.fps;
    const maps = ['-map', '[vj]'];
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
      maps.push('-map', '[aj]', '-c:a', 'aac', '-b:a', '96k');
    }
    const out = join(dir, 'roughcut.mp4');
    const rate = `${format.rate.num}/${format.rate.den}`;
    await runTool(
      ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y', ...inputs, '-filter_complex', graph.join(';'), ...maps, '-r', rate, '-frames:v', String(cut.totalFrames), ...h264Args('superfast'), out],
      {
        signal: options.signal,
        onLine: (line) => {
          const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
          if (m && options.onProgress) options.onProgress(Math.min(1, Number(m[1]) / 1e6 / total));
        },
      },
    );
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
