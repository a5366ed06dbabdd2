import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveEverything } from '../../src/core/host';
import { readJournal } from '../../src/core/orchestrator/index';
import { FakeProvider } from './fixtures/crew';
import { killCrew, KILL_TASKS } from './fixtures/kill-run';
import { production, run } from './helpers';

function succeededIn(dir: string): { journal: string; done: string[] } | undefined {
  const runs = join(dir, '.filmcrew/runs');
  if (!existsSync(runs)) return undefined;
  const name = readdirSync(runs).find((n) => n.endsWith('.jsonl'));
  if (!name) return undefined;
  const journal = join(runs, name);
  return { journal, done: readJournal(journal).flatMap((e) => (e.e === 'succeeded' ? [e.task] : [])) };
}

describe('resume', () => {
  it('continues a run killed with SIGKILL without redoing or repaying finished tasks', async function () {
    this.timeout(60_000);
    const dir = production({ cap: 100, agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const log = join(dir, '..', 'calls.log');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'fixtures/kill-run.ts'), dir, log], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

    let before: { journal: string; done: string[] } | undefined;
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline) {
      before = succeededIn(dir);
      if (before && before.done.length >= 3) break;
      await new Promise((r) => setTimeout(r, 15));
    }
    assert.ok(before && before.done.length >= 3, `the child got going (${stderr})`);
    child.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    const doneBeforeKill = new Set(succeededIn(dir)!.done);
    assert.ok(doneBeforeKill.size < KILL_TASKS.length, 'killed mid-run, with work left');

    const provider = new FakeProvider({ latencyMs: 20, paid: true, price: 0.1 });
    const summary = await run(dir, killCrew(), [provider], { resume: true, prompt: approveEverything, concurrency: 2 });
    assert.equal(summary.journal, before!.journal, 'the same run, continued');
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.tasks));

    const events = readJournal(summary.journal);
    const resumedAt = events.findIndex((e) => e.e === 'run-started' && e.resumed);
    const afterResume = events.slice(resumedAt);
    for (const id of doneBeforeKill) {
      assert.ok(!afterResume.some((e) => e.e === 'started' && e.task === id), `${id} was not started again`);
      assert.ok(!provider.calls.some((c) => c.task === id), `${id} was not called again`);
    }
    const succeeded = events.filter((e) => e.e === 'succeeded').map((e) => e.task!);
    assert.deepEqual([...new Set(succeeded)].sort(), KILL_TASKS.map((t) => t.id).sort(), 'every task finished');
    assert.equal(succeeded.length, KILL_TASKS.length, 'and each exactly once');

    // A call that completed before the kill is never paid again: its answer was kept.
    const completedInChild = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('done ')).map((l) => l.slice(5));
    for (const id of completedInChild) assert.ok(!provider.calls.some((c) => c.task === id), `${id}'s paid answer was reused`);
    assert.equal(completedInChild.length + provider.calls.length, KILL_TASKS.length, 'one paid call per task, across both processes');
    assert.ok(Math.abs(summary.spend.production.total - 0.8) < 1e-9, `spent ${summary.spend.production.total}`);
  });
});
