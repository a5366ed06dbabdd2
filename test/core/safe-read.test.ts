import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyProductionFile, readProductionFile } from '../../src/core/artifact/safe-read';
import { FilmcrewError } from '../../src/core/diagnostics';
import { tempDir, writeFiles } from '../support/fixtures';

function refused(code: string, says: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof FilmcrewError && e.code === code && says.test(e.message);
}

describe('copying a production file out of it', () => {
  it('copies a clip larger than one chunk whole, byte for byte', async () => {
    const root = tempDir();
    const out = tempDir();
    const clip = Buffer.from(new Uint8Array(2.5 * 1024 * 1024 + 3).map((_, i) => (i * 7) % 253));
    mkdirSync(join(root, 'media/clips'), { recursive: true });
    writeFileSync(join(root, 'media/clips/s01-001.mp4'), clip);
    await copyProductionFile(root, 'media/clips/s01-001.mp4', join(out, '0.mp4'), 64 << 20);
    assert.ok(readFileSync(join(out, '0.mp4')).equals(clip));
    assert.ok(readProductionFile(root, 'media/clips/s01-001.mp4', 64 << 20).equals(clip));
  });

  it('refuses what reading refuses: a link out of the production, a FIFO, a file over the limit, a path into .git', async () => {
    const root = tempDir();
    const out = tempDir();
    const outside = join(tempDir(), 'secret.mp4');
    writeFileSync(outside, 'not the production’s');
    writeFiles(root, { 'media/clips/big.mp4': 'x'.repeat(2048) });
    symlinkSync(outside, join(root, 'media/clips/link.mp4'));
    execFileSync('mkfifo', [join(root, 'media/clips/pipe.mp4')]);
    await assert.rejects(copyProductionFile(root, 'media/clips/link.mp4', join(out, 'a.mp4')), refused('file-unreadable', /leads outside the production/));
    await assert.rejects(copyProductionFile(root, 'media/clips/pipe.mp4', join(out, 'b.mp4')), refused('file-unreadable', /FIFO/));
    await assert.rejects(copyProductionFile(root, 'media/clips/big.mp4', join(out, 'c.mp4'), 1024), refused('file-unreadable', /over the .* limit/));
    await assert.rejects(copyProductionFile(root, '.git/config', join(out, 'd.mp4')), refused('file-unreadable', /inside \.git/));
    await assert.rejects(copyProductionFile(root, 'media/clips/none.mp4', join(out, 'e.mp4')), /ENOENT/);
  });

  it('never overwrites the file it is to make', async () => {
    const root = tempDir();
    const out = tempDir();
    writeFiles(root, { 'media/clips/s01-001.mp4': 'clip' });
    writeFileSync(join(out, '0.mp4'), 'already here');
    await assert.rejects(copyProductionFile(root, 'media/clips/s01-001.mp4', join(out, '0.mp4')), /EEXIST/);
    assert.equal(readFileSync(join(out, '0.mp4'), 'utf8'), 'already here');
  });
});
