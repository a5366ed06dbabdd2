import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repairIndex } from '../../src/core/git/commit';
import { Repo } from '../../src/core/git/repo';
import { git, initRepo, tempDir, writeFiles } from '../support/fixtures';

describe('a lock commit killed between the branch and the index', () => {
  it('has its files put back in the index from HEAD by the next commit or run, not left as staged deletions', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'media/frames/a.svg': '<svg/>', 'shots/a.md': '---\nkind: shot\n---\n' });
    initRepo(dir);
    // What a kill after the branch moved leaves: the index without the committed files, and the marker.
    git(dir, 'rm', '-q', '--cached', 'media/frames/a.svg');
    const repo = await Repo.open(dir);
    writeFileSync(join(repo.gitDir, 'filmcrew-index-pending'), 'media/frames/a.svg\0');
    assert.match(git(dir, 'status', '--porcelain'), /^D {2}media\/frames\/a\.svg/m);
    await repairIndex(repo);
    assert.equal(git(dir, 'status', '--porcelain'), '');
  });
});
