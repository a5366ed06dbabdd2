import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FilmcrewError } from '../../src/core/diagnostics';
import { ProductionModel } from '../../src/core/production/model';
import { tempDir, writeFiles } from '../support/fixtures';

describe('the production model', () => {
  it('keeps a parsed artifact for every task that reads it, until the path is forgotten', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/s01-001.md': '---\nid: s01-001\nscene: 1\n---\nA lighthouse at dusk.\n' });
    const model = new ProductionModel(root);
    const first = await model.contextFile('shots/s01-001.md', false);
    assert.equal(first?.artifact?.data.id, 's01-001');
    writeFileSync(join(root, 'shots/s01-001.md'), '---\nid: s01-002\nscene: 1\n---\nChanged.\n');
    assert.equal(await model.contextFile('shots/s01-001.md', false), first, 'the same parse, not a second read');
    model.forget('shots/s01-001.md');
    assert.equal((await model.contextFile('shots/s01-001.md', false))?.artifact?.data.id, 's01-002');
    assert.deepEqual(model.counts, { reused: 1, parsed: 2, fromLoader: 0 });
  });

  it('reads a file with no parse (a frame) when asked and does not keep its text', async () => {
    const root = tempDir();
    writeFiles(root, { 'media/frames/s01-001.svg': '<svg>first — pencil</svg>' });
    const model = new ProductionModel(root);
    const a = await model.contextFile('media/frames/s01-001.svg', false);
    assert.equal(a?.text, '<svg>first — pencil</svg>');
    writeFileSync(join(root, 'media/frames/s01-001.svg'), '<svg>second</svg>');
    const later = await model.contextFile('media/frames/s01-001.svg', false);
    assert.notEqual(later, a);
    assert.equal(later?.text, '<svg>second</svg>');
    // Not even the file a task was given holds it: its text is read when the task asks.
    assert.equal(a?.text, '<svg>second</svg>');
    rmSync(join(root, 'media/frames/s01-001.svg'));
    assert.equal(a?.text, '', 'gone by the time it is asked for: an empty text, a blank panel');
    assert.equal(await model.contextFile('media/frames/s01-001.svg', false), undefined);
    assert.deepEqual(model.counts, { reused: 0, parsed: 0, fromLoader: 0 }, 'nothing to parse, nothing kept');
  });

  it('fails the task that asks for a frame which became a link out of the production since it was given', async () => {
    const root = tempDir();
    const outside = join(tempDir(), 'elsewhere.svg');
    writeFileSync(outside, '<svg>not the production’s</svg>');
    writeFiles(root, { 'media/frames/s01-001.svg': '<svg/>' });
    const frame = await new ProductionModel(root).contextFile('media/frames/s01-001.svg', false);
    rmSync(join(root, 'media/frames/s01-001.svg'));
    symlinkSync(outside, join(root, 'media/frames/s01-001.svg'));
    assert.throws(() => frame?.text, (e: unknown) => e instanceof FilmcrewError && /leads outside the production/.test(e.message));
  });
});
