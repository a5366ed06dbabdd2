import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeProvider, scriptedRole, task } from './fixtures/crew';
import { eventsOf, journal, production, run } from './helpers';

/** a ← in/a.txt, b ← in/b.txt, c ← a's output, d ← c's output. */
function chain() {
  const a = task('painter', 'a', { reads: ['in/a.txt'] });
  const b = task('painter', 'b', { reads: ['in/b.txt'] });
  const c = task('painter', 'c', { reads: a.writes });
  const d = task('painter', 'd', { reads: c.writes });
  return [a, b, c, d];
}

function film() {
  return production({
    agents: [{ role: 'painter', reads: ['in/*', 'out/**'], writes: ['out/painter/*'] }],
    files: { 'in/a.txt': 'a lamp', 'in/b.txt': 'a boat' },
  });
}

describe('cache and re-runs', () => {
  it('makes no call when nothing changed since the last run', async () => {
    const dir = film();
    const provider = new FakeProvider();
    const roles = [scriptedRole('painter', chain())];
    const first = await run(dir, roles, [provider]);
    assert.equal(first.counts.succeeded, 4);
    const callsBefore = provider.calls.length;

    const second = await run(dir, roles, [provider]);
    assert.equal(second.calls, 0);
    assert.equal(provider.calls.length, callsBefore);
    assert.deepEqual(second.counts, { succeeded: 0, cached: 4, failed: 0, skipped: 0 });
    assert.equal(eventsOf(journal(second), 'cached').length, 4);
  });

  it('re-runs only the task whose input changed and the tasks that read its output', async () => {
    const dir = film();
    const provider = new FakeProvider();
    const roles = [scriptedRole('painter', chain())];
    await run(dir, roles, [provider]);
    writeFileSync(join(dir, 'in/a.txt'), 'a lantern');

    const second = await run(dir, roles, [provider]);
    const by = Object.fromEntries(second.tasks.map((t) => [t.id, t.outcome]));
    assert.deepEqual(by, { 'painter:a': 'succeeded', 'painter:b': 'cached', 'painter:c': 'succeeded', 'painter:d': 'succeeded' });
  });

  it('stops the ripple where a re-run task wrote the same output as before', async () => {
    const dir = film();
    const provider = new FakeProvider();
    // c's output does not depend on what it read: d's input is unchanged when c re-runs.
    const [a, b, c, d] = chain();
    const still = scriptedRole('painter', [a!, b!, c!, d!], async (ctx, call) => {
      const r = await call({ modality: 'text', prompt: `Do ${ctx.task.id}.`, input: { saw: [...ctx.files.values()].map((f) => f.text) } });
      return ctx.task.writes.map((path) => ({ type: 'file' as const, path, content: ctx.task.id === 'painter:c' ? 'constant' : JSON.stringify(r.content) + [...ctx.files.values()].map((f) => f.text).join() }));
    });
    await run(dir, [still], [provider]);
    writeFileSync(join(dir, 'in/a.txt'), 'a lantern');
    const second = await run(dir, [still], [provider]);
    const by = Object.fromEntries(second.tasks.map((t) => [t.id, t.outcome]));
    assert.deepEqual(by, { 'painter:a': 'succeeded', 'painter:b': 'cached', 'painter:c': 'succeeded', 'painter:d': 'cached' });
  });

  it('redoes a task whose output was deleted', async () => {
    const dir = film();
    const provider = new FakeProvider();
    const roles = [scriptedRole('painter', chain())];
    await run(dir, roles, [provider]);
    rmSync(join(dir, 'out/painter/b.json'));
    const second = await run(dir, roles, [provider]);
    assert.equal(second.tasks.find((t) => t.id === 'painter:b')!.outcome, 'succeeded');
    assert.equal(second.counts.cached, 3);
  });

  it('recognises finished work from its provenance when the cache is gone (a fresh clone)', async () => {
    const dir = film();
    const provider = new FakeProvider();
    const roles = [scriptedRole('painter', chain())];
    await run(dir, roles, [provider]);
    rmSync(join(dir, '.filmcrew/cache.json'));
    rmSync(join(dir, '.filmcrew/runs'), { recursive: true });
    const second = await run(dir, roles, [provider]);
    assert.equal(second.calls, 0);
    assert.equal(second.counts.cached, 4);
    assert.ok(eventsOf(journal(second), 'cached').every((e) => e.via === 'provenance'));
  });

  it('re-runs a task when its brief (agent.md) changes', async () => {
    const dir = film();
    const provider = new FakeProvider();
    const roles = [scriptedRole('painter', [task('painter', 'b', { reads: ['in/b.txt'] })])];
    await run(dir, roles, [provider]);
    const agent = join(dir, 'agents/painter/agent.md');
    writeFileSync(agent, readFileSync(agent, 'utf8') + '\nPaint it darker.\n');
    const second = await run(dir, roles, [provider]);
    assert.equal(second.counts.succeeded, 1);
  });
});
