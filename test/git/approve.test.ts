import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash } from '../../src/core/artifact/hash';
import { approve, choose, unlock } from '../../src/core/git/approve';
import { readLockfile } from '../../src/core/git/lockfile';
import { recordProvenance } from '../../src/core/git/provenance';
import { git, writeFiles } from '../support/fixtures';
import { committedFiles, hashOf, headCount, production, read, status, trailers } from './production';

describe('approve', () => {
  it('locks one artifact in one commit with a Filmcrew-Lock trailer and the approver', async () => {
    const dir = production();
    const r = await approve(dir, ['shots/s01-001.md']);
    assert.deepEqual(r.locked, ['shots/s01-001.md']);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), r.commit);
    assert.match(read(dir, 'shots/s01-001.md'), /^status: locked$/m);
    assert.deepEqual(committedFiles(dir), ['filmcrew.lock', 'shots/s01-001.md']);
    assert.deepEqual(trailers(dir, 'Filmcrew-Lock'), ['shots/s01-001.md']);
    assert.deepEqual(trailers(dir, 'Approved-by'), ['Test Director <director@example.invalid>']);
    assert.deepEqual(status(dir), [], 'the working tree and index match the new commit');
  });

  it('records content hash, stage, approver, time and the provenance inputs in filmcrew.lock', async () => {
    const dir = production();
    const now = new Date('2026-03-01T10:00:00Z');
    await approve(dir, ['shots/s01-001.md'], { now });
    const { lock, diagnostics } = await readLockfile(dir);
    assert.deepEqual(diagnostics, []);
    const entry = lock.locks['shots/s01-001.md']!;
    assert.equal(entry.hash, contentHash('shots/s01-001.md', readFileSync(join(dir, 'shots/s01-001.md'))));
    assert.equal(entry.stage, 'breakdown');
    assert.equal(entry.approved_by, 'Test Director <director@example.invalid>');
    assert.equal(entry.at, now.toISOString());
    assert.deepEqual(entry.inputs, { 'production.md': hashOf(dir, 'production.md'), 'script.fountain': hashOf(dir, 'script.fountain') });
  });

  it('keeps a person\'s unrelated staged, unstaged and untracked changes out of the commit', async () => {
    const dir = production();
    writeFiles(dir, { 'production.md': read(dir, 'production.md').replace('cold blue night', 'warm amber') });
    git(dir, 'add', 'production.md');
    writeFiles(dir, { 'script.fountain': read(dir, 'script.fountain') + '\nMARA\nHello.\n', 'notes.txt': 'my notes\n' });
    const before = status(dir);
    assert.deepEqual(before, [' M script.fountain', '?? notes.txt', 'M  production.md']);
    await approve(dir, ['shots/s01-001.md', 'shots/s01-002.md']);
    assert.deepEqual(committedFiles(dir), ['filmcrew.lock', 'shots/s01-001.md', 'shots/s01-002.md']);
    assert.deepEqual(status(dir), before, 'the staged, unstaged and untracked changes are exactly as they were');
    assert.match(git(dir, 'diff', '--cached', '--', 'production.md'), /\+style: warm amber/);
  });

  it('approves a thousand artifacts matched by a glob in one commit', async () => {
    const dir = production();
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[`shots/s02-${String(i).padStart(3, '0')}.md`] = `---\nkind: shot\nid: s02-${i}\nscene: s02\norder: ${i}\nstatus: proposed\n---\n`;
    writeFiles(dir, files);
    const count = headCount(dir);
    const r = await approve(dir, ['shots/s02-*.md']);
    assert.equal(r.locked.length, 1000);
    assert.equal(headCount(dir), count + 1);
    assert.equal(trailers(dir, 'Filmcrew-Lock').length, 1000);
    assert.equal(Object.keys((await readLockfile(dir)).lock.locks).length, 1000);
    assert.deepEqual(status(dir), []);
  });

  it('does not commit again when everything is already locked as it is', async () => {
    const dir = production();
    await approve(dir, ['shots/s01-001.md']);
    const count = headCount(dir);
    const r = await approve(dir, ['shots/s01-001.md']);
    assert.equal(r.commit, undefined);
    assert.deepEqual(r.unchanged, ['shots/s01-001.md']);
    assert.equal(headCount(dir), count);
  });

  it('locks a non-markdown file as it is, with inputs given by the caller or the provenance ledger', async () => {
    const dir = production();
    writeFiles(dir, { 'media/frames/s01-001.svg': '<svg>frame</svg>', 'media/frames/s01-002.svg': '<svg>frame 2</svg>' });
    const shotHash = hashOf(dir, 'shots/s01-002.md');
    await recordProvenance(dir, {
      'media/frames/s01-002.svg': { run: 'r2', task: 'storyboard-artist:s01-002', role: 'storyboard-artist', model: 'offline', provider: 'offline', inputs: { 'shots/s01-002.md': shotHash } },
    });
    await approve(dir, ['media/frames/*.svg'], { inputs: { 'media/frames/s01-001.svg': { 'shots/s01-001.md': 'abc' } } });
    const { lock } = await readLockfile(dir);
    assert.equal(read(dir, 'media/frames/s01-001.svg'), '<svg>frame</svg>', 'the bytes are committed unchanged');
    assert.deepEqual(lock.locks['media/frames/s01-001.svg']!.inputs, { 'shots/s01-001.md': 'abc' });
    assert.deepEqual(lock.locks['media/frames/s01-002.svg']!.inputs, { 'shots/s01-002.md': shotHash });
    assert.equal(lock.locks['media/frames/s01-002.svg']!.stage, 'storyboard');
    assert.deepEqual(committedFiles(dir), ['filmcrew.lock', 'media/frames/s01-001.svg', 'media/frames/s01-002.svg']);
  });

  it('writes filmcrew.lock sorted by path, one readable entry per artifact', async () => {
    const dir = production();
    await approve(dir, ['shots/s01-002.md', 'script.fountain', 'characters/mara.md']);
    const text = read(dir, 'filmcrew.lock');
    const paths = [...text.matchAll(/^ {2}(\S+):$/gm)].map((m) => m[1]);
    assert.deepEqual(paths, ['characters/mara.md', 'script.fountain', 'shots/s01-002.md']);
    assert.match(text, /^# filmcrew.lock/);
    assert.match(text, /approved_by: Test Director <director@example.invalid>/);
  });
});

describe('choose', () => {
  it('records the chosen option of an asset sheet and locks the sheet with that option\'s image', async () => {
    const dir = production();
    const r = await choose(dir, 'characters/mara.md', 'b');
    const text = read(dir, 'characters/mara.md');
    assert.match(text, /^chosen: b$/m);
    assert.match(text, /^status: locked$/m);
    assert.deepEqual(r.locked, ['characters/mara.md', 'media/options/characters/mara-b.svg']);
    const { lock } = await readLockfile(dir);
    assert.equal(lock.locks['characters/mara.md']!.chosen, 'b');
    assert.deepEqual(trailers(dir, 'Filmcrew-Chosen'), ['characters/mara.md b']);
  });

  it('refuses an option the sheet does not have, listing the ones it has', async () => {
    const dir = production();
    await assert.rejects(choose(dir, 'characters/mara.md', 'z'), (e: Error & { advice?: string }) => {
      assert.match(e.message, /no option `z`/);
      assert.match(e.advice ?? '', /a, b, c, d/);
      return true;
    });
    assert.match(read(dir, 'characters/mara.md'), /^chosen: null$/m);
  });
});

describe('unlock', () => {
  it('takes the lock back in a commit that records the reason and sets the artifact to draft', async () => {
    const dir = production();
    await approve(dir, ['shots/s01-001.md']);
    await unlock(dir, 'shots/s01-001.md', 'The storm should start later.');
    assert.match(read(dir, 'shots/s01-001.md'), /^status: draft$/m);
    assert.equal((await readLockfile(dir)).lock.locks['shots/s01-001.md'], undefined);
    const message = git(dir, 'log', '-1', '--format=%B');
    assert.match(message, /^Unlock shots\/s01-001.md/);
    assert.match(message, /The storm should start later\./);
    assert.deepEqual(trailers(dir, 'Filmcrew-Unlock'), ['shots/s01-001.md']);
    assert.deepEqual(status(dir), []);
  });

  it('refuses to unlock without a reason or what is not locked', async () => {
    const dir = production();
    await assert.rejects(unlock(dir, 'shots/s01-001.md', '  '), /needs a reason/);
    await assert.rejects(unlock(dir, 'shots/s01-001.md', 'why'), /is not locked/);
  });
});
