/**
 * A lock commit killed at each of its steps: the next command finds the production whole, as if
 * the commit had landed entirely or not at all — the files on disk, the branch, the lock file and
 * git's index agree — and approving again locks what was asked.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gateState } from '../../src/core/git/index';
import { git, initRepo, tempDir, writeFiles } from '../support/fixtures';
import { CLI, start } from './support';

const SHOTS = ['s01-001', 's01-002', 's01-003'];

function production(): string {
  const dir = tempDir();
  const files: Record<string, string> = {
    'production.md': '---\nkind: production\ntitle: Crash\n---\n',
    'script.fountain': 'INT. ROOM - NIGHT\n\nA lamp.\n',
  };
  for (const [i, id] of SHOTS.entries()) {
    files[`shots/${id}.md`] = `---\nkind: shot\nid: ${id}\nscene: s01\norder: ${i + 1}\nsize: WS\nduration: 2\nstatus: proposed\n---\n\nThe lamp, ${i}.\n`;
  }
  writeFiles(dir, files);
  return initRepo(dir);
}

async function cli(dir: string, args: string[], crashAt?: string) {
  const env = { ...process.env, FILMCREW_CRASH_AT: crashAt ?? '' };
  return start(CLI, [...args, '--dir', dir], env).exited;
}

/** Files, branch, lock file and index agree: nothing modified, staged or untracked among them. */
function whole(dir: string): string {
  return git(dir, 'status', '--porcelain', '--', 'shots', 'filmcrew.lock', 'script.fountain');
}

describe('a lock commit killed at each of its steps', () => {
  for (const point of ['commit:before-ref', 'commit:after-ref']) {
    it(`leaves the production whole when killed at ${point}, and the next approve locks it`, async function () {
      this.timeout(60_000);
      const dir = production();
      const head = git(dir, 'rev-parse', 'HEAD');
      const killed = await cli(dir, ['approve', 'shots/'], point);
      assert.equal(killed.signal, 'SIGKILL', `the crash point was reached:\n${killed.stdout}${killed.stderr}`);
      // The next command of any kind first finishes or forgets what the killed one left.
      const again = await cli(dir, ['approve', 'shots/']);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.equal(whole(dir), '', 'files, branch and index agree');
      const landed = git(dir, 'rev-list', '--count', `${head}..HEAD`);
      assert.equal(landed, '1', 'one lock commit, whichever process made it');
      for (const id of SHOTS) {
        assert.match(readFileSync(join(dir, `shots/${id}.md`), 'utf8'), /^status: locked$/m);
        assert.match(git(dir, 'show', `HEAD:shots/${id}.md`), /^status: locked$/m);
      }
      assert.match(git(dir, 'show', 'HEAD:filmcrew.lock'), /shots\/s01-003\.md/);
    });

    it(`never passes a gate over files the branch does not hold when killed at ${point}`, async function () {
      this.timeout(60_000);
      const dir = production();
      const script = await cli(dir, ['approve', 'script.fountain']);
      assert.equal(script.code, 0, script.stdout + script.stderr);
      assert.equal((await cli(dir, ['gate', 'pass', 'script'])).code, 0);
      const killed = await cli(dir, ['approve', 'shots/'], point);
      assert.equal(killed.signal, 'SIGKILL');
      const pass = await cli(dir, ['gate', 'pass', 'shotlist']);
      const passed = (await gateState(dir)).shotlist.passed;
      if (passed) {
        for (const id of SHOTS) assert.match(git(dir, 'show', `HEAD:shots/${id}.md`), /^status: locked$/m, `${id} is locked in the branch the gate passed on`);
        assert.equal(whole(dir), '');
      } else {
        assert.notEqual(pass.code, 0, 'a gate that did not pass says so in its exit code');
        assert.equal(whole(dir), '', 'a refused gate leaves the files as the branch has them');
      }
    });
  }
});
