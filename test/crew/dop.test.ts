import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileHash } from '../../src/core/artifact/hash';
import { artifactFromText } from '../../src/core/artifact/writer';
import { photographed, photographyByShot } from '../../src/core/model/photography';
import type { PhotographyData, ShotData } from '../../src/core/model/types';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { dop } from '../../src/core/crew/dop';
import { storyboardArtist } from '../../src/core/crew/storyboard/role';
import { copyExample } from '../support/fixtures';
import { productionAt, runRole, shotsOnDisk } from './harness';

/** The DOP's sheets on disk (photography/<scene>.md). */
function sheetsOnDisk(dir: string): { path: string; data: PhotographyData }[] {
  return readdirSync(join(dir, 'photography'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => {
      const path = `photography/${f}`;
      return { path, data: artifactFromText(path, readFileSync(join(dir, path), 'utf8')).artifact!.data as PhotographyData };
    });
}

/** The shots as exports read them: each with the DOP's photography over it. */
function litShots(dir: string): { data: ShotData & { generation?: Record<string, unknown> } }[] {
  const photography = photographyByShot(sheetsOnDisk(dir));
  return shotsOnDisk(dir).map((s) => ({ data: photographed(s.data as ShotData, photography) }));
}

describe('the director of photography, offline', () => {
  let dir: string;
  let before_: Map<string, string>;
  before(async () => {
    dir = copyExample();
    await runRole(dir, directorsAssistant);
    await runRole(dir, storyboardArtist);
    before_ = new Map(shotsOnDisk(dir).map((s) => [s.path, fileHash(readFileSync(join(dir, s.path)))]));
    await runRole(dir, dop);
  });

  it('plans one instance per scene', () => {
    const tasks = dop.plan(productionAt(dir), {});
    assert.deepEqual(tasks.map((t) => [t.id, t.instance]), [['dop:s01', 's01'], ['dop:s02', 's02'], ['dop:s03', 's03']]);
  });

  it('writes one photography sheet per scene, with every shot of the scene', () => {
    const sheets = sheetsOnDisk(dir);
    assert.deepEqual(sheets.map((s) => [s.path, s.data.kind, s.data.scene]), [['photography/s01.md', 'photography', 's01'], ['photography/s02.md', 'photography', 's02'], ['photography/s03.md', 'photography', 's03']]);
    const ids = shotsOnDisk(dir).map((s) => String(s.data.id)).sort();
    assert.deepEqual(sheets.flatMap((s) => s.data.shots.map((x) => x.id)).sort(), ids);
  });

  it('gives every shot a lens by its size and one light key per scene', () => {
    const shots = litShots(dir);
    const lens = (size: string) => shots.filter((s) => s.data.size === size).map((s) => s.data.lens);
    assert.ok(lens('CU').every((l) => l === '85mm, shallow focus'));
    assert.ok(lens('INSERT').every((l) => l === '100mm macro'));
    assert.ok(lens('WS').every((l) => l === '24mm, deep focus'));
    for (const scene of ['s01', 's02', 's03']) {
      const keys = new Set(sheetsOnDisk(dir).filter((s) => s.data.scene === scene).map((s) => s.data.key));
      assert.equal(keys.size, 1, `${scene} has ${keys.size} light keys`);
      for (const s of shots.filter((x) => x.data.scene === scene)) assert.ok(String(s.data.light).startsWith([...keys][0]!));
    }
    const night = shots.find((s) => s.data.id === 's02-001')!;
    assert.match(String(night.data.light), /^Cold blue moonlight/);
    assert.match(String(shots.find((s) => s.data.id === 's01-001')!.data.light), /^Warm amber key from the lantern/);
  });

  it('follows the style block: hand-held close to the characters, locked-off wides', () => {
    const byId = new Map(litShots(dir).map((s) => [s.data.id, s.data.camera as { support: string }]));
    assert.equal(byId.get('s01-005')!.support, 'hand-held');
    assert.equal(byId.get('s01-001')!.support, 'tripod, locked off');
    assert.equal(byId.get('s02-002')!.support, 'dolly on track');
  });

  it('writes no clip offline and says the clip is made from the storyboard frame', () => {
    for (const s of litShots(dir)) {
      assert.equal(s.data.clip, undefined);
      assert.deepEqual(
        { offline: (s.data.generation as Record<string, unknown>).offline, note: (s.data.generation as Record<string, unknown>).note },
        { offline: true, note: "no video model: the shot's clip is made from its storyboard frame" },
      );
      assert.match(String((s.data.generation as Record<string, unknown>).prompt), /Style: Cold blue night/);
      assert.ok(!existsSync(join(dir, 'media/clips', `${s.data.id}.mp4`)));
    }
  });

  it('never rewrites a shot: every shot file is byte for byte as before it was lit', () => {
    for (const s of shotsOnDisk(dir)) assert.equal(fileHash(readFileSync(join(dir, s.path))), before_.get(s.path), s.path);
  });
});
