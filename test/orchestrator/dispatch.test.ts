import assert from 'node:assert/strict';
import { dispatch } from '../../src/core/orchestrator/dispatch';
import type { PlannedTask } from '../../src/core/orchestrator/planner';
import type { TaskReport } from '../../src/core/orchestrator/types';
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

describe('dispatch of work that calls no model', () => {
  /** A planned task of a handler with these modalities (none: it calls no model). */
  const planned = (id: string, modalities: string[]) => ({ spec: { id, after: [] as string[] }, handler: { modalities } }) as unknown as PlannedTask;

  async function peaks(tasks: PlannedTask[], concurrency: number, local?: number): Promise<{ model: number; local: number }> {
    const now = { model: 0, local: 0 };
    const peak = { model: 0, local: 0 };
    const work = async (t: PlannedTask): Promise<TaskReport> => {
      const kind = t.handler.modalities.length ? 'model' : 'local';
      now[kind]++;
      peak[kind] = Math.max(peak[kind], now[kind]);
      await new Promise((r) => setTimeout(r, 20));
      now[kind]--;
      return { id: t.spec.id, outcome: 'succeeded' } as TaskReport;
    };
    const reports = await dispatch(tasks, concurrency, work, (t) => ({ id: t.spec.id, outcome: 'skipped' }) as TaskReport, local);
    assert.equal(reports.filter((r) => r.outcome === 'succeeded').length, tasks.length);
    return peak;
  }

  it('runs clips and exports beyond the model limit, up to their own, and model calls within theirs', async () => {
    const tasks = [...Array.from({ length: 12 }, (_, i) => planned(`clip-${i}`, [])), ...Array.from({ length: 6 }, (_, i) => planned(`light-${i}`, ['text']))];
    assert.deepEqual(await peaks(tasks, 2, 8), { model: 2, local: 8 });
  });

  it('keeps one limit for both when no local limit is given', async () => {
    const tasks = Array.from({ length: 9 }, (_, i) => planned(`clip-${i}`, []));
    assert.deepEqual(await peaks(tasks, 3), { model: 0, local: 3 });
  });
});
