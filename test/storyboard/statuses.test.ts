import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputHash } from '../../src/core/artifact/hash';
import { approve } from '../../src/core/git/approve';
import { loadProduction } from '../../src/core/production/load';
import { storyboardSnapshot } from '../../src/core/storyboard/snapshot';
import { buildReadModel, buildStoryboardModel, storyboardStatusOf } from '../../src/core/session/index';
import { initRepo, tempDir, writeFiles } from '../support/fixtures';
import { writeStoryboardProduction } from './production';

async function cards(dir: string) {
  const production = await loadProduction(dir, { persistentIndex: false });
  const [full, storyboardOnly] = await Promise.all([buildReadModel(production), buildStoryboardModel(production)]);
  // The preview keeps only the storyboard's part of the read model: its states are the same.
  assert.deepEqual([...storyboardOnly.states], [...full.states]);
  return storyboardSnapshot(production, { mediaUrl: () => undefined, statusOf: storyboardStatusOf(full) }).shots;
}

describe('storyboard statuses', function () {
  this.timeout(20_000);

  it('shows a locked shot as stale once an input it was made from changes', async () => {
    const dir = join(tempDir(), 'film');
    writeStoryboardProduction(dir, { shots: 2 });
    initRepo(dir);
    const script = readFileSync(join(dir, 'script.fountain'));
    await approve(dir, ['shots/s01-001.md'], { inputs: { 'shots/s01-001.md': { 'script.fountain': inputHash('script.fountain', script) } } });
    assert.equal((await cards(dir))[0]!.status, 'locked');
    writeFileSync(join(dir, 'script.fountain'), script + '\nMARA\nOne more line.\n');
    const [first, second] = await cards(dir);
    assert.equal(first!.status, 'stale');
    assert.match(first!.reason ?? '', /script\.fountain changed/);
    assert.equal(second!.status, 'draft');
  });

  it('shows a shot as failed when the newest run failed its task, until a later task succeeds', async () => {
    const dir = join(tempDir(), 'film');
    writeStoryboardProduction(dir, { shots: 2 });
    const line = (e: object) => JSON.stringify({ t: 1, ...e }) + '\n';
    writeFiles(dir, {
      '.filmcrew/runs/20260101-000000-a.jsonl':
        line({ e: 'queued', task: 'storyboard-artist:s01-001', role: 'storyboard-artist', stage: 'storyboard', subject: 's01-001', after: [] }) +
        line({ e: 'queued', task: 'storyboard-artist:s01-002', role: 'storyboard-artist', stage: 'storyboard', subject: 's01-002', after: [] }) +
        line({ e: 'failed', task: 'storyboard-artist:s01-001', role: 'storyboard-artist', stage: 'storyboard', reason: 'the image model refused the prompt', durationMs: 5 }) +
        line({ e: 'failed', task: 'storyboard-artist:s01-002', role: 'storyboard-artist', stage: 'storyboard', reason: 'timeout', durationMs: 5 }) +
        line({ e: 'succeeded', task: 'storyboard-artist:s01-002', role: 'storyboard-artist', stage: 'storyboard', key: 'k', inputs: {}, outputs: [], written: {}, conflicts: [], models: [], cost: 0, durationMs: 5 }),
    });
    const [first, second] = await cards(dir);
    assert.deepEqual([first!.status, first!.reason], ['failed', 'storyboard-artist failed: the image model refused the prompt']);
    assert.equal(second!.status, 'draft');
  });
});
