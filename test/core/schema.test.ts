import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFrontmatter } from '../../src/core/artifact/frontmatter';
import type { FrontmatterData } from '../../src/core/model/types';
import { validateArtifact } from '../../src/core/schema/validate';
import { repoRoot } from '../support/fixtures';

function check(path: string, text: string) {
  const p = parseFrontmatter(text, path);
  assert.deepEqual(p.diagnostics, []);
  return validateArtifact({ path, data: p.data as FrontmatterData, keyLines: p.keyLines });
}

describe('schemas', () => {
  it('has one JSON Schema file per artifact kind, each a valid JSON document with an $id', () => {
    const files = readdirSync(join(repoRoot, 'schemas')).filter((f) => f.endsWith('.schema.json'));
    for (const kind of ['production', 'shot', 'character', 'costume', 'location', 'prop', 'agent', 'review']) {
      assert.ok(files.includes(`${kind}.schema.json`), kind);
      const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas', `${kind}.schema.json`), 'utf8')) as { $id: string };
      assert.match(schema.$id, new RegExp(`${kind}\\.schema\\.json$`));
    }
  });

  it('says a wrong-typed known key must be what it is, at its line', () => {
    const ds = check('shots/s01-003.md', '---\nkind: shot\nid: s01-003\nscene: s01\norder: 3\nsize: CU\nduration: three\n---\n');
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.line, 7);
    assert.equal(ds[0]!.code, 'schema');
    assert.equal(ds[0]!.severity, 'error');
    assert.equal(ds[0]!.message, '`duration` must be a number of seconds, got "three"');
  });

  it('allows unknown keys a person adds', () => {
    assert.deepEqual(check('shots/a.md', '---\nkind: shot\nid: a\nscene: s01\norder: 1\nmy_own_key: {anything: [1, 2]}\n---\n'), []);
  });

  it('names a missing required key', () => {
    const ds = check('shots/a.md', '---\nkind: shot\nid: a\norder: 1\n---\n');
    assert.equal(ds.length, 1);
    assert.match(ds[0]!.message, /`scene` is missing: add it/);
  });

  it('points at the nested key that is wrong', () => {
    const text = '---\nkind: character\nid: mara\nname: Mara\noptions:\n  - id: a\n    prompt: old keeper\n  - id: b\n    prompt: 42\n---\n';
    const ds = check('characters/mara.md', text);
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.line, 9);
    assert.equal(ds[0]!.message, '`options[1].prompt` must be the image prompt, as text, got 42');
  });

  it('lists the shot sizes when a size is not one of them', () => {
    const ds = check('shots/a.md', '---\nkind: shot\nid: a\nscene: s01\norder: 1\nsize: XL\n---\n');
    assert.equal(ds.length, 1);
    assert.match(ds[0]!.message, /`size` must be one of EWS, WS, MS, MCU, CU, ECU, OTS, POV, INSERT, got "XL"/);
  });

  it('reports one message for a key that matches none of its alternatives', () => {
    const text = '---\nkind: agent\nrole: dop\nresponsibility: Lights.\nstage: generation\nreads: []\nwrites: []\ninstances: sometimes\n---\n';
    const ds = check('agents/dop/agent.md', text);
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.line, 8);
    assert.match(ds[0]!.message, /`instances` must be single, per-scene or a whole number/);
  });

  it('reports an unknown kind and a missing kind', () => {
    const unknown = check('shots/a.md', '---\nkind: shoot\n---\n');
    assert.equal(unknown[0]!.code, 'kind-unknown');
    assert.equal(unknown[0]!.line, 2);
    const missing = check('shots/a.md', '---\nid: a\n---\n');
    assert.equal(missing[0]!.code, 'schema');
    assert.match(missing[0]!.message, /`kind` is missing/);
  });

  it('accepts the example production', () => {
    assert.deepEqual(check('production.md', readFileSync(join(repoRoot, 'examples/lighthouse/production.md'), 'utf8')), []);
  });
});
