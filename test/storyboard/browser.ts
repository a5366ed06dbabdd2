/**
 * A real `filmcrew preview` process and a real headless Chromium (Debian's, driven by
 * playwright-core, nothing downloaded), for the storyboard's browser tests and bench.
 * Shared by mocha tests and the bench, so it registers no mocha hooks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

export const repoRoot = join(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

let appDir: Promise<string> | undefined;

/** The storyboard app bundled as scripts/build.mjs bundles it, into a temp folder (once per process). */
export function builtApp(): Promise<string> {
  appDir ??= (async () => {
    const out = mkdtempSync(join(tmpdir(), 'filmcrew-webview-'));
    await build({ entryPoints: [join(repoRoot, 'webview/main.ts')], outfile: join(out, 'main.js'), bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: true, logLevel: 'warning' });
    const codicons = join(repoRoot, 'node_modules/@vscode/codicons/dist');
    for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join(codicons, f), join(out, f));
    for (const f of ['theme.css', 'app.css']) cpSync(join(repoRoot, 'webview', f), join(out, f));
    return out;
  })();
  return appDir;
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Preview {
  url: string;
  output: string[];
  stop(): Promise<number | null>;
}

/** Runs `filmcrew preview <dir> --no-open` as its own process and waits for the URL it prints. */
export async function startPreviewProcess(dir: string, extraArgs: string[] = []): Promise<Preview> {
  const env = { ...process.env, FILMCREW_WEBVIEW_DIR: await builtApp(), CI: '1' };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'preview', dir, '--no-open', ...extraArgs], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  // Never outlive the test or bench that started it, even when that one crashes.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      process.off('exit', orphanGuard);
      r(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`filmcrew preview printed no URL:\n${output.join('')}`)), 30_000);
    const take = (chunk: Buffer) => {
      output.push(chunk.toString());
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    void exited.then((code) => reject(new Error(`filmcrew preview exited (${code}):\n${output.join('')}`)));
  });
  return {
    url,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** A folder for screenshots (git-ignored). */
export function artifactsDir(): string {
  const dir = join(repoRoot, 'test', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}
