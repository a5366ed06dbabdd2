import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { confine, resolveInside } from '../../src/core/artifact/paths';
import { FilmcrewError } from '../../src/core/diagnostics';
import { sentenceCount } from '../../src/core/production/checks';
import { tempDir, writeFiles } from '../support/fixtures';

describe('paths from files', () => {
  it('resolves a production-relative path inside the production, existing or not', () => {
    const root = tempDir();
    assert.equal(resolveInside(root, 'media/frames/a.svg'), join(root, 'media/frames/a.svg'));
    assert.equal(resolveInside(root, './shots/../shots/a.md'.replace('../shots/', '')), join(root, 'shots/a.md'));
  });

  it('rejects `..`, absolute paths and drive letters', () => {
    const root = tempDir();
    for (const rel of ['../x.md', 'shots/../../x.md', '/etc/passwd', 'C:\\\\Windows\\\\x', '\\\\server\\\\share']) {
      assert.ok('problem' in confine(root, rel), rel);
      assert.throws(() => resolveInside(root, rel), (e: unknown) => e instanceof FilmcrewError && e.code === 'path-escapes', rel);
    }
  });

  it('follows symlinks: one pointing outside is rejected, one pointing inside is fine', () => {
    const root = tempDir();
    const outside = tempDir();
    writeFiles(root, { 'media/real/a.svg': '<svg/>' });
    symlinkSync(outside, join(root, 'out'));
    symlinkSync(join(root, 'media/real'), join(root, 'media/alias'));
    assert.ok('problem' in confine(root, 'out/new-file.svg'));
    assert.deepEqual(confine(root, 'media/alias/a.svg'), { path: join(root, 'media/alias/a.svg') });
    mkdirSync(join(outside, 'deep'));
    assert.ok('problem' in confine(root, 'out/deep/x/y.svg'));
  });

  it('confines inside a production reached through a symlink, and not through one inside it that leads out', () => {
    const real = tempDir();
    const outside = tempDir();
    const link = join(tempDir(), 'prod');
    symlinkSync(real, link);
    writeFiles(real, { 'shots/a.md': 'x' });
    symlinkSync(outside, join(real, 'out'));
    assert.deepEqual(confine(link, 'shots/a.md'), { path: join(link, 'shots/a.md') });
    assert.deepEqual(confine(link, 'shots/new.md'), { path: join(link, 'shots/new.md') });
    assert.ok('problem' in confine(link, 'out/a.md'));
    assert.ok('problem' in confine(real, 'out/a.md'));
  });
});

describe('one-sentence responsibilities', () => {
  it('counts sentences the way a reader would', () => {
    assert.equal(sentenceCount('Breaks the script down into shots.'), 1);
    assert.equal(sentenceCount('Breaks the script down into shots'), 1);
    assert.equal(sentenceCount('Assembles the shots, e.g. by scene, into a timeline.'), 1);
    assert.equal(sentenceCount('Sets the lens. Also sets the light.'), 2);
    assert.equal(sentenceCount('Lights it! Then films it?'), 2);
    assert.equal(sentenceCount('   '), 0);
  });
});
