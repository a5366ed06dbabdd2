/**
 * A storyboard frame is drawn once, after the asset lock (the looks it draws are chosen by then),
 * and the run summary counts every task run; a rough pass before the asset lock is drawn only
 * when asked, and then both passes are counted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction, type RunOptions, type RunSummary } from '../../src/core/orchestrator/index';
import { copyExample, initRepo } from '../support/fixtures';

const yes: RunOptions = { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' };

/** Task id → how many times the journal says it started, and the time the asset gate passed. */
function journal(summary: RunSummary): { started: Map<string, number[]>; assetGate: number } {
  const started = new Map<string, number[]>();
  let assetGate = NaN;
  for (const line of readFileSync(summary.journal, 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as { e: string; t: number; task?: string; gate?: string; outcome?: string };
    if (e.e === 'started' && e.task) started.set(e.task, [...(started.get(e.task) ?? []), e.t]);
    if (e.e === 'gate' && e.gate === 'assets' && e.outcome === 'passed') assetGate = e.t;
  }
  return { started, assetGate };
}

describe('storyboard frames in a run --yes', () => {
  it('are drawn once each, after the asset lock, and the summary counts every task run', async function () {
    this.timeout(180_000);
    const dir = initRepo(copyExample(), 'The Last Light');
    const summary = await runProduction(dir, yes);
    assert.equal(summary.counts.failed, 0);
    const { started, assetGate } = journal(summary);
    const frames = [...started].filter(([id]) => id.startsWith('storyboard-artist:'));
    assert.equal(frames.length, 21, 'one frame task per shot');
    for (const [id, times] of frames) {
      assert.equal(times.length, 1, `${id} drawn ${times.length} times`);
      assert.ok(times[0]! > assetGate, `${id} drawn before the asset lock`);
    }
    const runs = [...started.values()].reduce((n, t) => n + t.length, 0);
    assert.equal(summary.taskRuns, runs, 'every task run counted');
    assert.equal(summary.taskRuns, summary.counts.succeeded, 'no task ran twice');
  });

  it('are drawn before the asset lock too when a person asks for a rough pass, and both passes are counted', async function () {
    this.timeout(180_000);
    const dir = initRepo(copyExample(), 'The Last Light');
    const summary = await runProduction(dir, { ...yes, roughStoryboard: true });
    assert.equal(summary.counts.failed, 0);
    const { started, assetGate } = journal(summary);
    const frames = [...started].filter(([id]) => id.startsWith('storyboard-artist:'));
    assert.ok(frames.some(([, t]) => t[0]! < assetGate), 'a rough pass before the asset lock');
    const runs = [...started.values()].reduce((n, t) => n + t.length, 0);
    assert.equal(summary.taskRuns, runs);
    assert.ok(summary.taskRuns > summary.counts.succeeded, `${summary.taskRuns} task runs, ${summary.counts.succeeded} tasks done: the redrawn frames count`);
  });
});
