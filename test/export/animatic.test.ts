import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { drawFrame } from '../../src/core/crew/storyboard/frame';
import { toAnimatic, type AnimaticFrame } from '../../src/core/export/animatic';
import { cutOf } from '../../src/core/export/cut';
import { tempDir } from '../support/fixtures';
import { launch } from './browser';
import { shot } from './cut';

const EVIL = '<img src=x onerror="document.body.dataset.pwned=1">&amp;';

const SHOTS = [
  shot('s01-001', 1, 2, { size: 'WS', action: 'Wind hammers the glass.' }),
  shot('s01-002', 2, 1.5, {
    size: 'CU',
    action: EVIL,
    dialogue: [
      { character: 'mara', line: 'One more night.' },
      { character: 'mara', line: EVIL },
    ],
  }),
  shot('s02-001', 1, 2.5, { size: 'EWS' }),
];

function page(fps: number): { file: string; total: number } {
  const cut = cutOf(`The Last Light ${EVIL}`, fps, SHOTS);
  const frames = new Map<string, AnimaticFrame>();
  // s02-001 has no frame yet: it plays as a slate.
  for (const s of cut.shots.slice(0, 2)) frames.set(s.frame, { mime: 'image/svg+xml', data: drawFrame({ shot: s.id, scene: s.scene, size: 'MS', characters: ['MARA'] }) });
  const file = join(tempDir(), 'animatic.html');
  writeFileSync(file, toAnimatic(cut, frames));
  return { file, total: cut.totalFrames };
}

const state = (p: Page) => p.evaluate(() => ({ ...document.body.dataset }));

describe('the animatic page', function () {
  this.timeout(60000);
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('plays every shot in order for its duration and ends at the cut\u2019s last frame', async () => {
    const { file, total } = page(24);
    assert.equal(total, 48 + 36 + 60);
    const p = await browser.newPage();
    await p.clock.install({ time: 0 });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(pathToFileURL(file).href);
    // The fake clock stands still between steps, however slow the machine is.
    await p.clock.pauseAt(1000);
    assert.equal((await state(p)).state, 'paused');
    assert.equal(await p.textContent('#tc'), '00:00:00:00');
    await p.keyboard.press('Space');
    const seen: string[] = [];
    // Half a second of (fake) clock at a time: each shot is seen, in cut order.
    for (let ms = 0; ms < 7000; ms += 250) {
      await p.clock.runFor(250);
      const s = await state(p);
      if (seen[seen.length - 1] !== s.shot) seen.push(s.shot!);
      if (s.state === 'ended') break;
    }
    assert.deepEqual(seen, ['s01-001', 's01-002', 's02-001']);
    const end = await state(p);
    assert.equal(end.state, 'ended');
    assert.equal(Number(end.frame), total - 1);
    assert.equal(await p.textContent('#tc'), '00:00:05:23');
    assert.deepEqual(errors, []);
    await p.close();
  });

  it('takes the cut\u2019s running time to play through at the given rate', async () => {
    const { file } = page(25);
    const p = await browser.newPage();
    await p.clock.install({ time: 0 });
    await p.goto(`${pathToFileURL(file).href}?rate=4`);
    await p.clock.pauseAt(1000);
    await p.click('#play');
    // 6 s of cut at 4× is 1.5 s: still playing just before, ended just after.
    await p.clock.runFor(1300);
    assert.equal((await state(p)).state, 'playing');
    await p.clock.runFor(400);
    assert.equal((await state(p)).state, 'ended');
    await p.close();
  });

  it('shows dialogue as subtitles and production text as text, never markup', async () => {
    const { file } = page(24);
    const p = await browser.newPage();
    await p.goto(pathToFileURL(file).href);
    await p.keyboard.press('ArrowRight');
    assert.equal((await state(p)).shot, 's01-002');
    assert.equal(await p.textContent('#sub'), 'MARA: One more night.');
    // The second line takes the second half of the shot.
    await p.evaluate(() => (window as unknown as { animatic: { seek(f: number): void } }).animatic.seek(48 + 20));
    assert.equal(await p.textContent('#sub'), `MARA: ${EVIL}`);
    assert.equal(await p.locator('#sub img').count(), 0);
    assert.equal(await p.textContent('#title'), `The Last Light ${EVIL}`);
    assert.equal((await state(p)).pwned, undefined);
    await p.close();
  });

  it('seeks with the scrubber and the keyboard, and plays a slate for a shot without a frame', async () => {
    const { file } = page(24);
    const p = await browser.newPage();
    await p.goto(pathToFileURL(file).href);
    await p.locator('#scrub').fill('100');
    assert.equal((await state(p)).shot, 's02-001');
    assert.equal(await p.isVisible('#slate'), true);
    assert.match((await p.textContent('#slate-id'))!, /s02-001 — no frame yet/);
    await p.keyboard.press('Home');
    assert.equal((await state(p)).frame, '0');
    await p.keyboard.press('End');
    assert.equal((await state(p)).frame, String(143));
    await p.keyboard.press('Shift+ArrowLeft');
    assert.equal((await state(p)).frame, String(143 - 24));
    assert.equal(await p.isVisible('#frame'), false);
    await p.keyboard.press('Home');
    assert.equal(await p.isVisible('#frame'), true);
    await p.close();
  });

  it('toggles once per space press, even with the play button focused', async () => {
    const { file } = page(24);
    const p = await browser.newPage();
    await p.clock.install({ time: 0 });
    await p.goto(pathToFileURL(file).href);
    await p.click('#play');
    assert.equal((await state(p)).state, 'playing');
    await p.keyboard.press('Space');
    assert.equal((await state(p)).state, 'paused');
    await p.keyboard.press('Space');
    assert.equal((await state(p)).state, 'playing');
    await p.close();
  });

  it('locks the page down with a strict CSP and a nonce', () => {
    const html = toAnimatic(cutOf('t', 24, SHOTS), new Map());
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /img-src data:(;|$)/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    assert.match(csp, new RegExp(`style-src 'nonce-${nonce}'`));
    assert.ok(!/unsafe-eval|unsafe-inline/.test(csp));
    assert.equal([...html.matchAll(/<script nonce="([^"]+)">/g)].map((m) => m[1]).join(), nonce);
  });
});
