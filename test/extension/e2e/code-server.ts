/**
 * A real VS Code for the end-to-end test: code-server from npm (installed by ./setup.sh under
 * test/.cache/, built for Node 24), started on loopback with the packaged .vsix installed, and
 * Debian's chromium driven by playwright-core.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot, tempDir } from '../../support/fixtures';

const cache = join(repoRoot, 'test', '.cache');
const entry = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const nodeFile = join(cache, 'code-server.node');
export const CHROMIUM = '/usr/bin/chromium';

/** Why the e2e test cannot run here, or undefined when code-server and chromium are installed. */
export function missingSetup(): string | undefined {
  if (!existsSync(entry) || !existsSync(nodeFile)) {
    return 'code-server is not installed: run test/extension/e2e/setup.sh once (about 2 minutes; cached in test/.cache/), or set FILMCREW_SKIP_E2E=1 to skip the real-VS-Code test.';
  }
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: run test/extension/e2e/setup.sh (it installs Debian's chromium).`;
  return undefined;
}

function node24(): string {
  return readFileSync(nodeFile, 'utf8').trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Packages the extension into a .vsix (production bundle), as `npm run package` does: staged in a
 * temp folder so vsce does not walk node_modules and test/.cache.
 */
export function packageExtension(): string {
  const stage = tempDir('filmcrew-vsix-');
  const out = join(stage, 'filmcrew.vsix');
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--production'], { cwd: repoRoot, stdio: 'pipe' });
  const files = join(stage, 'extension');
  for (const f of ['package.json', 'README.md', '.vscodeignore', 'dist', 'media']) cpSync(join(repoRoot, f), join(files, f), { recursive: true });
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '--out', out],
    { cwd: files, stdio: 'pipe' },
  );
  return out;
}

/** Packages a plain extension folder (no build step) into a .vsix. */
export function packageFolder(folder: string): string {
  const out = join(tempDir('filmcrew-vsix-'), 'extension.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: folder, stdio: 'pipe' });
  return out;
}

export interface CodeServer {
  url: string;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Installs the .vsix into a fresh extensions folder and starts code-server on a free loopback port. */
export async function startCodeServer(vsix: string | string[], settings: Record<string, unknown> = {}): Promise<CodeServer> {
  const base = tempDir('filmcrew-code-server-');
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.ignoreRecommendations': true,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'git.openRepositoryInParentFolders': 'never',
        'window.commandCenter': false,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...settings,
      },
      null,
      2,
    ),
  );
  // --config: code-server otherwise writes a config file into the user's home.
  const common = ['--config', join(base, 'config.yaml'), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const v of [vsix].flat()) execFileSync(node24(), [entry, ...common, '--install-extension', v, '--force'], { stdio: 'pipe', timeout: 120_000 });

  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(
    node24(),
    [entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATH: `${join(node24(), '..')}:${process.env.PATH}` } },
  );
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    userDataDir,
    extensionsDir,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Opens a folder in the workbench in headless chromium and waits for the workbench to be ready. */
export async function openWorkbench(server: CodeServer, folder: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({ viewport: { width: 1500, height: 950 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  return { browser, page };
}

/** Runs a command by its palette title (e.g. `Film Crew: Run Orchestrator`). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForTimeout(150);
  await input.press('Enter');
}

/** Every file under dir whose name matches, recursively. */
export function findFiles(dir: string, name: RegExp): string[] {
  const found: string[] = [];
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) found.push(...findFiles(p, name));
    else if (name.test(entry)) found.push(p);
  }
  return found;
}

/** The "Film Crew" log output channel as written to disk by the extension host. */
export function extensionLog(server: CodeServer): string {
  return findFiles(join(server.userDataDir, 'logs'), /Film Crew\.log$/)
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}
