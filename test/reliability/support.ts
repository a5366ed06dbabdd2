/**
 * The reliability suite's shared parts: runs in their own processes (so they can be killed),
 * the checks that say a production is whole, and the figures it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactFromText } from '../../src/core/artifact/writer';
import { readLockfile } from '../../src/core/git/index';

export const PRICED_RUN = join(__dirname, 'fixtures', 'priced-run.ts');
export const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');

export interface Child {
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `node --import tsx <script> …args` and collects its output. */
export function start(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { process: child, exited };
}

/** Every file under `dir` (production-relative), `.git` left out. */
export function filesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    if (e.name === '.git') continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(dir, p));
    else out.push(p);
  }
  return out;
}

/**
 * What is broken in a production: markdown whose frontmatter does not read, a lock file that does
 * not parse, temp files left among the production's files (where `git add -A` would take them).
 */
export async function corruptFiles(dir: string): Promise<string[]> {
  const bad: string[] = [];
  for (const f of filesUnder(dir)) {
    if (f.startsWith('.filmcrew/')) continue;
    if (/\.tmp$|\.spare$/.test(f)) bad.push(`${f}: a temp file left behind`);
    else if (f.endsWith('.md') && !f.startsWith('agents/') && f !== 'README.md') {
      const { artifact, diagnostics } = artifactFromText(f, readFileSync(join(dir, f), 'utf8'));
      if (!artifact || diagnostics.some((d) => d.code === 'yaml-syntax' || d.code === 'frontmatter-missing')) bad.push(`${f}: does not read`);
    }
  }
  if (existsSync(join(dir, 'filmcrew.lock'))) {
    try {
      await readLockfile(dir);
    } catch (e) {
      bad.push(`filmcrew.lock: ${(e as Error).message}`);
    }
  }
  return bad;
}

/** Prints a figure of the suite, so CI logs and the closing note can quote it. */
export function figure(line: string): void {
  console.log(`      [reliability] ${line}`);
}
