import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { storyboardArtist } from '../../src/core/crew/storyboard/role';
import { copyExample, writeFiles } from '../support/fixtures';
import { contextFor, productionAt, runRole, sent, shotsOnDisk } from '../crew/harness';
import { root, withAttr } from './svg';

/** The example broken down by the real director's assistant, as the storyboard artist finds it. */
async function brokenDown(): Promise<string> {
  const dir = copyExample();
  await runRole(dir, directorsAssistant);
  return dir;
}

describe('the storyboard artist', function () {
  this.timeout(30000);

  it('plans one task per shot that reads the shot and production.md and writes its frame', async () => {
    const dir = await brokenDown();
    const shots = shotsOnDisk(dir);
    const tasks = storyboardArtist.plan(productionAt(dir), {});
    assert.equal(tasks.length, shots.length);
    for (const t of tasks) {
      assert.equal(t.stage, 'storyboard');
      assert.ok(t.reads.includes(`shots/${t.subject}.md`) && t.reads.includes('production.md'), t.reads.join());
      assert.deepEqual(t.writes, [`media/frames/${t.subject}.svg`]);
    }
    assert.equal(new Set(tasks.map((t) => t.id)).size, tasks.length);
  });

  it('reads the sheets of the shot\u2019s characters and location once they exist, and only those', async () => {
    const dir = await brokenDown();
    const shot = shotsOnDisk(dir).find((s) => s.data.characters?.includes('mara') && s.data.location)!;
    writeFiles(dir, {
      'characters/mara.md': '---\nkind: character\nid: mara\nname: MARA\n---\n',
      [`locations/${shot.data.location}.md`]: `---\nkind: location\nid: ${shot.data.location}\nname: THE LAMP ROOM\ninterior: true\ntime_of_day: [NIGHT]\n---\n`,
    });
    const task = storyboardArtist.plan(productionAt(dir), { subjects: new Set([shot.data.id]) })[0]!;
    assert.ok(task.reads.includes('characters/mara.md'));
    assert.ok(task.reads.includes(`locations/${shot.data.location}.md`));
    assert.ok(!task.reads.includes('characters/jonah.md'));
    const out = await storyboardArtist.run(contextFor(dir, task), async (draft) => {
      sent.length = 0;
      const input = draft.input as { location?: string; interior?: boolean; time?: string };
      assert.equal(input.location, 'THE LAMP ROOM');
      assert.equal(input.interior, true);
      assert.equal(input.time, 'NIGHT');
      assert.match(draft.prompt, /Storyboard frame for shot/);
      return { modality: 'image', images: [{ ext: 'svg', data: '<svg/>' }], usage: {}, cost: 0, model: 'offline' } as never;
    });
    assert.deepEqual(out.map((o) => o.path), [`media/frames/${shot.data.id}.svg`]);
  });

  it('leaves omitted shots and a person\u2019s own frames alone, and plans an act on its own', async () => {
    const dir = await brokenDown();
    const [first, second] = shotsOnDisk(dir);
    const path = (id: string) => join(dir, 'shots', `${id}.md`);
    writeFileSync(path(first!.data.id), readFileSync(path(first!.data.id), 'utf8').replace(/^id: /m, 'omitted: true\nid: '));
    writeFileSync(path(second!.data.id), readFileSync(path(second!.data.id), 'utf8').replace(/^id: /m, 'frame: boards/mine.png\nid: '));
    const ids = storyboardArtist.plan(productionAt(dir), {}).map((t) => t.subject);
    assert.ok(!ids.includes(first!.data.id) && !ids.includes(second!.data.id));
    const act2 = storyboardArtist.plan(productionAt(dir), { act: 'act2' });
    assert.ok(act2.length > 0 && act2.every((t) => t.act === 'act2'));
  });

  it('draws every shot of the example offline, each scaled by its size', async () => {
    const dir = await brokenDown();
    await runRole(dir, storyboardArtist);
    const shots = shotsOnDisk(dir);
    const files = readdirSync(join(dir, 'media/frames')).sort();
    assert.deepEqual(files, shots.map((s) => `${s.data.id}.svg`).sort());
    const scaleBySize = new Map<string, number[]>();
    for (const s of shots) {
      const svg = readFileSync(join(dir, 'media/frames', `${s.data.id}.svg`), 'utf8');
      const r = root(svg);
      assert.equal(r['data-shot'], s.data.id);
      assert.equal(r['data-size'], s.data.size);
      assert.equal(r['data-aspect'], '16:9');
      if (s.data.time) assert.equal(r['data-light'], 'night', `${s.data.id}: every scene of the example is at night`);
      assert.equal(r['data-set'], s.data.location === 'rocky-beach' ? 'exterior' : 'interior', s.data.id);
      const figure = withAttr(svg, 'g', 'data-role', 'figure')[0];
      if (figure) scaleBySize.set(s.data.size!, [...(scaleBySize.get(s.data.size!) ?? []), Number(figure['data-subject-scale'])]);
    }
    const present = ['CU', 'MCU', 'MS', 'WS', 'EWS'].filter((size) => scaleBySize.has(size));
    assert.ok(['CU', 'MS', 'WS'].every((size) => present.includes(size)), present.join());
    const scales = present.map((size) => Math.max(...scaleBySize.get(size)!));
    for (let i = 1; i < scales.length; i++) assert.ok(scales[i - 1]! > scales[i]!, JSON.stringify([...scaleBySize]));
  });
});
