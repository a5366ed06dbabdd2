import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderClip } from '../../src/core/media/clip';
import { pictureFormat } from '../../src/core/media/format';
import { clipMove } from '../../src/core/media/moves';
import { readH264Facts } from '../../src/core/media/mp4';
import { conforms } from '../../src/core/media/segments';
import type { CutShot } from '../../src/core/export/cut';
import { tempDir } from '../support/fixtures';

/** ffprobe's answer for the first video stream, as the rough cut asked it before. */
function ffprobe(file: string): Record<string, string | number | undefined> {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,pix_fmt,width,height,r_frame_rate,nb_frames', '-of', 'json', file], { encoding: 'utf8' });
  return (JSON.parse(out) as { streams: Record<string, string | number>[] }).streams[0]!;
}

const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];
const SOURCE = (size: string, rate: string) => ['-f', 'lavfi', '-i', `testsrc=s=${size}:r=${rate}`];

/** Clips ffmpeg makes with other settings: the reader must agree with ffprobe on each it reads. */
const READ: Record<string, string[]> = {
  'faststart.mp4': [...SOURCE('320x180', '24'), '-frames:v', '48', ...X264, '-pix_fmt', 'yuv420p', '-movflags', '+faststart'],
  'ntsc-moov-at-end.mp4': [...SOURCE('640x360', '24000/1001'), '-frames:v', '30', ...X264, '-pix_fmt', 'yuv420p'],
  'yuv444.mp4': [...SOURCE('320x180', '24'), '-frames:v', '20', ...X264, '-pix_fmt', 'yuv444p'],
  'yuv422-30fps.mp4': [...SOURCE('320x180', '30'), '-frames:v', '30', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv422p'],
  '10-bit.mp4': [...SOURCE('320x180', '24'), '-frames:v', '20', ...X264, '-pix_fmt', 'yuv420p10le'],
  'audio.mp4': [...SOURCE('320x180', '24'), '-f', 'lavfi', '-i', 'sine=d=2', '-frames:v', '48', ...X264, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
  'cropped-25fps-b-frames.mp4': [...SOURCE('318x178', '25'), '-frames:v', '25', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
  '1080p.mp4': [...SOURCE('1920x1080', '24'), '-frames:v', '5', ...X264, '-pix_fmt', 'yuv420p'],
  'interlaced.mp4': [...SOURCE('320x180', '24'), '-frames:v', '24', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-x264-params', 'interlaced=1'],
  'quicktime.mov': [...SOURCE('320x180', '24'), '-frames:v', '12', ...X264, '-pix_fmt', 'yuv420p'],
};

/** Files it must leave to ffprobe: another codec, fragments, a variable rate. */
const LEFT: Record<string, string[]> = {
  'mpeg4.mp4': [...SOURCE('320x180', '24'), '-frames:v', '20', '-c:v', 'mpeg4'],
  'fragmented.mp4': [...SOURCE('320x180', '24'), '-frames:v', '20', ...X264, '-pix_fmt', 'yuv420p', '-movflags', 'frag_keyframe+empty_moov'],
  'variable-rate.mp4': [...SOURCE('320x180', '24'), '-frames:v', '24', '-vf', "setpts='if(lt(N,10),N,N*2)/24/TB'", '-vsync', 'vfr', ...X264, '-pix_fmt', 'yuv420p'],
};

function make(dir: string, name: string, args: string[]): string {
  const file = join(dir, name);
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args, file]);
  return file;
}

describe('reading a clip’s picture from the MP4 without ffprobe', function () {
  this.timeout(120_000);
  const dir = tempDir('filmcrew-mp4-');

  for (const [name, args] of Object.entries(READ)) {
    it(`agrees with ffprobe on ${name}`, async () => {
      const file = make(dir, name, args);
      const facts = await readH264Facts(file);
      assert.ok(facts, `${name} should be read, not left to ffprobe`);
      const s = ffprobe(file);
      assert.deepEqual(
        { codec: 'h264', pixFmt: facts.pixFmt, width: facts.width, height: facts.height, rate: `${facts.rate.num}/${facts.rate.den}`, frames: String(facts.frames) },
        { codec: s.codec_name, pixFmt: s.pix_fmt, width: s.width, height: s.height, rate: s.r_frame_rate, frames: s.nb_frames },
      );
    });
  }

  for (const [name, args] of Object.entries(LEFT)) {
    it(`leaves ${name} to ffprobe`, async () => {
      assert.equal(await readH264Facts(make(dir, name, args)), undefined);
    });
  }

  it('leaves a file that is not an MP4 (or is cut short) to ffprobe', async () => {
    const text = join(dir, 'notes.mp4');
    writeFileSync(text, 'not a movie at all, just words in a file named like one');
    assert.equal(await readH264Facts(text), undefined);
    const whole = make(dir, 'whole.mp4', READ['faststart.mp4']!);
    const cut = join(dir, 'truncated.mp4');
    writeFileSync(cut, execFileSync('head', ['-c', '2000', whole]));
    assert.equal(await readH264Facts(cut), undefined);
  });

  it('reads the clips the clip task makes, and the rough cut copies them as ffprobe would have said', async () => {
    const format = pictureFormat({ fps: 24, resolution: '320x180' });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 180" width="320" height="180"><rect width="320" height="180" fill="#3a6"/><circle cx="160" cy="90" r="50" fill="#111"/></svg>';
    for (const movement of ['static', 'pan left', 'push in']) {
      const file = join(dir, `ours-${movement.replace(' ', '-')}.mp4`);
      writeFileSync(file, await renderClip({ frame: { svg }, frames: 36, move: clipMove({ movement }) }, format));
      const facts = await readH264Facts(file);
      assert.deepEqual(facts, { width: 320, height: 180, pixFmt: 'yuv420p', frames: 36, rate: { num: 24, den: 1 } });
      const shot = (frames: number) => ({ frames }) as CutShot;
      assert.equal(await conforms(file, shot(36), format), true);
      assert.equal(await conforms(file, shot(35), format), false);
      assert.equal(await conforms(file, shot(36), pictureFormat({ fps: 25, resolution: '320x180' })), false);
      assert.equal(await conforms(file, shot(36), pictureFormat({ fps: 24, resolution: '640x360' })), false);
    }
    // A person's clip of another kind is still checked, by ffprobe: the right length and size, the wrong codec…
    assert.equal(await conforms(make(dir, 'theirs.mp4', LEFT['mpeg4.mp4']!), { frames: 20 } as CutShot, format), false);
    // …and one the reader is unsure of gets ffprobe's answer, whichever it is.
    const vfr = make(dir, 'theirs-vfr.mp4', LEFT['variable-rate.mp4']!);
    const s = ffprobe(vfr);
    const said = s.codec_name === 'h264' && s.pix_fmt === 'yuv420p' && s.width === 320 && s.height === 180 && s.r_frame_rate === '24/1';
    assert.equal(await conforms(vfr, { frames: Number(s.nb_frames) } as CutShot, format), said);
    assert.equal(said, true, `ffprobe reads the variable-rate clip as 24/1 yuv420p: ${JSON.stringify(s)}`);
  });
});
