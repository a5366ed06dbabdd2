import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVENANCE_LEDGER, readProvenanceLedger, writeProvenanceLedger } from '../../src/core/git/provenance';
import type { Provenance } from '../../src/core/model/types';
import { ProvenanceBook } from '../../src/core/orchestrator/outputs';
import { tempDir } from '../support/fixtures';

const made = (task: string, input: string): Provenance => ({
  run: 'run-1',
  task,
  role: 'storyboard-artist',
  model: 'offline',
  provider: 'offline',
  inputs: { 'shots/s01-001.md': input, 'production.md': 'abc' },
  cost: 0,
  at: '2026-01-01T00:00:00.000Z',
});

describe('the provenance ledger a run keeps', () => {
  it('writes what writeProvenanceLedger writes, by path, keeping the entries it found and the latest of each', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.filmcrew'), { recursive: true });
    const before = { 'media/clips/s01-002.mp4': made('dop:clip-s01-002', 'old'), 'media/frames/s01-001.svg': made('storyboard-artist:s01-001', 'x') };
    await writeProvenanceLedger(root, before);

    const book = new ProvenanceBook(root);
    book.add('media/frames/s01-003.svg', made('storyboard-artist:s01-003', 'y'));
    book.add('media/clips/s01-002.mp4', made('dop:clip-s01-002', 'first'));
    await book.settled();
    book.add('media/clips/s01-002.mp4', made('dop:clip-s01-002', 'new')); // the same path again: the newer entry
    book.add('a "quoted" path.svg', made('storyboard-artist:odd', 'z'));
    await book.settled();

    const want = {
      ...before,
      'media/frames/s01-003.svg': made('storyboard-artist:s01-003', 'y'),
      'media/clips/s01-002.mp4': made('dop:clip-s01-002', 'new'),
      'a "quoted" path.svg': made('storyboard-artist:odd', 'z'),
    };
    const text = readFileSync(join(root, PROVENANCE_LEDGER), 'utf8');
    const { ledger, diagnostics } = await readProvenanceLedger(root);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(ledger.files, want);
    assert.deepEqual(Object.keys(JSON.parse(text).files), Object.keys(want).sort(), 'by path');

    const other = tempDir();
    mkdirSync(join(other, '.filmcrew'), { recursive: true });
    await writeProvenanceLedger(other, want);
    assert.deepEqual(JSON.parse(text), JSON.parse(readFileSync(join(other, PROVENANCE_LEDGER), 'utf8')), 'the same JSON as the shared writer');
    assert.equal(text.split('\n').length, Object.keys(want).length + 3, 'one entry a line');
  });

  it('writes a ledger longer than one part whole: every entry once, a line each, split only between entries', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.filmcrew'), { recursive: true });
    const book = new ProvenanceBook(root);
    const want: Record<string, Provenance> = {};
    // About 300 characters an entry: 600 entries are several parts of the ledger.
    for (let i = 0; i < 600; i++) {
      const path = `media/frames/s${String(i).padStart(3, '0')}-ü.svg`;
      want[path] = made(`storyboard-artist:${i}`, `hash-${i}`);
      book.add(path, want[path]!);
    }
    await book.settled();
    const text = readFileSync(join(root, PROVENANCE_LEDGER), 'utf8');
    assert.ok(text.length > 4 * 32_768, `${text.length} characters`);
    assert.deepEqual((await readProvenanceLedger(root)).ledger.files, want);
    const lines = text.split('\n');
    assert.equal(lines.length, 600 + 3, 'one entry a line');
    assert.deepEqual(lines.slice(1, -2).map((l) => JSON.parse(`{${l.replace(/,$/, '')}}`)), Object.keys(want).sort().map((k) => ({ [k]: want[k] })), 'each line one whole entry, in order');
  });

  it('starts from an unreadable ledger as from none', async () => {
    const root = tempDir();
    mkdirSync(join(root, '.filmcrew'), { recursive: true });
    writeFileSync(join(root, PROVENANCE_LEDGER), '{"version": 1, "files": {');
    const book = new ProvenanceBook(root);
    book.add('media/frames/s01-001.svg', made('storyboard-artist:s01-001', 'x'));
    await book.settled();
    assert.deepEqual((await readProvenanceLedger(root)).ledger.files, { 'media/frames/s01-001.svg': made('storyboard-artist:s01-001', 'x') });
  });
});
