/**
 * Reading frontmatter through the plain-YAML reader (block lists, lists of maps and quoted
 * strings included) gives exactly what the full `yaml` parse gives: the same data, the same line
 * for every key and list item, the same (no) diagnostics, the same body. Whatever the plain
 * reader cannot read exactly it declines, and the full parser reads it as before.
 */
import assert from 'node:assert/strict';
import { parseFrontmatter } from '../../src/core/artifact/frontmatter';
import { assertReadsAsYaml } from '../support/plain-yaml-oracle';

/** What a run writes: a shot with block lists and provenance, the DOP's photography (a list of maps with quoted prompts). */
const SHOT = [
  '---', 'kind: shot', 'id: s26-011', 'scene: s26', 'order: 26110', 'interior: false', 'duration: 4',
  'characters:', '  - ade', '  - mara', 'props:', '  - logbook', 'action: ADE stares at the LOGBOOK, and does not look back.',
  'source:', '  file: script.fountain', '  line: 688', '  text_hash: dc30a994fa8c049c', 'status: locked', 'provenance:',
  '  run: 20261203-144859-520-c608', '  inputs:', '    production.md: 7794ac43cf81', '    script.fountain: 24a6b9c6e074', '  cost: 0', '  at: 2026-12-03T14:49:00.646Z',
  '---', '**POV** · the logbook.', '', 'From script.fountain, line 688.', '',
].join('\n');
const PHOTOGRAPHY = [
  '---', 'kind: photography', 'scene: s28', 'key: Warm amber key; cold blue fill.', 'shots:',
  '  - id: s28-001', '    lens: 24mm, deep focus', '    light: "Warm amber key; cold blue night fill. On this framing: silhouettes allowed."',
  '    camera:', '      support: tripod, locked off', '      move: static', '    generation:', '      offline: true',
  '      prompt: "Keep to the chosen looks — Katrina (character): Casting reference for \\"The Long Night\\": Katrina, 40s. Match media/frames/s28-002.svg."',
  '  - id: s28-002', '    lens: 100mm macro', "    note: 'it''s the bell'", '    marks: [a, b]', 'status: proposed',
  '---', 'Body', '',
].join('\n');

const CASES: Record<string, string> = {
  'a shot as the breakdown writes it': SHOT,
  "the DOP's photography": PHOTOGRAPHY,
  'a list at its key\'s own indent': '---\nkind: shot\nprops:\n- bell\n- kettle\nz: 1\n---\nx\n',
  'comments between items': '---\nkind: shot\nprops:\n  # the first\n  - bell\n\n  - kettle\n# after\nz: 1\n---\nx\n',
  'a list in a map in a list': '---\nkind: x\nshots:\n  - id: a\n    tags:\n    - one\n    - two\n  - id: b\n    tags:\n      - three\n---\nx\n',
  'extra spaces after the dash': '---\nkind: x\nshots:\n  -   id: a\n      lens: 35mm\n  -   plain\n---\nx\n',
  'flow lists as items and values': '---\nkind: x\nmarks: [a, b, 3]\nrows:\n  - [a, b]\n  - []\n---\nx\n',
  'an item with a comment': '---\nkind: x\nprops:\n  - bell # the bell\n---\nx\n',
  'a nested list': '---\nkind: x\nprops:\n  - - bell\n---\nx\n',
  'an empty item': '---\nkind: x\nprops:\n  -\n  - bell\n---\nx\n',
  'a continued item': '---\nkind: x\nprops:\n  - the old\n    bell\n---\nx\n',
  'an item map continued too deep': '---\nkind: x\nshots:\n  - id: a\n      lens: 35mm\n---\nx\n',
  'other escapes': '---\nkind: x\nline: "a\\tb"\nnl: "a\\nb"\n---\nx\n',
  'escaped quotes and backslashes': '---\nkind: x\nline: "say \\"hi\\" \\\\ \\/ ok"\nsingle: \'it\'\'s\'\n---\nx\n',
  'an unterminated quote': '---\nkind: x\nline: "say \\"hi\n---\nx\n',
  'a duplicate key in an item map': '---\nkind: x\nshots:\n  - id: a\n    id: b\n---\nx\n',
  'a key that is a dash': '---\nkind: x\n-a: 1\n---\nx\n',
  'a list as the whole frontmatter': '---\n- a\n- b\n---\nx\n',
};

const without = <T extends { document?: unknown }>(p: T) => ({ ...p, document: undefined });

describe('frontmatter through the plain-YAML reader', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`reads ${name} exactly as the full parser does`, () => {
      const fast = parseFrontmatter(text, 'shots/x.md');
      const full = parseFrontmatter(text, 'shots/x.md', false);
      assert.deepStrictEqual(without(fast), without(full));
    });
  }

  it("takes the plain path for what a run writes (no YAML document is built), and keeps every key's and item's line", () => {
    for (const text of [SHOT, PHOTOGRAPHY]) assert.equal(parseFrontmatter(text, 'x.md').document, undefined);
    const shot = parseFrontmatter(SHOT, 'shots/x.md');
    assert.equal(shot.keyLines['characters[1]'], 10);
    assert.equal(shot.keyLines['provenance.inputs.script.fountain'], 23);
    const photo = parseFrontmatter(PHOTOGRAPHY, 'photography/s28.md');
    assert.equal(photo.keyLines['shots[1]'], 15);
    assert.equal(photo.keyLines['shots[1].marks[1]'], 18);
    assert.equal(photo.keyLines['shots[0].camera.move'], 11);
    assert.match(String((photo.data.shots as { generation: { prompt: string } }[])[0]!.generation.prompt), /reference for "The Long Night"/);
  });

  it('declines what it cannot read exactly, so the full parser reads it', () => {
    for (const name of ['an item with a comment', 'a nested list', 'an empty item', 'a continued item', 'other escapes', 'a duplicate key in an item map', 'a list as the whole frontmatter']) {
      assert.notEqual(parseFrontmatter(CASES[name]!, 'x.md').document, undefined, name);
    }
  });

  it('agrees with yaml on every scalar in every place a list item can stand', () => {
    const scalars = [
      'a', 'eye level', '3', '007', '3.50', '-4', '0x1F', '1e3', '.inf', 'true', 'yes', 'no', '~', 'null', '', '2024-05-01', '12:30', 'C#', 'a #b',
      'a:b', 'a: b', 'a:', "it's", 'say "hi"', '"q"', "'q'", '"a\\"b"', '"a\\\\b"', '"a\\/b"', '"a\\nb"', '"a\\\\"b"', "'a''b'", "'a'b'", '[a, b]', '[]',
      '{a: 1}', '&x a', '*x', '!!str a', '|', '>', '- a', '-a', '-', '?a', 'mára', '🌊', 'trailing  ',
    ];
    for (const s of scalars) {
      const docs = [`k:\n  - ${s}\n  - b`, `k:\n- ${s}\nz: 1`, `k:\n  - id: ${s}\n    z: 1\n  - ${s}`, `p:\n  k:\n  - ${s}\n  q: r`, `k: ${s}`];
      for (const doc of docs) {
        assertReadsAsYaml(doc);
      }
    }
  });
});
