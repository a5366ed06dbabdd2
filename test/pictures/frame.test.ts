import assert from 'node:assert/strict';
import { drawFrame, isFrameInput, type FrameInput } from '../../src/core/crew/storyboard/frame';
import type { ShotSize } from '../../src/core/model/types';
import { elements, onlyKnownEntities, root, texts, withAttr } from './svg';

const base: FrameInput = {
  shot: 's01-004',
  scene: 's01',
  size: 'MS',
  aspect: '16:9',
  characters: ['MARA'],
  location: 'LIGHTHOUSE - LAMP ROOM',
  interior: true,
  time: 'NIGHT',
  action: 'She strikes a match.',
  duration: 3,
};

const frame = (over: Partial<FrameInput>) => drawFrame({ ...base, ...over });
const figures = (svg: string) => withAttr(svg, 'g', 'data-role', 'figure');
const scaleOf = (size: ShotSize) => Number(figures(frame({ size }))[0]!['data-subject-scale']);

describe('a storyboard frame', () => {
  it('scales its subject by shot size: ECU > CU > MCU > MS > WS > EWS', () => {
    const ecu = Number(withAttr(frame({ size: 'ECU' }), 'g', 'data-role', 'eyes')[0]!['data-subject-scale']);
    const order = [ecu, scaleOf('CU'), scaleOf('MCU'), scaleOf('MS'), scaleOf('WS'), scaleOf('EWS')];
    for (let i = 1; i < order.length; i++) assert.ok(order[i - 1]! > order[i]!, `scale ${order[i - 1]} should exceed ${order[i]} (${i})`);
    // A WS shows the whole figure inside the frame; an EWS a tiny one; a CU a head larger than a third of it.
    assert.ok(scaleOf('WS') < 1 && scaleOf('WS') > 0.4);
    assert.ok(scaleOf('EWS') < 0.2);
    assert.ok(scaleOf('CU') / 7.5 > 0.33, 'a CU head is over a third of the frame height');
  });

  it('puts the name of each character on their figure', () => {
    const svg = frame({ size: 'WS', characters: ['MARA', 'JONAH'] });
    assert.deepEqual(figures(svg).map((f) => f['data-subject']).sort(), ['JONAH', 'MARA']);
    const labels = texts(svg);
    assert.ok(labels.includes('MARA') && labels.includes('JONAH'), labels.join('|'));
  });

  it('frames an over-the-shoulder on the speaker, past a dark out-of-focus foreground shoulder', () => {
    const svg = frame({ size: 'OTS', characters: ['MARA', 'JONAH'], dialogue: [{ character: 'JONAH', line: 'You don\u2019t have to stay.' }] });
    const fg = withAttr(svg, 'g', 'data-role', 'ots-foreground');
    assert.equal(fg.length, 1);
    assert.equal(fg[0]!['data-subject'], 'MARA');
    assert.match(fg[0]!.filter ?? '', /-soft\)$/, 'the foreground is blurred');
    assert.deepEqual(figures(svg).map((f) => f['data-subject']), ['JONAH']);
    // The foreground sits on the opposite side of the frame from the speaker.
    const speakerX = Number(figures(svg)[0]!['data-x']);
    assert.ok(speakerX > 480, 'the speaker is on the right, the shoulder on the left');
  });

  it('shows a POV through a vignette, without the viewer in it', () => {
    const svg = frame({ size: 'POV', characters: ['MARA'], location: 'ROCKY BEACH', interior: false });
    assert.equal(figures(svg).length, 0);
    assert.ok(elements(svg, 'rect').some((r) => /-vignette\)$/.test(r.fill ?? '')));
    assert.ok(texts(svg).includes("MARA'S POV"));
  });

  it('fills an insert with the prop and no people', () => {
    const svg = frame({ size: 'INSERT', characters: ['MARA'], props: ['LANTERN'] });
    const prop = withAttr(svg, 'g', 'data-role', 'prop');
    assert.equal(prop.length, 1);
    assert.equal(prop[0]!['data-prop-shape'], 'lantern');
    assert.ok(Number(prop[0]!['data-subject-scale']) >= 0.7, 'the prop fills most of the frame height');
    assert.equal(figures(svg).length, 0);
  });

  it('honours the production aspect ratio in the picture viewBox', () => {
    for (const [aspect, ratio] of [['16:9', 16 / 9], ['2.39:1', 2.39], ['9:16', 9 / 16], ['4:3', 4 / 3], ['1.85', 1.85]] as const) {
      const picture = withAttr(frame({ aspect }), 'svg', 'class', 'picture')[0]!;
      const [, , w, h] = picture.viewBox!.split(' ').map(Number);
      assert.ok(Math.abs(w! / h! - ratio) < 0.01, `${aspect}: ${w}x${h}`);
      assert.equal(root(frame({ aspect }))['data-aspect'], aspect);
    }
  });

  it('draws the camera move as an arrow, and nothing for a static camera', () => {
    const move = (movement: string) => withAttr(frame({ movement }), 'g', 'class', 'camera-move')[0];
    assert.equal(move('push in')!['data-move'], 'push');
    assert.equal(move('slow pull out')!['data-move'], 'pull');
    assert.deepEqual([move('pan left')!['data-move'], move('pan left')!['data-direction']], ['pan', 'left']);
    assert.deepEqual([move('pan right')!['data-move'], move('pan right')!['data-direction']], ['pan', 'right']);
    assert.deepEqual([move('tilt down')!['data-move'], move('tilt down')!['data-direction']], ['tilt', 'down']);
    assert.equal(move('tracking')!['data-move'], 'track');
    assert.equal(move('static'), undefined);
    assert.equal(move('locked-off'), undefined);
  });

  it('tells interior from exterior and night from day', () => {
    assert.equal(root(frame({ interior: true, time: 'NIGHT' }))['data-set'], 'interior');
    assert.equal(root(frame({ interior: false, time: 'DAY' }))['data-set'], 'exterior');
    assert.equal(root(frame({ time: 'NIGHT' }))['data-light'], 'night');
    assert.equal(root(frame({ time: 'DAY' }))['data-light'], 'day');
  });

  it('writes scene and shot number, size, angle, duration and the action in the margin', () => {
    const t = texts(frame({ size: 'MCU', angle: 'low', duration: 2.5, action: 'Jonah climbs in.' }));
    assert.ok(t.includes('SC 1 · SHOT 4'), t.join('|'));
    assert.ok(t.includes('MCU'));
    assert.ok(t.some((x) => x.includes('LOW') && x.includes('2.5s')));
    assert.ok(t.includes('Jonah climbs in.'));
    assert.ok(t.includes('OFFLINE SKETCH'));
  });

  it('escapes every piece of production text', () => {
    const evil = '<script>alert(1)</script> & "quoted" \'single\'';
    const svg = drawFrame({
      ...base,
      shot: `s01-001${evil}`,
      scene: evil,
      characters: [evil, 'JONAH'],
      props: [evil],
      location: evil,
      time: evil,
      action: evil,
      movement: evil,
      angle: evil,
      aspect: evil,
      dialogue: [{ character: evil, line: evil }],
    });
    assert.ok(!svg.includes('<script'), 'no script element');
    assert.ok(onlyKnownEntities(svg), 'every & is an entity');
    assert.ok(texts(svg).some((t) => t.includes('<script>alert(1)</script>')), 'the text is kept, as text');
  });

  it('draws the same shot the same way every time, and another shot differently', () => {
    assert.equal(drawFrame(base), drawFrame({ ...base }));
    assert.notEqual(drawFrame(base), drawFrame({ ...base, shot: 's01-005' }));
  });

  it('recognises its own input and refuses other shapes', () => {
    assert.ok(isFrameInput(base));
    assert.ok(!isFrameInput({ shot: 3 }));
    assert.ok(!isFrameInput({ shot: 'a', characters: 'MARA' }));
  });
});
