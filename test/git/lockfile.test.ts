import assert from 'node:assert/strict';
import { emptyLockfile, formatLockfile, parseLockfile, readLockfile, type Lockfile } from '../../src/core/git/lockfile';
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
    const { lock, diagnostics } = parseLockfile('version: 1\nlocks:\n  a.md:\n    hash: x\n  b.md:\n    stage: assets\n');
    assert.deepEqual(Object.keys(lock.locks), ['a.md']);
    assert.equal(diagnostics[0]!.line, 5);
    assert.match(diagnostics[0]!.message, /b\.md has no `hash`/);
  });
});
