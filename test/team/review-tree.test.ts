import assert from 'node:assert/strict';
import { approve } from '../../src/core/git/approve';
import { runOnBranches } from '../../src/core/team/propose';
import { syncProduction } from '../../src/core/team/sync';
import { teamView } from '../../src/core/team/team-view';
import { reviewTree } from '../../src/extension/views/review-tree';
import { sourceOf } from '../extension/unit/production';
import { git } from '../support/fixtures';
import { offline, teamAtStoryboard } from './remote';

describe("the Review tree of a team's production", function () {
  this.timeout(240_000);

  it("shows the remote's proposal branches and what teammates locked since the last sync", async () => {
    const team = await teamAtStoryboard();
    const [ana, ben] = [team.clone('Ana'), team.clone('Ben')];
    assert.equal((await teamView(ben))?.proposals.length, 0);

    await runOnBranches(ana, { ...offline, stage: 'storyboard', runId: 'ana-1' });
    git(ana, 'push', '-q', 'origin', 'crew/storyboard-artist/ana-1');
    await approve(ana, ['media/options/characters/mara-b.svg']);
    await syncProduction(ana);
    git(ben, 'fetch', '-q', 'origin');

    const view = (await sourceOf(ben)).view!;
    assert.equal(view.team?.remote, 'origin');
    const tree = reviewTree(view, true);
    const remote = tree.find((n) => n.id === 'remote/origin/proposals')!;
    assert.equal(remote.description, '1 proposal branch');
    const branch = remote.children![0]!;
    assert.equal(branch.target?.branch, 'crew/storyboard-artist/ana-1');
    assert.match(branch.description!, /^storyboard-artist · Ana · \d{4}-\d\d-\d\d$/);
    assert.ok(!branch.flags.includes('can-approve'), 'a remote branch is fetched before it is approved');
    const locks = tree.find((n) => n.id === 'remote/origin/locks')!;
    assert.deepEqual(locks.children!.map((c) => [c.label, c.description!.split(' · ')[0]]), [['media/options/characters/mara-b.svg', 'Ana']]);

    await syncProduction(ben);
    const after = reviewTree((await sourceOf(ben)).view!, true);
    assert.equal(after.find((n) => n.id === 'remote/origin/locks'), undefined, 'after a sync, nothing is new');
    assert.equal(after.find((n) => n.id === 'remote/origin/proposals'), undefined);
    assert.ok(after.find((n) => n.id === 'branch/crew/storyboard-artist/ana-1'), 'after a sync the branch is here, to review like any proposal');
  });
});
