/**
 * The run's in-memory production (src/core/production/model.ts): every task that reads a file
 * gets one parse of its version — the loader's, when the bytes are the ones it loaded — and a
 * file the run writes is read again.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScopedContext } from '../../src/core/crew/role';
import { FileIndex } from '../../src/core/orchestrator/inputs';
import { ProductionLoader } from '../../src/core/production/load';
import { FakeProvider, scriptedRole, task } from './fixtures/crew';
import { production, run } from './helpers';

const SHOT = '---\nkind: shot\nid: s01-001\nscene: s01\norder: 1\nsize: WS\n---\nThe lamp.\n';

describe('the run\'s production in memory', () => {
  it('serves the loader\'s parse of the same bytes, one parse to every reader, and reads a file again once it changed', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: ['shots/*.md'], writes: ['out/*'] }], files: { 'shots/s01-001.md': SHOT } });
    const loaded = await new ProductionLoader(dir).load();
    const index = new FileIndex(dir);
    index.model.useLoaded(loaded);
    const first = await index.model.contextFile('shots/s01-001.md', false);
    assert.equal(first?.artifact, loaded.shots.find((s) => s.path === 'shots/s01-001.md'), 'the loader\'s artifact itself, not a second parse');
    assert.equal(await index.model.contextFile('shots/s01-001.md', false), first, 'the same parse for the next reader');
    assert.deepEqual(index.model.counts, { reused: 1, parsed: 1, fromLoader: 1 });

    writeFileSync(join(dir, 'shots/s01-001.md'), SHOT.replace('size: WS', 'size: CU'));
    assert.equal((await index.model.contextFile('shots/s01-001.md', false))?.artifact?.data.size, 'WS', 'until told, the version read is kept');
    index.touched('shots/s01-001.md');
    const again = await index.model.contextFile('shots/s01-001.md', false);
    assert.equal(again?.artifact?.data.size, 'CU', 'the new version, parsed (the loader has not seen it)');
    assert.notEqual(again?.artifact, first?.artifact);
  });

  it('gives every task of a run the same parse of a file they all read', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: ['shots/*.md'], writes: ['out/*'] }], files: { 'shots/s01-001.md': SHOT } });
    const seen: ScopedContext[] = [];
    const tasks = ['a', 'b', 'c'].map((s) => task('painter', s, { reads: ['shots/*.md'], writes: [] }));
    const painter = scriptedRole('painter', tasks, async (ctx) => {
      seen.push(ctx);
      return [];
    });
    const summary = await run(dir, [painter], [new FakeProvider()]);
    assert.equal(summary.counts.succeeded, 3, JSON.stringify(summary.tasks));
    const files = seen.map((ctx) => ctx.files.get('shots/s01-001.md'));
    assert.ok(files[0]?.artifact, 'the shot was read');
    assert.ok(files.every((f) => f === files[0]), 'one parse shared by the three tasks');
  });
});
