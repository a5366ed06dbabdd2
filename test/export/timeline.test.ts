import assert from 'node:assert/strict';
import { cutOf, timecode } from '../../src/core/export/cut';
import { reelNames, toEdl } from '../../src/core/export/edl';
import { toOtio } from '../../src/core/export/otio';
import { SHOTS, shot } from './cut';

interface Json {
  [k: string]: unknown;
}
const obj = (v: unknown) => v as Json;
const arr = (v: unknown) => v as Json[];

describe('the cut', () => {
  it('puts shots in sequence order, scene by scene, and leaves omitted shots out', () => {
    const cut = cutOf('The Last Light', 24, SHOTS);
    assert.deepEqual(cut.shots.map((s) => s.id), ['s01-001', 's01-002', 's01-004', 's02-001', 's02-002', 's10-001']);
  });

  it('counts each shot in whole frames at the production rate and sums them', () => {
    const cut = cutOf('t', 24, SHOTS);
    assert.deepEqual(cut.shots.map((s) => s.frames), [96, 60, 77, 120, 72, 72]);
    assert.equal(cut.totalFrames, 96 + 60 + 77 + 120 + 72 + 72);
    assert.deepEqual(cut.shots.map((s) => s.start), [0, 96, 156, 233, 353, 425]);
  });

  it('plays the generated clip when there is one, else the storyboard frame (never the offline stand-in)', () => {
    const cut = cutOf('t', 24, SHOTS);
    const by = new Map(cut.shots.map((s) => [s.id, s]));
    assert.equal(by.get('s01-004')!.media, 'media/clips/s01-004.mp4');
    assert.equal(by.get('s01-004')!.standIn, false);
    assert.equal(by.get('s02-002')!.media, 'media/frames/s02-002.svg');
    assert.equal(by.get('s02-002')!.standIn, true);
  });

  it('writes non-drop timecode, 23.976 counted as 24', () => {
    assert.equal(timecode(0, 24, 1), '01:00:00:00');
    assert.equal(timecode(24 * 3661 + 5, 24), '01:01:01:05');
    assert.equal(timecode(25 * 70 + 24, 25), '00:01:10:24');
    assert.equal(timecode(48, 23.976), '00:00:02:00');
  });
});

describe('the OpenTimelineIO export', () => {
  const cut = cutOf('The Last Light', 24, SHOTS);
  const otio = obj(JSON.parse(toOtio(cut)));

  it('is a Timeline.1 of a Stack.1 holding one video Track.1 of Clip.2s', () => {
    assert.equal(otio.OTIO_SCHEMA, 'Timeline.1');
    assert.equal(otio.name, 'The Last Light');
    const stack = obj(otio.tracks);
    assert.equal(stack.OTIO_SCHEMA, 'Stack.1');
    const tracks = arr(stack.children);
    assert.equal(tracks.length, 1);
    assert.equal(tracks[0]!.OTIO_SCHEMA, 'Track.1');
    assert.equal(tracks[0]!.kind, 'Video');
    for (const c of arr(tracks[0]!.children)) {
      assert.equal(c.OTIO_SCHEMA, 'Clip.2');
      assert.equal(c.active_media_reference_key, 'DEFAULT_MEDIA');
      const ref = obj(obj(c.media_references).DEFAULT_MEDIA);
      assert.equal(ref.OTIO_SCHEMA, 'ExternalReference.1');
      const range = obj(c.source_range);
      assert.equal(range.OTIO_SCHEMA, 'TimeRange.1');
      assert.equal(obj(range.duration).OTIO_SCHEMA, 'RationalTime.1');
      assert.equal(obj(range.duration).rate, 24);
    }
  });

  it('names clips by shot id, points them at their media relative to the .otio, and sums to the cut', () => {
    const clips = arr(arr(obj(otio.tracks).children)[0]!.children);
    assert.deepEqual(clips.map((c) => c.name), cut.shots.map((s) => s.id));
    const urls = clips.map((c) => obj(obj(c.media_references).DEFAULT_MEDIA).target_url);
    assert.equal(urls[0], '../media/frames/s01-001.svg');
    assert.equal(urls[2], '../media/clips/s01-004.mp4');
    const total = clips.reduce((sum, c) => sum + (obj(obj(c.source_range).duration).value as number), 0);
    assert.equal(total, cut.totalFrames);
    assert.equal(total, 96 + 60 + 77 + 120 + 72 + 72);
  });

  it('carries the production rate, 25 fps included', () => {
    const at25 = obj(JSON.parse(toOtio(cutOf('t', 25, SHOTS))));
    const clip = arr(arr(obj(at25.tracks).children)[0]!.children)[0]!;
    assert.deepEqual(obj(obj(clip.source_range).duration), { OTIO_SCHEMA: 'RationalTime.1', rate: 25, value: 100 });
  });
});

describe('the CMX 3600 EDL export', () => {
  const EVENT = /^(\d{3})  (\S{1,8}) +V +C +(\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d) (\d\d:\d\d:\d\d:\d\d)$/;

  function events(edl: string) {
    return edl.split('\n').flatMap((l) => {
      const m = EVENT.exec(l);
      return m ? [{ n: m[1]!, reel: m[2]!, srcIn: m[3]!, srcOut: m[4]!, recIn: m[5]!, recOut: m[6]! }] : [];
    });
  }

  it('starts with a title and non-drop frame code mode', () => {
    const lines = toEdl(cutOf('The Last Light', 24, SHOTS)).split('\n');
    assert.equal(lines[0], 'TITLE: THE LAST LIGHT');
    assert.equal(lines[1], 'FCM: NON-DROP FRAME');
  });

  it('has one cut event per shot with record timecodes running from 01:00:00:00 at 24 fps', () => {
    const edl = toEdl(cutOf('t', 24, SHOTS));
    const ev = events(edl);
    assert.equal(ev.length, 6);
    assert.deepEqual(ev.map((e) => e.n), ['001', '002', '003', '004', '005', '006']);
    assert.deepEqual(ev.map((e) => [e.recIn, e.recOut]), [
      ['01:00:00:00', '01:00:04:00'],
      ['01:00:04:00', '01:00:06:12'],
      ['01:00:06:12', '01:00:09:17'],
      ['01:00:09:17', '01:00:14:17'],
      ['01:00:14:17', '01:00:17:17'],
      ['01:00:17:17', '01:00:20:17'],
    ]);
    assert.deepEqual(ev.map((e) => [e.srcIn, e.srcOut]).slice(0, 2), [['00:00:00:00', '00:00:04:00'], ['00:00:00:00', '00:00:02:12']]);
    assert.match(edl, /^001  S01001   V     C        00:00:00:00 00:00:04:00 01:00:00:00 01:00:04:00$/m);
  });

  it('counts record timecodes at 25 fps', () => {
    const ev = events(toEdl(cutOf('t', 25, SHOTS)));
    assert.deepEqual(ev.map((e) => e.recOut), ['01:00:04:00', '01:00:06:13', '01:00:09:18', '01:00:14:18', '01:00:17:18', '01:00:20:18']);
  });

  it('names each event\u2019s media so it resolves to the frame or clip file', () => {
    const edl = toEdl(cutOf('t', 24, SHOTS));
    assert.match(edl, /^001  S01001 [\s\S]*?^\* FROM CLIP NAME: {2}s01-001\.svg$\n^\* FROM CLIP: \.\.\/media\/frames\/s01-001\.svg$/m);
    assert.match(edl, /^\* FROM CLIP: \.\.\/media\/clips\/s01-004\.mp4$/m);
  });

  it('derives distinct reel names of at most 8 characters from shot ids', () => {
    const reels = reelNames(['s01-001', 'act2-s14-0012', 'act2-s15-0012', 'act2-s14-0012x', 'a b', '\u00e9t\u00e9-1']);
    assert.ok(reels.every((r) => /^[A-Z0-9]{1,8}$/.test(r)), reels.join(' '));
    assert.equal(new Set(reels).size, reels.length);
    assert.equal(reels[0], 'S01001');
  });

  it('keeps production text on one ASCII line', () => {
    const edl = toEdl(cutOf('Caf\u00e9\nLine2 <b>', 24, [shot('s01-001', 1, 1)]));
    assert.equal(edl.split('\n')[0], 'TITLE: CAFE LINE2 <B>');
  });
});
