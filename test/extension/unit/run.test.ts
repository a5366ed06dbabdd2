import assert from 'node:assert/strict';
import type { CommandContext } from '../../../src/extension/commands/context';
import { RunControl, runCommands, startRun } from '../../../src/extension/commands/run';
import { CrewActivity } from '../../../src/extension/crew-activity';
import { productionTree } from '../../../src/extension/views/production-tree';
import { reviewTree } from '../../../src/extension/views/review-tree';
import { copyExample, git, initRepo, writeFiles } from '../../support/fixtures';
import { writeCrew } from '../../../src/core/production/init';
import { FakeHost } from './fake-host';
import { sourceOf } from './production';

async function freshLighthouse(): Promise<string> {
  const dir = copyExample('lighthouse');
  await writeCrew(dir);
  writeFiles(dir, { '.gitignore': '.filmcrew/\n' });
  return initRepo(dir);
}

function contextOf(host: FakeHost, source: CommandContext['source']): CommandContext & { activityEvents: number } {
  const ctx = {
    host,
    source,
    activity: new CrewActivity(),
    storyboard: { open: async () => undefined },
    extraProviders: () => [],
    activityEvents: 0,
    activityChanged: () => void ctx.activityEvents++,
  };
  return ctx;
}

describe('running the crew from VS Code', function () {
  this.timeout(120000);

  it('runs all ready work with the offline provider: asks at each gate, then the Review tree fills', async () => {
    const root = await freshLighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    host.answers.pick.push('All ready work');
    host.answers.ask.push('Pass Gate', undefined); // pass the script gate, leave the shot list for review
    const ctx = contextOf(host, source);
    await runCommands(ctx, new RunControl())['filmcrew.run']!();
    assert.match(host.asked[0]!.message, /Script lock/);
    assert.match(host.asked[1]!.message, /Shot list lock/);
    assert.equal(host.progressTitles[0], 'Film Crew: all ready work');
    assert.ok(host.progressReports.some((r) => /directors-assistant/.test(r)), host.progressReports.join('\n'));
    assert.ok(ctx.activityEvents > 0);
    assert.equal(ctx.activity.run.running, false);
    assert.match(host.messages().at(-1)!, /Run \S+: \d+ done.*Script lock passed/);
    const proposed = reviewTree(source.view, true).find((n) => n.id === 'proposed/directors-assistant');
    assert.ok(proposed && proposed.children!.length > 3, 'the breakdown proposed shots');
    assert.match(productionTree(source.view, true)[0]!.children![0]!.description!, /Script lock: passed/);
    assert.match(git(root, 'log', '--format=%B'), /Filmcrew-Gate: script/);
  });

  it('runs one crew member from its tree row', async () => {
    const root = await freshLighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    const ctx = contextOf(host, source);
    await runCommands(ctx, new RunControl())['filmcrew.run']!({ id: 'role/casting', label: 'Casting', flags: ['role'], target: { role: 'casting' } });
    assert.equal(host.picks.length, 0, 'no quick pick when the row says what to run');
    assert.equal(host.progressTitles[0], 'Film Crew: casting');
  });

  it('stops when the person cancels, and says so', async () => {
    const root = await freshLighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    host.cancelProgress = new AbortController();
    host.cancelProgress.abort();
    const summary = await startRun(contextOf(host, source), new RunControl(), {});
    assert.equal(summary?.stopped?.reason, 'aborted');
    assert.match(host.messages('warn')[0]!, /Run cancelled/);
  });

  it('does not start a second run while one goes', async () => {
    const source = await sourceOf(await freshLighthouse());
    const host = new FakeHost();
    const runs = new RunControl();
    runs.start();
    assert.equal(await startRun(contextOf(host, source), runs, {}), undefined);
    assert.match(host.messages('info')[0]!, /already going/);
  });

  it('does not run in an untrusted folder', async () => {
    const root = await freshLighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    host.isTrusted = false;
    await runCommands(contextOf(host, source), new RunControl())['filmcrew.run']!();
    assert.equal(host.progressTitles.length, 0);
    assert.equal(git(root, 'status', '--short'), '');
  });
});
