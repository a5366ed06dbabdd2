/**
 * The rough cut without re-encoding what a cut does not touch. The shots fall into runs joined
 * by transitions; a run of one clip that already is what the cut needs (H.264 4:2:0 at the
 * cut's size and rate with exactly its shot's frames, as the clip task makes them) is copied
 * as it is; every other run — a dissolve, a fade, a clip of another shape — is rendered
 * through the filtergraph on its own. The segments are then joined by ffmpeg's concat demuxer
 * without encoding. A 76-second 1080p cut with one fade re-encodes one shot instead of 1,836
 * frames.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cut, CutShot } from '../export/cut';
import { videoGraph } from './cutgraph';
import type { PictureFormat } from './format';
import { readH264Facts } from './mp4';
import { requireTool, runTool } from './tools';

/** Renders `graph` over `inputs` into `out` (`frames` long); reports 0–1. */
export type Encode = (inputs: string[], graph: string[], frames: number, out: string, onProgress?: (fraction: number) => void) => Promise<void>;

/** The shots in runs: a run ends at a shot with no transition into the next. */
export function runsOf(cut: Cut): CutShot[][] {
  const runs: CutShot[][] = [];
  let current: CutShot[] = [];
  for (const shot of cut.shots) {
    current.push(shot);
    if (!shot.transition || shot.transition.kind === 'fade-out') {
      runs.push(current);
      current = [];
    }
  }
  if (current.length) runs.push(current);
  return runs;
}

/** Whether a clip file can be copied into the cut as it is. */
export async function conforms(file: string, shot: CutShot, format: PictureFormat): Promise<boolean> {
  // Read from the MP4 itself when it is plainly one (the clips the clip task makes); any other file is ffprobe's.
  const facts = await readH264Facts(file);
  if (facts) return facts.pixFmt === 'yuv420p' && facts.width === format.width && facts.height === format.height && facts.rate.num === format.rate.num && facts.rate.den === format.rate.den && facts.frames === shot.frames;
  const ffprobe = requireTool('ffprobe', 'The rough cut');
  try {
    const { stdout } = await runTool(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_frames', '-of', 'json', file]);
    const s = (JSON.parse(stdout) as { streams: Record<string, unknown>[] }).streams[0] ?? {};
    return s.codec_name === 'h264' && s.pix_fmt === 'yuv420p' && s.width === format.width && s.height === format.height && s.r_frame_rate === `${format.rate.num}/${format.rate.den}` && Number(s.nb_frames) === shot.frames;
  } catch {
    return false;
  }
}

/** The rough cut at `out` from the clip files (one per shot, in cut order), copying what it can. */
export async function renderBySegments(cut: Cut, files: readonly string[], format: PictureFormat, dir: string, out: string, encode: Encode, onProgress?: (fraction: number) => void): Promise<{ copied: number; rendered: number }> {
  const ffmpeg = requireTool('ffmpeg', 'The rough cut');
  const index = new Map(cut.shots.map((s, i) => [s, i]));
  const segments: string[] = [];
  let done = 0;
  let copied = 0;
  for (const [k, run] of runsOf(cut).entries()) {
    const first = index.get(run[0]!)!;
    const frames = run.reduce((n, s) => n + s.frames, 0);
    if (run.length === 1 && !run[0]!.transition && (await conforms(files[first]!, run[0]!, format))) {
      segments.push(files[first]!);
      copied++;
    } else {
      let start = 0;
      const shots = run.map((s) => {
        const rebased = { ...s, start };
        start += s.frames;
        return rebased;
      });
      const part = join(dir, `segment-${k}.mp4`);
      const inputs = run.flatMap((_, i) => ['-i', files[first + i]!]);
      await encode(inputs, videoGraph({ ...cut, shots, totalFrames: frames }, format, undefined), frames, part, (f) => onProgress?.((done + f * frames) / cut.totalFrames));
      segments.push(part);
    }
    done += frames;
    onProgress?.(done / cut.totalFrames);
  }
  const list = join(dir, 'segments.txt');
  // The concat demuxer's list: one `file '<path>'` per line, quotes inside a path escaped.
  await writeFile(list, segments.map((f) => `file '${f.replace(/'/g, "'\\''")}'`).join('\n') + '\n');
  await runTool(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v', '-c', 'copy', '-movflags', '+faststart', '-fflags', '+bitexact', '-map_metadata', '-1', out]);
  return { copied, rendered: segments.length - copied };
}
