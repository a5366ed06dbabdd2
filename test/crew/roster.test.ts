import assert from 'node:assert/strict';
import { BUILTIN_AGENTS } from '../../src/core/crew/builtin-agents';
import { builtinRoles } from '../../src/core/crew/index';
import { defineRole, type PlannedTask } from '../../src/core/crew/role';
import { CREW, stageRoles } from '../../src/core/crew/roster';
import { STAGES } from '../../src/core/pipeline/stages';
import { copyExample } from '../support/fixtures';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { productionAt, runRole } from './harness';

describe('the crew roster (one module per role)', function () {
  this.timeout(60000);

  it('puts every built-in role in exactly one stage of the stage table: the one its module declares', () => {
    const stageIds = STAGES.map((s) => s.id);
    for (const r of CREW) {
      assert.ok(stageIds.includes(r.stage), `${r.role}: ${r.stage} is not a stage`);
      const stages = stageIds.filter((s) => stageRoles(s).includes(r.role));
      assert.deepEqual(stages, [r.stage], r.role);
    }
    assert.equal(new Set(CREW.map((r) => r.role)).size, CREW.length, 'a role has two modules');
    // The script is a person's; every later stage has a crew.
    assert.deepEqual(stageRoles('script'), []);
    for (const s of stageIds.filter((x) => x !== 'script')) assert.ok(stageRoles(s).length > 0, s);
    assert.deepEqual(stageRoles('assets'), ['casting', 'costume', 'production-design']);
  });

  it('gives the agent.md files init writes their module’s stage, and every handler its role and stage', () => {
    assert.deepEqual(
      BUILTIN_AGENTS.map((a) => [a.role, a.stage]),
      CREW.map((r) => [r.role, r.stage]),
    );
    for (const r of CREW) for (const h of r.handlers) assert.deepEqual([h.role, h.stage], [r.role, r.stage]);
    assert.equal(builtinRoles().length, CREW.reduce((n, r) => n + r.handlers.length, 0));
  });

  it('stamps the module’s role and stage on every task its handlers plan on the example', async () => {
    const dir = copyExample();
    await runRole(dir, directorsAssistant);
    const production = productionAt(dir);
    let planned = 0;
    for (const r of CREW) {
      for (const h of r.handlers) {
        for (const t of h.plan(production, {})) {
          assert.deepEqual([t.role, t.stage], [r.role, r.stage], t.id);
          planned++;
        }
      }
    }
    // 21 shots: breakdown per scene, sheets per asset, a frame, a clip per shot, the DOP per scene, the cut, the review.
    assert.ok(planned > 21 * 2, `only ${planned} tasks`);
  });

  it('overrides a stage a handler writes into its task with the module’s', () => {
    const stray = { id: 'x:1', stage: 'review', subject: '1', reads: [], writes: [], after: [] } as PlannedTask;
    const role = defineRole({
      role: 'editor',
      stage: 'edit',
      agent: { name: 'Editor', responsibility: 'cuts', reads: [], writes: [], models: {}, brief: '' },
      offline: {},
      handlers: [{ modalities: [], plan: () => [stray], run: async () => [] }],
    });
    const [task] = role.handlers[0]!.plan({} as never, {});
    assert.equal(task!.stage, 'edit');
    assert.equal(task!.role, 'editor');
  });
});
