import assert from 'node:assert/strict';
import { approve } from '../../src/core/git/approve';
import { writeProposalBranch } from '../../src/core/git/proposals';
import { git, initRepo, tempDir, writeFiles } from '../support/fixtures';
import { production, read, status } from './production';

describe('blobs written from memory', () => {
  it('get the ids git itself gives them', async () => {
    const dir = production();
    const content = '---\nkind: shot\nid: x\n---\nünïcode body\n';
    await writeProposalBranch(dir, { role: 'dop', runId: 'r', message: 'one', files: [{ path: 'a.md', content }, { path: 'b.md', content: 'b\n' }] });
    writeFiles(dir, { 'probe.md': content });
    assert.equal(git(dir, 'rev-parse', 'crew/dop/r:a.md'), git(dir, 'hash-object', 'probe.md'));
  });

  it('go through the clean filter of their path when attributes ask for one (LFS and the like)', async () => {
    const dir = production();
    writeFiles(dir, { '.gitattributes': 'media/frames/*.svg filter=upper\n' });
    git(dir, 'config', 'filter.upper.clean', 'tr a-z A-Z');
    git(dir, 'config', 'filter.upper.smudge', 'cat');
    git(dir, 'add', '.gitattributes');
    git(dir, 'commit', '-qm', 'attributes');
    await writeProposalBranch(dir, { role: 'storyboard-artist', runId: 'r', message: 'frame', files: [{ path: 'media/frames/a.svg', content: '<svg>frame</svg>' }] });
    assert.equal(git(dir, 'show', 'crew/storyboard-artist/r:media/frames/a.svg'), '<SVG>FRAME</SVG>');
    writeFiles(dir, { 'media/frames/b.svg': '<svg>b</svg>' });
    await approve(dir, ['media/frames/b.svg']);
    assert.equal(git(dir, 'show', 'HEAD:media/frames/b.svg'), '<SVG>B</SVG>');
    assert.deepEqual(status(dir), []);
  });

  it('work in a sha256 repository', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'shots/s01-001.md': '---\nkind: shot\nid: s01-001\nstatus: proposed\n---\n', 'shots/s01-002.md': '---\nkind: shot\nid: s01-002\nstatus: proposed\n---\n' });
    git(dir, 'init', '-q', '--object-format=sha256');
    initRepo(dir);
    await approve(dir, ['shots/*.md']);
    assert.match(read(dir, 'shots/s01-002.md'), /status: locked/);
    assert.equal(git(dir, 'rev-parse', 'HEAD:shots/s01-002.md').length, 64);
    assert.deepEqual(status(dir), []);
  });
});
