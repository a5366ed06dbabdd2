import assert from 'node:assert/strict';
import { loadProduction, ProductionLoader } from '../../src/core/production/load';
import { copyExample, writeFiles } from '../support/fixtures';

const shot = (id: string, order: number, action: string) => `---\nkind: shot\nid: ${id}\nscene: s01\norder: ${order}\naction: ${action}\n---\n`;
const character = (id: string, name: string) => `---\nkind: character\nid: ${id}\nname: ${name}\n---\n`;

describe('proposals beside a file when loading', () => {
  it('does not load shots/x.proposed.md or x.alt2.md as artifacts: one shot per id', async () => {
    const root = copyExample();
    writeFiles(root, {
      'shots/s01-001.md': shot('s01-001', 1, 'the one on disk'),
      'shots/s01-001.proposed.md': shot('s01-001', 1, 'a write conflict proposal'),
      'shots/s01-001.alt2.md': shot('s01-001', 1, 'a second alternative'),
      'shots/s01-002.alt12.md': shot('s01-002', 2, 'an alternative without its file'),
      'characters/mara.md': character('mara', 'Mara'),
      'characters/mara.proposed.md': character('mara', 'Mara (proposed)'),
    });
    const p = await loadProduction(root, { persistentIndex: false });
    assert.deepEqual(p.shots.map((s) => [s.path, s.data.action]), [['shots/s01-001.md', 'the one on disk']]);
    assert.deepEqual(p.characters.map((c) => c.path), ['characters/mara.md']);
    assert.deepEqual(p.diagnostics.filter((d) => /proposed|alt\d/.test(d.file)), [], 'no diagnostic about a file that is not an artifact');
    assert.equal(p.diagnostics.some((d) => d.code === 'duplicate-id'), false);
  });

  it('still loads files whose names only look alike (s01-001.alternate.md, proposed-ending.md)', async () => {
    const root = copyExample();
    writeFiles(root, {
      'shots/s01-001.alternate.md': shot('s01-001', 1, 'a real shot with a dotted name'),
      'characters/proposed.md': character('proposed', 'Proposed'),
    });
    const p = await loadProduction(root, { persistentIndex: false });
    assert.deepEqual(p.shots.map((s) => s.path), ['shots/s01-001.alternate.md']);
    assert.deepEqual(p.characters.map((c) => c.path), ['characters/proposed.md']);
  });

  it('drops a proposal from the loaded model on reload once it appears beside a loaded file', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1, 'kept') });
    const loader = new ProductionLoader(root);
    assert.equal((await loader.load()).shots.length, 1);
    writeFiles(root, { 'shots/s01-001.proposed.md': shot('s01-001', 1, 'beside') });
    const p = await loader.reload(['shots/s01-001.proposed.md']);
    assert.deepEqual(p.shots.map((s) => s.data.action), ['kept']);
  });
});
