/** ffprobe and ffmpeg as the tests' eyes: stream facts, and a frame's pixels by its index. */
import { execFileSync, spawnSync } from 'node:child_process';

export interface VideoFacts {
  width: number;
  height: number;
  rate: string;
  frames: number;
  seconds: number;
  audio: boolean;
}

/** Width, height, frame rate, counted frames and container duration of a video file. */
export function probe(file: string): VideoFacts {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,width,height,r_frame_rate,nb_read_frames:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  const json = JSON.parse(out) as { streams: { codec_type: string; width?: number; height?: number; r_frame_rate?: string; nb_read_frames?: string }[]; format: { duration: string } };
  const video = json.streams.find((s) => s.codec_type === 'video')!;
  return {
    width: video.width!,
    height: video.height!,
    rate: video.r_frame_rate!,
    frames: Number(video.nb_read_frames),
    seconds: Number(json.format.duration),
    audio: json.streams.some((s) => s.codec_type === 'audio'),
  };
}

/** Frame `index` of a video scaled to w×h, as RGB bytes. */
export function framePixels(file: string, index: number, w = 16, h = 9): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-vf', `select=eq(n\\,${index}),scale=${w}:${h}`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 24 });
}

/** The colour of one pixel of a scaled frame. */
export function pixel(rgb: Buffer, x: number, y: number, w = 16): [number, number, number] {
  const i = (y * w + x) * 3;
  return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
}

/** Mean absolute difference of two frames' bytes (0–255). */
export function difference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - (b[i] ?? 0));
  return sum / a.length;
}

/** Mean loudness (dB) of an audio stream between two times. */
export function meanVolume(file: string, from: number, seconds: number): number {
  // volumedetect reports on stderr.
  const run = spawnSync('ffmpeg', ['-v', 'info', '-ss', String(from), '-t', String(seconds), '-i', file, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' });
  return volumeOf(run.stderr);
}

function volumeOf(text: string): number {
  const m = /mean_volume:\s*(-?[\d.]+|-inf) dB/.exec(text);
  return !m || m[1] === '-inf' ? -Infinity : Number(m[1]);
}
