import assert from 'node:assert/strict';
import { emptyLockfile, formatLockfile, parseLockfile, parsePlainLockfile, readLockfile, type Lockfile } from '../../src/core/git/lockfile';
import { tempDir, writeFiles } from '../support/fixtures';

describe('filmcrew.lock', () => {
  it('reads back exactly what it wrote, whatever the paths and names look like', () => {
    const odd = ['shots/s01-001.md', 'media/frames/a b.svg', 'characters/x: y.md', 'props/#1.md', 'props/true', 'props/123', "props/it's.md", 'props/ü.md', '-lead.md', 'props/"q".md', 'a:b.md', 'x/y:', 'time 10:00'];
    const lock: Lockfile = emptyLockfile();
    for (const [i, p] of odd.entries()) {
      lock.locks[p] = {
        hash: i % 2 ? '0123' : 'ab'.repeat(32),
        stage: 'assets',
        ...(i === 3 ? { chosen: 'b' } : {}),
        approved_by: i === 4 ? 'Ann: "the" #1 <ann@x>' : 'Test Director <director@example.invalid>',
        at: '2026-03-01T10:00:00.000Z',
        inputs: i === 0 ? {} : { 'script.fountain': 'ff', [odd[(i + 1) % odd.length]!]: 'ee' },
      };
    }
    const text = formatLockfile(lock);
    const back = parseLockfile(text);
    assert.deepEqual(back.diagnostics, []);
    assert.deepEqual(back.lock, lock);
  });

  it('lists entries sorted by path with their fields in a fixed order', () => {
    const lock = emptyLockfile();
    const entry = { hash: 'h', stage: 'breakdown' as const, approved_by: 'A <a@x>', at: '2026-01-01T00:00:00.000Z', inputs: { 'z.md': '1', 'a.md': '2' } };
    lock.locks['shots/b.md'] = entry;
    lock.locks['shots/a.md'] = entry;
    assert.equal(
      formatLockfile(lock).replace(/^#.*\n/gm, ''),
      'version: 1\nlocks:\n' +
        '  shots/a.md:\n    hash: h\n    stage: breakdown\n    approved_by: A <a@x>\n    at: 2026-01-01T00:00:00.000Z\n    inputs:\n      a.md: "2"\n      z.md: "1"\n' +
        '  shots/b.md:\n    hash: h\n    stage: breakdown\n    approved_by: A <a@x>\n    at: 2026-01-01T00:00:00.000Z\n    inputs:\n      a.md: "2"\n      z.md: "1"\n',
    );
  });

  it('reports a syntax error as lockfile-syntax with its line, and a missing file as empty', async () => {
    const dir = tempDir();
    assert.deepEqual(await readLockfile(dir), { lock: emptyLockfile(), diagnostics: [] });
    writeFiles(dir, { 'filmcrew.lock': 'version: 1\nlocks:\n  a.md:\n    hash: [x\n' });
    const { diagnostics } = await readLockfile(dir);
    assert.equal(diagnostics[0]!.code, 'lockfile-syntax');
    assert.equal(diagnostics[0]!.file, 'filmcrew.lock');
    assert.ok(diagnostics[0]!.line >= 4, `line ${diagnostics[0]!.line}`);
  });

  it('reports an entry without a hash on the line of its path', () => {
    const { lock, diagnostics } = parseLockfile('version: 1\nlocks:\n  a.md:\n    hash: x\n    approved_by: A <a@x>\n    at: "2026"\n  b.md:\n    stage: assets\n');
    assert.deepEqual(Object.keys(lock.locks), ['a.md']);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.line, 7);
    assert.match(diagnostics[0]!.message, /b\.md has no `hash`, `approved_by`, `at`/);
  });

  it('is an error, never an empty lock, when emptied, cut inside an entry or reshaped', () => {
    const lock = emptyLockfile();
    for (const p of ['shots/a.md', 'shots/b.md']) lock.locks[p] = { hash: 'ab'.repeat(32), stage: 'breakdown', approved_by: 'A <a@x>', at: '2026-01-01T00:00:00.000Z', inputs: { 'script.fountain': 'ff' } };
    const text = formatLockfile(lock);
    const cases: [string, string, RegExp][] = [
      ['emptied', '', /is empty.*git checkout filmcrew\.lock/],
      ['only its header left', text.split('version:')[0]!, /is empty/],
      ['cut inside an entry', text.slice(0, text.indexOf('approved_by', text.indexOf('shots/b.md'))), /shots\/b\.md has no `approved_by`, `at`.*git checkout filmcrew\.lock/],
      ['cut before its locks', text.slice(0, text.indexOf('locks:')), /has no `locks:`/],
      ['replaced by another shape', '{"entries":5}', /unknown key `entries`/],
      ['a list', '- a\n- b\n', /must be a map/],
      ['a wrong field type', text.replace("script.fountain: ff", 'script.fountain: [ff]'), /`inputs` that are not a map/],
    ];
    for (const [what, damaged, message] of cases) {
      const { diagnostics } = parseLockfile(damaged);
      assert.ok(diagnostics.some((d) => d.severity === 'error' && d.code === 'lockfile-syntax' && message.test(d.message)), `${what}: ${JSON.stringify(diagnostics)}`);
      assert.ok(diagnostics.every((d) => d.file === 'filmcrew.lock' && d.line >= 1));
    }
    const reshaped = parseLockfile('{"entries":5}').diagnostics.map((d) => d.message);
    assert.ok(reshaped.some((m) => /no `version`/.test(m)) && reshaped.some((m) => /no `locks:`/.test(m)), reshaped.join('\n'));
  });

  it('is written by the yaml library: what it quotes reads back as the same strings', () => {
    const lock = emptyLockfile();
    lock.locks['props/yes'] = { hash: '1e5', approved_by: 'null <n@x>', at: '0x10', chosen: 'on', provenance: '~', inputs: { 'a: b': '#c', '- d': '"e"' } };
    const back = parseLockfile(formatLockfile(lock));
    assert.deepEqual(back.diagnostics, []);
    assert.deepEqual(back.lock, lock);
  });

  it('reads the shape it writes without the full YAML parser, with the same result, and leaves anything else to it', () => {
    const lock = emptyLockfile();
    for (let i = 0; i < 300; i++) {
      const id = `s${String(Math.floor(i / 12) + 1).padStart(2, '0')}-${String((i % 12) + 1).padStart(3, '0')}`;
      lock.locks[`media/frames/${id}.svg`] = {
        hash: 'ab'.repeat(32),
        stage: 'storyboard',
        approved_by: 'Test Director <director@example.invalid>',
        at: '2026-03-01T10:00:00.000Z',
        inputs: { [`shots/${id}.md`]: 'cd'.repeat(32), 'characters/mara.md': 'ef'.repeat(32), 'agents/storyboard-artist/agent.md': '01'.repeat(32) },
      };
      lock.locks[`shots/${id}.md`] = { hash: 'ab'.repeat(32), stage: 'breakdown', approved_by: 'A <a@x>', at: '2026-03-01T10:00:00.000Z', provenance: '12'.repeat(32), inputs: {} };
    }
    const text = formatLockfile(lock);
    const plain = parsePlainLockfile(text);
    assert.ok(plain, 'the shape filmcrew writes is read by the plain reader');
    assert.deepEqual(plain.lock, lock);
    assert.deepEqual(plain, parseLockfile(text));
    assert.equal(plain.lines['shots/s01-001.md'], text.split('\n').indexOf('  shots/s01-001.md:') + 1);
    // Quoted keys, a missing field, another shape: the full parser's to read and report.
    assert.equal(parsePlainLockfile(text.replace('  shots/s01-001.md:', '  "shots/s01 001.md":')), undefined);
    assert.equal(parsePlainLockfile(text.replace(/\n {4}approved_by: A <a@x>/, '')), undefined);
    assert.equal(parsePlainLockfile('{"entries":5}'), undefined);
  });
});
