import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputHash } from '../../src/core/artifact/hash';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { dop } from '../../src/core/crew/dop';
import { storyboardArtist } from '../../src/core/crew/storyboard/role';
import { copyExample } from '../support/fixtures';
import { productionAt, runRole, shotsOnDisk } from './harness';

describe('the director of photography, offline', () => {
  let dir: string;
  let lit: Map<string, { hash: string; body: string }>;
  before(async () => {
    dir = copyExample();
    await runRole(dir, directorsAssistant);
    await runRole(dir, storyboardArtist);
    lit = new Map(shotsOnDisk(dir).map((s) => [s.path, { hash: inputHash(s.path, readFileSync(join(dir, s.path))), body: s.body }]));
    await runRole(dir, dop);
  });

  it('plans one instance per scene', () => {
    const tasks = dop.plan(productionAt(dir), {});
    assert.deepEqual(tasks.map((t) => [t.id, t.instance]), [['dop:s01', 's01'], ['dop:s02', 's02'], ['dop:s03', 's03']]);
  });

  it('gives every shot a lens by its size and one light key per scene', () => {
    const shots = shotsOnDisk(dir);
    const lens = (size: string) => shots.filter((s) => s.data.size === size).map((s) => s.data.lens);
    assert.ok(lens('CU').every((l) => l === '85mm, shallow focus'));
    assert.ok(lens('INSERT').every((l) => l === '100mm macro'));
    assert.ok(lens('WS').every((l) => l === '24mm, deep focus'));
    for (const scene of ['s01', 's02', 's03']) {
      const keys = new Set(shots.filter((s) => s.data.scene === scene).map((s) => (s.data.generation as { key: string }).key));
      assert.equal(keys.size, 1, `${scene} has ${keys.size} light keys`);
      for (const s of shots.filter((x) => x.data.scene === scene)) assert.ok(String(s.data.light).startsWith([...keys][0]!));
    }
    const night = shots.find((s) => s.data.id === 's02-001')!;
    assert.match(String(night.data.light), /^Cold blue moonlight/);
    assert.match(String(shots.find((s) => s.data.id === 's01-001')!.data.light), /^Warm amber key from the lantern/);
  });

  it('follows the style block: hand-held close to the characters, locked-off wides', () => {
    const byId = new Map(shotsOnDisk(dir).map((s) => [s.data.id, s.data.camera as { support: string }]));
    assert.equal(byId.get('s01-005')!.support, 'hand-held');
    assert.equal(byId.get('s01-001')!.support, 'tripod, locked off');
    assert.equal(byId.get('s02-002')!.support, 'dolly on track');
  });

  it('writes no clip offline and says the animatic stands in for it', () => {
    for (const s of shotsOnDisk(dir)) {
      assert.equal(s.data.clip, undefined);
      assert.deepEqual(
        { offline: (s.data.generation as Record<string, unknown>).offline, note: (s.data.generation as Record<string, unknown>).note },
        { offline: true, note: 'animatic stands in for the clip' },
      );
      assert.match(String((s.data.generation as Record<string, unknown>).prompt), /Style: Cold blue night/);
      assert.ok(!existsSync(join(dir, 'media/clips', `${s.data.id}.mp4`)));
    }
  });

  it('does not make a storyboard frame stale: what a frame reads of its shot is unchanged', () => {
    for (const s of shotsOnDisk(dir)) {
      const was = lit.get(s.path)!;
      assert.equal(inputHash(s.path, readFileSync(join(dir, s.path))), was.hash, s.path);
      assert.equal(s.body, was.body);
    }
  });
});
