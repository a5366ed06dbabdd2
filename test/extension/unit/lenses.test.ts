import assert from 'node:assert/strict';
import { lensesFor } from '../../../src/extension/views/lenses';
import { statusLine } from '../../../src/extension/views/status-line';
import { CrewActivity } from '../../../src/extension/crew-activity';
import { lighthouse, sourceOf } from './production';

const titles = (kind: Parameters<typeof lensesFor>[0], status: Parameters<typeof lensesFor>[1], trusted = true) =>
  lensesFor(kind, status, trusted).map((l) => l.title.replace(/^\$\([a-z-]+\) /, ''));

describe('CodeLens and the status bar', function () {
  this.timeout(20000);

  it('offers approve, reject, regenerate and the storyboard on a proposed shot', () => {
    assert.deepEqual(titles('shot', 'proposed'), ['proposed', 'Approve & Lock', 'Reject', 'Regenerate', 'Open in Storyboard']);
  });

  it('offers unlock instead of approve on a locked or stale sheet', () => {
    assert.deepEqual(titles('character', 'locked'), ['locked', 'Unlock', 'Open in Storyboard']);
    assert.deepEqual(titles('location', 'stale'), ['stale', 'Unlock', 'Regenerate', 'Open in Storyboard']);
  });

  it('offers only the storyboard in an untrusted folder, and nothing on production.md', () => {
    assert.deepEqual(titles('shot', 'proposed', false), ['proposed', 'Open in Storyboard']);
    assert.deepEqual(titles('production', 'draft'), []);
  });

  it('shows the current stage and the spend against the cap, and the run while one goes', async () => {
    const source = await sourceOf(await lighthouse());
    const activity = new CrewActivity();
    assert.equal(statusLine(source.view, activity.run)!.text, '$(device-camera-video) Script · $0.00 / $25.00');
    activity.apply({ type: 'run-started', runId: 'r1', total: 0 });
    activity.apply({ type: 'task-queued', taskId: 'directors-assistant:s01', role: 'directors-assistant' });
    activity.apply({ type: 'spend', spent: 23, cap: 25 });
    const running = statusLine(source.view, activity.run)!;
    assert.equal(running.text, '$(sync~spin) Film Crew 0/1 · $23.00 / $25.00');
    assert.equal(running.warning, true);
  });
});
