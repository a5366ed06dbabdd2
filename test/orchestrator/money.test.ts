import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { approveEverything } from '../../src/core/host';
import { createProviders } from '../../src/core/providers';
import { fixture, loopback, reply, secretsOf } from '../providers/support';
import { ProviderError } from '../../src/core/providers/types';
import { FakeProvider, scriptedPrompt, scriptedRole, task } from './fixtures/crew';
import { eventsOf, journal, production, run } from './helpers';

describe('budget and approvals', () => {
  it('stops the run before the call that would pass the cap, and exits 3', async () => {
    const dir = production({ cap: 2.5, agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((s) => task('painter', s));
    const provider = new FakeProvider({ paid: true, price: 1 });
    const summary = await run(dir, [scriptedRole('painter', tasks)], [provider], { concurrency: 1 });

    assert.equal(provider.calls.length, 2, 'two calls fit under 2.5; the third would pass it');
    assert.equal(summary.exitCode, 3);
    assert.equal(summary.stopped?.reason, 'budget');
    assert.equal(summary.spend.run.total, 2);
    assert.equal(summary.spend.run.byRole.painter, 2);
    assert.equal(summary.spend.run.byModel.fake, 2);
    assert.equal(summary.spend.run.byStage.breakdown, 2);
    assert.deepEqual(summary.counts, { succeeded: 2, cached: 0, failed: 0, skipped: 3 });
    const events = journal(summary);
    assert.equal(eventsOf(events, 'denied').filter((d) => d.reason === 'budget cap').length, 1);
    assert.equal(eventsOf(events, 'call').length, 2);
  });

  it('counts what earlier runs spent against the cap', async () => {
    const dir = production({ cap: 3, agents: [{ role: 'painter', reads: ['in/*'], writes: ['out/painter/*'] }], files: { 'in/a.txt': '1' } });
    const tasks = [task('painter', 'a', { reads: ['in/a.txt'] })];
    const provider = new FakeProvider({ paid: true, price: 1 });
    const roles = [scriptedRole('painter', tasks)];
    await run(dir, roles, [provider]);
    writeFileSync(`${dir}/in/a.txt`, '2');
    await run(dir, roles, [provider]);
    writeFileSync(`${dir}/in/a.txt`, '3');
    const third = await run(dir, roles, [provider]);
    assert.equal(third.spend.production.total, 3);
    writeFileSync(`${dir}/in/a.txt`, '4');
    const fourth = await run(dir, roles, [provider]);
    assert.equal(fourth.exitCode, 3, 'the production has spent its cap of 3 over three runs');
    assert.equal(provider.calls.length, 3);
  });

  it('asks before each paid call in always-ask, and a denied call is skipped and spends nothing', async () => {
    const dir = production({ approval: 'always-ask', agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const tasks = ['a', 'b', 'c'].map((s) => task('painter', s));
    const provider = new FakeProvider({ paid: true, price: 0.25 });
    const prompt = scriptedPrompt({ call: (q) => ({ answer: q.taskId === 'painter:b' ? 'deny' : 'approve' }) });
    const summary = await run(dir, [scriptedRole('painter', tasks)], [provider], { prompt });

    const calls = prompt.asked.filter((q) => q.kind === 'call');
    assert.equal(calls.length, 3, 'one question per paid call');
    assert.ok(calls.every((q) => q.kind === 'call' && q.estimatedCost === 0.25 && q.model === 'fake' && q.prompt.startsWith('Do ')));
    assert.deepEqual(provider.calls.map((c) => c.task).sort(), ['painter:a', 'painter:c']);
    const b = summary.tasks.find((t) => t.id === 'painter:b')!;
    assert.equal(b.outcome, 'skipped');
    assert.match(b.reason!, /declined/);
    assert.equal(summary.spend.run.total, 0.5);
    const events = journal(summary);
    assert.equal(eventsOf(events, 'call', 'painter:b').length, 0);
    assert.equal(eventsOf(events, 'cost', 'painter:b').length, 0);
    assert.equal(eventsOf(events, 'denied', 'painter:b')[0]!.by, 'person');
  });

  it('asks before a call to a local server that production.md prices, and charges it; an unpriced local model stays free and unasked', async () => {
    const server = await loopback((_req, res) => {
      const body = fixture('openai/chat-completion.json');
      ((body.choices as Record<string, unknown>[])[0]!.message as Record<string, unknown>).content = 'done';
      reply(res, 200, body);
    });
    const agents = [
      { role: 'painter', reads: [], writes: ['out/painter/*'], models: { text: ['openai-compatible/house-model'] } },
      { role: 'sketcher', reads: [], writes: ['out/sketcher/*'], models: { text: ['openai-compatible/laptop-model'] } },
    ];
    const dir = production({ approval: 'always-ask', agents });
    const providers = createProviders({
      secrets: secretsOf({}),
      env: { OPENAI_BASE_URL: `${server.url}/v1` },
      // A proxy on this machine in front of a billed service: the production says what it costs.
      prices: { 'openai-compatible/house-model': { input_per_1m: 1, output_per_1m: 2 } },
    });
    const prompt = scriptedPrompt();
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a')]), scriptedRole('sketcher', [task('sketcher', 'b')])], providers, { prompt });

    const asked = prompt.asked.filter((q) => q.kind === 'call');
    assert.deepEqual(asked.map((q) => q.kind === 'call' && q.model), ['openai-compatible/house-model'], 'asked for the priced one only');
    assert.ok(asked.every((q) => q.kind === 'call' && q.paid === true && (q.estimatedCost ?? 0) > 0));
    assert.equal(server.requests.length, 2);
    assert.ok(summary.spend.run.byModel['openai-compatible/house-model']! > 0, 'the priced call is charged');
    assert.equal(summary.spend.run.byModel['openai-compatible/laptop-model'] ?? 0, 0);
  });

  it('asks about a call with an unknown price even in auto mode', async () => {
    const dir = production({ approval: 'auto', agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const provider = new FakeProvider({ paid: true, price: undefined });
    const prompt = scriptedPrompt({ call: () => ({ answer: 'deny' }) });
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a')])], [provider], { prompt });
    assert.equal(prompt.asked.filter((q) => q.kind === 'call').length, 1);
    assert.equal(provider.calls.length, 0);
    assert.equal(summary.tasks[0]!.outcome, 'skipped');
  });

  it('approves paid calls within budget in auto mode without asking', async () => {
    const dir = production({ approval: 'auto', cap: 10, agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const provider = new FakeProvider({ paid: true, price: 1 });
    const prompt = scriptedPrompt();
    await run(dir, [scriptedRole('painter', [task('painter', 'a'), task('painter', 'b')])], [provider], { prompt });
    assert.equal(prompt.asked.filter((q) => q.kind === 'call').length, 0);
    assert.equal(provider.calls.length, 2);
  });

  it('charges and counts answered requests of a call that then failed (an answer that broke its schema, and its repair)', async () => {
    const dir = production({ approval: 'auto', cap: 100, agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    // Each call: two answered requests (the answer and its repair), both unusable, 1.5 in all.
    const fault = () => Object.assign(new ProviderError('malformed', 'no valid JSON after one repair', false), { spent: 1.5, requests: 2 });
    const provider = new FakeProvider({ paid: true, price: 1, fault });
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a'), task('painter', 'b'), task('painter', 'c')])], [provider]);
    assert.equal(summary.counts.failed, 3);
    assert.equal(summary.spend.run.total, 4.5, '6 paid requests worth 4.50');
    assert.equal(summary.calls, 6, 'every answered request is a model call');
    const costs = eventsOf(journal(summary), 'cost');
    assert.equal(costs.length, 3);
    assert.ok(costs.every((c) => c.failed === true && c.requests === 2 && c.cost === 1.5));
    assert.equal(summary.spend.production.total, 4.5, 'and in the production total');
  });

  it('refuses a call with no price under --yes, saying how to set one; nothing is called', async () => {
    const dir = production({ approval: 'auto', cap: 100, agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const provider = new FakeProvider({ paid: true, price: undefined });
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a')])], [provider], { prompt: approveEverything });
    assert.equal(provider.calls.length, 0);
    assert.equal(summary.tasks[0]!.outcome, 'skipped');
    assert.match(summary.tasks[0]!.reason!, /fake has no price.*`prices:` in production\.md/);
    assert.notEqual(summary.exitCode, 0);
  });
});
