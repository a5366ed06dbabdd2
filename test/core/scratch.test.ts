/**
 * Scratch folders named for their process, and the sweep of those a finished process left, in a
 * temp folder of the test's own (TMPDIR) with real processes: one that has ended, one running.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LEFT_OVER_MS, makeScratch, makeScratchSync, sweepScratch, UNNAMED_LEFT_OVER_MS } from '../../src/core/scratch';
import { tempDir } from '../support/fixtures';

describe('scratch folders', () => {
  let tmp: string;
  const saved = process.env.TMPDIR;

  beforeEach(() => {
    tmp = tempDir();
    process.env.TMPDIR = tmp;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });

  /** A folder in the temp folder, last changed `ageMs` ago. */
  const folder = (name: string, ageMs: number) => {
    const path = join(tmp, name);
    mkdirSync(path);
    writeFileSync(join(path, 'clip.mp4'), 'x');
    const when = (Date.now() - ageMs) / 1000;
    utimesSync(path, when, when);
    return name;
  };

  it('are made in the temp folder, named for their kind and the process that made them', async () => {
    const clip = await makeScratch('clip');
    const profile = makeScratchSync('chromium');
    assert.equal(dirname(clip), tmp);
    assert.match(basename(clip), new RegExp(`^filmcrew-clip-${process.pid}-[A-Za-z0-9]{6}$`));
    assert.match(basename(profile), new RegExp(`^filmcrew-chromium-${process.pid}-[A-Za-z0-9]{6}$`));
  });

  it('are swept once their process is gone and they have been quiet an hour, and not before', async () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid;
    const running = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const hourAgo = LEFT_OVER_MS + 60_000;
      const gone = [folder(`filmcrew-clip-${ended}-aB3dE9`, hourAgo), folder(`filmcrew-chromium-${ended}-Zz9Yy8`, hourAgo), folder('filmcrew-pdf-Qw3Er4', UNNAMED_LEFT_OVER_MS + 60_000)];
      const kept = [
        folder(`filmcrew-clip-${running.pid}-aB3dE9`, hourAgo), // its process runs
        folder(`filmcrew-cut-${process.pid}-aB3dE9`, hourAgo), // this process's own
        folder(`filmcrew-clip-${ended}-Mn5Bv6`, 10 * 60_000), // its process is gone, but it changed ten minutes ago
        folder('filmcrew-cut-Lk8Jh7', hourAgo), // named before the pid was in the name, and not a day old
        folder('filmcrew-clips-of-mine', UNNAMED_LEFT_OVER_MS + 60_000), // not a scratch folder's name
        folder(`filmcrew-test-${ended}-aB3dE9`, hourAgo), // not a scratch kind
      ];
      writeFileSync(join(tmp, `filmcrew-clip-${ended}-Fi1e00`), 'a file, not a folder');
      utimesSync(join(tmp, `filmcrew-clip-${ended}-Fi1e00`), 0, 0);

      const removed = await sweepScratch();
      assert.deepEqual(removed.sort(), gone.sort());
      assert.deepEqual(readdirSync(tmp).sort(), [...kept, `filmcrew-clip-${ended}-Fi1e00`].sort());
      for (const name of kept) assert.ok(existsSync(join(tmp, name, 'clip.mp4')), `${name} is whole`);
    } finally {
      running.kill();
    }
  });

  it('sweeps what a killed process left when the next process makes its first folder', async function () {
    this.timeout(30_000);
    // A process that makes a clip folder and is killed before it can remove it.
    const script = `require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'filmcrew-clip-' + process.pid + '-')); setTimeout(() => {}, 60000)`;
    const killed = spawn(process.execPath, ['-e', script], { env: { ...process.env, TMPDIR: tmp } });
    let left: string | undefined;
    for (let i = 0; i < 400 && !left; i++) {
      await new Promise((r) => setTimeout(r, 25));
      left = readdirSync(tmp).find((n) => n.startsWith(`filmcrew-clip-${killed.pid}-`));
    }
    assert.ok(left, 'the killed process made its folder');
    const exited = new Promise((r) => killed.once('exit', r));
    killed.kill('SIGKILL');
    await exited;
    const old = (Date.now() - LEFT_OVER_MS - 60_000) / 1000;
    utimesSync(join(tmp, left), old, old);

    // The next process makes a folder of its own, as a clip does, and goes on with its work.
    const next = `require(${JSON.stringify(join(__dirname, '../../src/core/scratch.ts'))}).makeScratch('clip').then(() => setTimeout(() => {}, 1000))`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', next], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const names = readdirSync(tmp);
    assert.ok(!names.includes(left), `${left} is swept: ${names.join(', ')}`);
    assert.ok(names.some((n) => n.startsWith(`filmcrew-clip-${result.pid}-`)), 'the next process has its own folder');
  });
});
