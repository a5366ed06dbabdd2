import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRoles } from '../../../src/core/crew/index';
import { environmentSecrets, silentLogger, type ApprovalPrompt } from '../../../src/core/host';
import { readJournal, runProduction } from '../../../src/core/orchestrator/index';
import { writeCrew } from '../../../src/core/production/init';
import type { CommandContext } from '../../../src/extension/commands/context';
import { regenerateScope, RunControl, runCommands } from '../../../src/extension/commands/run';
import { CrewActivity } from '../../../src/extension/crew-activity';
import { copyExample, initRepo, writeFiles } from '../../support/fixtures';
import { FakeHost } from './fake-host';
import { sourceOf } from './production';

/** Yes to every call and gate but the asset lock: the sheets stay proposals to regenerate. */
const upToTheAssets: ApprovalPrompt = {
  ask: async (q) => ({ answer: q.kind === 'gate' && q.gate === 'assets' ? 'deny' : 'approve' }),
};

describe('Regenerate in VS Code', function () {
  this.timeout(120_000);

  it('runs the task named by the file\'s provenance, for its subject, forced', () => {
    assert.deepEqual(regenerateScope({ id: 'mara', provenance: { role: 'casting', task: 'casting:mara~alt2' } }), { only: 'casting', subjects: ['mara'], force: true });
    assert.deepEqual(regenerateScope({ id: 's01-002', provenance: { role: 'dop', task: 'dop:s01' } }), { only: 'dop', subjects: ['s01'], force: true });
    assert.deepEqual(regenerateScope({ id: 's01-002', provenance: { role: 'directors-assistant' } }), { only: 'directors-assistant', subjects: ['s01-002'], force: true });
    assert.equal(regenerateScope({ id: 'mara' }), undefined);
  });

  it('redoes one sheet from its CodeLens: a new proposal in place, the other sheets untouched', async () => {
    const dir = copyExample('lighthouse');
    await writeCrew(dir);
    writeFiles(dir, { '.gitignore': '.filmcrew/\n' });
    const root = initRepo(dir);
    const roles = builtinRoles().filter((r) => r.role === 'directors-assistant' || r.role === 'casting');
    const first = await runProduction(root, { prompt: upToTheAssets, secrets: environmentSecrets, logger: silentLogger, provider: 'offline', roles });
    assert.equal(first.counts.failed, 0);
    const sheet = 'characters/mara.md';
    const before = readFileSync(join(root, sheet), 'utf8');
    assert.match(before, /^status: proposed$/m);
    const others = ['characters/jonah.md'].filter((p) => first.tasks.some((t) => t.outputs.includes(p)));
    assert.equal(others.length, 1, 'casting made jonah too');
    const othersBefore = others.map((p) => readFileSync(join(root, p), 'utf8'));

    const host = new FakeHost();
    const source = await sourceOf(root);
    const ctx: CommandContext = {
      host,
      source,
      activity: new CrewActivity(),
      storyboard: { open: async () => undefined },
      extraProviders: () => [],
      activityChanged: () => undefined,
    };
    await runCommands(ctx, new RunControl())['filmcrew.regenerate']!(sheet);

    assert.deepEqual(host.progressTitles, ['Film Crew: regenerate mara (casting)']);
    assert.match(host.messages().at(-1)!, /Run \S+: 1 done/);
    const after = readFileSync(join(root, sheet), 'utf8');
    assert.match(after, /^status: proposed$/m);
    const run = /^ {2}run: (\S+)$/m.exec(after)?.[1];
    assert.ok(run && run !== /^ {2}run: (\S+)$/m.exec(before)?.[1], 'the sheet was written again, by the regenerate run');
    const events = readJournal(join(root, '.filmcrew/runs', `${run}.jsonl`));
    assert.deepEqual(events.filter((e) => e.e === 'started').map((e) => [e.task, (e as { forced?: boolean }).forced]), [['casting:mara', true]]);
    assert.deepEqual(others.map((p) => readFileSync(join(root, p), 'utf8')), othersBefore);
  });
});
