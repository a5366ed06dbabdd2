import assert from 'node:assert/strict';
import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INDEX_FILE } from '../../src/core/production/index-cache';
import { loadProduction } from '../../src/core/production/load';
import { computeStatus, statusFromBasis } from '../../src/core/production/status';
import { loadStatusBasis } from '../../src/core/production/status-cache';
import { copyExample, writeFiles } from '../support/fixtures';

const shot = (id: string, order: number, extra = '') => `---\nkind: shot\nid: ${id}\nscene: s01\norder: ${order}\n${extra}---\n`;

/** Every file and folder a minute old, so nothing is "racily clean". */
function age(root: string): void {
  const old = new Date(Date.now() - 60_000);
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) utimesSync(join(root, f), old, old);
  utimesSync(root, old, old);
}

function counting() {
  const reads: string[] = [];
  return { reads, read: async (p: string) => { reads.push(p); return readFile(p); } };
}

describe('the status snapshot', () => {
  it('serves an unchanged production without reading any file, with the same answer as a full load', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1, 'status: locked\nframe: media/frames/s01-001.svg\n'), 'media/frames/s01-001.svg': '<svg/>' });
    age(root);
    const first = await loadStatusBasis(root);
    rmSync(join(root, INDEX_FILE)); // without the per-file index, any load would have to read every file
    const reader = counting();
    const second = await loadStatusBasis(root, { read: reader.read });
    assert.deepEqual(reader.reads, []);
    assert.deepEqual(second, first);
    assert.deepEqual(statusFromBasis(second), computeStatus(await loadProduction(root, { persistentIndex: false })));
  });

  it('notices an edited file, an added shot and a removed storyboard frame', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1, 'status: proposed\nframe: media/frames/s01-001.svg\n'), 'media/frames/s01-001.svg': '<svg/>' });
    age(root);
    await loadStatusBasis(root);

    writeFileSync(join(root, 'shots/s01-001.md'), shot('s01-001', 1, 'status: locked\nframe: media/frames/s01-001.svg\n'));
    let basis = await loadStatusBasis(root);
    assert.deepEqual(basis.kinds.find((k) => k.kind === 'shot')!.byStatus, { locked: 1 });

    writeFiles(root, { 'shots/s01-002.md': shot('s01-002', 2) });
    basis = await loadStatusBasis(root);
    assert.equal(basis.kinds.find((k) => k.kind === 'shot')!.total, 2);

    rmSync(join(root, 'media/frames/s01-001.svg'));
    basis = await loadStatusBasis(root);
    assert.deepEqual(basis.diagnostics.filter((d) => d.code === 'media-missing').map((d) => d.file), ['shots/s01-001.md']);
  });

  it('notices a file appearing at the top of the production and a new role folder', async () => {
    const root = copyExample();
    age(root);
    await loadStatusBasis(root);
    writeFiles(root, { 'script.md': 'Title: Other\n' });
    let basis = await loadStatusBasis(root);
    assert.ok(basis.diagnostics.some((d) => d.file === 'script.md'));
    writeFiles(root, { 'agents/sound/agent.md': '---\nkind: agent\nrole: sound\nresponsibility: Designs the sound.\nstage: edit\nreads: []\nwrites: []\n---\n' });
    basis = await loadStatusBasis(root);
    assert.equal(basis.kinds.find((k) => k.kind === 'agent')!.total, 9);
  });
});
