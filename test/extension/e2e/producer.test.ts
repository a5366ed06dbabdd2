/**
 * The producer in a real VS Code (code-server): `@producer` is in the Chat view, and its turn
 * (the same handler, producer-chat.ts) answers a status question and routes a note to casting
 * after the person confirms in a modal. Without a Copilot sign-in VS Code has no default language
 * model, and it refuses any chat participant's request before calling it ("Language model
 * unavailable"): so the turn is driven through Film Crew: Ask the Producer, which runs the same
 * handler in the extension host. Needs ./setup.sh (once); FILMCREW_SKIP_E2E=1 skips it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../../support/fixtures';
import { finishedExample } from '../../producer/support';
import { extensionLog, missingSetup, openWorkbench, packageExtension, runCommand, startCodeServer, type CodeServer } from './code-server';

const artifacts = join(repoRoot, 'test', 'artifacts');

describe('the producer in a real VS Code (code-server)', function () {
  this.timeout(600_000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let folder: string;

  const shot = (name: string) => page.screenshot({ path: join(artifacts, name) });
  const dialogButton = (label: string) => page.locator('.monaco-dialog-box .monaco-button', { hasText: label }).first();
  const preview = () => page.frameLocator('iframe.webview').last().frameLocator('iframe#active-frame');

  async function askTheProducer(message: string): Promise<void> {
    await runCommand(page, 'Film Crew: Ask the Producer');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(message);
    await input.press('Enter');
  }

  before(async function () {
    if (process.env.FILMCREW_SKIP_E2E === '1') this.skip();
    const missing = missingSetup();
    if (missing) throw new Error(missing);
    mkdirSync(artifacts, { recursive: true });
    folder = await finishedExample();
    server = await startCodeServer(packageExtension(), { 'filmcrew.provider': 'offline', 'chat.disableAIFeatures': false });
    ({ browser, page } = await openWorkbench(server, folder));
    for (let i = 0; i < 120 && !/production at .* loaded/.test(extensionLog(server)); i++) await page.waitForTimeout(500);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !server) return;
    await page?.screenshot({ path: join(artifacts, `failed-producer-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
    console.log(`      Film Crew log:\n${extensionLog(server)}`);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('has @producer in the Chat view, under its full name', async () => {
    await runCommand(page, 'Chat: Open Chat');
    const input = page.locator('.interactive-input-part .monaco-editor, .chat-input-container .monaco-editor').first();
    await input.waitFor({ timeout: 30_000 });
    await page.keyboard.type('@producer where are we?');
    await page.keyboard.press('Enter');
    await page.locator('.interactive-session', { hasText: 'Film Crew Producer' }).first().waitFor({ timeout: 30_000 });
    // Without a signed-in Copilot there is no default model: VS Code says so instead of calling the participant.
    await page.waitForTimeout(1500);
    await shot('producer-1-chat-view.png');
    await runCommand(page, 'View: Close Secondary Side Bar').catch(() => undefined);
  });

  it('answers a status question (Ask the Producer: the participant’s handler in the extension host)', async () => {
    await askTheProducer('Where are we?');
    const answer = preview().locator('body', { hasText: 'I have no model configured' });
    await answer.waitFor({ timeout: 60_000 });
    const text = await preview().locator('body').innerText();
    assert.match(text, /Shot breakdown: done, gate Shot list lock passed — 21 shots: 21 locked/);
    assert.match(text, /No open question from the crew\./);
    await shot('producer-2-status.png');
  });

  it('routes a continuity note to casting after the person confirms it', async () => {
    const feedback = join(folder, 'agents/casting/feedback.md');
    assert.ok(!existsSync(feedback));
    await askTheProducer("continuity: Mara's braid is loose in s02-001 but tied in s02-002");
    await dialogButton('Do it').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('.monaco-dialog-box').first().innerText(), /Add to agents\/casting\/feedback\.md: “Mara's braid is loose in s02-001 but tied in s02-002”/);
    await shot('producer-3-confirm.png');
    await dialogButton('Do it').click();
    for (let i = 0; i < 60 && !existsSync(feedback); i++) await page.waitForTimeout(500);
    assert.match(readFileSync(feedback, 'utf8'), /## \d{4}-\d{2}-\d{2} · note from the producer about s02-001\n\nMara's braid is loose in s02-001 but tied in s02-002/);
    await preview().locator('body', { hasText: 'Sent to casting' }).waitFor({ timeout: 30_000 });
    await shot('producer-4-routed.png');
  });
});
