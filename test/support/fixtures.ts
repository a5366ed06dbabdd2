/**
 * Test fixtures on real files and real git: temp folders, a copy of an example production,
 * a git repository with a local identity (CI machines have no global one).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');
export const examplesDir = join(repoRoot, 'examples');

const made: string[] = [];

/** A fresh temp folder, removed after the whole test run. */
export function tempDir(prefix = 'filmcrew-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/**
 * Copies examples/<name> into a temp folder and returns the copy's path. The copy's picture is
 * 320x180 unless `fullSize`: the offline clips and the rough cut render at production.md's
 * resolution, and the tests that run the whole spine check frames, timing and files, not pixels
 * (the clip tests make their own productions and check size and rate with ffprobe).
 */
export function copyExample(name = 'lighthouse', { fullSize = false } = {}): string {
  const dir = join(tempDir(), name);
  cpSync(join(examplesDir, name), dir, { recursive: true });
  if (!fullSize) {
    const file = join(dir, 'production.md');
    const text = readFileSync(file, 'utf8');
    if (text.includes('resolution: 1920x1080')) writeFileSync(file, text.replace('resolution: 1920x1080', 'resolution: 320x180'));
  }
  return dir;
}

/** Writes files (path → content) under dir, creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** `git init` with a local identity and everything committed. */
export function initRepo(dir: string, message = 'initial'): string {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test Director');
  git(dir, 'config', 'user.email', 'director@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return dir;
}

after(function () {
  this.timeout(120_000); // hundreds of temp productions on a busy machine
  if (process.env.FILMCREW_KEEP_TMP) return;
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});
