import assert from 'node:assert/strict';
import { approve, choose } from '../../src/core/git/approve';
import { readLockfile } from '../../src/core/git/lockfile';
import { recordProvenance } from '../../src/core/git/provenance';
import { staleArtifacts, staleDiagnostics, verifyLocks } from '../../src/core/git/verify';
import type { Provenance } from '../../src/core/model/types';
import { writeFiles } from '../support/fixtures';
import { hashOf, production, read } from './production';

function made(role: string, inputs: Record<string, string>): Provenance {
  return { run: 'r1', task: `${role}:x`, role, model: 'offline', provider: 'offline', inputs };
}

describe('lock verification', () => {
  it('reports a locked file edited afterwards, with when and by whom it was locked', async () => {
    const dir = production();
    await approve(dir, ['shots/s01-001.md'], { now: new Date('2026-03-01T09:30:00Z') });
    let { lock } = await readLockfile(dir);
    assert.deepEqual(verifyLocks(dir, undefined, lock), [], 'a fresh lock holds (status: locked does not count as an edit)');
    writeFiles(dir, { 'shots/s01-001.md': read(dir, 'shots/s01-001.md').replace('size: WS', 'size: CU') });
    ({ lock } = await readLockfile(dir));
    const ds = verifyLocks(dir, undefined, lock);
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.code, 'edited-after-lock');
    assert.equal(ds[0]!.file, 'shots/s01-001.md');
    assert.match(ds[0]!.message, /edited after lock on 2026-03-01 09:30 by Test Director: approve again or revert/);
  });

  it('accepts the edit once it is approved again', async () => {
    const dir = production();
    await approve(dir, ['shots/s01-001.md']);
    writeFiles(dir, { 'shots/s01-001.md': read(dir, 'shots/s01-001.md').replace('size: WS', 'size: CU') });
    await approve(dir, ['shots/s01-001.md']);
    const { lock } = await readLockfile(dir);
    assert.deepEqual(verifyLocks(dir, undefined, lock), []);
  });

  it('reports a locked file that was deleted', async () => {
    const dir = production();
    await approve(dir, ['script.fountain']);
    const { rmSync } = await import('node:fs');
    rmSync(`${dir}/script.fountain`);
    const ds = verifyLocks(dir, undefined, (await readLockfile(dir)).lock);
    assert.match(ds[0]!.message, /deleted after lock/);
  });
});

describe('staleness', () => {
  it('marks everything made from a re-locked character stale, transitively, and nothing else', async () => {
    const dir = production();
    await choose(dir, 'characters/mara.md', 'a');
    await approve(dir, ['shots/*.md']);
    // A frame drawn from the shot and Mara; a clip made from the frame; a cut made from the clip.
    writeFiles(dir, {
      'media/frames/s01-001.svg': '<svg>frame</svg>',
      'media/frames/s01-002.svg': '<svg>frame 2</svg>',
      'media/clips/s01-001.mp4': 'clip',
      'edit/cut.otio': '{}',
    });
    await recordProvenance(dir, {
      'media/frames/s01-001.svg': made('storyboard-artist', { 'shots/s01-001.md': hashOf(dir, 'shots/s01-001.md'), 'characters/mara.md': hashOf(dir, 'characters/mara.md') }),
      'media/frames/s01-002.svg': made('storyboard-artist', { 'shots/s01-002.md': hashOf(dir, 'shots/s01-002.md') }),
      'media/clips/s01-001.mp4': made('dop', { 'media/frames/s01-001.svg': hashOf(dir, 'media/frames/s01-001.svg') }),
      'edit/cut.otio': made('editor', { 'media/clips/s01-001.mp4': hashOf(dir, 'media/clips/s01-001.mp4') }),
    });
    await approve(dir, ['media/frames/*.svg', 'media/clips/*.mp4', 'edit/cut.otio']);
    assert.deepEqual(await staleArtifacts(dir, (await readLockfile(dir)).lock), []);

    await choose(dir, 'characters/mara.md', 'c'); // Mara re-cast and locked again
    const { lock } = await readLockfile(dir);
    assert.deepEqual(await staleArtifacts(dir, lock), ['edit/cut.otio', 'media/clips/s01-001.mp4', 'media/frames/s01-001.svg']);
    const ds = await staleDiagnostics(dir, lock);
    const frame = ds.find((d) => d.file === 'media/frames/s01-001.svg')!;
    assert.equal(frame.code, 'stale');
    assert.match(frame.message, /characters\/mara\.md changed/);
    assert.match(ds.find((d) => d.file === 'edit/cut.otio')!.message, /made from media\/clips\/s01-001\.mp4, which is stale/);
  });

  it('never marks the re-locked input itself stale through work that read it (no cycles)', async () => {
    const dir = production();
    await choose(dir, 'characters/mara.md', 'a');
    writeFiles(dir, { 'media/frames/s01-001.svg': '<svg>frame</svg>' });
    await approve(dir, ['shots/s01-001.md']);
    // The frame read Mara; Mara's sheet (casting) read the frame's shot list back: a loop of readers.
    await approve(dir, ['media/frames/s01-001.svg'], {
      inputs: { 'media/frames/s01-001.svg': { 'characters/mara.md': hashOf(dir, 'characters/mara.md') } },
    });
    await recordProvenance(dir, { 'characters/mara.md': made('casting', { 'media/frames/s01-001.svg': hashOf(dir, 'media/frames/s01-001.svg') }) });
    await approve(dir, ['characters/mara.md']);
    assert.deepEqual(await staleArtifacts(dir, (await readLockfile(dir)).lock), []);

    await choose(dir, 'characters/mara.md', 'c');
    assert.deepEqual(await staleArtifacts(dir, (await readLockfile(dir)).lock), ['media/frames/s01-001.svg']);
  });

  it('does not mark a shot\'s readers stale when only the DOP\'s downstream keys changed', async () => {
    const dir = production();
    await approve(dir, ['shots/s01-001.md']);
    writeFiles(dir, { 'media/frames/s01-001.svg': '<svg/>' });
    await approve(dir, ['media/frames/s01-001.svg'], { inputs: { 'media/frames/s01-001.svg': { 'shots/s01-001.md': hashOf(dir, 'shots/s01-001.md') } } });
    writeFiles(dir, { 'shots/s01-001.md': read(dir, 'shots/s01-001.md').replace('size: WS', 'size: WS\nlens: 35mm') });
    await approve(dir, ['shots/s01-001.md']);
    assert.deepEqual(await staleArtifacts(dir, (await readLockfile(dir)).lock), []);
  });
});
