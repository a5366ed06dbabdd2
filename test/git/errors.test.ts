import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approve } from '../../src/core/git/approve';
import { FilmcrewError } from '../../src/core/diagnostics';
import { git, tempDir, writeFiles } from '../support/fixtures';
import { headCount, production, read, status } from './production';

/** Asserts a FilmcrewError with `code` whose advice says what to do. */
function refusal(code: string, message?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof FilmcrewError, `expected a FilmcrewError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    assert.ok(e.advice && e.advice.length > 10, 'it says what to do');
    return true;
  };
}

/** Runs `fn` with git seeing no global or system configuration (no identity anywhere). */
async function withoutGlobalGitConfig<T>(fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  process.env.GIT_CONFIG_GLOBAL = '/dev/null';
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) delete process.env[k];
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe('approve refuses clearly and leaves nothing half-done', () => {
  it('refuses outside a git repository', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'shots/s01-001.md': '---\nkind: shot\n---\n' });
    await assert.rejects(approve(dir, ['shots/s01-001.md']), refusal('not-a-git-repo', /not in a git repository/));
    assert.equal(read(dir, 'shots/s01-001.md'), '---\nkind: shot\n---\n');
  });

  it('refuses when git does not know who the approver is', async () => {
    const dir = production();
    git(dir, 'config', '--unset', 'user.name');
    git(dir, 'config', '--unset', 'user.email');
    const before = read(dir, 'shots/s01-001.md');
    await withoutGlobalGitConfig(() => assert.rejects(approve(dir, ['shots/s01-001.md']), refusal('git-identity', /user\.name/)));
    assert.equal(read(dir, 'shots/s01-001.md'), before);
    assert.equal(headCount(dir), 1);
  });

  it('refuses on a detached HEAD', async () => {
    const dir = production();
    git(dir, 'checkout', '-q', '--detach');
    await assert.rejects(approve(dir, ['shots/s01-001.md']), refusal('detached-head', /detached/));
    assert.deepEqual(status(dir), []);
  });

  it('refuses while a merge with conflicts waits for the person', async () => {
    const dir = production();
    git(dir, 'checkout', '-q', '-b', 'other');
    writeFiles(dir, { 'production.md': read(dir, 'production.md').replace('cold blue night', 'other style') });
    git(dir, 'commit', '-qam', 'other');
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'production.md': read(dir, 'production.md').replace('cold blue night', 'main style') });
    git(dir, 'commit', '-qam', 'main');
    assert.throws(() => git(dir, 'merge', 'other'));
    await assert.rejects(approve(dir, ['shots/s01-001.md']), refusal('merge-conflict', /merge is in progress/));
    assert.doesNotMatch(read(dir, 'shots/s01-001.md'), /status: locked/);
  });

  it('refuses a path that does not exist and a path outside the production', async () => {
    const dir = production();
    await assert.rejects(approve(dir, ['shots/nope.md']), refusal('not-found'));
    await assert.rejects(approve(dir, ['../outside.md']), (e: unknown) => e instanceof FilmcrewError && e.code === 'path-escapes');
    await assert.rejects(approve(dir, ['crew/casting/none']), refusal('proposal-missing', /no proposal branch/));
  });

  it('locks nothing when one file of the batch cannot be read as YAML', async () => {
    const dir = production();
    writeFiles(dir, { 'shots/s01-003.md': '---\nkind: shot\nid: [unclosed\n---\n' });
    await assert.rejects(approve(dir, ['shots/*.md']), refusal('yaml-syntax', /s01-003\.md/));
    assert.doesNotMatch(read(dir, 'shots/s01-001.md'), /status: locked/);
    assert.equal(headCount(dir), 1);
  });

  it('refuses to overwrite a broken filmcrew.lock, pointing at its line', async () => {
    const dir = production();
    writeFiles(dir, { 'filmcrew.lock': 'version: 1\nlocks:\n  a.md: {hash: x\n' });
    await assert.rejects(approve(dir, ['shots/s01-001.md']), refusal('lockfile-syntax', /filmcrew\.lock:\d+/));
    assert.equal(read(dir, 'filmcrew.lock'), 'version: 1\nlocks:\n  a.md: {hash: x\n');
  });

  it('leaves no commit and puts every file back when the branch cannot be moved', async () => {
    const dir = production();
    const before = { one: read(dir, 'shots/s01-001.md'), two: read(dir, 'shots/s01-002.md') };
    const head = git(dir, 'rev-parse', 'HEAD');
    // Another git command holding the branch's lock: update-ref fails after files were written.
    writeFileSync(join(dir, '.git', 'refs', 'heads', 'main.lock'), '');
    await assert.rejects(approve(dir, ['shots/*.md']), (e: unknown) => e instanceof FilmcrewError && /nothing was/.test(e.message));
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    assert.equal(read(dir, 'shots/s01-001.md'), before.one);
    assert.equal(read(dir, 'shots/s01-002.md'), before.two);
    assert.throws(() => read(dir, 'filmcrew.lock'), 'no lock file was left behind');
    assert.deepEqual(status(dir), []);
  });
});
