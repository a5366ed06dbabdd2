/**
 * The storyboard in headless Chromium against a real `filmcrew preview` process on a production
 * in a temp folder (real files, real git).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadProduction } from '../../src/core/production/load';
import { storyboardSnapshot } from '../../src/core/storyboard/snapshot';
import { copyExample, git, initRepo, tempDir, writeFiles } from '../support/fixtures';
import { artifactsDir, launchChromium, repoRoot, startPreviewProcess, type Preview } from './browser';
import { shotFile, writeStoryboardProduction } from './production';

const SHOTS = 40;

interface Watched {
  page: Page;
  dialogs: string[];
  problems: string[];
}

/** A page that records every dialog, CSP violation, page error and console error. */
async function openPage(context: BrowserContext, url: string): Promise<Watched> {
  const page = await context.newPage();
  const dialogs: string[] = [];
  const problems: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.text().includes('Content Security Policy')) problems.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__reportViolation', (v: string) => problems.push(`csp: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation(v: string): void }).__reportViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  await page.waitForSelector('.card');
  return { page, dialogs, problems };
}

/** Ids of the cards on screen, in reading order (top to bottom, left to right). */
function cardsInReadingOrder(page: Page): Promise<string[]> {
  return page.$$eval('.card[data-shot]', (cards) =>
    cards
      .map((c) => ({ id: (c as HTMLElement).dataset.shot!, r: c.getBoundingClientRect() }))
      .sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left)
      .map((c) => c.id),
  );
}

const card = (page: Page, id: string) => page.locator(`.card[data-shot="${id}"]`);

describe('the storyboard in a browser (filmcrew preview)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;
  let ids: string[];
  let durations: number[];
  let preview: Preview;
  let watched: Watched;

  before(async () => {
    dir = join(tempDir(), 'film');
    ({ ids, durations } = writeStoryboardProduction(dir, {
      shots: SHOTS,
      extra: {
        // Made by the crew: a rejection has a role to go to.
        'shots/s01-004.md': shotFile({ id: 's01-004', scene: 's01', order: 4, act: 'act1', size: 'MCU', angle: 'overhead', movement: 'handheld', lens: '85mm', duration: 3.5, characters: [], location: 'Rocky beach', action: 'The lantern gutters.', status: 'proposed' }).replace(
          'status: proposed',
          'status: proposed\nprovenance:\n  run: r1\n  task: breakdown\n  role: directors-assistant\n  model: offline\n  provider: offline\n  inputs: {}',
        ),
      },
    }));
    initRepo(dir);
    [browser, preview] = await Promise.all([launchChromium(), startPreviewProcess(dir)]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    watched = await openPage(context, preview.url);
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    const code = await preview?.stop();
    assert.equal(code, 0, `filmcrew preview stops cleanly on SIGTERM:\n${preview?.output.join('')}`);
  });

  afterEach(function () {
    assert.deepEqual(watched.problems, [], 'no CSP violation, page error or console error');
    assert.deepEqual(watched.dialogs, []);
  });

  it('shows the shots as cards in sequence order, each with its frame loaded', async () => {
    const { page } = watched;
    // The first cards' frames load right after the cards' first paint, then the board fills the
    // view and beyond; cards the host's stream filled in load theirs as they come (a slow machine
    // may still be decoding them).
    await page.waitForFunction(() => performance.getEntriesByName('storyboard:frames-painted').length > 0);
    const shown = await cardsInReadingOrder(page);
    assert.ok(shown.length >= 10, `cards in view: ${shown.length}`);
    assert.deepEqual(shown, ids.slice(0, shown.length));
    const loaded = () => [...document.querySelectorAll<HTMLImageElement>('.card img')].map((i) => [i.complete && !!i.getAttribute('src'), i.naturalWidth] as const);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.card img')].every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 10_000 }).catch(() => undefined);
    const frames = await page.evaluate(loaded);
    assert.ok(frames.length === shown.length && frames.every(([done, w]) => done && Number(w) > 0), JSON.stringify(frames));
    assert.equal(await page.locator('.act-header h2').first().textContent(), 'ACT ONE');
    await page.screenshot({ path: join(artifactsDir(), 'storyboard-light.png') });
  });

  it('renders only the rows in view and reaches the last shot by scrolling', async () => {
    const { page } = watched;
    assert.ok((await page.locator('.card').count()) < SHOTS, 'virtualized: not every card is in the DOM');
    await page.locator('.board').evaluate((b) => (b.scrollTop = b.scrollHeight));
    await card(page, ids[SHOTS - 1]!).waitFor();
    const shown = await cardsInReadingOrder(page);
    assert.deepEqual(shown, ids.slice(SHOTS - shown.length));
    await page.locator('.board').evaluate((b) => (b.scrollTop = 0));
    await card(page, ids[0]!).waitFor();
  });

  it('filters the board by character', async () => {
    const { page } = watched;
    const select = page.locator('vscode-single-select[data-filter="character"]');
    await select.click();
    await page.getByRole('option', { name: 'JONAH', exact: true }).click();
    await page.waitForFunction(() => document.querySelector('.shown-count')?.textContent?.includes(' of '));
    const expected = ids.filter((_, i) => [['MARA'], ['MARA', 'JONAH'], ['JONAH'], []][i % 4]!.includes('JONAH'));
    assert.equal(await page.locator('.shown-count').textContent(), `${expected.length} of ${SHOTS} shots`);
    const shown = await cardsInReadingOrder(page);
    assert.deepEqual(shown, expected.slice(0, shown.length));
    for (const who of await page.locator('.card .who').allTextContents()) assert.match(who, /JONAH/);
    await page.locator('.clear-filters').click();
    await page.waitForFunction(() => document.querySelector('.shown-count')?.textContent === '');
    assert.deepEqual(await cardsInReadingOrder(page), ids.slice(0, (await cardsInReadingOrder(page)).length));
  });

  it('moves between cards with the arrow keys', async () => {
    const { page } = watched;
    await card(page, ids[0]!).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('.card.selected').getAttribute('data-shot'), ids[2]);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.locator('.card.selected').getAttribute('data-shot'), ids[1]);
  });

  it('updates a card when its shot file is saved on disk', async () => {
    const { page } = watched;
    const path = join(dir, 'shots', `${ids[0]}.md`);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^action: .*$/m, 'action: "The lamp room floods with amber light."').replace(/^duration: .*$/m, 'duration: 6'));
    await page.waitForFunction((id) => document.querySelector(`.card[data-shot="${id}"] .excerpt`)?.textContent?.includes('floods with amber'), ids[0]);
    assert.equal(await card(page, ids[0]!).locator('.duration').textContent(), '6s');
    durations[0] = 6;
  });

  it('approves a shot from its card with a lock commit', async () => {
    const { page } = watched;
    const id = ids[1]!;
    await card(page, id).locator('[data-action="approve"]').click();
    await page.waitForFunction((id) => document.querySelector('.status-line')?.textContent?.includes(`Locked ${id}`), id);
    const message = git(dir, 'log', '-1', '--format=%B');
    assert.match(message, new RegExp(`^Filmcrew-Lock: shots/${id}\\.md$`, 'm'));
    assert.match(message, new RegExp(`^Filmcrew-Lock: media/frames/${id}\\.svg$`, 'm'));
    assert.match(message, /^Approved-by: Test Director <director@example\.invalid>$/m);
    await card(page, id).locator('.badge[data-status="locked"]').waitFor();
  });

  it('approves the selected shot with the `a` key', async () => {
    const { page } = watched;
    const id = ids[2]!;
    await card(page, id).click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('a');
    // The answer comes after the commit; the card may turn locked a moment before (the file is written first).
    await page.waitForFunction((id) => document.querySelector('.status-line')?.textContent?.includes(`Locked ${id}`), id);
    await card(page, id).locator('.badge[data-status="locked"]').waitFor();
    assert.match(git(dir, 'log', '-1', '--format=%B'), new RegExp(`^Filmcrew-Lock: shots/${id}\\.md$`, 'm'));
  });

  it('rejects a shot with a note that goes to the role that made it', async () => {
    const { page } = watched;
    await card(page, 's01-004').locator('[data-action="reject"]').click();
    await page.locator('dialog.reject-dialog vscode-textarea').click();
    await page.keyboard.type('Wider: let the sea in behind her.');
    await page.locator('dialog.reject-dialog [data-dialog="send"]').click();
    await card(page, 's01-004').locator('.badge[data-status="rejected"]').waitFor();
    // The answer comes after every write (the card may turn rejected as soon as the shot file is written).
    await page.waitForFunction(() => document.querySelector('.status-line')?.textContent?.includes('Rejected s01-004'));
    assert.match(readFileSync(join(dir, 'agents/directors-assistant/feedback.md'), 'utf8'), /Wider: let the sea in behind her\./);
  });

  it('chooses an asset option on the asset page with a lock commit', async () => {
    const { page } = watched;
    await page.keyboard.press('2');
    const options = page.locator('.asset-detail figure.option');
    await options.first().waitFor();
    assert.equal(await options.count(), 4, 'the four options side by side');
    const tops = await options.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, 'in one row');
    await page.locator('.option[data-option="c"] vscode-button[data-choose]').click();
    await page.locator('.option.chosen[data-option="c"]').waitFor();
    await page.waitForFunction(() => document.querySelector('.status-line')?.textContent?.includes('Chose c'));
    assert.match(git(dir, 'log', '-1', '--format=%B'), /^Filmcrew-Lock: characters\/mara\.md$/m);
    assert.match(readFileSync(join(dir, 'characters/mara.md'), 'utf8'), /^chosen: c$/m);
    await page.screenshot({ path: join(artifactsDir(), 'storyboard-assets.png') });
    await page.keyboard.press('1');
  });

  it('follows a dark system theme when hosted outside VS Code', async () => {
    const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    const page = await dark.newPage();
    await page.goto(preview.url);
    await page.waitForSelector('.card img');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(31, 31, 31)', 'Dark Modern editor background');
    await page.screenshot({ path: join(artifactsDir(), 'storyboard-dark.png') });
    await dark.close();
  });

  it('plays the animatic through in the sum of the shots’ durations', async () => {
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(preview.url);
    await page.waitForSelector('.card');
    await page.keyboard.press('3');
    const total = durations.reduce((a, b) => a + b, 0);
    assert.equal(Number(await page.locator('.animatic').getAttribute('data-total')), total);
    await page.evaluate(() => {
      const seen: string[] = [];
      const player = document.querySelector<HTMLElement>('.animatic')!;
      new MutationObserver(() => {
        if (seen[seen.length - 1] !== player.dataset.shot) seen.push(player.dataset.shot!);
      }).observe(player, { attributes: true, attributeFilter: ['data-shot'] });
      (window as unknown as { __seen: string[] }).__seen = seen;
    });
    await page.locator('.animatic').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    assert.equal(await page.locator('.animatic').getAttribute('data-state'), 'playing');
    await page.clock.runFor((total - 0.5) * 1000);
    assert.equal(await page.locator('.animatic').getAttribute('data-state'), 'playing', 'still playing half a second before the end');
    await page.clock.runFor(1000);
    assert.equal(await page.locator('.animatic').getAttribute('data-state'), 'ended');
    assert.equal(Number(await page.locator('.animatic').getAttribute('data-time')), total);
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    assert.deepEqual(seen, ids.slice(1), 'every shot after the first, in order');
    assert.equal(await page.locator('.animatic').getAttribute('data-shot'), ids[SHOTS - 1]);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.screenshot({ path: join(artifactsDir(), 'storyboard-animatic.png') });
    await page.close();
  });

  it('keeps the view, the filters and the selected shot across a reload', async () => {
    const page = await context.newPage();
    await page.goto(preview.url);
    await page.waitForSelector('.card');
    await card(page, ids[4]!).click({ position: { x: 20, y: 20 } });
    await page.locator('vscode-single-select[data-filter="act"]').click();
    await page.getByRole('option', { name: 'ACT ONE', exact: true }).click();
    await page.waitForTimeout(400); // the state is saved 150 ms after the last change
    await page.reload();
    await page.waitForSelector('.card.selected');
    assert.equal(await page.locator('.card.selected').getAttribute('data-shot'), ids[4]);
    assert.match(await page.locator('.shown-count').textContent() ?? '', / of 40 shots$/);
    await page.close();
  });
});

describe('the storyboard of the example production after a real offline run', function () {
  this.timeout(240_000);

  it('shows every shot the crew broke down, in sequence order, with the frame the storyboard artist drew', async () => {
    const dir = copyExample('lighthouse');
    initRepo(dir);
    execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'run', dir, '--yes'], { cwd: repoRoot, env: { ...process.env, CI: '1' }, stdio: 'pipe' });
    const production = await loadProduction(dir, { persistentIndex: false });
    const expected = storyboardSnapshot(production, { mediaUrl: (rel) => rel }).shots;
    assert.ok(expected.length > 5, `the breakdown wrote shots (${expected.length})`);
    const [browser, preview] = await Promise.all([launchChromium(), startPreviewProcess(dir)]);
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
      const { page, problems } = await openPage(context, preview.url);
      await page.waitForFunction((n) => document.querySelectorAll('.card img').length >= n, Math.min(expected.length, 15));
      // Frames decode after their cards are drawn (a busy machine takes its time): wait for every one
      // in view, and fail below, on the count, if one never comes.
      await page
        .waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.card img')].every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 10_000 })
        .catch(() => undefined);
      // The cards and their frames read at one moment: the host's stream may still be adding cards.
      const cards = await page.$$eval('.card[data-shot]', (all) =>
        all
          .map((c) => ({ id: (c as HTMLElement).dataset.shot!, r: c.getBoundingClientRect(), width: c.querySelector('img')?.naturalWidth ?? 0 }))
          .sort((a, b) => a.r.top - b.r.top || a.r.left - b.r.left),
      );
      const shown = cards.map((c) => c.id);
      assert.deepEqual(shown, expected.map((c) => c.id).slice(0, shown.length));
      const missing = cards.filter((c) => !(c.width > 0)).map((c) => c.id);
      assert.deepEqual(missing, [], 'every card in view shows its frame');
      await page.keyboard.press('3');
      const total = expected.reduce((t, c) => t + c.duration, 0);
      assert.equal(Number(await page.locator('.animatic').getAttribute('data-total')), Math.round(total * 1000) / 1000);
      assert.deepEqual(problems, []);
    } finally {
      await browser.close();
      await preview.stop();
    }
  });
});

describe('the storyboard shows hostile text as text', function () {
  this.timeout(60_000);
  const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>';

  it('renders HTML and script payloads from every field literally and runs none of them', async () => {
    const dir = join(tempDir(), 'film');
    writeStoryboardProduction(dir, { shots: 3 });
    writeFiles(dir, {
      'shots/s01-002.md': [
        '---',
        'kind: shot',
        'id: s01-002',
        'scene: s01',
        'order: 2',
        'act: act1',
        `size: ${JSON.stringify(payload)}`,
        `angle: ${JSON.stringify('"><svg onload=alert(3)>')}`,
        'duration: 2',
        `characters: [${JSON.stringify('<b onmouseover=alert(4)>EVIL</b>')}]`,
        `location: ${JSON.stringify('</style><script>alert(5)</script>')}`,
        `action: ${JSON.stringify(payload)}`,
        'dialogue:',
        `  - character: ${JSON.stringify('<i>MARA</i>')}`,
        `    line: ${JSON.stringify('javascript:alert(6)')}`,
        `frame: ${JSON.stringify('javascript:alert(7)')}`,
        'status: draft',
        '---',
        '',
      ].join('\n'),
      'characters/mara.md': readFileSync(join(dir, 'characters/mara.md'), 'utf8').replace('name: MARA', `name: ${JSON.stringify(payload)}`),
    });
    writeFileSync(join(dir, 'production.md'), readFileSync(join(dir, 'production.md'), 'utf8').replace('title: The Last Light', `title: ${JSON.stringify(payload)}`));
    initRepo(dir);
    const [browser, preview] = await Promise.all([launchChromium(), startPreviewProcess(dir)]);
    try {
      const context = await browser.newContext();
      const { page, dialogs, problems } = await openPage(context, preview.url);
      const evil = card(page, 's01-002');
      await evil.waitFor();
      assert.equal(await evil.locator('.excerpt .action').textContent(), payload);
      assert.equal(await evil.locator('.who').textContent(), '<b onmouseover=alert(4)>EVIL</b> · </style><script>alert(5)</script>');
      assert.match((await evil.locator('.camera').textContent()) ?? '', /^<img src=x onerror=alert\(1\)>/);
      assert.equal(await page.locator('.title').textContent(), payload);
      await evil.hover();
      await page.keyboard.press('2');
      await page.locator('.asset-header h2').waitFor();
      assert.equal(await page.locator('.asset-header h2').textContent(), payload);
      await page.keyboard.press('3');
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.locator('.stage-caption').textContent(), '<i>MARA</i>: javascript:alert(6)');
      // Whatever rendered must have been text: no element the payloads describe, one script only.
      assert.equal(await page.locator('img[src="x"], svg[onload], b[onmouseover], i').count(), 0);
      assert.equal(await page.locator('script').count(), 1);
      await page.waitForTimeout(300);
      assert.deepEqual(dialogs, [], 'no dialog opened');
      assert.deepEqual(problems, [], 'no CSP violation or error');
      await page.screenshot({ path: join(artifactsDir(), 'storyboard-hostile.png') });
    } finally {
      await browser.close();
      await preview.stop();
    }
  });
});
