/**
 * A production cloned from a stranger: symlinks to /dev/zero and /etc/passwd, a FIFO, a huge file,
 * self-referencing and exploding YAML aliases; `approve .git/config`. validate finishes (as a
 * process, with a time limit) with a diagnostic at file:line for each, approve refuses, nothing
 * outside the production is read or locked. And two runs at once: one works, one refuses.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExample, initRepo } from '../support/fixtures';
import { CLI, corruptFiles, figure, PRICED_RUN, start } from './support';

const SHOT = (id: string, extra: string) => `---\nkind: shot\nid: ${id}\nscene: s01\norder: 1\n${extra}\n---\nA shot.\n`;

describe('a hostile repository', () => {
  let dir: string;
  before(() => {
    dir = copyExample();
    mkdirSync(join(dir, 'shots'), { recursive: true });
    symlinkSync('/dev/zero', join(dir, 'shots/zero.md'));
    symlinkSync('/etc/passwd', join(dir, 'shots/passwd.md'));
    execFileSync('mkfifo', [join(dir, 'shots/fifo.md')]);
    writeFileSync(join(dir, 'shots/huge.md'), Buffer.alloc(17 * 1024 * 1024, 'a'));
    writeFileSync(join(dir, 'shots/cycle.md'), SHOT('cycle', 'characters: &a [*a]'));
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefghij'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`)].join('\n');
    writeFileSync(join(dir, 'shots/bomb.md'), SHOT('bomb', bomb));
    writeFileSync(join(dir, 'shots/complex.md'), SHOT('complex', '? [a, b]\n: a list as a key'));
    writeFileSync(join(dir, 'shots/tagged.md'), SHOT('tagged', 'note: !mystery text'));
    initRepo(dir, 'cloned');
  });

  it('validate finishes, with a diagnostic at file:line for every hostile file', () => {
    const started = performance.now();
    let out = '';
    try {
      out = execFileSync(process.execPath, ['--import', 'tsx', CLI, 'validate', dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string; signal?: string };
      assert.notEqual(err.signal, 'SIGTERM', 'validate hung');
      assert.equal(err.status, 1, err.stderr);
      out = err.stdout;
    }
    const ms = performance.now() - started;
    figure(`hostile validate: ${ms.toFixed(0)} ms, ${out.split('\n').length} lines`);
    assert.match(out, /^shots\/zero\.md:1:1 error file-unreadable .*outside the production \(to \/dev\/zero\)/m);
    assert.match(out, /^shots\/passwd\.md:1:1 error file-unreadable .*outside the production \(to \/etc\/passwd\)/m);
    assert.match(out, /^shots\/fifo\.md:1:1 error file-unreadable .*FIFO/m);
    assert.match(out, /^shots\/huge\.md:1:1 error file-unreadable .*over the 16 MB limit/m);
    assert.match(out, /^shots\/cycle\.md:6:\d+ error /m);
    assert.match(out, /^shots\/bomb\.md:\d+:\d+ error yaml-syntax /m);
    assert.doesNotMatch(out, /root:x:0:0/, 'nothing of /etc/passwd is shown');
  });

  it("says the YAML library's warnings as diagnostics at file:line, never as bare lines on stderr", () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'validate', dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    assert.notEqual(r.signal, 'SIGTERM', 'validate hung');
    assert.match(r.stdout, /^shots\/complex\.md:6:3 warning yaml-warning a key that is a list or map/m);
    assert.match(r.stdout, /^shots\/tagged\.md:6:\d+ warning yaml-warning YAML: .*mystery/m);
    assert.doesNotMatch(r.stderr, /Warning|Keys with collection values|Unresolved tag/, r.stderr);
  });

  it('approve refuses .git/config, a symlink out of the production and a FIFO, and locks nothing', () => {
    for (const target of ['.git/config', 'shots/passwd.md', 'shots/fifo.md', '../outside.md']) {
      let status = 0;
      let stderr = '';
      try {
        execFileSync(process.execPath, ['--import', 'tsx', CLI, 'approve', target, '--dir', dir], { encoding: 'utf8', timeout: 60_000, stdio: 'pipe' });
      } catch (e) {
        status = (e as { status: number }).status;
        stderr = (e as { stderr: string }).stderr;
      }
      assert.equal(status, 2, `${target}: ${stderr}`);
      assert.match(stderr, /\.git\/|outside the production|out of the production|not a regular file/, target);
    }
    assert.equal(existsSync(join(dir, 'filmcrew.lock')), false);
  });
});

describe('two runs at once', () => {
  it('one works, the other refuses at once with exit 5 naming the holder; nothing is corrupt', async function () {
    this.timeout(300_000);
    const dir = initRepo(copyExample(), 'The Last Light');
    const a = start(PRICED_RUN, [dir, join(dir, '..', 'a.log')]);
    // The second starts once the first holds the lock.
    while (!existsSync(join(dir, '.filmcrew/run.lock'))) await new Promise((r) => setTimeout(r, 10));
    const b = start(CLI, ['run', '--yes', dir]);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    figure(`two runs at once: exit codes ${ra.code} and ${rb.code}`);
    assert.equal(rb.code, 5, rb.stdout + rb.stderr);
    assert.match(rb.stderr, /cannot filmcrew run: filmcrew run \(pid \d+ on .+, started .+\) is working on this production/);
    assert.equal(ra.code, 0, ra.stdout + ra.stderr);
    assert.deepEqual(await corruptFiles(dir), []);
    assert.ok(readFileSync(join(dir, 'filmcrew.lock'), 'utf8').includes('shots/s01-001.md'), 'the winner\'s lock file is whole');
  });
});
