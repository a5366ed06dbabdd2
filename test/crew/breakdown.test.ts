import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { copyExample } from '../support/fixtures';
import { productionAt, runRole, shotsOnDisk } from './harness';

/**
 * The example script, covered by the rules in src/core/crew/breakdown/offline.ts:
 *
 * s01 INT. LIGHTHOUSE - LAMP ROOM - NIGHT (first scene: a new location)
 *   001 WS establishing  — the lamp room; "Wind hammers the glass." names no one
 *   002 MS introduction  — MARA (60s, …) is introduced
 *   003 INSERT           — the LANTERN's first mention in the scene
 *   004 CU detail        — "She strikes a match … across her face": a face, Mara by pronoun
 *   005 MCU single       — "One more night, old friend.": Jonah is not there yet, no one answers
 *   006 WS place         — "A knock from below…" names no one: the room, with Mara in it
 *   007 MS introduction  — JONAH (30s, …) climbs in: introduced, moving (track)
 *   008 OTS              — Jonah opens the exchange, over Mara's shoulder
 *   009 CU closing       — Mara's answer ends the exchange (push in)
 * s02 EXT. ROCKY BEACH - NIGHT (a new location, exterior: EWS)
 *   001 EWS establishing, 002 WS action (Mara walks: track), 003 INSERT lantern,
 *   004 MS reaction (Jonah is off screen: we stay on Mara), 005 POV (she turns: pan),
 *   006 CU closing (the last line of the scene)
 * s03 INT. LIGHTHOUSE - LAMP ROOM - NIGHT (back from the beach: establishing again)
 *   001 WS establishing, 002 WS group (Mara and Jonah), 003 INSERT lantern,
 *   004 OTS (Jonah opens the exchange), 005 MS two-shot (dual dialogue), 006 WS place
 */
const EXPECTED = [
  ['s01-001', 'WS'], ['s01-002', 'MS'], ['s01-003', 'INSERT'], ['s01-004', 'CU'], ['s01-005', 'MCU'],
  ['s01-006', 'WS'], ['s01-007', 'MS'], ['s01-008', 'OTS'], ['s01-009', 'CU'],
  ['s02-001', 'EWS'], ['s02-002', 'WS'], ['s02-003', 'INSERT'], ['s02-004', 'MS'], ['s02-005', 'POV'], ['s02-006', 'CU'],
  ['s03-001', 'WS'], ['s03-002', 'WS'], ['s03-003', 'INSERT'], ['s03-004', 'OTS'], ['s03-005', 'MS'], ['s03-006', 'WS'],
];

describe('the director\'s assistant, offline', () => {
  it('plans one breakdown task per scene, with the scene\'s act', () => {
    const dir = copyExample();
    const tasks = directorsAssistant.plan(productionAt(dir), {});
    assert.deepEqual(
      tasks.map((t) => [t.id, t.act]),
      [['directors-assistant:s01', 'act1'], ['directors-assistant:s02', 'act2'], ['directors-assistant:s03', 'act2']],
    );
  });

  it('breaks the example script down into 21 shots in sequence order', async () => {
    const dir = copyExample();
    await runRole(dir, directorsAssistant);
    const shots = shotsOnDisk(dir);
    assert.deepEqual(shots.map((s) => [s.data.id, s.data.size]), EXPECTED);
    const orders = shots.map((s) => s.data.order);
    assert.deepEqual(orders, [...orders].sort((a, b) => a - b));
  });

  it('links characters, location, props and act, and gives durations from the text', async () => {
    const dir = copyExample();
    await runRole(dir, directorsAssistant);
    const byId = new Map(shotsOnDisk(dir).map((s) => [s.data.id, s.data]));
    const intro = byId.get('s01-002')!;
    assert.deepEqual(intro.characters, ['mara']);
    assert.deepEqual(intro.props, ['lantern']);
    assert.equal(intro.location, 'lighthouse-lamp-room');
    assert.equal(intro.act, 'act1');
    // 17 words play (the parenthesised description does not): 17 / 2.5 = 6.8 → 7 s.
    assert.equal(intro.duration, 7);
    const ots = byId.get('s01-008')!;
    assert.deepEqual(ots.characters, ['jonah', 'mara']);
    // 12 words spoken: 12 / 2.5 + 0.5 = 5.3 → 5.5 s.
    assert.equal(ots.duration, 5.5);
    assert.equal(ots.dialogue?.[0]?.character, 'jonah');
    assert.equal(byId.get('s01-003')!.duration, 2);
    assert.equal(byId.get('s02-001')!.angle, 'high');
    assert.equal(byId.get('s02-001')!.location, 'rocky-beach');
    assert.equal(byId.get('s02-004')!.dialogue?.[0]?.character, 'jonah');
    assert.deepEqual(byId.get('s02-004')!.characters, ['mara']);
    assert.equal(byId.get('s03-005')!.dialogue?.length, 2);
    assert.equal(byId.get('s01-009')!.movement, 'push in');
    const total = [...byId.values()].reduce((t, s) => t + (s.duration ?? 0), 0);
    assert.equal(total, 76.5);
  });

  it('says in every shot that it was broken down offline, with its source lines', async () => {
    const dir = copyExample();
    await runRole(dir, directorsAssistant);
    for (const s of shotsOnDisk(dir)) {
      assert.match(s.body, /offline/);
      assert.equal(s.data.source?.file, 'script.fountain');
      assert.match(s.data.source?.text_hash ?? '', /^[0-9a-f]{16}$/);
    }
    const intro = shotsOnDisk(dir).find((s) => s.data.id === 's01-002')!;
    assert.equal(intro.data.source?.line, 14);
  });

  it('keeps every id, order and file of unchanged shots after a line of action is inserted', async () => {
    const dir = copyExample();
    await runRole(dir, directorsAssistant);
    const before = new Map(shotsOnDisk(dir).map((s) => [s.path, readFileSync(join(dir, s.path), 'utf8')]));
    const script = join(dir, 'script.fountain');
    const text = readFileSync(script, 'utf8');
    const edited = text.replace('One more night, old friend.\n', 'One more night, old friend.\n\nMara listens to the wind.\n');
    assert.notEqual(edited, text);
    writeFileSync(script, edited);

    const { outputs } = await runRole(dir, directorsAssistant, 'run-edit');
    const after = shotsOnDisk(dir);
    assert.deepEqual(outputs.map((o) => o.path), ['shots/s01-005a.md']);
    for (const [path, content] of before) assert.equal(readFileSync(join(dir, path), 'utf8'), content, `${path} changed`);
    const ids = after.map((s) => s.data.id);
    assert.deepEqual(ids, [...EXPECTED.slice(0, 5).map(([id]) => id), 's01-005a', ...EXPECTED.slice(5).map(([id]) => id)]);
    const inserted = after.find((s) => s.data.id === 's01-005a')!;
    assert.equal(inserted.data.size, 'MS');
    assert.deepEqual(inserted.data.characters, ['mara']);
  });

  it('keeps the id of a shot whose line was edited, and marks a shot whose line was cut as omitted', async () => {
    const dir = copyExample();
    await runRole(dir, directorsAssistant);
    const script = join(dir, 'script.fountain');
    const text = readFileSync(script, 'utf8');
    writeFileSync(
      script,
      text
        .replace('Somebody should see it go out.', 'Somebody has to see it go out.')
        .replace('A knock from below. Heavy boots on iron stairs.\n\n', ''),
    );
    await runRole(dir, directorsAssistant, 'run-edit');
    const byId = new Map(shotsOnDisk(dir).map((s) => [s.data.id, s]));
    assert.equal(byId.get('s01-009')!.data.dialogue?.[0]?.line, 'Somebody has to see it go out.');
    assert.equal(byId.get('s01-006')!.data.omitted, true);
    assert.match(byId.get('s01-006')!.body, /^\*\*OMITTED\*\*/);
    assert.equal(byId.size, 21);

    // The line comes back: the shot gets its id back and is no longer omitted.
    writeFileSync(script, text.replace('Somebody should see it go out.', 'Somebody has to see it go out.'));
    await runRole(dir, directorsAssistant, 'run-restore');
    const restored = shotsOnDisk(dir).find((s) => s.data.id === 's01-006')!;
    assert.equal(restored.data.omitted, undefined);
    assert.doesNotMatch(restored.body, /OMITTED/);
  });
});
