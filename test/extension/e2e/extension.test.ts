/**
 * The extension in a real VS Code (code-server), driven by chromium: the trees populate, a run
 * with the offline provider fills the Review tree, a proposal approved from the tree becomes a
 * lock commit, and a broken shot file shows in the Problems panel. Screenshots go to
 * test/artifacts/. Needs ./setup.sh (once); FILMCREW_SKIP_E2E=1 skips it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyExample, git, initRepo, repoRoot } from '../../support/fixtures';
import { writeCrew } from '../../../src/core/production/init';
import { extensionLog, missingSetup, openWorkbench, packageExtension, runCommand, startCodeServer, type CodeServer } from './code-server';

const artifacts = join(repoRoot, 'test', 'artifacts');

describe('the Film Crew extension in a real VS Code (code-server)', function () {
  this.timeout(600_000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let folder: string;
  let vsixBytes = 0;

  const shot = (name: string) => page.screenshot({ path: join(artifacts, name) });
  const view = (name: string) => page.locator(`.pane:has(.pane-header[aria-label^="${name}"])`);
  const row = (pane: string, text: string | RegExp) => view(pane).locator('.monaco-list-row', { hasText: text }).first();
  const dialogButton = (label: string) => page.locator('.monaco-dialog-box .monaco-button', { hasText: label }).first();

  before(async function () {
    if (process.env.FILMCREW_SKIP_E2E === '1') this.skip();
    const missing = missingSetup();
    if (missing) throw new Error(missing);
    mkdirSync(artifacts, { recursive: true });
    const t0 = Date.now();
    const stamp = (what: string) => console.log(`      ${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const vsix = packageExtension();
    stamp('packaged');
    vsixBytes = (await import('node:fs')).statSync(vsix).size;
    server = await startCodeServer(vsix, { 'filmcrew.provider': 'offline' });
    stamp('code-server started');
    folder = copyExample('lighthouse');
    rmSync(join(folder, '.filmcrew'), { recursive: true, force: true });
    await writeCrew(folder);
    writeFileSync(join(folder, '.gitignore'), '.filmcrew/\n');
    initRepo(folder, 'The Last Light: script and crew');
    ({ browser, page } = await openWorkbench(server, folder));
    stamp('workbench open');
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !server) return;
    await page?.screenshot({ path: join(artifacts, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    console.log(`      Film Crew log:\n${extensionLog(server)}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('activates quickly and logs its activation time', async () => {
    let log = '';
    for (let i = 0; i < 120 && !/production at .* loaded/.test(log); i++) {
      await page.waitForTimeout(500);
      log = server ? extensionLog(server) : '';
    }
    const activated = /activated in ([\d.]+) ms \(bundle evaluated in ([\d.]+) ms/.exec(log);
    assert.ok(activated, `no activation line in the Film Crew log:\n${log}`);
    console.log(`      activation: ${activated[1]} ms in activate(), bundle evaluated in ${activated[2]} ms; .vsix ${(vsixBytes / 1024).toFixed(0)} KB`);
    assert.match(log, /production at .*lighthouse loaded/);
  });

  it('shows the production, crew and review trees', async () => {
    await page.locator('.activitybar [aria-label^="Film Crew"]').first().click();
    await row('Production', 'Stages').waitFor({ timeout: 30_000 });
    await row('Production', 'Script lock: open').waitFor();
    await row('Production', 'Shot list lock: blocked').waitFor();
    await row('Crew', "Director's assistant").waitFor();
    await row('Crew', 'Casting').waitFor();
    await page.locator('.statusbar-item', { hasText: 'Script' }).first().waitFor();
    await shot('1-trees.png');
  });

  it('runs the orchestrator with the offline provider and fills the Review tree', async () => {
    await runCommand(page, 'Film Crew: Run Orchestrator');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'All ready work' }).first().waitFor();
    await page.keyboard.press('Enter');
    // The script gate comes first: a modal asks before it is passed.
    await dialogButton('Pass Gate').waitFor({ timeout: 60_000 });
    await shot('2-gate-question.png');
    await dialogButton('Pass Gate').click();
    // The breakdown runs; then the shot list gate asks. Leave the shots for review: Cancel.
    await page.locator('.notifications-toasts, .notification-toast-container', { hasText: 'Film Crew' }).first().waitFor({ timeout: 60_000 }).catch(() => undefined);
    await dialogButton('Cancel').waitFor({ timeout: 120_000 });
    await shot('3-run-progress-and-gate.png');
    await dialogButton('Cancel').click();
    await row('Review', "directors-assistant").waitFor({ timeout: 60_000 });
    await row('Review', /shots\/s01-001\.md/).waitFor();
    await row('Production', 'Script lock: passed').waitFor({ timeout: 30_000 });
    // The run is over when the status bar shows the stage again instead of the run's progress.
    await page.locator('.statusbar-item', { hasText: 'Shot breakdown ·' }).first().waitFor({ timeout: 60_000 });
    await shot('4-review-filled.png');
  });

  it('approves a proposal from the Review tree and git log shows the lock commit', async () => {
    const target = row('Review', /shots\/s01-001\.md/);
    await target.hover();
    const action = target.locator('.action-label[aria-label="Approve & Lock"]');
    await action.waitFor();
    await action.click();
    let log = '';
    for (let i = 0; i < 60 && !/Filmcrew-Lock: shots\/s01-001\.md/.test(log); i++) {
      await page.waitForTimeout(500);
      log = git(folder, 'log', '--format=%H %s%n%b');
    }
    assert.match(log, /Filmcrew-Lock: shots\/s01-001\.md/);
    assert.match(log, /Approved-by: Test Director <director@example\.invalid>/);
    await page.locator('.notification-toast', { hasText: 'Locked shots/s01-001.md' }).first().waitFor({ timeout: 15_000 });
    await view('Review').locator('.monaco-list-row', { hasText: 'shots/s01-001.md' }).waitFor({ state: 'detached', timeout: 30_000 });
    await shot('5-approved.png');
  });

  it('shows a broken shot file in the Problems panel once it is saved', async () => {
    await runCommand(page, 'Go to File');
    await page.keyboard.type('s01-002.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 's01-002.md' }).first().waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('scene: [unclosed\n');
    await page.keyboard.press('Control+S');
    await runCommand(page, 'View: Focus Problems');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /s01-002|yaml|YAML/ }).first();
    await problem.waitFor({ timeout: 30_000 });
    await shot('6-problems.png');
  });

  it('shows CodeLens actions on a proposed shot file', async () => {
    await runCommand(page, 'Go to File');
    await page.keyboard.type('s01-003.md');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 's01-003.md' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.codelens-decoration', { hasText: 'Approve & Lock' }).first().waitFor({ timeout: 30_000 });
    await page.locator('.codelens-decoration', { hasText: 'Open in Storyboard' }).first().waitFor();
  });

  it('opens the storyboard beside the editor on the shot being edited', async () => {
    await runCommand(page, 'View: Toggle Panel Visibility');
    await runCommand(page, 'Film Crew: Open Storyboard');
    // Webviews are nested: the workbench's iframe.webview, then the page's own iframe#active-frame.
    const app = page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await app.locator('[data-shot="s01-001"]').waitFor({ timeout: 60_000 });
    // It follows the editor: the shot open in it (s01-003) is the selected card.
    await app.locator('[data-shot="s01-003"].selected').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    await shot('7-storyboard.png');
  });
});
