import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRoles } from '../../src/core/crew/index';
import { FileIndex } from '../../src/core/orchestrator/inputs';
import { scopedContext } from '../../src/core/orchestrator/context';
import { planStages } from '../../src/core/orchestrator/planner';
import { ProductionLoader } from '../../src/core/production/load';
import { askProducer, producerPrompt } from '../../src/core/producer/ask';
import { toolDecision } from '../../src/core/producer/confirm';
import { producerContext, renderContext } from '../../src/core/producer/context';
import { NO_MODEL } from '../../src/core/producer/offline';
import { callTool } from '../../src/core/producer/tools';
import { answerQuestion, raiseQuestions } from '../../src/core/questions/store';
import { writeFiles } from '../support/fixtures';
import { finishedExample, hostOn, removeProduction } from './support';

describe('the producer', () => {
  let dir: string;
  after(function () {
    this.timeout(60_000);
    removeProduction(dir);
  });
  before(async function () {
    this.timeout(120_000);
    dir = await finishedExample();
  });

  describe('its whole-film context', () => {
    it('declares what it read, and its prompt is made from that context alone', async () => {
      writeFiles(dir, {
        'agents/costume/feedback.md': '# Feedback for costume\n\nFEEDBACK-FOR-COSTUME-ONLY\n',
        'notes/private.md': 'PRIVATE-NOTES-NOT-DECLARED\n',
      });
      const ctx = await producerContext(dir);
      const prompt = producerPrompt(ctx, 'Where are we?');
      assert.ok(!prompt.includes('FEEDBACK-FOR-COSTUME-ONLY'), 'no role’s feedback');
      assert.ok(!prompt.includes('PRIVATE-NOTES-NOT-DECLARED'), 'no file outside the context');
      assert.ok(ctx.sources.every((p) => !p.startsWith('agents/') && !p.startsWith('notes/')), ctx.sources.join(', '));
      // A pure rendering of the declared context: the same context (as data) gives the same prompt.
      assert.equal(renderContext(JSON.parse(JSON.stringify(ctx))), renderContext(ctx));
      // Each section the context declares is there: style, scenes, every shot, the locked sheets, the review.
      assert.ok(prompt.includes(ctx.style.trim()));
      for (const s of ['INT. LIGHTHOUSE - LAMP ROOM - NIGHT', 'EXT. ROCKY BEACH - NIGHT']) assert.ok(prompt.includes(s), s);
      for (const id of ['s01-001', 's03-004']) assert.match(prompt, new RegExp(`^- ${id} `, 'm'));
      assert.match(prompt, /^- characters\/mara\.md MARA: .* — chosen a: /m);
      assert.ok(ctx.review && prompt.includes(ctx.review.path));
      assert.ok(ctx.sources.includes('production.md') && ctx.sources.includes('script.fountain') && ctx.sources.includes(ctx.review!.path));
    });

    it('holds the crew’s open questions, then the decision once answered', async () => {
      await raiseQuestions(dir, { id: 'dop:s02', role: 'dop', subject: 's02' }, [{ topic: 'weather', about: 'scene', question: 'Is the storm at its height in the beach scene?', options: ['yes', 'easing'] }]);
      let prompt = producerPrompt(await producerContext(dir), 'anything open?');
      assert.match(prompt, /## Open questions from the crew\n\n- dop\.s02\.weather \(dop, about s02\): Is the storm at its height in the beach scene\? Options: yes \| easing/);
      await answerQuestion(dir, 'dop.s02.weather', '2');
      prompt = producerPrompt(await producerContext(dir), 'anything open?');
      assert.match(prompt, /## Open questions from the crew\n\nNone\./);
      assert.match(prompt, /## Decisions\n\n- dop\.s02\.weather: easing/);
    });
  });

  describe('its tools', () => {
    it('routes a continuity note to casting after the person confirms, and to no other role', async () => {
      const host = hostOn(dir, true);
      const note = "Mara's braid is loose in s02-001 but tied in s02-002.";
      const outcome = await callTool('route_note', { category: 'continuity', note, subject: 's02-001' }, host);
      assert.equal(outcome.done, true, outcome.text);
      assert.deepEqual(host.shown, [`Add to agents/casting/feedback.md: “${note}”.`]);
      assert.ok(readFileSync(join(dir, 'agents/casting/feedback.md'), 'utf8').includes(note));

      // Feedback stays with its role: casting's task sees the note, costume's and the producer's do not.
      const production = await new ProductionLoader(dir).load();
      const plan = planStages(production, builtinRoles(), ['assets'], {});
      const index = new FileIndex(dir);
      const context = async (id: string) => scopedContext(production, plan.tasks.find((t) => t.spec.id === id)!, 'r', index);
      assert.ok((await context('casting:mara')).feedback?.includes(note));
      assert.ok(!(await context('costume:mara')).feedback?.includes(note));
      assert.ok(!(await context('costume:mara')).feedback?.includes('braid'));
      assert.ok(!producerPrompt(await producerContext(dir), 'x').includes('braid is loose'));
    });

    it('changes nothing that the person does not confirm', async () => {
      const host = hostOn(dir, false);
      const outcome = await callTool('route_note', { role: 'editor', note: 'Trim the last shot.' }, host);
      assert.equal(outcome.done, false);
      assert.match(outcome.text, /not confirmed/);
      assert.ok(!existsSync(join(dir, 'agents/editor/feedback.md')), 'no feedback file was written');
    });

    it('refuses a note for a role the production does not have', async () => {
      const outcome = await callTool('route_note', { role: 'gaffer', note: 'More light.' }, hostOn(dir, true));
      assert.equal(outcome.done, false);
      assert.match(outcome.text, /the production has no gaffer/);
      assert.ok(!existsSync(join(dir, 'agents/gaffer/feedback.md')));
    });

    it('reads without asking', async () => {
      const host = hostOn(dir, false);
      const outcome = await callTool('show_shot', { shot: 's01-003' }, host);
      assert.equal(outcome.done, true);
      assert.match(outcome.text, /^id: s01-003$/m);
      assert.deepEqual(host.shown, []);
    });

    it('asks through the approval policy: reads run, writes and gates ask in every mode, runs are refused at the cap', () => {
      const budget = { spent: 0, reserved: 0, cap: 10 };
      assert.equal(toolDecision('read', 'status', 'auto', budget), 'approve');
      assert.equal(toolDecision('write', 'note', 'auto', budget), 'ask');
      assert.equal(toolDecision('gate', 'pass', 'auto', budget, 'shotlist'), 'ask');
      assert.equal(toolDecision('spend', 'run', 'auto', budget), 'ask');
      assert.equal(toolDecision('spend', 'run', 'auto', { spent: 10, reserved: 0, cap: 10 }), 'deny');
    });
  });

  describe('without a model', () => {
    it('answers a status question from the files and says it has no model', async () => {
      const reply = await askProducer('Where are we?', { host: hostOn(dir, false) });
      assert.equal(reply.model, undefined);
      assert.ok(reply.text.startsWith(NO_MODEL));
      assert.match(reply.text, /Shot breakdown: done, gate Shot list lock passed — 21 shots: 21 locked/);
    });

    it('answers “what’s working, what’s not” from the latest review', async () => {
      const reply = await askProducer("What's working, what's not?", { host: hostOn(dir, false) });
      assert.match(reply.text, /reviews\/.*\.md: the checker found nothing to fix in the cut\.\n\s+The cut runs 76\.5 s/);
    });
  });
});
