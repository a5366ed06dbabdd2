import assert from 'node:assert/strict';
import { builtinRoles } from '../../src/core/crew/index';
import { planStages } from '../../src/core/orchestrator/planner';
import { ProductionLoader } from '../../src/core/production/load';
import { regeneratePlan } from '../../src/core/session/index';
import type { RegenerateWhat } from '../../src/core/storyboard/protocol';
import { lighthouse, shotText } from '../extension/unit/production';

describe('regenerating from a card picks the task that makes what was asked', function () {
  this.timeout(60_000);

  it('frame: the storyboard artist; photography: the DOP’s scene task; clip: the DOP’s clip task, and only that one', async () => {
    const root = await lighthouse({ 'shots/s01-003.md': shotText('s01-003', 's01', 3, 'locked') });
    const production = await new ProductionLoader(root, { persistentIndex: false }).load();
    const shot = production.shots.find((s) => s.data.id === 's01-002')!;
    const planned = (what: RegenerateWhat) => {
      const plan = regeneratePlan(production, shot, what)!;
      // What the run would hold: the planner over the crew the plan gives it, in its scope.
      const tasks = planStages(production, plan.run.roles, [plan.run.stage], { only: plan.run.only, subjects: new Set(plan.run.subjects) }).tasks.map((t) => t.spec.id);
      return { taskId: plan.taskId, tasks };
    };
    assert.deepEqual(planned('frame'), { taskId: 'storyboard-artist:s01-002', tasks: ['storyboard-artist:s01-002'] });
    // The DOP has two kinds of task about this shot; each regenerate runs exactly one of them.
    assert.deepEqual(planned('photography'), { taskId: 'dop:s01', tasks: ['dop:s01'] });
    assert.deepEqual(planned('clip'), { taskId: 'dop:clip-s01-002', tasks: ['dop:clip-s01-002'] });
  });

  it('asks the DOP’s scene task again for a clip a video model makes (the shot names it)', async () => {
    const withClip = shotText('s01-002', 's01', 2, 'proposed').replace('status: proposed', 'clip: media/clips/s01-002-gen.mp4\nstatus: proposed');
    const root = await lighthouse({ 'shots/s01-002.md': withClip });
    const production = await new ProductionLoader(root, { persistentIndex: false }).load();
    const shot = production.shots.find((s) => s.data.id === 's01-002')!;
    assert.equal(regeneratePlan(production, shot, 'clip')?.taskId, 'dop:s01');
    assert.equal(regeneratePlan(production, shot, 'clip', builtinRoles().filter((r) => r.role !== 'dop')), undefined);
  });
});
