import assert from 'node:assert/strict';
import { BUILTIN_AGENTS } from '../../src/core/crew/builtin-agents';
import { builtinRoles } from '../../src/core/crew/index';
import { OFFLINE_TEXT_ROLES, offlineProvider } from '../../src/core/crew/offline';
import { ProviderError } from '../../src/core/providers/types';

describe('the built-in crew', () => {
  it('has a handler for every built-in agent and none for another role, each in its agent’s stage', () => {
    const roles = builtinRoles();
    // The DOP has two: it lights each scene and makes each shot's clip.
    assert.deepEqual([...new Set(roles.map((r) => r.role))].sort(), BUILTIN_AGENTS.map((a) => a.role).sort());
    assert.deepEqual(roles.filter((r) => r.role === 'dop').length, 2);
    for (const r of roles) assert.equal(r.stage, BUILTIN_AGENTS.find((a) => a.role === r.role)!.stage, r.role);
  });

  it('is answered offline for every role that calls a text model', () => {
    for (const r of builtinRoles().filter((x) => x.modalities.includes('text'))) assert.ok(OFFLINE_TEXT_ROLES.includes(r.role), r.role);
  });
});

describe('the offline provider', () => {
  const offline = offlineProvider();

  it('serves the model `offline` for text, images and video at no cost', () => {
    assert.equal(offline.name, 'offline');
    assert.equal(offline.paid, false);
    assert.ok(offline.handles('offline'));
    assert.ok(!offline.handles('gpt-4.1-mini'));
    assert.deepEqual([...offline.modalities], ['text', 'image', 'video']);
  });

  it('refuses a role it has no answers for, naming what to do', async () => {
    await assert.rejects(
      offline.call({ modality: 'text', model: 'offline', role: 'sound-designer', taskId: 't', input: {}, prompt: '' }),
      (e: unknown) => e instanceof ProviderError && e.kind === 'refused' && /agents\/sound-designer\/agent\.md/.test(e.message),
    );
  });

  it('refuses a malformed input as a bad request rather than crashing', async () => {
    await assert.rejects(
      offline.call({ modality: 'text', model: 'offline', role: 'directors-assistant', taskId: 't', input: 'scene 1', prompt: '' }),
      (e: unknown) => e instanceof ProviderError && e.kind === 'bad-request',
    );
  });

  it('answers a video request with a stand-in marker that says the clip is made from the storyboard frame', async () => {
    const r = await offline.call({ modality: 'video', model: 'offline', role: 'dop', taskId: 'dop:s01', input: {}, prompt: 'p', durationSeconds: 3 });
    assert.equal(r.cost, 0);
    assert.equal(r.video.ext, 'json');
    assert.deepEqual(JSON.parse(String(r.video.data)).note, "no video model: the shot's clip is made from its storyboard frame");
  });

  it('draws an option card per requested image', async () => {
    const r = await offline.call({
      modality: 'image',
      model: 'offline',
      role: 'casting',
      taskId: 'casting:mara',
      n: 1,
      input: { kind: 'character', asset: 'mara', name: 'MARA', option: 'b', index: 1, label: 'mid 60s', prompt: 'Mara, mid 60s' },
      prompt: 'Mara, mid 60s',
    });
    assert.equal(r.images.length, 1);
    assert.match(String(r.images[0]!.data), /<svg[\s\S]*MARA[\s\S]*<\/svg>/);
  });
});
