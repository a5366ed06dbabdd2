/**
 * The producer in a real VS Code (code-server): `@producer` in the Chat view answers a status
 * question and routes a note to casting after the person confirms in a modal; the Ask the
 * Producer command runs the same turn. VS Code hands a chat participant a request only with a
 * language model (Copilot's default, or one the person picked; else "Language model
 * unavailable"), so a test extension (./chat-model) registers one through `vscode.lm` and the
 * chat is opened with it; the producer answers from rules (`filmcrew.provider: offline`).
 * Needs ./setup.sh (once); FILMCREW_SKIP_E2E=1 skips it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { repoRoot } from '../../support/fixtures';
import { finishedExample } from '../../producer/support';
import { extensionLog, missingSetup, openWorkbench, packageExtension, packageFolder, runCommand, startCodeServer, type CodeServer } from './code-server';

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
    server = await startCodeServer([packageExtension(), packageFolder(join(repoRoot, 'test/extension/e2e/chat-model'))], { 'filmcrew.provider': 'offline', 'chat.disableAIFeatures': false });
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

  /** Types a message to @producer in the Chat view's input and sends it. */
  async function chatWithProducer(message: string): Promise<void> {
    const input = page.locator('.interactive-input-part .monaco-editor').first();
    await input.waitFor({ timeout: 30_000 });
    await input.click();
    // @producer is sticky: after the first turn the input starts with it; type the whole line anew.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(`@producer ${message}`);
    await page.keyboard.press('Enter');
  }
  /** The newest response in the Chat view. */
  const lastResponse = () => page.locator('.interactive-item-container.interactive-response').last();

  it('@producer answers a status question in the Chat view', async () => {
    await runCommand(page, 'Film Crew e2e: Chat with the E2E Model');
    await page.locator('.interactive-input-part', { hasText: 'E2E Model' }).waitFor({ timeout: 30_000 });
    await chatWithProducer('where are we?');
    await lastResponse().filter({ hasText: 'No open question from the crew.' }).waitFor({ timeout: 60_000 });
    const text = await lastResponse().innerText();
    assert.match(text, /Film Crew Producer/);
    assert.match(text, /I have no model configured/);
    assert.match(text, /- Shot breakdown: done, gate Shot list lock passed — 21 shots: 21 locked/);
    assert.doesNotMatch(text, /Language model unavailable/);
    await shot('producer-1-chat-status.png');
  });

  it('@producer routes a continuity note to casting in the Chat view after the person confirms it', async () => {
    const feedback = join(folder, 'agents/casting/feedback.md');
    assert.ok(!existsSync(feedback));
    await chatWithProducer("continuity: Mara's braid is loose in s02-001 but tied in s02-002");
    await dialogButton('Do it').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('.monaco-dialog-box').first().innerText(), /Add to agents\/casting\/feedback\.md: “Mara's braid is loose in s02-001 but tied in s02-002”/);
    assert.ok(!existsSync(feedback), 'nothing is written before the person confirms');
    await shot('producer-2-chat-confirm.png');
    await dialogButton('Do it').click();
    await lastResponse().filter({ hasText: 'Sent to casting' }).waitFor({ timeout: 30_000 });
    assert.match(readFileSync(feedback, 'utf8'), /## \d{4}-\d{2}-\d{2} · note from the producer about s02-001\n\nMara's braid is loose in s02-001 but tied in s02-002/);
    await shot('producer-3-chat-routed.png');
    await runCommand(page, 'View: Close Secondary Side Bar').catch(() => undefined);
  });

  it('answers a status question (Ask the Producer: the participant’s handler in the extension host)', async () => {
    await askTheProducer('Where are we?');
    const answer = preview().locator('body', { hasText: 'I have no model configured' });
    await answer.waitFor({ timeout: 60_000 });
    const text = await preview().locator('body').innerText();
    assert.match(text, /Shot breakdown: done, gate Shot list lock passed — 21 shots: 21 locked/);
    assert.match(text, /No open question from the crew\./);
    await shot('producer-4-command-status.png');
  });
});
