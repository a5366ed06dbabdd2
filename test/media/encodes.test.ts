import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { getEventListeners } from 'node:events';
import { clipArgs, clipEncode, renderClip, type ClipSource } from '../../src/core/media/clip';
import { encodeClip, encodeCounts } from '../../src/core/media/encodes';
import { pictureFormat } from '../../src/core/media/format';
import { tempDir } from '../support/fixtures';
import { clipMove } from '../../src/core/media/moves';

const format = pictureFormat({ fps: 24, resolution: '160x90' });
const MOVES = ['static', 'pan left', 'push in', 'hand-held', 'tilt up', 'track right'];

/** A still of its own for each clip: ffmpeg's test card in another hue, as PNG bytes. */
function still(k: number): Uint8Array {
  return execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=s=200x113:r=1,hue=h=${k * 30}`, '-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', '-']);
}

function source(k: number): ClipSource {
  return { frame: { image: still(k), ext: 'png' }, frames: 12 + k, move: clipMove({ movement: MOVES[k % MOVES.length]! }) };
}

describe('clip encodes, several to one ffmpeg', function () {
  this.timeout(120_000);
  let sources: ClipSource[] = [];
  before(() => {
    sources = Array.from({ length: 12 }, (_, k) => source(k));
  });

  it('makes the same bytes on a machine of one core as of many (x264 picks its threads by the cores)', function () {
    const dir = tempDir();
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=640x360:r=1', '-frames:v', '1', `${dir}/still.png`]);
    const made = (cores: string[]) => {
      const out = `${dir}/clip-${cores.length}.mp4`;
      execFileSync(cores.length ? 'taskset' : 'ffmpeg', [...cores, ...(cores.length ? ['ffmpeg'] : []), ...clipArgs({ file: `${dir}/still.png` }, { frames: 48, move: clipMove({ movement: 'push in' }) }, pictureFormat({ fps: 24, resolution: '640x360' }), out)]);
      return execFileSync('sha256sum', [out], { encoding: 'utf8' }).split(' ')[0];
    };
    assert.equal(made(['-c', '0']), made([]), 'one core and all of them make the same clip');
  });

  it('makes the same bytes for each clip whether it is encoded alone or with others, in fewer processes', async () => {
    const alone: Uint8Array[] = [];
    for (const s of sources) alone.push(await renderClip(s, format));
    const before = { ...encodeCounts };
    const run = new AbortController();
    const together = await Promise.all(sources.map((s) => renderClip(s, format, run.signal)));
    // The run's signal, shared by every clip, keeps no listener of a clip that is done.
    assert.equal(getEventListeners(run.signal, 'abort').length, 0);
    const processes = encodeCounts.processes - before.processes;
    assert.equal(encodeCounts.clips - before.clips, sources.length);
    assert.ok(processes < sources.length, `12 clips asked for at once took ${processes} ffmpeg processes`);
    for (const [k, bytes] of together.entries()) assert.ok(Buffer.from(bytes).equals(Buffer.from(alone[k]!)), `clip ${k} (${MOVES[k % MOVES.length]}) has the same bytes`);
  });

  it('listens to a run’s signal once, however many of its clips are waiting (node warns past ten)', async () => {
    const dir = tempDir();
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=s=160x90:r=1', '-frames:v', '1', `${dir}/still.png`]);
    const run = new AbortController();
    const asked = Array.from({ length: 20 }, (_, k) => encodeClip('ffmpeg', clipEncode({ file: `${dir}/still.png` }, { frames: 6, move: clipMove({ movement: 'static' }) }, format, `${dir}/${k}.mp4`), run.signal));
    assert.equal(getEventListeners(run.signal, 'abort').length, 1, 'one listener for twenty clips');
    await Promise.all(asked);
    assert.equal(getEventListeners(run.signal, 'abort').length, 0, 'none once they are made');
    const stopped = new AbortController();
    const dropped = Array.from({ length: 12 }, (_, k) => encodeClip('ffmpeg', clipEncode({ file: `${dir}/still.png` }, { frames: 6, move: clipMove({ movement: 'static' }) }, format, `${dir}/d${k}.mp4`), stopped.signal));
    stopped.abort(new Error('the run was stopped'));
    const settled = await Promise.allSettled(dropped);
    assert.ok(settled.every((r) => r.status === 'rejected'), 'every clip of a stopped run is dropped');
    assert.equal(getEventListeners(stopped.signal, 'abort').length, 0);
  });

  it('gives an error to the clip that caused it only, and drops a clip no one waits for', async () => {
    const broken: ClipSource = { ...sources[0]!, frame: { image: new TextEncoder().encode('not a picture'), ext: 'png' } };
    const gone = new AbortController();
    const asked = [renderClip(sources[1]!, format), renderClip(broken, format), renderClip(sources[2]!, format), renderClip(sources[3]!, format, gone.signal), renderClip(sources[4]!, format)];
    gone.abort(new Error('the run was stopped'));
    const [a, bad, b, dropped, c] = await Promise.allSettled(asked);
    assert.equal(bad!.status, 'rejected');
    assert.match(String((bad as PromiseRejectedResult).reason), /ffmpeg exited with/);
    assert.equal(dropped!.status, 'rejected');
    assert.match(String((dropped as PromiseRejectedResult).reason), /the run was stopped/);
    for (const [k, r] of [a, b, c].entries()) {
      assert.equal(r!.status, 'fulfilled', `clip ${[1, 2, 4][k]} is made despite its neighbour`);
      assert.ok(Buffer.from((r as PromiseFulfilledResult<Uint8Array>).value).equals(Buffer.from(await renderClip(sources[[1, 2, 4][k]!]!, format))));
    }
  });
});
