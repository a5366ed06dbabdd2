import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { casting } from '../../src/core/crew/assets/casting';
import { costume } from '../../src/core/crew/assets/costume';
import { productionDesign } from '../../src/core/crew/assets/production-design';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import type { AssetSheetData, CharacterData, LocationData } from '../../src/core/model/types';
import { copyExample } from '../support/fixtures';
import { productionAt, runRole, sent } from './harness';
import { proposeSheet } from '../../src/core/crew/assets/offline';
import { offlineCrew } from '../../src/core/crew/offline';
import type { TextRequest } from '../../src/core/providers/types';

async function withSheets(): Promise<string> {
  const dir = copyExample();
  await runRole(dir, directorsAssistant);
  for (const role of [casting, costume, productionDesign]) await runRole(dir, role);
  return dir;
}

describe('the asset roles, offline', () => {
  let dir: string;
  before(async () => {
    dir = await withSheets();
  });

  it('writes a sheet per character, wardrobe, location and prop of the example', () => {
    const p = productionAt(dir);
    assert.deepEqual(p.characters.map((a) => a.data.id), ['jonah', 'mara']);
    assert.deepEqual(p.costumes.map((a) => a.data.id), ['jonah', 'mara']);
    assert.deepEqual(p.locations.map((a) => a.data.id), ['lighthouse-lamp-room', 'rocky-beach']);
    assert.deepEqual(p.props.map((a) => a.data.id), ['lantern']);
  });

  it('gives every asset 4 options with distinct prompts and an SVG card each, and chooses none', () => {
    const p = productionAt(dir);
    const sheets = [...p.characters, ...p.costumes, ...p.locations, ...p.props];
    assert.equal(sheets.length, 7);
    for (const sheet of sheets) {
      const data = sheet.data as AssetSheetData;
      assert.equal(data.options?.length, 4, sheet.path);
      assert.equal(new Set(data.options!.map((o) => o.prompt)).size, 4, `${sheet.path}: prompts repeat`);
      assert.deepEqual(data.options!.map((o) => o.id), ['a', 'b', 'c', 'd']);
      assert.equal(data.chosen, undefined, `${sheet.path}: nobody chose, yet something is chosen`);
      for (const o of data.options!) {
        assert.match(o.image ?? '', new RegExp(`^media/options/${sheet.path.split('/')[0]}/${data.id}-${o.id}\\.svg$`));
        const svg = readFileSync(join(dir, o.image!), 'utf8');
        assert.match(svg, /^<svg[\s\S]*<\/svg>\s*$/);
        assert.match(svg, /offline/i, `${o.image} does not say it is an offline sketch`);
      }
      assert.match(sheet.body, /offline/);
    }
  });

  it('varies a character\'s looks along age, build, light and lens', () => {
    const mara = productionAt(dir).characters.find((a) => a.data.id === 'mara')!.data as CharacterData;
    const prompts = mara.options!.map((o) => o.prompt);
    assert.deepEqual(prompts.map((p) => /in her (early|mid|late) 60s|in her 70s/.exec(p)?.[0]), ['in her early 60s', 'in her mid 60s', 'in her late 60s', 'in her 70s']);
    assert.deepEqual(prompts.map((p) => /(\d+)mm/.exec(p)?.[1]), ['85', '50', '35', '135']);
    for (const p of prompts) assert.match(p, /Weathered oilskin, silver braid/);
  });

  it('varies a location\'s designs along time and weather, and says what the script says', () => {
    const beach = productionAt(dir).locations.find((a) => a.data.id === 'rocky-beach')!;
    const data = beach.data as LocationData;
    assert.equal(data.interior, false);
    assert.deepEqual(data.time_of_day, ['NIGHT']);
    assert.deepEqual(data.options!.map((o) => o.label), ['night · rain', 'blue hour · clear', 'deep night under a low moon · fog', 'pre-dawn grey · squalls']);
    assert.match(beach.body, /The lighthouse stands black against the sky/);
  });

  it('records where a character first appears, their scenes and whom they share them with', () => {
    const mara = productionAt(dir).characters.find((a) => a.data.id === 'mara')!;
    const data = mara.data as CharacterData;
    assert.deepEqual(data.first_appearance, { scene: 's01', line: 14 });
    assert.deepEqual(data.scenes, ['s01', 's02', 's03']);
    assert.deepEqual(data.shares_scenes_with, ['jonah']);
    assert.match(mara.body, /Introduced as: “60s, weathered oilskin, silver braid”/);
    const lantern = productionAt(dir).props[0]!;
    assert.match(lantern.body, /Handled by: Mara\./);
  });

  it('plans costume beside casting, from the script and the shots, never from the character sheet', () => {
    const tasks = costume.plan(productionAt(dir), {});
    assert.deepEqual(tasks.map((t) => [t.id, t.after]), [['costume:mara', []], ['costume:jonah', []]]);
    assert.ok(tasks.every((t) => !t.reads.some((r) => r.startsWith('characters/'))), JSON.stringify(tasks.map((t) => t.reads)));
  });

  it('answers every text request in the shape of the role\'s JSON schema, and sends the schema and the input in the prompt', () => {
    for (const role of ['casting', 'costume', 'production-design', 'directors-assistant']) {
      const schema = JSON.parse(readFileSync(join(__dirname, '../../schemas/answers', `${role}.schema.json`), 'utf8'));
      const validate = new Ajv({ strict: false }).compile(schema);
      const requests = sent.filter((r): r is TextRequest => r.modality === 'text' && r.role === role);
      assert.ok(requests.length > 0, role);
      for (const r of requests) {
        assert.match(r.prompt, /The task, as data/);
        assert.deepEqual(r.schema, schema);
        const answer = offlineCrew.text(role, r.input);
        assert.ok(validate(answer), `${role}: ${JSON.stringify(validate.errors)}`);
      }
    }
  });

  it('keeps a person\'s choice when the role runs again', async () => {
    const path = join(dir, 'characters/mara.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('status: proposed', 'chosen: b\nstatus: proposed'));
    await runRole(dir, casting, 'run-again');
    const mara = productionAt(dir).characters.find((a) => a.data.id === 'mara')!.data as CharacterData;
    assert.equal(mara.chosen, 'b');
    // A chosen look does not change what costume reads: choosing at the asset lock leaves the wardrobe fresh.
    assert.ok(!costume.plan(productionAt(dir), {})[0]!.reads.includes('characters/mara.md'));
    assert.ok(existsSync(join(dir, 'media/options/characters/mara-b.svg')));
  });

  it('proposes as many distinct options as the agent asks for', () => {
    const answer = proposeSheet({ kind: 'prop', id: 'key', name: 'KEY', title: 'T', style: '', options: 6, facts: { scenes: [], mentions: [] } });
    assert.equal(answer.options.length, 6);
    assert.equal(new Set(answer.options.map((o) => o.prompt)).size, 6);
  });
});
