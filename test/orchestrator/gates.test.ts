import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskOutput } from '../../src/core/crew/role';
import { git } from '../support/fixtures';
import { FakeProvider, scriptedPrompt, scriptedRole, task } from './fixtures/crew';
import { eventsOf, journal, production, run } from './helpers';

const shotOf = (id: string, order: number): TaskOutput => ({
  type: 'artifact',
  path: `shots/${id}.md`,
  data: { kind: 'shot', id, scene: 's01', order, size: 'WS', duration: 3 },
  body: `Shot ${id}.\n`,
});

function breakdownCrew() {
  const tasks = [task('breaker', 's01', { writes: ['shots/s01-001.md', 'shots/s01-002.md'], reads: ['script.fountain'] })];
  return [
    scriptedRole('breaker', tasks, async (_ctx, call) => {
      await call({ modality: 'text', prompt: 'Break it down.', input: {} });
      return [shotOf('s01-001', 1), shotOf('s01-002', 2)];
    }),
  ];
}

describe('gates in a run', () => {
  const agents = [{ role: 'breaker', reads: ['script.fountain'], writes: ['shots/*.md'] }];

  it('asks the gate when its stage is done, and on approval locks the proposals, passes the gate and goes on', async () => {
    const dir = production({ agents });
    const prompt = scriptedPrompt({ gates: ['script', 'shotlist'] });
    const summary = await run(dir, breakdownCrew(), [new FakeProvider()], { prompt });

    assert.deepEqual(
      prompt.asked.filter((q) => q.kind === 'gate').map((q) => q.kind === 'gate' && [q.gate, q.artifacts]),
      [
        ['script', ['script.fountain']],
        ['shotlist', ['shots/s01-001.md', 'shots/s01-002.md']],
        // the asset stage has no crew here: nothing to approve, no question
      ],
    );
    assert.deepEqual(summary.gates.filter((g) => g.outcome === 'passed').map((g) => g.gate), ['script', 'shotlist']);
    assert.match(git(dir, 'tag', '--list', 'filmcrew/gate/*'), /filmcrew\/gate\/shotlist/);
    assert.match(readFileSync(join(dir, 'shots/s01-001.md'), 'utf8'), /status: locked/);
    assert.match(readFileSync(join(dir, 'filmcrew.lock'), 'utf8'), /shots\/s01-002.md/);
    assert.ok(eventsOf(journal(summary), 'gate').some((g) => g.gate === 'shotlist' && g.outcome === 'passed'));
    // With no asset crew the asset gate has nothing to approve: the stages after it wait on no work.
    assert.ok(summary.waiting.some((w) => /gate assets/.test(w.on)));
    assert.equal(summary.exitCode, 0);
  });

  it('leaves the shots proposed and the next stages waiting when a person declines the gate', async () => {
    const dir = production({ agents });
    const summary = await run(dir, breakdownCrew(), [new FakeProvider()], { prompt: scriptedPrompt({ gates: ['script'] }) });
    assert.match(readFileSync(join(dir, 'shots/s01-001.md'), 'utf8'), /status: proposed/);
    assert.deepEqual(summary.gates.map((g) => [g.gate, g.outcome]), [['script', 'passed'], ['shotlist', 'denied']]);
    assert.ok(summary.waiting.some((w) => w.stage === 'storyboard' && /gate shotlist/.test(w.on)));
    assert.equal(summary.exitCode, 6, 'a declined gate leaves work: not a success');
  });

  it('says clearly that gates need git when the production is not a repository', async () => {
    const dir = production({ agents }, { git: false });
    const summary = await run(dir, breakdownCrew(), [new FakeProvider()], { prompt: scriptedPrompt({ gates: 'all' }) });
    const script = summary.gates.find((g) => g.gate === 'script')!;
    assert.equal(script.outcome, 'unavailable');
    assert.match(script.message, /git init/);
    assert.equal(summary.tasks.length, 0, 'breakdown waits for the script lock');
    assert.ok(summary.waiting.some((w) => w.stage === 'breakdown' && /gate script/.test(w.on)));
  });
});
