import assert from 'node:assert/strict';
import { FakeProvider, scriptedRole, task } from './fixtures/crew';
import { eventsOf, journal, production, readJson, run } from './helpers';

describe('dispatch', () => {
  it('runs siblings side by side and starts a dependant only after the tasks it reads', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: ['out/**'], writes: ['out/painter/*'] }] });
    const siblings = ['a', 'b', 'c', 'd'].map((s) => task('painter', s));
    const dependant = task('painter', 'z', { after: siblings.map((t) => t.id), reads: siblings.flatMap((t) => t.writes) });
    const provider = new FakeProvider({ latencyMs: 150 });
    const summary = await run(dir, [scriptedRole('painter', [...siblings, dependant])], [provider], { concurrency: 4 });

    assert.equal(summary.counts.succeeded, 5, JSON.stringify(summary.tasks));
    const events = journal(summary);
    const started = (id: string) => eventsOf(events, 'started', id)[0]!.t;
    const finished = (id: string) => eventsOf(events, 'succeeded', id)[0]!.t;
    const latestStart = Math.max(...siblings.map((t) => started(t.id)));
    const earliestEnd = Math.min(...siblings.map((t) => finished(t.id)));
    assert.ok(latestStart < earliestEnd, `siblings overlap: last start ${latestStart} before first end ${earliestEnd}`);
    const lastSibling = Math.max(...siblings.map((t) => finished(t.id)));
    assert.ok(started(dependant.id) >= lastSibling, 'the dependant starts after every sibling succeeded');
    const saw = readJson<{ saw: Record<string, string> }>(dir, 'out/painter/z.json');
    assert.deepEqual(Object.keys(saw.saw).sort(), siblings.flatMap((t) => t.writes).sort(), 'the dependant read its siblings’ outputs');
  });
});
