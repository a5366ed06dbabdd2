import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileHash } from '../../src/core/artifact/hash';
import { join } from 'node:path';
import { finishInterruptedCommit, finishInterruptedCommitAt } from '../../src/core/git/interrupted-commit';
import { Repo } from '../../src/core/git/repo';
import { git, initRepo, tempDir, writeFiles } from '../support/fixtures';

describe('a lock commit killed between the branch and the index, as earlier versions left it', () => {
  it('has its files put back in the index from HEAD by the next commit or run, not left as staged deletions', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'media/frames/a.svg': '<svg/>', 'shots/a.md': '---\nkind: shot\n---\n' });
    initRepo(dir);
    // What a kill after the branch moved leaves: the index without the committed files, and the marker.
    git(dir, 'rm', '-q', '--cached', 'media/frames/a.svg');
    const repo = await Repo.open(dir);
    writeFileSync(join(repo.gitDir, 'filmcrew-index-pending'), 'media/frames/a.svg\0');
    assert.match(git(dir, 'status', '--porcelain'), /^D {2}media\/frames\/a\.svg/m);
    await finishInterruptedCommit(repo);
    assert.equal(git(dir, 'status', '--porcelain'), '');
  });
});

describe('finishing a lock commit a killed process left after its branch moved', () => {
  /** A repo whose branch holds new bytes for a.md and b.md while the disk still has the old ones, and its record. */
  async function halfLanded() {
    const dir = tempDir();
    writeFiles(dir, { 'a.md': 'old a\n', 'b.md': 'old b\n', 'gone.md': 'old gone\n' });
    initRepo(dir);
    const repo = await Repo.open(dir);
    const head = git(dir, 'rev-parse', 'HEAD');
    writeFiles(dir, { 'a.md': 'new a\n', 'b.md': 'new b\n' });
    git(dir, 'add', 'a.md', 'b.md');
    git(dir, 'rm', '-q', '--cached', 'gone.md');
    const commit = git(dir, 'commit-tree', git(dir, 'write-tree'), '-p', head, '-m', 'Lock');
    // The killed process had written nothing yet: disk and index as before the commit.
    git(dir, 'reset', '-q', head);
    writeFiles(dir, { 'a.md': 'old a\n', 'b.md': 'old b\n' });
    const record = {
      ref: 'refs/heads/main',
      commit,
      files: [
        { path: 'a.md', before: fileHash('old a\n'), after: fileHash('new a\n') },
        { path: 'b.md', before: fileHash('old b\n'), after: fileHash('new b\n') },
        { path: 'gone.md', before: fileHash('old gone\n'), after: null },
      ],
      index: [],
    };
    writeFileSync(join(repo.gitDir, 'filmcrew-commit-pending'), JSON.stringify(record));
    return { dir, repo, head, commit };
  }

  it('writes the files still as they were, removes the removed, and brings the index to the branch', async () => {
    const { dir, repo, commit } = await halfLanded();
    git(dir, 'update-ref', 'refs/heads/main', commit);
    await finishInterruptedCommit(repo);
    assert.equal(readFileSync(join(dir, 'a.md'), 'utf8'), 'new a\n');
    assert.ok(!existsSync(join(dir, 'gone.md')));
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.ok(!existsSync(join(repo.gitDir, 'filmcrew-commit-pending')), 'the record is gone once finished');
  });

  it('keeps a file a person saved since, as an edit after the lock', async () => {
    const { dir, repo, commit } = await halfLanded();
    git(dir, 'update-ref', 'refs/heads/main', commit);
    writeFiles(dir, { 'b.md': 'the director\'s b\n' });
    await finishInterruptedCommit(repo);
    assert.equal(readFileSync(join(dir, 'b.md'), 'utf8'), 'the director\'s b\n');
    assert.equal(readFileSync(join(dir, 'a.md'), 'utf8'), 'new a\n');
    assert.equal(git(dir, 'diff', '--name-only'), 'b.md', 'edited on disk');
    assert.equal(git(dir, 'diff', '--cached', '--name-only'), '', 'the index has what the branch has');
  });

  it('is found from a production folder below the repository top, as every command taking the run lock looks', async () => {
    const { dir, repo, commit } = await halfLanded();
    git(dir, 'update-ref', 'refs/heads/main', commit);
    mkdirSync(join(dir, 'film'));
    await finishInterruptedCommitAt(join(dir, 'film'));
    assert.equal(readFileSync(join(dir, 'a.md'), 'utf8'), 'new a\n');
    assert.ok(!existsSync(join(repo.gitDir, 'filmcrew-commit-pending')));
  });

  it('changes nothing when the branch never moved (killed before), and drops the record', async () => {
    const { dir, repo, head } = await halfLanded();
    await finishInterruptedCommit(repo);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    assert.equal(readFileSync(join(dir, 'a.md'), 'utf8'), 'old a\n');
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.ok(!existsSync(join(repo.gitDir, 'filmcrew-commit-pending')));
  });
});
