import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../../../src/extension/commands/context';
import { productionCommands } from '../../../src/extension/commands/production';
import { reviewCommands } from '../../../src/extension/commands/review';
import { CrewActivity } from '../../../src/extension/crew-activity';
import type { ProductionSource } from '../../../src/extension/production-view';
import { productionTree } from '../../../src/extension/views/production-tree';
import { reviewTree } from '../../../src/extension/views/review-tree';
import { git, tempDir } from '../../support/fixtures';
import { FakeHost } from './fake-host';
import { WorkspaceProduction } from '../../../src/extension/workspace-production';
import { silentLogger } from '../../../src/core/host';
import { lighthouse, sourceOf } from './production';

function contextOf(host: FakeHost, source: ProductionSource): CommandContext & { storyboardOpened: (string | undefined)[] } {
  const storyboardOpened: (string | undefined)[] = [];
  return {
    host,
    source,
    activity: new CrewActivity(),
    storyboard: { open: async (shot) => void storyboardOpened.push(shot) },
    extraProviders: () => [],
    activityChanged: () => undefined,
    storyboardOpened,
  };
}

describe('extension commands', function () {
  this.timeout(30000);

  it('Approve & Lock on a Review row locks the file in a commit with the Filmcrew-Lock trailer', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    const commands = reviewCommands(contextOf(host, source));
    const row = reviewTree(source.view, true).find((n) => n.id === 'proposed/directors-assistant')!.children![0]!;
    await commands['filmcrew.approve']!(row);
    assert.match(git(root, 'log', '-1', '--format=%B'), /Filmcrew-Lock: shots\/s01-001\.md/);
    assert.match(host.messages('info')[0]!, /Locked shots\/s01-001\.md in commit [0-9a-f]{7}/);
    assert.equal(source.view!.states.get('shots/s01-001.md')?.status, 'locked', 'the view reloads after the commit');
  });

  it('Approve & Lock with no argument approves the active editor file', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    host.active = join(root, 'shots', 's01-002.md');
    await reviewCommands(contextOf(host, source))['filmcrew.approve']!();
    assert.match(git(root, 'log', '-1', '--format=%B'), /Filmcrew-Lock: shots\/s01-002\.md/);
  });

  it('Reject with Note sends the note to the feedback of the role that made the file', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    host.answers.input.push('Open on the lamp, not the sea.');
    await reviewCommands(contextOf(host, source))['filmcrew.reject']!(join(root, 'shots/s01-001.md'));
    assert.match(host.inputs[0]!.prompt, /feedback/);
    assert.equal(host.inputs[0]!.validate!('  '), 'A rejection needs a note: say what to change.');
    const feedback = readFileSync(join(root, 'agents/directors-assistant/feedback.md'), 'utf8');
    assert.match(feedback, /Open on the lamp, not the sea\./);
    assert.match(readFileSync(join(root, 'shots/s01-001.md'), 'utf8'), /status: rejected/);
  });

  it('a rejection without a note changes nothing', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    host.answers.input.push(undefined);
    await reviewCommands(contextOf(host, source))['filmcrew.reject']!('shots/s01-001.md');
    assert.equal(git(root, 'status', '--short'), '');
  });

  it('Pass Gate from a stage row passes the gate, and says what is missing when it cannot', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    const commands = reviewCommands(contextOf(host, source));
    const stage = (id: string) => productionTree(source.view, true)[0]!.children!.find((n) => n.id === `stage/${id}`)!;
    await commands['filmcrew.passGate']!(stage('script'));
    assert.match(host.messages('error')[0]!, /Script lock cannot pass yet.*script\.fountain: not locked/s);
    await commands['filmcrew.approve']!('script.fountain');
    await commands['filmcrew.passGate']!(stage('script'));
    assert.match(host.messages('info').at(-1)!, /Script lock passed in commit/);
    assert.match(git(root, 'log', '-1', '--format=%B'), /Filmcrew-Gate: script/);
    assert.equal(source.view!.stages.find((s) => s.id === 'script')!.gate!.state, 'passed');
  });

  it('Unlock asks why and records it in the unlock commit', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    const commands = reviewCommands(contextOf(host, source));
    await commands['filmcrew.approve']!('shots/s01-001.md');
    host.answers.input.push('The boat arrives earlier now.');
    await commands['filmcrew.unlock']!('shots/s01-001.md');
    assert.match(git(root, 'log', '-1', '--format=%B'), /The boat arrives earlier now\.[\s\S]*Filmcrew-Unlock: shots\/s01-001\.md/);
  });

  it('refuses to approve, reject or run in an untrusted folder, and commits nothing', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    host.isTrusted = false;
    const head = git(root, 'rev-parse', 'HEAD');
    await reviewCommands(contextOf(host, source))['filmcrew.approve']!('shots/s01-001.md');
    assert.equal(git(root, 'rev-parse', 'HEAD'), head);
    assert.match(host.messages('warn')[0]!, /needs a trusted folder/);
  });

  it('Show Proposal Diff compares a proposed file with the committed one', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    const row = reviewTree(source.view, true).find((n) => n.id === 'proposed/directors-assistant')!.children![0]!;
    await reviewCommands(contextOf(host, source))['filmcrew.showDiff']!(row);
    assert.match(host.diffs[0]!.left, /id: s01-001/);
    assert.equal(host.diffs[0]!.right, `file:${join(root, 'shots/s01-001.md')}`);
  });

  it('Validate Production reports the problems and brings the Problems panel forward', async () => {
    const root = await lighthouse({ 'shots/s01-003.md': '---\nkind: shot\nid: s01-003\nscene: [unclosed\n---\n' });
    const source = await sourceOf(root);
    const host = new FakeHost();
    await productionCommands(contextOf(host, source))['filmcrew.validate']!();
    assert.match(host.messages('warn')[0]!, /\d+ errors?/);
    assert.equal(host.problemsShown, 1);
    assert.ok(source.view!.diagnostics.some((d) => d.file === 'shots/s01-003.md' && d.severity === 'error'));
  });

  it('Show Status renders the stages, gates and artifact counts as a document', async () => {
    const source = await sourceOf(await lighthouse());
    const host = new FakeHost();
    await productionCommands(contextOf(host, source))['filmcrew.showStatus']!();
    const md = host.documents[0]!.markdown;
    assert.match(md, /^# The Last Light/);
    assert.match(md, /\| Script \| Script lock \| ready \|/);
    assert.match(md, /\| shots \| 3 \|/);
  });

  it('Set API Key keeps the key in secret storage and never in the log', async () => {
    const source = await sourceOf(await lighthouse());
    const host = new FakeHost();
    host.answers.pick.push('OPENAI_API_KEY');
    host.answers.input.push('sk-test-very-secret');
    await productionCommands(contextOf(host, source))['filmcrew.setApiKey']!();
    assert.equal(host.secretValues.get('OPENAI_API_KEY'), 'sk-test-very-secret');
    assert.equal(host.inputs[0]!.password, true);
    assert.ok(!host.logLines.join('\n').includes('sk-test-very-secret'));
  });

  it('New Production scaffolds the open folder with the chosen approval mode, commits it and opens the script', async () => {
    const folder = tempDir('filmcrew-new-');
    git(folder, 'init', '-q', '-b', 'main');
    git(folder, 'config', 'user.name', 'Test Director');
    git(folder, 'config', 'user.email', 'director@example.invalid');
    const empty = new WorkspaceProduction(silentLogger);
    const host = new FakeHost();
    host.folder = folder;
    host.currentSettings = { ...host.currentSettings, approvalMode: 'auto' };
    host.answers.input.push('Salt and Glass');
    await productionCommands(contextOf(host, empty))['filmcrew.newProduction']!();
    assert.match(readFileSync(join(folder, 'production.md'), 'utf8'), /title: "Salt and Glass"[\s\S]*approval: auto/);
    assert.ok(existsSync(join(folder, 'agents/casting/agent.md')));
    assert.match(git(folder, 'log', '-1', '--format=%s'), /Start production: Salt and Glass/);
    assert.equal(host.opened[0]!.path, join(folder, 'script.fountain'));
    assert.equal(empty.view?.production.production?.data.title, 'Salt and Glass');
  });

  it('Open in Storyboard opens the storyboard on the shot of the row', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const host = new FakeHost();
    const ctx = contextOf(host, source);
    await productionCommands(ctx)['filmcrew.openInStoryboard']!({ fsPath: join(root, 'shots/s01-002.md') });
    assert.deepEqual(ctx.storyboardOpened, ['s01-002']);
  });
});
