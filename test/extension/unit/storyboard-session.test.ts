import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostMessage } from '../../../src/core/storyboard/protocol';
import { StoryboardSession, type StoryboardActions } from '../../../src/extension/storyboard-session';
import { tempDir } from '../../support/fixtures';
import { lighthouse, sourceOf } from './production';

function actions(trusted = true): StoryboardActions & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    approve: async (p) => (calls.push(`approve ${p}`), `Locked ${p}.`),
    reject: async (p, note) => (calls.push(`reject ${p} ${note}`), 'Rejected.'),
    choose: async (p, o) => (calls.push(`choose ${p} ${o}`), 'Chosen.'),
    regenerate: async (s, w) => (calls.push(`regenerate ${s} ${w}`), 'Run.'),
    openFile: async (p, l) => void calls.push(`open ${p}:${l}`),
    trusted: () => trusted,
  };
}

describe('the storyboard panel session', function () {
  this.timeout(20000);

  it('sends the whole production when the app is ready, then only what changed', async () => {
    const root = await lighthouse();
    const source = await sourceOf(root);
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), (abs) => `webview://${abs}`, actions());
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

  it('selects a shot asked for before the app was ready, right after the first snapshot', async () => {
    const source = await sourceOf(await lighthouse());
    const posted: HostMessage[] = [];
    const session = new StoryboardSession(source, (m) => posted.push(m), String, actions());
    session.reveal('s01-002');
    assert.equal(posted.length, 0);
    await session.receive({ type: 'app/ready' });
    assert.deepEqual(posted.map((m) => m.type), ['production/snapshot', 'shot/reveal']);
    assert.deepEqual(posted[1], { type: 'shot/reveal', shotId: 's01-002' });
  });

  it('answers an approve from the app with the action result', async () => {
    const source = await sourceOf(await lighthouse());
    const posted: HostMessage[] = [];
    const a = actions();
    const session = new StoryboardSession(source, (m) => posted.push(m), String, a);
    await session.receive({ type: 'shot/approve', requestId: 'r1', shotId: 's01-001' });
    assert.deepEqual(a.calls, ['approve shots/s01-001.md']);
    assert.deepEqual(posted.at(-1), { type: 'action/result', requestId: 'r1', ok: true, message: 'Locked shots/s01-001.md.' });
  });

  it('refuses actions in an untrusted folder and ignores malformed messages', async () => {
    const source = await sourceOf(await lighthouse());
    const posted: HostMessage[] = [];
    const a = actions(false);
    const session = new StoryboardSession(source, (m) => posted.push(m), String, a);
    await session.receive({ type: 'shot/approve', requestId: 'r1', shotId: 's01-001' });
    await session.receive({ type: 'shot/reject', requestId: 'r2', shotId: 's01-001', note: '' });
    await session.receive({ type: 'file/open', path: 42 });
    assert.deepEqual(a.calls, []);
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
    const a = actions();
    const session = new StoryboardSession(source, () => undefined, (abs) => `webview://${abs}`, a);
    await session.receive({ type: 'file/open', path: '../../etc/passwd' });
    await session.receive({ type: 'file/open', path: 'shots/s01-001.md', line: 3 });
    assert.deepEqual(a.calls, ['open shots/s01-001.md:3']);
    assert.equal(session.mediaUrl('media/frames/s01-001.svg'), `webview://${join(root, 'media/frames/s01-001.svg')}`);
    assert.equal(session.mediaUrl('media/frames/s01-002.svg'), undefined, 'a symlink out of the production is not served');
    assert.equal(session.mediaUrl('/etc/passwd'), undefined);
  });
});
