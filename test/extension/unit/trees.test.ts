import assert from 'node:assert/strict';
import { CrewActivity } from '../../../src/extension/crew-activity';
import { crewTree } from '../../../src/extension/views/crew-tree';
import type { TreeNode } from '../../../src/extension/views/node';
import { productionTree } from '../../../src/extension/views/production-tree';
import { pendingCount, reviewTree } from '../../../src/extension/views/review-tree';
import { git } from '../../support/fixtures';
import { writeProposalBranch } from '../../../src/core/git/index';
import { lighthouse, sourceOf } from './production';

function find(nodes: TreeNode[], id: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = n.children && find(n.children, id);
    if (inner) return inner;
  }
  return undefined;
}

describe('extension trees', function () {
  this.timeout(30000);

  it('shows every stage with its gate state and why: the script gate open, the rest blocked', async () => {
    const source = await sourceOf(await lighthouse());
    const tree = productionTree(source.view, true);
    const script = find(tree, 'stage/script')!;
    assert.equal(script.description, 'Script lock: open');
    assert.ok(script.flags.includes('can-pass'));
    const breakdown = find(tree, 'stage/breakdown')!;
    assert.equal(breakdown.description, 'Shot list lock: blocked');
    assert.match(breakdown.tooltip ?? '', /waits for Script lock/);
    assert.ok(!breakdown.flags.includes('can-run'));
  });

  it('marks a gate passed once git has its gate commit', async () => {
    const root = await lighthouse();
    const { approve, passGate } = await import('../../../src/core/git/index');
    await approve(root, ['script.fountain']);
    await passGate(root, 'script');
    const source = await sourceOf(root);
    const tree = productionTree(source.view, true);
    assert.match(find(tree, 'stage/script')!.description!, /passed/);
    assert.ok(find(tree, 'stage/breakdown')!.flags.includes('can-run'));
  });

  it('groups shots act → scene → shot with a status icon and the actions their status allows', async () => {
    const source = await sourceOf(await lighthouse());
    const tree = productionTree(source.view, true);
    const act1 = find(tree, 'act/act1')!;
    const scene = act1.children!.find((c) => c.id === 'scene/s01')!;
    assert.deepEqual(scene.children!.map((c) => c.label), ['s01-001', 's01-002']);
    const proposed = scene.children![0]!;
    assert.equal(proposed.icon?.id, 'git-pull-request');
    assert.ok(proposed.flags.includes('can-approve') && proposed.flags.includes('can-reject'));
    assert.equal(proposed.path, 'shots/s01-001.md');
    const draft = find(tree, 'shot/shots/s02-001.md')!;
    assert.equal(draft.icon?.id, 'edit');
    assert.ok(!draft.flags.includes('can-reject'));
  });

  it('offers no action that changes files in an untrusted folder', async () => {
    const source = await sourceOf(await lighthouse());
    const tree = productionTree(source.view, false);
    const shot = find(tree, 'shot/shots/s01-001.md')!;
    assert.deepEqual(shot.flags, ['shot', 'artifact']);
    assert.ok(!find(tree, 'stage/script')!.flags.includes('can-pass'));
    assert.ok(reviewTree(source.view, false).every((n) => (n.children ?? []).every((c) => !c.flags.includes('can-approve'))));
  });

  it('lists proposed files by the role that made them, and proposal branches with their files', async () => {
    const root = await lighthouse();
    await writeProposalBranch(root, {
      role: 'casting',
      runId: '20250101-000000-abcd',
      files: [{ path: 'characters/mara.md', content: '---\nkind: character\nid: mara\nname: Mara\nstatus: proposed\n---\n' }],
      message: 'Casting: four looks for Mara',
    });
    const source = await sourceOf(root);
    const tree = reviewTree(source.view, true);
    const branch = tree.find((n) => n.id.startsWith('branch/'))!;
    assert.equal(branch.target?.branch, 'crew/casting/20250101-000000-abcd');
    assert.deepEqual(branch.children!.map((c) => c.label), ['characters/mara.md']);
    const files = tree.find((n) => n.id === 'proposed/directors-assistant')!;
    assert.deepEqual(files.children!.map((c) => c.path), ['shots/s01-001.md', 'shots/s01-002.md']);
    assert.equal(pendingCount(source.view), 3);
    assert.equal(git(root, 'status', '--short'), '', 'listing proposals touches nothing');
  });

  it("shows each crew member's responsibility, what it is doing now and its instances per scene", async () => {
    const source = await sourceOf(await lighthouse());
    const activity = new CrewActivity();
    activity.apply({ type: 'run-started', runId: 'r1', total: 0 });
    activity.apply({ type: 'task-queued', taskId: 'dop:s01', role: 'dop' });
    activity.apply({ type: 'task-started', taskId: 'dop:s01', role: 'dop', model: 'offline' });
    activity.apply({ type: 'task-queued', taskId: 'casting:mara', role: 'casting' });
    activity.apply({ type: 'task-started', taskId: 'casting:mara', role: 'casting', model: 'offline' });
    activity.apply({ type: 'task-finished', taskId: 'casting:mara', role: 'casting', outcome: 'failed', outputs: [], reason: 'no model answered' });
    const tree = crewTree(source.view, activity);
    const casting = tree.find((n) => n.id === 'role/casting')!;
    assert.match(casting.tooltip!, /four looks/);
    assert.equal(casting.icon?.id, 'error');
    assert.match(casting.description!, /failed · nothing spent/);
    const dop = tree.find((n) => n.id === 'role/dop')!;
    assert.match(dop.description!, /working on s01/);
    const s01 = dop.children!.find((c) => c.id === 'instance/dop/s01')!;
    assert.equal(s01.description, 'running');
    assert.equal(dop.path, 'agents/dop/agent.md');
  });
});
