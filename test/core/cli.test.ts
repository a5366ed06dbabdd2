import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { copyExample, git, repoRoot, tempDir } from '../support/fixtures';
import { IDENTITY, withGitConfig } from './git-config';

async function run(args: string[], cwd = repoRoot) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false, cwd, env: process.env };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function broken(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(repoRoot, 'test/fixtures/broken', name), dir, { recursive: true });
  return dir;
}

describe('filmcrew validate', () => {
  for (const name of ['files', 'crossrefs']) {
    it(`prints one sorted line per problem with its line for the ${name} fixture, and exits 1`, async () => {
      const dir = broken(name);
      const r = await run(['validate', dir]);
      assert.equal(r.code, 1);
      const lines = r.out.split('\n');
      const summary = lines.pop()!;
      const expected = readFileSync(join(dir, 'expected.txt'), 'utf8').trim().split('\n');
      assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 3).join(' ')).sort(), expected.sort());
      assert.deepEqual(lines, [...lines].sort((a, b) => a.split(':')[0]!.localeCompare(b.split(':')[0]!) || Number(a.split(':')[1]) - Number(b.split(':')[1])));
      assert.match(summary, /^\d+ errors?, \d+ warnings? in /);
      assert.doesNotMatch(r.out + r.err, /\n\s+at /);
    });
  }

  it('prints no problems for the example and exits 0', async () => {
    const r = await run(['validate', copyExample()]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /^No problems in “The Last Light”/);
  });

  it('prints the diagnostics as JSON with --json', async () => {
    const r = await run(['validate', broken('files'), '--json']);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as { errors: number; diagnostics: { file: string; line: number; code: string }[] };
    assert.equal(json.errors, json.diagnostics.filter((d) => (d as { severity?: string }).severity === 'error').length);
    assert.ok(json.diagnostics.some((d) => d.file === 'shots/s01-004.md' && d.line === 7 && d.code === 'schema'));
  });

  it('says a folder is not a production, and a missing folder is missing, without a stack trace', async () => {
    const notProduction = await run(['validate', broken('not-a-production')]);
    assert.equal(notProduction.code, 2);
    assert.match(notProduction.err, /not a filmcrew production[\s\S]*filmcrew init/);
    const missing = await run(['validate', join(tempDir(), 'nowhere')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /does not exist/);
    assert.doesNotMatch(notProduction.err + missing.err, /\n\s+at /);
  });

  it('runs as a real process and prints the same lines, never a stack trace', () => {
    const dir = broken('crossrefs');
    let stdout = '';
    let status = 0;
    try {
      stdout = execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'validate', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      status = err.status;
      stdout = err.stdout;
      assert.doesNotMatch(err.stderr, /\n\s+at /);
    }
    assert.equal(status, 1);
    assert.match(stdout, /^shots\/s01-002\.md:4:1 error unknown-scene `scene: s07` is not a scene of script\.fountain/m);
  });
});

describe('filmcrew status', () => {
  it('shows the stages with their gates, the artifact table and the problems', async () => {
    const r = await run(['status', copyExample()]);
    assert.equal(r.code, 0);
    assert.match(r.out, /^STAGE\s+GATE\s+STATE\s+WORK$/m);
    assert.match(r.out, /^Script\s+Script lock\s+ready\s+script\.fountain, 3 scenes$/m);
    assert.match(r.out, /^Shot breakdown\s+Shot list lock\s+waiting for Script lock/m);
    assert.match(r.out, /^agents\s+8/m);
    assert.match(r.out, /^Problems: none\.$/m);
  });

  it('lists problems of a broken production and prints JSON with --json', async () => {
    const dir = broken('crossrefs');
    const table = await run(['status', dir]);
    assert.match(table.out, /^Problems: 10 errors, 3 warnings$/m);
    assert.match(table.out, /more: run `filmcrew validate`/);
    const json = JSON.parse((await run(['status', dir, '--json'])).out) as { stages: { id: string }[]; problems: { errors: number } };
    assert.equal(json.stages.length, 7);
    assert.equal(json.problems.errors, 10);
  });

  it('says when the production is not in a git repository, and not when it is', async () => {
    const dir = copyExample();
    assert.match((await run(['status', dir])).out, /Not a git repository: locks and gates are commits/);
    git(dir, 'init', '-q');
    assert.doesNotMatch((await run(['status', dir])).out, /Not a git repository/);
  });

  it('says a folder is not a production', async () => {
    const r = await run(['status', broken('not-a-production')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /filmcrew init/);
  });
});

describe('filmcrew init', () => {
  it('starts a production that validates and has a clean git status', async () => {
    const dir = join(tempDir(), 'first-film');
    const r = await withGitConfig(IDENTITY, {}, () => run(['init', dir, '--title', 'First Film']));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Started “First Film”/);
    assert.match(r.out, /agents\/: 8 crew members/);
    assert.equal(git(dir, 'status', '--porcelain'), '');
    const v = await run(['validate', dir]);
    assert.equal(v.code, 0, v.out);
  });

  it('refuses to run over an existing production', async () => {
    const r = await run(['init', copyExample(), '--no-git']);
    assert.equal(r.code, 2);
    assert.match(r.err, /already a production/);
  });
});
