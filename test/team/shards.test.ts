import assert from 'node:assert/strict';
import { readLockfile } from '../../src/core/git/lockfile';
import { approve } from '../../src/core/git/approve';
import { passGate } from '../../src/core/git/gates';
import { combineShards } from '../../src/core/team/combine';
import { runOnBranches } from '../../src/core/team/propose';
import { git } from '../support/fixtures';
import { offline, teamAtStoryboard, type Team } from './remote';

const RUN = 'ci-7';
const BRANCH = `crew/storyboard-artist/${RUN}`;

/** path → blob id of every file of a commit: equal ids are equal bytes. */
function tree(dir: string, rev: string): Map<string, string> {
  return new Map(git(dir, 'ls-tree', '-r', rev).split('\n').map((l) => [l.split('\t')[1]!, l.split(' ')[2]!.split('\t')[0]!]));
}

function changedFiles(dir: string, rev: string): string[] {
  return git(dir, 'diff', '--name-only', `${rev}~1`, rev).split('\n').filter(Boolean).sort();
}

describe('sharded runs on a team remote', function () {
  this.timeout(240_000);
  let team: Team;
  let single: string;
  let one: string;
  let two: string;
  const epoch = process.env.SOURCE_DATE_EPOCH;

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = '1767225600';
    team = await teamAtStoryboard();
    single = team.clone('Ana');
    one = team.clone('Ben');
    two = team.clone('Cleo');
  });
  after(() => {
    if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = epoch;
  });

  it('split the storyboard between two machines, and the two shards merged equal one run byte for byte', async () => {
    const whole = await runOnBranches(single, { ...offline, stage: 'storyboard', runId: RUN });
    assert.deepEqual(whole.proposals.map((p) => p.branch), [BRANCH]);
    assert.equal(git(single, 'status', '--porcelain'), '', 'the working tree of the person who ran it is untouched');

    const first = await runOnBranches(one, { ...offline, stage: 'storyboard', runId: RUN, shard: { index: 1, count: 2 } });
    const second = await runOnBranches(two, { ...offline, stage: 'storyboard', runId: RUN, shard: { index: 2, count: 2 } });
    assert.deepEqual(first.proposals.map((p) => p.branch), [`${BRANCH}.shard-1-of-2`]);
    assert.deepEqual(second.proposals.map((p) => p.branch), [`${BRANCH}.shard-2-of-2`]);
    const a = changedFiles(one, `${BRANCH}.shard-1-of-2`);
    const b = changedFiles(two, `${BRANCH}.shard-2-of-2`);
    const all = changedFiles(single, BRANCH);
    assert.equal(all.length, 21);
    assert.ok(Math.abs(a.length - b.length) <= 1, `balanced: ${a.length} and ${b.length}`);
    assert.deepEqual([...a, ...b].sort(), all, 'disjoint shares that cover the whole run');
    assert.equal(first.summary.counts.succeeded + second.summary.counts.succeeded, whole.summary.counts.succeeded);

    git(two, 'push', '-q', 'origin', `${BRANCH}.shard-2-of-2`);
    git(one, 'fetch', '-q', 'origin');
    const combined = await combineShards(one, RUN, { remote: 'origin' });
    assert.deepEqual(combined.map((c) => [c.branch, c.shards, c.files]), [[BRANCH, [1, 2], 21]]);
    assert.deepEqual(tree(one, BRANCH), tree(single, BRANCH), 'every file, byte for byte');

    const now = new Date('2026-01-02T03:04:05Z');
    await approve(single, [BRANCH], { now });
    await approve(one, [BRANCH], { now });
    const strip = (locks: Record<string, { approved_by?: string }>) => Object.fromEntries(Object.entries(locks).map(([p, e]) => [p, { ...e, approved_by: undefined }]));
    const [lockA, lockB] = [(await readLockfile(single)).lock.locks, (await readLockfile(one)).lock.locks];
    assert.deepEqual(strip(lockB), strip(lockA), 'the same lock entries: hash, stage, time and inputs');
    for (const path of all) assert.ok(Object.keys(lockB[path]!.inputs).length > 0, `${path} locked with the inputs it was drawn from (carried by the shard's commit)`);
    const production = (dir: string) => new Map([...tree(dir, 'HEAD')].filter(([p]) => p !== 'filmcrew.lock'));
    assert.deepEqual(production(one), production(single), 'after approval, the same production (the lock file differs only in who approved)');
  });

  it('re-runs a shard for free: the journal and cache answer, and the branch does not move', async () => {
    const tip = git(two, 'rev-parse', `${BRANCH}.shard-2-of-2`);
    const again = await runOnBranches(two, { ...offline, stage: 'storyboard', runId: RUN, shard: { index: 2, count: 2 } });
    assert.equal(again.summary.counts.succeeded, 0);
    assert.equal(again.summary.calls, 0);
    assert.ok(again.summary.counts.cached >= 10, `cached: ${again.summary.counts.cached}`);
    assert.deepEqual(again.proposals.map((p) => p.unchanged), [true]);
    assert.equal(git(two, 'rev-parse', `${BRANCH}.shard-2-of-2`), tip);
  });

  it('keeps the edit out of a shard: it reads every shard\'s clips, so it waits for them to be combined', async () => {
    await passGate(single, 'storyboard');
    const shard = await runOnBranches(single, { ...offline, runId: 'ci-8', shard: { index: 1, count: 2 } });
    const ran = shard.summary.tasks.filter((t) => t.outcome === 'succeeded').map((t) => t.role);
    assert.ok(ran.includes('dop'), `the DOP worked: ${ran.join(', ')}`);
    assert.ok(!shard.summary.tasks.some((t) => t.role === 'editor'), 'no editor in a shard');
    assert.deepEqual(shard.summary.waiting.find((w) => w.stage === 'edit')?.on, 'the other shards (combine them with `filmcrew review --combine`, approve, run again)');
  });
});
