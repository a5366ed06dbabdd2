import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FilmcrewError } from '../../src/core/diagnostics';
import { INDEX_FILE } from '../../src/core/production/index-cache';
import { loadProduction, ProductionLoader } from '../../src/core/production/load';
import { copyExample, repoRoot, tempDir, writeFiles } from '../support/fixtures';

const shot = (id: string, order: number, extra = '') => `---\nkind: shot\nid: ${id}\nscene: s01\norder: ${order}\n${extra}---\n`;

/** A reader that counts what it reads. */
function countingReader() {
  const reads: string[] = [];
  return { reads, read: async (p: string) => { reads.push(p); return readFile(p); } };
}

function brokenCopy(name: string): string {
  const dir = join(tempDir(), name);
  cpSync(join(repoRoot, 'test/fixtures/broken', name), dir, { recursive: true });
  return dir;
}

function expected(dir: string): string[] {
  return readFileSync(join(dir, 'expected.txt'), 'utf8').trim().split('\n').sort();
}

describe('loading a production', () => {
  it('loads the example into one model: production, script, scenes with acts, agents', async () => {
    const p = await loadProduction(copyExample());
    assert.equal(p.production?.data.title, 'The Last Light');
    assert.equal(p.scriptPath, 'script.fountain');
    assert.deepEqual(p.scenes.map((s) => [s.id, s.act]), [['s01', 'act1'], ['s02', 'act2'], ['s03', 'act2']]);
    assert.deepEqual(p.diagnostics.filter((d) => d.severity === 'error'), []);
  });

  it('sorts shots by order and keeps loading when some files cannot be parsed', async () => {
    const root = copyExample();
    writeFiles(root, {
      'shots/s01-002.md': shot('s01-002', 2),
      'shots/s01-001.md': shot('s01-001', 1),
      'shots/s01-010.md': shot('s01-010', 1.5),
      'shots/broken.md': '---\nkind: shot\nid: [\n---\n',
      'characters/mara.md': '---\nkind: character\nid: mara\nname: Mara\n---\n',
      'agents/dop/agent.md': '---\nkind: agent\nrole: dop\nresponsibility: Lights every shot.\nstage: generation\nreads: []\nwrites: []\n---\nBrief.\n',
      'agents/dop/feedback.md': 'Warmer light in s02.\n',
      'reviews/r1.md': '---\nkind: review\nid: r1\nnotes: []\n---\n',
    });
    const p = await loadProduction(root);
    assert.deepEqual(p.shots.map((s) => s.data.id), ['s01-001', 's01-010', 's01-002']);
    assert.deepEqual(p.characters.map((c) => c.data.id), ['mara']);
    assert.equal(p.agents.find((a) => a.data.role === 'dop')!.feedback, 'Warmer light in s02.\n');
    assert.equal(p.agents.find((a) => a.data.role === 'casting')!.feedback, undefined);
    assert.equal(p.reviews.length, 1);
    assert.ok(p.diagnostics.some((d) => d.file === 'shots/broken.md' && d.code === 'yaml-syntax'));
  });

  it('says a folder without production.md is not a production and how to start one', async () => {
    await assert.rejects(loadProduction(brokenCopy('not-a-production')), (e: unknown) => {
      assert.ok(e instanceof FilmcrewError);
      assert.equal(e.code, 'production-missing');
      assert.match(e.advice ?? '', /filmcrew init/);
      return true;
    });
    await assert.rejects(loadProduction(join(tempDir(), 'nowhere')), (e: unknown) => e instanceof FilmcrewError && e.code === 'not-found');
  });

  it('reports every broken file at its line, once', async () => {
    const dir = brokenCopy('files');
    const p = await loadProduction(dir);
    assert.deepEqual(p.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`).sort(), expected(dir));
    assert.equal(existsSync('/tmp/filmcrew-pwned'), false);
  });

  it('reports every broken cross-reference at its line, once', async () => {
    const dir = brokenCopy('crossrefs');
    const p = await loadProduction(dir);
    assert.deepEqual(p.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code}`).sort(), expected(dir));
    for (const d of p.diagnostics) assert.ok(d.message.length > 20, d.message);
  });

  it('re-parses only the files named on reload', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1), 'shots/s01-002.md': shot('s01-002', 2) });
    const reader = countingReader();
    const loader = new ProductionLoader(root, { read: reader.read, persistentIndex: false });
    const p0 = await loader.load();
    assert.equal(reader.reads.length, 4 + p0.agents.length); // production.md, script.fountain, two shots, the crew
    reader.reads.length = 0;
    writeFileSync(join(root, 'shots/s01-002.md'), shot('s01-002', 2, 'size: CU\n'));
    const p = await loader.reload([join(root, 'shots/s01-002.md')]);
    assert.deepEqual(reader.reads, [join(root, 'shots/s01-002.md')]);
    assert.equal(p.shots[1]!.data.size, 'CU');
  });

  it('picks up added and removed files on reload', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1) });
    const loader = new ProductionLoader(root, { persistentIndex: false });
    await loader.load();
    writeFiles(root, { 'shots/s01-002.md': shot('s01-002', 2) });
    rmSync(join(root, 'shots/s01-001.md'));
    const p = await loader.reload(['shots/s01-002.md', 'shots/s01-001.md']);
    assert.deepEqual(p.shots.map((s) => s.data.id), ['s01-002']);
  });

  it('lets a new process skip unchanged files through the index under .filmcrew/', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1), 'shots/s01-002.md': shot('s01-002', 2) });
    const old = new Date(Date.now() - 60_000);
    for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) utimesSync(join(root, f), old, old);
    await loadProduction(root);
    assert.ok(existsSync(join(root, INDEX_FILE)));

    const first = countingReader();
    const again = await new ProductionLoader(root, { read: first.read }).load();
    assert.deepEqual(first.reads, []);
    assert.equal(again.shots.length, 2);
    assert.equal(again.scenes.length, 3);

    writeFileSync(join(root, 'shots/s01-001.md'), shot('s01-001', 1, 'size: WS\n'));
    const second = countingReader();
    const changed = await new ProductionLoader(root, { read: second.read }).load();
    assert.deepEqual(second.reads, [join(root, 'shots/s01-001.md')]);
    assert.equal(changed.shots[0]!.data.size, 'WS');
  });

  it('keeps the index only when asked, for a run that reloads after every gate', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1) });
    const old = new Date(Date.now() - 60_000);
    for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) utimesSync(join(root, f), old, old);
    const loader = new ProductionLoader(root, { indexSavedWhenAsked: true });
    await loader.load();
    writeFileSync(join(root, 'shots/s01-001.md'), shot('s01-001', 1, 'size: WS\n'));
    utimesSync(join(root, 'shots/s01-001.md'), old, old);
    await loader.reload(['shots/s01-001.md']);
    assert.ok(!existsSync(join(root, INDEX_FILE)), 'no load wrote the index');
    await loader.saveIndex();
    // A new process takes every file from the index, the reloaded shot as it is now.
    const next = countingReader();
    const again = await new ProductionLoader(root, { read: next.read }).load();
    assert.deepEqual(next.reads, []);
    assert.equal(again.shots[0]!.data.size, 'WS');
  });

  it('re-checks the content of a file changed within the same clock tick as it was indexed', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1, 'size: WS\n') });
    await loadProduction(root);
    // Same size, same mtime, different content: only the content hash can tell.
    const st = (await import('node:fs')).statSync(join(root, 'shots/s01-001.md'));
    writeFileSync(join(root, 'shots/s01-001.md'), shot('s01-001', 1, 'size: CU\n'));
    utimesSync(join(root, 'shots/s01-001.md'), st.atime, st.mtime);
    const p = await loadProduction(root);
    assert.equal(p.shots[0]!.data.size, 'CU');
  });

  it('ignores a corrupt index and rebuilds it', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1), [INDEX_FILE]: '{"format": "filmcrew-index/1/x", "entries": {' });
    const p = await loadProduction(root);
    assert.equal(p.shots.length, 1);
    assert.doesNotThrow(() => JSON.parse(readFileSync(join(root, INDEX_FILE), 'utf8')));
  });

  it('reports a storyboard frame that is a symlink out of the production', async () => {
    const root = copyExample();
    const outside = tempDir();
    writeFiles(outside, { 'secret.svg': '<svg/>' });
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1, 'frame: media/frames/s01-001.svg\nclip: media/linked/c.mp4\n') });
    writeFiles(root, { 'media/frames/.keep': '' });
    symlinkSync(join(outside, 'secret.svg'), join(root, 'media/frames/s01-001.svg'));
    symlinkSync(outside, join(root, 'media/linked'));
    const p = await loadProduction(root);
    const escapes = p.diagnostics.filter((d) => d.code === 'path-escapes');
    assert.deepEqual(escapes.map((d) => [d.file, d.line]), [['shots/s01-001.md', 6], ['shots/s01-001.md', 7]]);
  });
});

describe('loading a production (edge cases)', () => {
  it('reads a markdown screenplay (script.md) when there is no script.fountain', async () => {
    const root = copyExample();
    rmSync(join(root, 'script.fountain'));
    writeFiles(root, { 'script.md': 'Title: Short\n\nINT. ROOM - DAY\n\nANNA\nHello.\n' });
    const p = await loadProduction(root);
    assert.equal(p.scriptPath, 'script.md');
    assert.deepEqual(p.scenes.map((s) => s.heading), ['INT. ROOM - DAY']);
  });

  it('reports a file it cannot read and goes on with the rest', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1), 'shots/odd.md/readme.txt': 'a folder named like a shot' });
    const p = await loadProduction(root);
    assert.equal(p.shots.length, 1);
    const d = p.diagnostics.find((x) => x.file === 'shots/odd.md');
    assert.equal(d?.code, 'file-unreadable');
    assert.equal(d?.line, 1);
  });
});
