/**
 * A production larger than the shell's screenful (300 shots, the shell carries 96 cards) in
 * headless Chromium against a real `filmcrew preview`: the first cards paint from the shell, every
 * other shot keeps its place as a pending card, and the rest arrives on the event stream. The
 * stream is held back (Playwright routes it only when the test says so), so each test sees the
 * board both before and after the rest has loaded.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SHELL_CARDS } from '../../src/core/storyboard/snapshot';
import { initRepo, tempDir } from '../support/fixtures';
import { artifactsDir, launchChromium, startPreviewProcess, type Preview } from './browser';
import { writeStoryboardProduction } from './production';

const SHOTS = 300;

interface Held {
  page: Page;
  problems: string[];
  /** Lets the event stream (and with it the rest of the cards) through. */
  release(): void;
}

/** A page whose event stream waits until `release()`; records page errors and CSP violations. */
async function openHeld(context: BrowserContext, url: string): Promise<Held> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.text().includes('Content Security Policy')) problems.push(`console: ${m.text()}`);
  });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/api/events*', async (route) => {
    await gate;
    await route.continue();
  });
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('storyboard:first-paint').length > 0);
  return { page, problems, release };
}

const card = (page: Page, id: string) => page.locator(`.card[data-shot="${id}"]`);
const hasMark = (page: Page, name: string) => page.evaluate((n) => performance.getEntriesByName(n).length > 0, name);
const scrollTo = (page: Page, y: number | 'end') => page.locator('.board').evaluate((b, y) => (b.scrollTop = y === 'end' ? b.scrollHeight : y), y);

describe('the storyboard of a production larger than its first screenful', function () {
  this.timeout(90_000);
  let browser: Browser;
  let context: BrowserContext;
  let dir: string;
  let ids: string[];
  let preview: Preview;
  const pages: Held[] = [];

  before(async () => {
    dir = join(tempDir(), 'film');
    ({ ids } = writeStoryboardProduction(dir, { shots: SHOTS, perScene: 10 }));
    initRepo(dir);
    [browser, preview] = await Promise.all([launchChromium(), startPreviewProcess(dir)]);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await preview?.stop();
  });

  afterEach(() => {
    for (const held of pages.splice(0)) {
      assert.deepEqual(held.problems, [], 'no CSP violation, page error or console error');
      void held.page.close();
    }
  });

  const open = async () => {
    const held = await openHeld(context, preview.url);
    pages.push(held);
    return held;
  };

  it('paints real cards from the shell, keeps every other shot’s place, and marks the paint a person sees', async () => {
    const { page, release } = await open();
    assert.equal(await hasMark(page, 'storyboard:complete'), false, 'the rest is held back');
    // The first cards are whole cards: id, camera, excerpt, frame.
    const first = await page.$$eval('.card:not(.pending)', (cards) => cards.map((c) => [(c as HTMLElement).dataset.shot, c.querySelector('.excerpt')?.textContent ?? '', !!c.querySelector('.frame img')]));
    assert.ok(first.length >= 10 && first.length <= SHELL_CARDS, `cards painted: ${first.length}`);
    assert.deepEqual(first.map(([id]) => id), ids.slice(0, first.length));
    for (const [id, excerpt, frame] of first) assert.ok(String(excerpt).includes('lantern flares amber') && frame, `${id}: ${excerpt}`);
    assert.match((await page.locator('.stats').textContent()) ?? '', new RegExp(`^${SHOTS} shots · loading`));
    const heightBefore = await page.locator('.board-canvas').evaluate((c) => c.getBoundingClientRect().height);

    // The mark is when the frame that drew the first cards was presented (Element Timing), not a callback before it.
    const timing = await page.evaluate(
      () =>
        new Promise<{ mark: number; card: number; snapshot: number }>((resolve) => {
          new PerformanceObserver((list, observer) => {
            const entry = list.getEntries().find((e) => (e as PerformanceEntry & { identifier: string }).identifier === 'card') as (PerformanceEntry & { renderTime: number }) | undefined;
            if (!entry) return;
            observer.disconnect();
            resolve({ mark: performance.getEntriesByName('storyboard:first-paint')[0]!.startTime, card: entry.renderTime, snapshot: performance.getEntriesByName('storyboard:snapshot')[0]!.startTime });
          }).observe({ type: 'element', buffered: true });
        }),
    );
    assert.ok(timing.card > 0 && Math.abs(timing.mark - timing.card) < 0.01, JSON.stringify(timing));
    assert.ok(timing.mark > timing.snapshot, JSON.stringify(timing));
    // The frames of those cards load after them, and are painted too.
    await page.waitForFunction(() => performance.getEntriesByName('storyboard:frames-painted').length > 0);
    const framesAt = await page.evaluate(() => performance.getEntriesByName('storyboard:frames-painted')[0]!.startTime);
    assert.ok(framesAt >= timing.mark, `frames painted at ${framesAt}, cards at ${timing.mark}`);
    // Every card drawn (those in view and the rows beyond) gets its frame.
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.card:not(.pending) .frame img')].every((i) => i.complete && i.naturalWidth > 0));
    await page.screenshot({ path: join(artifactsDir(), 'storyboard-first-paint.png') });

    release();
    await page.waitForFunction(() => performance.getEntriesByName('storyboard:complete').length > 0);
    await page.waitForFunction((n) => document.querySelector('.stats')?.textContent?.startsWith(`${n} shots · `) && !document.querySelector('.stats')?.textContent?.includes('loading'), SHOTS);
    assert.equal(await page.locator('.board-canvas').evaluate((c) => c.getBoundingClientRect().height), heightBefore, 'the board’s height did not move when the rest arrived');
  });

  it('reaches a card far down by scrolling before the rest has loaded, and fills it in place when it arrives', async () => {
    const { page, release } = await open();
    const last = ids[SHOTS - 1]!;
    await scrollTo(page, 'end');
    await card(page, last).waitFor();
    assert.equal(await card(page, last).getAttribute('class'), 'card pending');
    assert.equal(await card(page, last).locator('.shot-id').textContent(), last);
    const placed = await card(page, last).evaluate((c) => c.getBoundingClientRect().top);
    await page.screenshot({ path: join(artifactsDir(), 'storyboard-pending.png') });

    release();
    await card(page, last).locator('.excerpt').waitFor();
    assert.match((await card(page, last).locator('.excerpt').textContent()) ?? '', /beat 10 of scene 30 unfolds/);
    assert.equal(await card(page, last).evaluate((c) => c.getBoundingClientRect().top), placed, 'the card took the place kept for it');
    assert.equal(await page.locator('.card.pending').count(), 0);
    // After the rest has loaded, scrolling back and forth still finds it.
    await scrollTo(page, 0);
    await card(page, ids[0]!).locator('.excerpt').waitFor();
    await scrollTo(page, 'end');
    await card(page, last).locator('.excerpt').waitFor();
  });

  it('finds a late card by search typed before the rest has loaded, and again after', async () => {
    const { page, release } = await open();
    const target = 's28-007';
    const search = page.locator('vscode-textfield.search input');
    await search.fill('beat 7 of scene 28 ');
    await page.waitForFunction(() => document.querySelector('.shown-count')?.textContent?.includes('so far'));
    assert.equal(await page.locator('.shown-count').textContent(), `0 of ${SHOTS} shots so far`);
    assert.equal(await page.locator('.card').count(), 0, 'no pending card passes a search');

    release();
    await card(page, target).locator('.excerpt').waitFor();
    assert.equal(await page.locator('.shown-count').textContent(), `1 of ${SHOTS} shots`);
    assert.deepEqual(await page.$$eval('.card', (cards) => cards.map((c) => (c as HTMLElement).dataset.shot)), [target]);

    // After: a new search finds another late card at once.
    await search.fill('beat 3 of scene 29 ');
    await card(page, 's29-003').locator('.excerpt').waitFor();
    assert.equal(await page.locator('.shown-count').textContent(), `1 of ${SHOTS} shots`);
    await search.fill('');
    await card(page, ids[0]!).locator('.excerpt').waitFor();
  });

  it('shows a late card’s save: made while the rest is held back, and made after it loaded', async () => {
    const { page, release } = await open();
    const edit = (id: string, action: string) => {
      const path = join(dir, 'shots', `${id}.md`);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^action: .*$/m, `action: "${action}"`));
    };
    const shellVersion = async () => Number(/"version":(\d+)/.exec(await (await fetch(preview.url)).text())![1]);

    // Saved before the page has the rest: the whole snapshot it then takes has the new text.
    const before = await shellVersion();
    edit(ids[250]!, 'A gull lands on the rail before the rest arrives.');
    for (let i = 0; i < 100 && (await shellVersion()) === before; i++) await new Promise((r) => setTimeout(r, 50));
    release();
    await page.waitForFunction(() => performance.getEntriesByName('storyboard:complete').length > 0);
    await scrollTo(page, await page.evaluate(() => document.querySelector<HTMLElement>('.board')!.scrollHeight * (250 / 300) - 200));
    await page.waitForFunction((id) => document.querySelector(`.card[data-shot="${id}"] .excerpt`)?.textContent?.includes('gull lands on the rail'), ids[250]);

    // Saved after: a card not in the DOM shows it when scrolled to; a late card in view updates in place.
    edit(ids[120]!, 'The fog bell rings once, far off.');
    await scrollTo(page, 'end');
    const last = ids[SHOTS - 1]!;
    await card(page, last).locator('.excerpt').waitFor();
    edit(last, 'The last light goes out over the harbour.');
    await page.waitForFunction((id) => document.querySelector(`.card[data-shot="${id}"] .excerpt`)?.textContent?.includes('last light goes out'), last);
    await scrollTo(page, await page.evaluate(() => document.querySelector<HTMLElement>('.board')!.scrollHeight * (120 / 300) - 200));
    await page.waitForFunction((id) => document.querySelector(`.card[data-shot="${id}"] .excerpt`)?.textContent?.includes('fog bell rings'), ids[120]);
  });
});
