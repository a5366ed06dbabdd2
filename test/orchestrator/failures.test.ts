import assert from 'node:assert/strict';
import { ProviderError } from '../../src/core/providers/types';
import { FakeProvider, scriptedRole, task } from './fixtures/crew';
import { eventsOf, journal, production, readJson, run } from './helpers';

describe('failure isolation', () => {
  it('reports a task that always fails while its siblings succeed, and exits 1', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const tasks = ['a', 'b', 'c'].map((s) => task('painter', s));
    const provider = new FakeProvider({
      fault: (req) => (req.taskId === 'painter:b' ? new ProviderError('server', 'the model is on fire', true, undefined, 500) : undefined),
    });
    const summary = await run(dir, [scriptedRole('painter', tasks)], [provider]);

    const b = summary.tasks.find((t) => t.id === 'painter:b')!;
    assert.equal(b.outcome, 'failed');
    assert.match(b.reason!, /the model is on fire/);
    assert.match(b.reason!, /after 3 retries/);
    assert.deepEqual(summary.tasks.filter((t) => t.outcome === 'succeeded').map((t) => t.id).sort(), ['painter:a', 'painter:c']);
    assert.equal(summary.exitCode, 1);
    assert.ok(summary.diagnostics.some((d) => d.code === 'task-failed' && d.message.includes('painter:b')));
    assert.equal(provider.calls.filter((c) => c.task === 'painter:b').length, 4, 'one call and three retries');
    assert.equal(eventsOf(journal(summary), 'retried', 'painter:b').length, 3);
  });

  it('waits at least the Retry-After a 429 asks for before trying again', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const provider = new FakeProvider({
      fault: (_req, n) => (n === 0 ? new ProviderError('rate-limit', 'slow down', true, 400, 429) : undefined),
    });
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a')])], [provider]);

    assert.equal(summary.counts.succeeded, 1);
    const [first, second] = provider.calls;
    assert.ok(second!.start - first!.end! >= 400, `second call ${second!.start - first!.end!} ms after the 429`);
    const retried = eventsOf(journal(summary), 'retried', 'painter:a');
    assert.equal(retried.length, 1);
    assert.ok(retried[0]!.delayMs >= 400);
    assert.match(retried[0]!.reason, /rate-limit 429/);
  });

  it('falls back to the next model of the list when the first one fails', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'], models: { text: ['broken-model', 'good-model'] } }] });
    const broken = new FakeProvider({ name: 'broken', models: ['broken-model'], fault: () => new ProviderError('auth', 'key rejected', false, undefined, 401) });
    const good = new FakeProvider({ name: 'good', models: ['good-model'] });
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a')])], [broken, good]);

    assert.equal(summary.counts.succeeded, 1);
    assert.equal(broken.calls.length, 1, 'an auth failure is not retried');
    assert.equal(good.calls.length, 1);
    const routed = eventsOf(journal(summary), 'routed', 'painter:a');
    assert.deepEqual(routed.map((r) => [r.from, r.to]), [['broken-model', 'good-model']]);
    assert.deepEqual(readJson<{ answer: unknown }>(dir, 'out/painter/a.json').answer, { text: 'good-model answers painter:a' });
    const provenance = readJson<{ files: Record<string, { model: string; provider: string }> }>(dir, '.filmcrew/provenance.json').files['out/painter/a.json']!;
    assert.equal(provenance.model, 'good-model');
    assert.equal(provenance.provider, 'good');
  });

  it('marks the task failed with every model’s reason when the whole list fails', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'], models: { text: ['one', 'two', 'nobody-serves-me'] } }] });
    const p = new FakeProvider({ models: ['one', 'two'], fault: (req) => new ProviderError('bad-request', `${req.model} says no`, false, undefined, 400) });
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a')])], [p]);
    const a = summary.tasks[0]!;
    assert.equal(a.outcome, 'failed');
    assert.match(a.reason!, /nobody-serves-me: no provider serves model/);
    assert.match(a.reason!, /one: bad-request 400: one says no/);
    assert.match(a.reason!, /two: bad-request 400: two says no/);
  });
});
