import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { clipMaker } from '../../src/core/crew/dop';
import { editor } from '../../src/core/crew/editor';
import { cutOf } from '../../src/core/export/cut';
import { transitionAfter, transitionKind } from '../../src/core/export/transitions';
import { runsOf } from '../../src/core/media/segments';
import { loadProduction } from '../../src/core/production/load';
import { computeStatus } from '../../src/core/production/status';
import { storyboardSnapshot } from '../../src/core/storyboard/snapshot';
import { runRole } from '../crew/harness';
import { launch } from '../export/browser';
import { tempDir, writeFiles } from '../support/fixtures';
import { difference, framePixels, meanVolume, pixel, probe } from './probe';
import sax from 'sax';

const FPS = 24;

/** A frame as the storyboard draws one: a panel with a nested `<svg class="picture">`. */
function frame(colour: string): string {
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 260" width="360" height="260">',
    '<rect width="360" height="260" fill="#f4f1ea"/><text x="20" y="20">HEADER</text>',
    `<svg class="picture" x="20" y="30" width="320" height="180" viewBox="0 0 320 180" preserveAspectRatio="none" overflow="hidden">`,
    `<rect width="320" height="180" fill="${colour}"/><circle cx="160" cy="90" r="40" fill="#000"/><rect x="40" y="40" width="20" height="100" fill="#888"/>`,
    '<g class="camera-move"><rect x="0" y="150" width="320" height="10" fill="#ff5a1f"/></g>',
    '</svg><text x="20" y="240">CAPTION</text></svg>',
  ].join('');
}

interface Sketch {
  id: string;
  scene: string;
  order: number;
  colour: string;
  movement: string;
  duration: number;
  transition?: string;
  dialogue?: { character: string; line: string }[];
}

const SHOTS: Sketch[] = [
  { id: 's01-001', scene: 's01', order: 1, colour: '#ff0000', movement: 'static', duration: 2, transition: 'DISSOLVE TO:' },
  { id: 's01-002', scene: 's01', order: 2, colour: '#00ff00', movement: 'push in', duration: 2, transition: 'CUT TO:', dialogue: [{ character: 'MARA', line: 'One more night, old friend.' }] },
  { id: 's02-001', scene: 's02', order: 1, colour: '#0000ff', movement: 'pan right', duration: 1.5, transition: 'WIPE TO:' },
  { id: 's02-002', scene: 's02', order: 2, colour: '#ffff00', movement: 'static', duration: 2, transition: 'FADE OUT.' },
];
const TOTAL = SHOTS.reduce((n, s) => n + Math.round(s.duration * FPS), 0);

function shotFile(s: Sketch): string {
  const lines = ['---', 'kind: shot', `id: ${s.id}`, `scene: ${s.scene}`, `order: ${s.order}`, 'size: WS', `movement: ${s.movement}`, `duration: ${s.duration}`];
  lines.push(`action: "A wall of colour, a dark disc, a post: shot ${s.id}, with a comma"`);
  if (s.transition) lines.push(`transition: "${s.transition}"`);
  if (s.dialogue) lines.push('dialogue:', ...s.dialogue.flatMap((d) => [`  - character: ${d.character}`, `    line: "${d.line}"`]));
  lines.push('status: locked', '---', '');
  return lines.join('\n');
}

function production(edit = ''): string {
  const dir = join(tempDir('filmcrew-cut-'), 'film');
  const files: Record<string, string> = {
    'script.fountain': 'Title: Colour Test\n\nINT. ROOM - DAY\n\nA wall of colour.\n',
    'production.md': `---\nkind: production\ntitle: Colour Test\nformat:\n  aspect: "16:9"\n  fps: ${FPS}\n  resolution: 320x180\n${edit}---\n`,
  };
  for (const s of SHOTS) {
    files[`shots/${s.id}.md`] = shotFile(s);
    files[`media/frames/${s.id}.svg`] = frame(s.colour);
  }
  writeFiles(dir, files);
  return dir;
}

describe('moving pictures: offline clips and the rough cut', function () {
  this.timeout(180_000);
  let dir: string;
  let cut: string;

  before(async () => {
    dir = production();
    await runRole(dir, clipMaker);
    await runRole(dir, editor);
    cut = join(dir, 'edit/roughcut.mp4');
    // To look at the cut after the run: KEEP_CUT=/tmp/cut.mp4 npx mocha test/media/roughcut.test.ts
    if (process.env.KEEP_CUT) copyFileSync(cut, process.env.KEEP_CUT);
  });

  it('reads the script\u2019s transitions as dissolve, wipe, fade and cut, never longer than half a shot', () => {
    assert.equal(transitionKind('DISSOLVE TO:', false), 'dissolve');
    assert.equal(transitionKind('WIPE TO:', false), 'wipe');
    assert.equal(transitionKind('FADE TO BLACK.', false), 'fade');
    assert.equal(transitionKind('FADE OUT.', true), 'fade-out');
    assert.equal(transitionKind('SMASH CUT TO:', false), 'cut');
    assert.deepEqual(transitionAfter('DISSOLVE TO:', 24, 30, 100), { kind: 'dissolve', frames: 15, text: 'DISSOLVE TO:' });
    assert.equal(transitionAfter('DISSOLVE TO:', 24, 48, undefined), undefined, 'nothing to dissolve into after the last shot');
    // The rough cut renders the runs a transition joins and copies the rest as the clips are.
    const shots = SHOTS.map((x) => ({ kind: 'shot' as const, id: x.id, scene: x.scene, order: x.order, duration: x.duration, ...(x.transition ? { transition: x.transition } : {}) }));
    assert.deepEqual(runsOf(cutOf('t', FPS, shots)).map((r) => r.map((x) => x.id)), [['s01-001', 's01-002'], ['s02-001', 's02-002']]);
  });

  it('plans a clip task per shot after its DOP, and none where a video model\u2019s clip takes the place', async () => {
    const p = await loadProduction(dir);
    const tasks = clipMaker.plan(p, {});
    assert.deepEqual(tasks.map((t) => t.id).sort(), SHOTS.map((s) => `dop:clip-${s.id}`));
    const first = tasks.find((t) => t.subject === 's01-001')!;
    assert.deepEqual(first.reads, ['production.md', 'shots/s01-001.md', 'media/frames/s01-001.svg']);
    assert.deepEqual(first.writes, ['media/clips/s01-001.mp4']);
    const generated = { ...p, shots: p.shots.map((s) => (s.data.id === 's01-001' ? { ...s, data: { ...s.data, clip: 'media/clips/s01-001.mov', model: 'runway/gen4_turbo' } } : s)) };
    assert.deepEqual(clipMaker.plan(generated, {}).map((t) => t.subject).sort(), SHOTS.slice(1).map((s) => s.id));
  });

  it('renders each shot\u2019s frame as a clip of its duration at the production\u2019s rate and size', () => {
    for (const s of SHOTS) {
      const facts = probe(join(dir, `media/clips/${s.id}.mp4`));
      assert.deepEqual([facts.width, facts.height, facts.rate, facts.frames], [320, 180, '24/1', Math.round(s.duration * FPS)], s.id);
    }
  });

  it('moves the camera as the shot says: a push in changes the picture, a static shot holds it', () => {
    const still = join(dir, 'media/clips/s01-001.mp4');
    const push = join(dir, 'media/clips/s01-002.mp4');
    assert.ok(difference(framePixels(still, 0, 32, 18), framePixels(still, 47, 32, 18)) < 2, 'the static clip holds');
    assert.ok(difference(framePixels(push, 0, 32, 18), framePixels(push, 47, 32, 18)) > 6, 'the push in moves');
    // The storyboard's move arrow is notation: the clip makes the move instead of showing it.
    const [r, g, b] = pixel(framePixels(still, 0, 32, 18), 16, 15, 32);
    assert.ok(r > 200 && g < 60 && b < 60, `no orange arrow band at the bottom of the picture (got ${r},${g},${b})`);
  });

  it('cuts the rough cut to the sum of the shot durations at the production\u2019s rate and size', () => {
    const facts = probe(cut);
    assert.equal(facts.width, 320);
    assert.equal(facts.height, 180);
    assert.equal(facts.rate, '24/1');
    assert.ok(Math.abs(facts.frames - TOTAL) <= 1, `${facts.frames} frames against ${TOTAL}`);
    assert.ok(Math.abs(facts.seconds - TOTAL / FPS) <= 1 / FPS, `${facts.seconds} s against ${TOTAL / FPS} s`);
  });

  it('dissolves where the script says DISSOLVE TO:, cuts at CUT TO:, wipes at WIPE TO: and fades out at FADE OUT.', () => {
    const at = (n: number) => pixel(framePixels(cut, n), 1, 1);
    const [r0, g0] = at(40);
    const [r1, g1] = at(60);
    const [r2, g2] = at(90);
    assert.ok(r0 > 200 && g0 < 50, `before the dissolve: red (${r0},${g0})`);
    assert.ok(r2 < 50 && g2 > 200, `after it: green (${r2},${g2})`);
    assert.ok(r1 > 60 && r1 < 200 && g1 > 60 && g1 < 200, `halfway through, both at once (${r1},${g1})`);
    const green = at(95);
    const blue = at(96);
    assert.ok(green[1] > 200 && green[2] < 50 && blue[2] > 200 && blue[1] < 50, `a hard cut from green to blue at frame 96 (${green} → ${blue})`);
    // Halfway through the wipe (frames 132–143) one side is still blue, the other already yellow.
    const wipe = framePixels(cut, 138);
    const sides = [pixel(wipe, 0, 4), pixel(wipe, 15, 4)].map(([r, g, b]) => (b > 200 && r < 60 ? 'blue' : r > 200 && g > 200 && b < 60 ? 'yellow' : `${r},${g},${b}`));
    assert.deepEqual(sides.sort(), ['blue', 'yellow'], 'a wipe where the script says WIPE TO:');
    const last = at(TOTAL - 1);
    const before = at(TOTAL - 30);
    assert.ok(Math.max(...last) < 30, `the last frame is black (${last})`);
    assert.ok(before[0] > 200 && before[1] > 200, `the yellow shot before its fade (${before})`);
  });

  it('writes FCPXML 1.10 that parses and whose clips add up to the sequence, with the transitions', () => {
    const text = readFileSync(join(dir, 'edit/cut.fcpxml'), 'utf8');
    const tags: { name: string; attributes: Record<string, string> }[] = [];
    const parser = sax.parser(true);
    parser.onerror = (e) => {
      throw e;
    };
    parser.onopentag = (t) => tags.push(t);
    parser.write(text).close();
    const frames = (t: string) => {
      if (t === '0s') return 0;
      const [n, d] = t.replace(/s$/, '').split('/').map(Number);
      return Math.round(((n ?? 0) / (d ?? 1)) * FPS);
    };
    assert.equal(tags[0]!.attributes.version, '1.10');
    const clips = tags.filter((t) => t.name === 'asset-clip');
    const sequence = tags.find((t) => t.name === 'sequence')!;
    assert.equal(clips.length, SHOTS.length);
    assert.equal(clips.reduce((n, c) => n + frames(c.attributes.duration!), 0), frames(sequence.attributes.duration!));
    assert.equal(frames(sequence.attributes.duration!), TOTAL);
    clips.forEach((c, i) => assert.equal(frames(c.attributes.offset!), clips.slice(0, i).reduce((n, x) => n + frames(x.attributes.duration!), 0)));
    const transitions = tags.filter((t) => t.name === 'transition');
    assert.deepEqual(transitions.map((t) => [t.attributes.name, frames(t.attributes.offset!), frames(t.attributes.duration!)]), [
      ['Cross Dissolve', 48, 24],
      ['Edge Wipe', 132, 12],
      ['Fade To Color', TOTAL - 24, 24],
    ]);
    assert.equal(tags.filter((t) => t.name === 'asset').length, SHOTS.length, 'an asset per clip');
  });

  it('carries the transitions in the EDL and the OTIO', () => {
    const edl = readFileSync(join(dir, 'edit/cut.edl'), 'utf8');
    assert.match(edl, /^002 {2}S01001 {3}V {5}C {8}00:00:02:00 00:00:02:00 01:00:02:00 01:00:02:00$/m, 'the outgoing reel at the dissolve');
    assert.match(edl, /^002 {2}S01002 {3}V {5}D {4}024 00:00:00:00 00:00:02:00 01:00:02:00 01:00:04:00$/m, 'a 24-frame dissolve into s01-002');
    assert.match(edl, /^\d{3} {2}S02002 {3}V {5}W001 012 00:00:00:00 /m, 'a 12-frame wipe into s02-002');
    assert.match(edl, /^\d{3} {2}BL {7}V {5}D {4}024 /m, 'the fade out to black');
    const otio = JSON.parse(readFileSync(join(dir, 'edit/cut.otio'), 'utf8'));
    const items = otio.tracks.children[0].children as { OTIO_SCHEMA: string; transition_type?: string; in_offset?: { value: number }; out_offset?: { value: number }; source_range?: { duration: { value: number } } }[];
    const transitions = items.filter((i) => i.OTIO_SCHEMA === 'Transition.1');
    assert.deepEqual(transitions.map((t) => [t.transition_type, t.in_offset!.value, t.out_offset!.value]), [
      ['SMPTE_Dissolve', 0, 24],
      ['Custom_Transition', 0, 12],
      ['Custom_Transition', 24, 0],
    ]);
    assert.equal(items.indexOf(transitions[0]! as never), 1, 'the dissolve sits between the first two clips');
    const clipFrames = items.filter((i) => i.OTIO_SCHEMA === 'Clip.2').reduce((n, c) => n + c.source_range!.duration.value, 0);
    assert.equal(clipFrames, TOTAL, 'transitions take no time of their own');
  });

  it('writes the shot list as RFC 4180 CSV and the storyboard as a one-page PDF', () => {
    const csv = readFileSync(join(dir, 'edit/shotlist.csv'), 'utf8');
    const rows = csv.split('\r\n');
    assert.equal(rows[0], 'id,scene,size,angle,move,lens,duration,characters,description,dialogue');
    assert.equal(rows.length, SHOTS.length + 2, 'a header, a row per shot and the final line end');
    assert.equal(rows[1], 's01-001,s01,WS,,static,,2.00,,"A wall of colour, a dark disc, a post: shot s01-001, with a comma",');
    assert.match(rows[2]!, /,"MARA: One more night, old friend\."$/);
    const pdf = readFileSync(join(dir, 'edit/storyboard.pdf'));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length, 1, 'four frames fit on one page of six');
  });

  it('burns in a slate and lays the dialogue as a scratch track when production.md asks', async () => {
    const withSlate = production('edit:\n  slate: true\n  scratch_audio: true\n');
    await runRole(withSlate, clipMaker);
    await runRole(withSlate, editor);
    const file = join(withSlate, 'edit/roughcut.mp4');
    if (process.env.KEEP_CUT) copyFileSync(file, `${process.env.KEEP_CUT}.slate.mp4`);
    const facts = probe(file);
    assert.ok(facts.audio, 'an audio track');
    assert.ok(Math.abs(facts.seconds - TOTAL / FPS) <= 1 / FPS, `audio does not lengthen the cut (${facts.seconds} s)`);
    const line = meanVolume(file, 2.3, 1);
    const quiet = meanVolume(file, 5, 1);
    assert.ok(line > -40, `the line is heard in s01-002 (${line} dB)`);
    assert.ok(quiet < -80, `silence where no one speaks (${quiet} dB)`);
    // The shot id sits top left and the timecode top right, in the top eighth of the picture.
    const top = (f: string) => framePixels(f, 10, 64, 36).subarray(0, 64 * 5 * 3);
    const plainTop = top(cut);
    const slateTop = top(file);
    const changed = difference(plainTop, slateTop);
    assert.ok(changed > 8, `the slate is burned into the top of the picture (mean difference ${changed.toFixed(1)})`);
  });

  it('plays the clips in the animatic, its CSP letting in media from beside the page only', async () => {
    const html = readFileSync(join(dir, 'edit/animatic.html'), 'utf8');
    assert.match(html, /media-src 'self';/);
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(pathToFileURL(join(dir, 'edit/animatic.html')).href);
      await page.waitForFunction(() => (document.getElementById('clip') as HTMLVideoElement).readyState >= 2, undefined, { timeout: 10_000 });
      const state = await page.evaluate(() => ({ clip: document.body.dataset.clip, src: (document.getElementById('clip') as HTMLVideoElement).currentSrc, frameHidden: (document.getElementById('frame') as HTMLImageElement).hidden }));
      assert.equal(state.clip, 's01-001');
      assert.match(state.src, /\/media\/clips\/s01-001\.mp4$/);
      assert.ok(state.frameHidden, 'the clip plays instead of the still frame');
      await page.evaluate(() => (window as unknown as { animatic: { seek(f: number): void } }).animatic.seek(100));
      await page.waitForFunction(() => document.body.dataset.clip === 's02-001');
      assert.deepEqual(refused, []);
    } finally {
      await browser.close();
    }
  });

  it('gives the storyboard each shot’s clip to play when its file exists', async () => {
    const p = await loadProduction(dir);
    const exists = (rel: string) => (existsSync(join(dir, rel)) ? `media/${rel}` : undefined);
    const cards = storyboardSnapshot(p, { mediaUrl: exists }).shots;
    assert.deepEqual(cards.map((c) => c.clipUrl), SHOTS.map((s) => `media/media/clips/${s.id}.mp4`));
  });

  it('makes no rough cut while a shot has no clip, and its status never says passed of nothing to cut', async () => {
    const bare = production();
    await runRole(bare, editor);
    assert.ok(existsSync(join(bare, 'edit/cut.otio')));
    assert.ok(!existsSync(join(bare, 'edit/roughcut.mp4')));
    const p = await loadProduction(bare);
    // A rough cut gate that git says passed (before clips existed) does not make the edit done.
    const passed = computeStatus(p, { gates: { roughcut: { passed: true } } }).stages.find((s) => s.id === 'edit')!;
    assert.notEqual(passed.state, 'done');
    assert.doesNotMatch(passed.work, /nothing to cut/);
    assert.match(passed.work, /0 of 4 shots have a clip/);
    const generation = computeStatus(p).stages.find((s) => s.id === 'generation')!;
    assert.equal(generation.work, '0 of 4 shots with a clip');
    const cut = computeStatus(await loadProduction(dir)).stages.find((s) => s.id === 'edit')!;
    assert.equal(cut.work, 'rough cut of 4 clips (edit/roughcut.mp4)');
  });
});
