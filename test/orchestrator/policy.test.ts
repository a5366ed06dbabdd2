import assert from 'node:assert/strict';
import type { CallQuestion, GateQuestion } from '../../src/core/host';
import { decide } from '../../src/core/orchestrator/policy';
import { modelList, ProviderRegistry, UnknownProviderError } from '../../src/core/providers/registry';
import { FakeProvider } from './fixtures/crew';

const call = (estimatedCost: number | undefined, paid = true): CallQuestion => ({
  kind: 'call',
  taskId: 't',
  role: 'dop',
  model: 'm',
  modality: 'video',
  prompt: 'p',
  references: [],
  estimatedCost,
  paid,
  spent: 0,
  cap: undefined,
});
const gate: GateQuestion = { kind: 'gate', gate: 'shotlist', artifacts: ['shots/s01-001.md'] };
const budget = (spent: number, cap?: number, reserved = 0) => ({ spent, reserved, cap });

describe('the approval policy', () => {
  it('always asks a person at a gate, in either mode and with any budget', () => {
    assert.equal(decide(gate, 'auto', budget(0, 100)), 'ask');
    assert.equal(decide(gate, 'always-ask', budget(0)), 'ask');
  });

  it('asks before every paid call in always-ask and approves within budget in auto', () => {
    assert.equal(decide(call(0.5), 'always-ask', budget(0, 10)), 'ask');
    assert.equal(decide(call(0.5), 'auto', budget(0, 10)), 'approve');
  });

  it('asks about an unknown price even in auto', () => {
    assert.equal(decide(call(undefined), 'auto', budget(0, 10)), 'ask');
  });

  it('denies a call that would pass the cap, counting calls still running', () => {
    assert.equal(decide(call(2), 'auto', budget(9, 10)), 'deny');
    assert.equal(decide(call(2), 'always-ask', budget(9, 10)), 'deny');
    assert.equal(decide(call(1), 'auto', budget(8, 10, 1.5)), 'deny');
    assert.equal(decide(call(1), 'auto', budget(9, 10)), 'approve', 'exactly reaching the cap is allowed');
  });

  it('approves a free call without asking', () => {
    assert.equal(decide(call(0, false), 'always-ask', budget(50, 10)), 'approve');
  });
});

describe('the provider registry', () => {
  it('takes the model list from production.md over agent.md', () => {
    const agent = { models: { text: ['a1', 'a2'] } };
    assert.deepEqual(modelList('dop', 'text', agent, { models: { dop: { text: ['p1'] } } }), ['p1']);
    assert.deepEqual(modelList('dop', 'text', agent, { models: { casting: { text: ['p1'] } } }), ['a1', 'a2']);
    assert.deepEqual(modelList('dop', 'video', agent, undefined), []);
  });

  it('routes each model of the list to the provider that serves it, in list order', () => {
    const one = new FakeProvider({ name: 'one', models: ['m1'] });
    const two = new FakeProvider({ name: 'two', models: ['m2'] });
    const { routes, unrouted } = new ProviderRegistry([one, two]).routes(['m2', 'nobody', 'm1'], 'text');
    assert.deepEqual(routes.map((r) => [r.model, r.provider.name]), [['m2', 'two'], ['m1', 'one']]);
    assert.deepEqual(unrouted.map((u) => u.model), ['nobody']);
  });

  it('forces every call onto --provider, and refuses an unknown one by naming the known', () => {
    const offline = new FakeProvider({ name: 'offline', models: ['offline'] });
    const paid = new FakeProvider({ name: 'openai-compatible', models: ['gpt-x'] });
    const forced = new ProviderRegistry([paid, offline], 'offline');
    assert.deepEqual(forced.routes(['gpt-x'], 'text').routes.map((r) => [r.model, r.provider.name]), [['offline', 'offline']]);
    assert.throws(() => new ProviderRegistry([paid, offline], 'nope'), (e: unknown) => e instanceof UnknownProviderError && /offline/.test(e.message));
  });
});
