/**
 * Without a terminal (CI, a log file) a run prints plain lines; a task that says nothing for a
 * while (a slow model, a hung request being waited out) still gets a `waiting` line now and then.
 */
import assert from 'node:assert/strict';
import { plainDisplay } from '../../src/cli/progress';
import type { CliIO } from '../../src/cli/command';

function collector(): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false, cwd: '.', env: {} };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('plain progress lines during long waits', () => {
  it('prints a waiting line for a task that has said nothing for a while, and none once it is done', async () => {
    const io = collector();
    const display = plainDisplay(io, { waitingEveryMs: 120 });
    display.observe({ type: 'run-started', runId: 'r1', total: 0 });
    display.observe({ type: 'task-started', taskId: 'storyboard:s01-001', role: 'storyboard-artist', model: 'gpt-image-1' });
    display.observe({ type: 'task-started', taskId: 'dop:s01', role: 'dop', model: 'offline' });
    await sleep(60);
    display.observe({ type: 'task-finished', taskId: 'dop:s01', role: 'dop', outcome: 'succeeded', outputs: ['photography/s01.md'] });
    await sleep(400);
    const waiting = io.lines.filter((l) => l.includes('waiting'));
    assert.ok(waiting.length >= 2, io.lines.join('\n'));
    assert.ok(waiting.every((l) => /^ {2}waiting {2}storyboard:s01-001: \d+ s so far \(gpt-image-1\)$/.test(l)), waiting.join('\n'));
    display.observe({ type: 'task-finished', taskId: 'storyboard:s01-001', role: 'storyboard-artist', outcome: 'succeeded', outputs: [] });
    const before = io.lines.length;
    await sleep(300);
    assert.equal(io.lines.length, before, 'no line after the task finished');
    display.stop();
  });

  it('a progress line counts as saying something', async () => {
    const io = collector();
    const display = plainDisplay(io, { waitingEveryMs: 1_000 });
    display.observe({ type: 'task-started', taskId: 'editor:cut', role: 'editor', model: 'ffmpeg' });
    for (let i = 1; i <= 3; i++) {
      await sleep(120);
      display.observe({ type: 'task-progress', taskId: 'editor:cut', role: 'editor', fraction: i / 4 });
    }
    assert.deepEqual(io.lines.filter((l) => l.includes('waiting')), [], io.lines.join('\n'));
    assert.equal(io.lines.filter((l) => l.includes('%')).length, 3);
    display.stop();
  });
});
