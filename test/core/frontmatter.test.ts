import assert from 'node:assert/strict';
import { parseFrontmatter } from '../../src/core/artifact/frontmatter';

describe('frontmatter', () => {
  it('reads data, body, the body line and the line of every key', () => {
    const text = '---\nkind: shot\nid: s01-001\n# a comment\nduration: 3\noptions:\n  - id: a\n    image: x.svg\n---\nBody line\n';
    const p = parseFrontmatter(text, 'shots/s01-001.md');
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.data, { kind: 'shot', id: 's01-001', duration: 3, options: [{ id: 'a', image: 'x.svg' }] });
    assert.equal(p.body, 'Body line\n');
    assert.equal(p.bodyLine, 10);
    assert.equal(p.keyLines.kind, 2);
    assert.equal(p.keyLines.duration, 5);
    assert.equal(p.keyLines['options[0]'], 7);
    assert.equal(p.keyLines['options[0].image'], 8);
  });

  it('points a YAML syntax error at its real line in the file', () => {
    const text = '---\nkind: shot\nid: s01-001\nduration: [3\norder: 1\n---\n';
    const p = parseFrontmatter(text, 'shots/a.md');
    assert.equal(p.diagnostics.length > 0, true);
    assert.equal(p.diagnostics[0]!.code, 'yaml-syntax');
    assert.ok(p.diagnostics[0]!.line >= 4, `line ${p.diagnostics[0]!.line}`);
    assert.deepEqual(p.data, {});
  });

  it('reports a duplicate key at the line of the second one', () => {
    const p = parseFrontmatter('---\nkind: shot\nid: a\nid: b\n---\n', 'shots/a.md');
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0]!.code, 'yaml-syntax');
    assert.equal(p.diagnostics[0]!.line, 4);
  });

  it('never evaluates ---js frontmatter and reports it as an engine error', () => {
    const g = globalThis as { filmcrewPwned?: boolean };
    delete g.filmcrewPwned;
    for (const lang of ['js', 'javascript', 'JS', 'coffee']) {
      const text = `---${lang}\n{ kind: (globalThis.filmcrewPwned = true, "shot") }\n---\nbody\n`;
      const p = parseFrontmatter(text, 'shots/evil.md');
      assert.equal(g.filmcrewPwned, undefined, `${lang} frontmatter was evaluated`);
      assert.equal(p.diagnostics.length, 1);
      assert.equal(p.diagnostics[0]!.code, 'frontmatter-engine');
      assert.deepEqual(p.data, {});
    }
  });

  it('accepts an explicit ---yaml opening line', () => {
    const p = parseFrontmatter('---yaml\nkind: prop\n---\n', 'props/a.md');
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.data, { kind: 'prop' });
    assert.equal(p.keyLines.kind, 2);
  });

  it('reports a file without frontmatter, and one whose frontmatter is never closed', () => {
    assert.equal(parseFrontmatter('# Just markdown\n', 'shots/a.md').diagnostics[0]!.code, 'frontmatter-missing');
    assert.equal(parseFrontmatter('', 'shots/a.md').diagnostics[0]!.code, 'frontmatter-missing');
    const open = parseFrontmatter('---\nkind: shot\n', 'shots/a.md');
    assert.equal(open.diagnostics[0]!.code, 'frontmatter-missing');
    assert.match(open.diagnostics[0]!.message, /never closed/);
  });

  it('rejects frontmatter that is a list instead of keys', () => {
    const p = parseFrontmatter('---\n- a\n- b\n---\n', 'shots/a.md');
    assert.equal(p.diagnostics[0]!.code, 'schema');
    assert.equal(p.diagnostics[0]!.line, 2);
  });

  it('returns a fresh result for identical content (no shared cache between calls)', () => {
    const text = '---\nkind: prop\n---\n';
    const a = parseFrontmatter(text, 'props/a.md');
    (a.data as Record<string, unknown>).kind = 'changed';
    assert.equal(parseFrontmatter(text, 'props/a.md').data.kind, 'prop');
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const p = parseFrontmatter('\ufeff---\r\nkind: prop\r\nid: x\r\n---\r\nbody\r\n', 'props/x.md');
    assert.deepEqual(p.diagnostics, []);
    assert.deepEqual(p.data, { kind: 'prop', id: 'x' });
    assert.equal(p.keyLines.id, 3);
    assert.equal(p.bodyLine, 5);
  });
});
