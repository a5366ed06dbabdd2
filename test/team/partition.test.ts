import assert from 'node:assert/strict';
import type { PlannedTask } from '../../src/core/orchestrator/planner';
import type { Modality } from '../../src/core/model/types';
import { parseShard, partition, shardTasks } from '../../src/core/team/shards';
import { FilmcrewError } from '../../src/core/diagnostics';

function task(id: string, modality: Modality = 'image', after: string[] = []): PlannedTask {
  const role = id.split(':')[0]!;
  return { spec: { id, role, stage: 'storyboard', subject: id.split(':')[1]!, reads: [], writes: [`out/${id}`], after }, handler: { modalities: [modality] }, agent: {} } as unknown as PlannedTask;
}

describe('the shard partition', () => {
  const frames = Array.from({ length: 200 }, (_, i) => task(`storyboard-artist:s${String(Math.floor(i / 10)).padStart(2, '0')}-${String(i % 10).padStart(3, '0')}`));

  it('gives every task to exactly one shard, the same on every machine whatever order the plan lists them in', () => {
    const shuffled = [...frames].sort((a, b) => (a.spec.id.split('').reverse().join('') < b.spec.id.split('').reverse().join('') ? -1 : 1));
    const shares = [1, 2, 3].map((i) => shardTasks(frames, { index: i, count: 3 }).map((t) => t.spec.id));
    const again = [1, 2, 3].map((i) => shardTasks(shuffled, { index: i, count: 3 }).map((t) => t.spec.id).sort());
    assert.deepEqual(shares.map((s) => [...s].sort()), again);
    assert.deepEqual(shares.flat().sort(), frames.map((t) => t.spec.id).sort());
    assert.deepEqual(shares.map((s) => s.length), [67, 67, 66]);
  });

  it('balances by expected cost: one clip weighs as much as many frames', () => {
    const clips = Array.from({ length: 4 }, (_, i) => task(`dop:s0${i}`, 'video'));
    const of = partition([...clips, ...frames.slice(0, 40)], 4);
    const load = [0, 0, 0, 0];
    for (const [id, shard] of of) load[shard - 1]! += id.startsWith('dop') ? 40 : 4;
    assert.deepEqual(load, [80, 80, 80, 80], "4 clips (40 each) and 40 frames (4 each): 80 per shard");
  });

  it('keeps tasks that wait for each other on one machine', () => {
    const chain = [task('editor:cut', 'text'), task('checker:cut', 'text', ['editor:cut'])];
    for (let n = 2; n <= 5; n++) {
      const of = partition([...frames.slice(0, 30), ...chain], n);
      assert.equal(of.get('editor:cut'), of.get('checker:cut'));
    }
  });

  it('reads i/n and refuses what is not a shard', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '2', 'a/b', '1/0']) assert.throws(() => parseShard(bad), (e: unknown) => e instanceof FilmcrewError && /--shard must be i\/n/.test(e.message));
  });
});
