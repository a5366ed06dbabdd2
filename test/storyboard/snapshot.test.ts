import { strict as assert } from 'node:assert';
import { loadProduction } from '../../src/core/production/load';
import { SNAPSHOT_BLOCK_ID, storyboardHtml } from '../../src/core/storyboard/html';
import { isAppMessage, isHostMessage, type ProductionSnapshot } from '../../src/core/storyboard/protocol';
import { confinedPath, shellSnapshot, storyboardChanges, storyboardSnapshot, type SnapshotContext } from '../../src/core/storyboard/snapshot';
import { tempDir, writeFiles } from '../support/fixtures';
import { shotFile, writeStoryboardProduction } from './production';

const media: SnapshotContext = { mediaUrl: (rel) => `media/${rel}` };

async function snapshotOf(dir: string, ctx: SnapshotContext = media): Promise<ProductionSnapshot> {
  return storyboardSnapshot(await loadProduction(dir, { persistentIndex: false }), ctx);
}

const shot = (id: string, scene: string, order: number, act: string, more: Partial<Parameters<typeof shotFile>[0]> = {}) =>
  shotFile({ id, scene, order, act, size: 'MS', angle: 'eye level', movement: 'static', lens: '35mm', duration: 2, characters: ['MARA'], location: 'Beach', action: 'She waits.', status: 'draft', ...more });

describe('storyboard snapshot', () => {
  it('groups shots by act and scene in sequence order, numbers compared as numbers', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 0 });
    writeFiles(dir, {
      'shots/b.md': shot('s02-001', 's02', 1, 'act2'),
      'shots/a.md': shot('s01-010', 's01', 10, 'act1'),
      'shots/c.md': shot('s01-002', 's01', 2, 'act1'),
    });
    const s = await snapshotOf(dir);
    assert.deepEqual(s.shots.map((c) => c.id), ['s01-002', 's01-010', 's02-001']);
    assert.deepEqual(s.acts.map((a) => [a.id, a.title, a.scenes.map((sc) => [sc.id, sc.shots])]), [
      ['act1', 'ACT ONE', [['s01', ['s01-002', 's01-010']]]],
      ['act2', 'ACT TWO', [['s02', ['s02-001']]]],
    ]);
    assert.equal(s.acts[0]!.scenes[0]!.heading, 'INT. ROCKY BEACH - NIGHT', 'the heading comes from the screenplay');
  });

  it('gives a frame URL only for frame paths inside the production', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 0 });
    writeFiles(dir, {
      'shots/a.md': shot('s01-001', 's01', 1, 'act1'),
      'shots/b.md': shot('s01-002', 's01', 2, 'act1').replace('status: draft', 'status: draft\nframe: ../../outside.svg'),
      'shots/c.md': shot('s01-003', 's01', 3, 'act1').replace('status: draft', 'status: draft\nframe: /etc/passwd'),
    });
    const asked: string[] = [];
    const s = await snapshotOf(dir, { mediaUrl: (rel) => (asked.push(rel), `media/${rel}`) });
    assert.equal(s.shots[0]!.frameUrl, 'media/media/frames/s01-001.svg');
    assert.equal(s.shots[1]!.frameUrl, undefined);
    assert.equal(s.shots[2]!.frameUrl, undefined);
    assert.ok(asked.every((p) => !p.startsWith('/') && !p.includes('..')), asked.join(', '));
  });

  it('takes stale and failed from the host, with the reason', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 2 });
    const s = await snapshotOf(dir, { ...media, statusOf: (rel) => (rel === 'shots/s01-002.md' ? { status: 'failed', reason: 'the model refused' } : undefined) });
    assert.equal(s.shots[0]!.status, 'draft');
    assert.deepEqual([s.shots[1]!.status, s.shots[1]!.reason], ['failed', 'the model refused']);
  });

  it('lists the four options of an asset with their images and the chosen one', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 1 });
    const s = await snapshotOf(dir);
    const mara = s.assets.find((a) => a.id === 'mara')!;
    assert.deepEqual(mara.options.map((o) => [o.id, o.imageUrl]), ['a', 'b', 'c', 'd'].map((o) => [o, `media/media/options/characters/mara-${o}.svg`]));
    assert.equal(mara.chosen, undefined);
  });

  it('diffs two snapshots down to the cards that changed', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 12 });
    const before = await snapshotOf(dir);
    assert.equal(storyboardChanges(before, before), undefined);
    writeFiles(dir, { 'shots/s01-003.md': shot('s01-003', 's01', 3, 'act1', { action: 'Changed.' }) });
    const after = await snapshotOf(dir);
    const changes = storyboardChanges(before, after);
    assert.ok(changes && changes.type === 'production/changed');
    assert.deepEqual(changes.shots.map((c) => c.id), ['s01-003']);
    assert.equal(changes.shots[0]!.action, 'Changed.');
    assert.equal(changes.acts, undefined, 'order did not change, so the grouping is not resent');
  });

  it('resends the grouping when a shot moves, and names removed shots', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 12 });
    const before = await snapshotOf(dir);
    const moved = { ...before, shots: before.shots.slice(1), acts: before.acts.map((a, i) => (i ? a : { ...a, scenes: a.scenes.map((s, j) => (j ? s : { ...s, shots: s.shots.slice(1) })) })) };
    const changes = storyboardChanges(before, moved);
    assert.ok(changes && changes.type === 'production/changed');
    assert.deepEqual(changes.removedShots, [before.shots[0]!.id]);
    assert.ok(changes.acts);
  });
});

describe('the snapshot a shell carries', () => {
  it('is the whole snapshot when it fits, and else every shot’s place with the first cards only', async () => {
    const dir = tempDir();
    const { ids } = writeStoryboardProduction(dir, { shots: 30, perScene: 4 });
    const s = await snapshotOf(dir);
    assert.deepEqual(shellSnapshot(7, s, 30), { version: 7, snapshot: s });
    const head = shellSnapshot(8, s, 12);
    assert.equal(head.partial, true);
    assert.equal(head.version, 8);
    assert.deepEqual(head.snapshot.shots.map((c) => c.id), ids.slice(0, 12));
    assert.deepEqual(head.snapshot.shots, s.shots.slice(0, 12), 'the first cards as they are');
    assert.deepEqual(head.snapshot.acts.flatMap((a) => a.scenes.flatMap((sc) => sc.shots)), ids, 'every shot keeps its place in the grouping');
    assert.deepEqual(head.snapshot.assets, []);
    assert.ok(s.assets.length > 0 && s.shots.length === 30, 'the snapshot itself is not cut');
    assert.ok(isHostMessage(JSON.parse(JSON.stringify({ type: 'production/snapshot', snapshot: head.snapshot }))), 'still a well-formed snapshot');
  });
});

describe('storyboard protocol guards', () => {
  it('accept a snapshot as it crosses the wire', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 5 });
    const s = await snapshotOf(dir);
    assert.ok(isHostMessage(JSON.parse(JSON.stringify({ type: 'production/snapshot', snapshot: s }))));
  });

  it('reject app messages with missing, wrong or extra-typed fields', () => {
    assert.ok(isAppMessage({ type: 'shot/approve', requestId: 'r1', shotId: 's01-001' }));
    assert.ok(isAppMessage({ type: 'shot/reject', requestId: 'r1', shotId: 's01-001', note: 'wider' }));
    assert.ok(!isAppMessage({ type: 'shot/reject', requestId: 'r1', shotId: 's01-001', note: '   ' }), 'a rejection needs a note');
    assert.ok(!isAppMessage({ type: 'shot/approve', requestId: 'r1' }));
    assert.ok(!isAppMessage({ type: 'asset/choose', requestId: 'r1', kind: 'spaceship', assetId: 'x', optionId: 'a' }));
    assert.ok(!isAppMessage({ type: 'shot/regenerate', requestId: 'r1', shotId: 'x', what: 'everything' }));
    assert.ok(!isAppMessage({ type: 'shell/exec', command: 'rm -rf /' }));
    assert.ok(!isAppMessage('shot/approve'));
    assert.ok(!isAppMessage(null));
  });

  it('confine paths: relative inside the production only', () => {
    assert.equal(confinedPath('media/frames/a.svg'), 'media/frames/a.svg');
    assert.equal(confinedPath('media\\frames\\a.svg'), 'media/frames/a.svg');
    assert.equal(confinedPath('media/../media/a.svg'), 'media/a.svg');
    for (const bad of ['../a.svg', 'media/../../a.svg', '/etc/passwd', 'C:/x.svg', '', '.', 'a\0b']) assert.equal(confinedPath(bad), undefined, bad);
  });
});

describe('storyboard HTML shell', () => {
  it('has a strict CSP, a nonce on its one script, and escapes what it is given', () => {
    const html = storyboardHtml({ cspSource: 'https://webview.example', nonce: 'abc123', scriptUri: 'x.js"><script>alert(1)</script>', styleUris: ['a.css'], codiconUri: 'c.css', title: '<b>t</b>' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1]!;
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc123'/);
    assert.match(csp, /img-src https:\/\/webview\.example;/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(html.match(/<script/g)!.length, 1);
    assert.ok(html.includes('<script nonce="abc123" src="x.js&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" defer>'));
    assert.ok(html.includes('<title>&lt;b&gt;t&lt;/b&gt;</title>'));
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it('carries the snapshot as a JSON data block that no production text can close or run', async () => {
    const dir = tempDir();
    writeStoryboardProduction(dir, { shots: 2 });
    const snapshot = await snapshotOf(dir);
    const hostile = '</script><script>alert(1)</script><!-- <SCRIPT> & \u2028 \u2029';
    snapshot.title = hostile;
    snapshot.shots[0]!.action = hostile;
    const html = storyboardHtml({ cspSource: "'self'", nonce: 'n0nce', scriptUri: 'main.js', styleUris: [], codiconUri: 'c.css', snapshot: { version: 7, snapshot } });
    assert.equal(html.match(/<script/gi)!.length, 2, 'the app and the data block, nothing the text opened');
    const block = new RegExp(`<script type="application/json" id="${SNAPSHOT_BLOCK_ID}" nonce="n0nce">([^]*?)</script>`).exec(html);
    assert.ok(block, 'a data block with the nonce');
    assert.doesNotMatch(block[1]!, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(block[1]!), { version: 7, snapshot });
    assert.equal(html.indexOf('</script>', html.indexOf(SNAPSHOT_BLOCK_ID)), html.indexOf(block[1]!) + block[1]!.length);
    // The host's own stringified value is embedded the same way.
    assert.equal(storyboardHtml({ cspSource: "'self'", nonce: 'n0nce', scriptUri: 'main.js', styleUris: [], codiconUri: 'c.css', snapshot: JSON.stringify({ version: 7, snapshot }) }), html);
  });

});
