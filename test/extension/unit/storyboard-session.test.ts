import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostMessage } from '../../../src/core/storyboard/protocol';
import { silentLogger } from '../../../src/core/host';
import type { SessionHost } from '../../../src/core/session/index';
import { StoryboardSession, type OpenFile } from '../../../src/extension/storyboard-session';
import { WorkspaceProduction } from '../../../src/extension/workspace-production';
import { git, tempDir } from '../../support/fixtures';
import { lighthouse, sourceOf } from './production';

/** The extension's host services as a test gives them: trust as asked, runs and confirmations refused. */
function hostOf(trusted = true): SessionHost {
  return { trusted: () => trusted, confirm: async () => false, run: async () => undefined, progress: () => undefined, log: () => undefined };
}

async function actingSource(root: string, trusted = true): Promise<WorkspaceProduction> {
  const source = new WorkspaceProduction(silentLogger, 20, hostOf(trusted));
  await source.open(root);
  return source;
}

function opener(): OpenFile & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign(async (p: string, l?: number) => void calls.push(`open ${p}:${l}`), { calls });
}

const noOpen: OpenFile = async () => undefined;

describe('the storyboard panel session', function () {
  this.timeout(20000);

  it('sends the whole production when the app is ready, then only what changed', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), (abs) => `webview://${abs}`, noOpen);
    session.update();
    assert.equal(posted.length, 0, 'nothing before the app says it is ready');
    await session.receive({ type: 'app/ready' });
    assert.equal(posted[0]!.type, 'production/snapshot');
    if (posted[0]!.type === 'production/snapshot') assert.deepEqual(posted[0].snapshot.shots.map((s) => s.id), ['s01-001', 's01-002', 's02-001']);
    writeFileSync(join(root, 'shots/s01-002.md'), (await import('./production')).shotText('s01-002', 's01', 2, 'approved'));
    await source.refresh(['shots/s01-002.md']);
    session.update();
    const change = posted[1]!;
    assert.equal(change.type, 'production/changed');
    if (change.type === 'production/changed') assert.deepEqual(change.shots.map((s) => [s.id, s.status]), [['s01-002', 'approved']]);
  });

  it('puts the first cards of a long film in the panel\'s HTML, and the whole film follows the app\'s ready', async () => {
    const { shotText } = await import('./production');
    const extra: Record<string, string> = {};
    for (let i = 1; i <= 120; i++) extra[`shots/s03-${String(i).padStart(3, '0')}.md`] = shotText(`s03-${String(i).padStart(3, '0')}`, 's03', 10 + i, 'draft', 'act2');
    const source = await sourceOf(await lighthouse(extra));
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), String, noOpen);
    const shell = session.shell()!;
    assert.equal(shell.partial, true, 'a long film\'s shell is partial');
    assert.deepEqual(shell.snapshot.shots.map((s) => s.id).slice(0, 3), ['s01-001', 's01-002', 's02-001']);
    assert.ok(shell.snapshot.shots.length < 123 && shell.snapshot.shots.length >= 24, `cards in the shell: ${shell.snapshot.shots.length}`);
    await session.receive({ type: 'app/ready' });
    const whole = posted[0]!;
    assert.equal(whole.type, 'production/snapshot');
    if (whole.type === 'production/snapshot') assert.equal(whole.snapshot.shots.length, 123);
  });

  it('selects a shot asked for before the app was ready, right after the first snapshot', async () => {
    const source = await sourceOf(await lighthouse());
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), String, noOpen);
    session.reveal('s01-002');
    assert.equal(posted.length, 0);
    await session.receive({ type: 'app/ready' });
    assert.deepEqual(posted.map((m) => m.type), ['production/snapshot', 'shot/reveal']);
    assert.deepEqual(posted[1], { type: 'shot/reveal', shotId: 's01-002' });
  });

  it('answers an approve from the app with the core action result, and locks the shot in a commit', async () => {
    const root = await lighthouse();
    const source = await actingSource(root);
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), String, noOpen);
    await session.receive({ type: 'shot/approve', requestId: 'r1', shotId: 's01-001' });
    const result = posted.at(-1) as { type: string; requestId: string; ok: boolean; message: string };
    assert.deepEqual([result.type, result.requestId, result.ok], ['action/result', 'r1', true]);
    assert.match(result.message, /^Locked s01-001 \(commit [0-9a-f]{7}\)\.$/);
    assert.match(git(root, 'log', '-1', '--format=%B'), /Filmcrew-Lock/);
    assert.equal(source.view!.states.get('shots/s01-001.md')?.status, 'locked');
  });

  it('refuses actions in an untrusted folder and ignores malformed messages', async () => {
    const root = await lighthouse();
    const source = await actingSource(root, false);
    const head = git(root, 'rev-parse', 'HEAD');
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), String, noOpen);
    await session.receive({ type: 'shot/approve', requestId: 'r1', shotId: 's01-001' });
    await session.receive({ type: 'shot/reject', requestId: 'r2', shotId: 's01-001', note: '' });
    await session.receive({ type: 'file/open', path: 42 });
    assert.equal(git(root, 'rev-parse', 'HEAD'), head, 'nothing committed');
    assert.equal(posted.length, 1);
    assert.match((posted[0] as { message: string }).message, /not trusted/);
  });

  it('opens only files inside the production, and serves media only from inside it', async () => {
    const root = await lighthouse();
    const outside = tempDir('filmcrew-outside-');
    writeFileSync(join(outside, 'secret.svg'), '<svg/>');
    mkdirSync(join(root, 'media/frames'), { recursive: true });
    writeFileSync(join(root, 'media/frames/s01-001.svg'), '<svg/>');
    symlinkSync(join(outside, 'secret.svg'), join(root, 'media/frames/s01-002.svg'));
    const source = await sourceOf(root);
    const a = opener();
    const session = new StoryboardSession(source, () => undefined, (abs) => `webview://${abs}`, a);
    await session.receive({ type: 'file/open', path: '../../etc/passwd' });
    await session.receive({ type: 'file/open', path: 'shots/s01-001.md', line: 3 });
    assert.deepEqual(a.calls, ['open shots/s01-001.md:3']);
    assert.equal(session.mediaUrl('media/frames/s01-001.svg'), `webview://${join(root, 'media/frames/s01-001.svg')}`);
    assert.equal(session.mediaUrl('media/frames/s01-002.svg'), undefined, 'a symlink out of the production is not served');
    assert.equal(session.mediaUrl('/etc/passwd'), undefined);
  });
});

describe('the VS Code host shows what the files do not say', function () {
  this.timeout(20000);

  it('marks a shot failed on its card and in the views when the newest run failed its task, from the journal the watcher reports', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), String, noOpen);
    await session.receive({ type: 'app/ready' });
    const line = (e: object) => JSON.stringify({ t: 1, ...e }) + '\n';
    const journal = join(root, '.filmcrew/runs/20260101-000000-a.jsonl');
    mkdirSync(join(root, '.filmcrew/runs'), { recursive: true });
    writeFileSync(
      journal,
      line({ e: 'queued', task: 'storyboard-artist:s01-002', role: 'storyboard-artist', stage: 'storyboard', subject: 's01-002', after: [] }) +
        line({ e: 'failed', task: 'storyboard-artist:s01-002', role: 'storyboard-artist', stage: 'storyboard', reason: 'the image model refused the prompt', durationMs: 5 }),
    );
    source.changed([journal]);
    await source.settled();
    session.update();
    const change = posted.at(-1)!;
    assert.equal(change.type, 'production/changed');
    if (change.type === 'production/changed') {
      assert.deepEqual(change.shots.map((s) => [s.id, s.status, s.reason]), [['s01-002', 'failed', 'storyboard-artist failed: the image model refused the prompt']]);
    }
    assert.equal(source.view!.states.get('shots/s01-002.md')?.status, 'failed');
  });
});
