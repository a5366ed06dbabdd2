import assert from 'node:assert/strict';
import { chmodSync, closeSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readSeen } from '../../src/core/git/commit';
import { FileReplacement } from '../../src/core/git/replace-files';
import { tempDir, writeFiles } from '../support/fixtures';

function files(n: number, dir: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const rel = `${i % 2 ? 'a' : 'b'}/f${i}.md`;
    writeFiles(dir, { [rel]: `old ${i}\n`.repeat(i + 1) });
    out.push(join(dir, rel));
  }
  return out;
}

describe('replacing a batch of files', () => {
  it('gives every file its own new bytes and mode, as a new inode, and leaves no temp files', () => {
    const dir = tempDir();
    const paths = files(12, dir);
    chmodSync(paths[3]!, 0o755);
    chmodSync(paths[4]!, 0o600);
    const before = paths.map((p) => readSeen(p));
    const inodes = paths.map((p) => statSync(p).ino);
    const replacement = new FileReplacement();
    paths.forEach((p, i) => replacement.replace(p, `new ${i}\n`, before[i]));
    replacement.end();
    paths.forEach((p, i) => {
      assert.notEqual(statSync(p).ino, inodes[i], `${p} was written in place, not replaced`);
      assert.equal(readFileSync(p, 'utf8'), `new ${i}\n`);
      assert.equal(statSync(p).mode & 0o7777, before[i]!.mode, p);
      assert.equal(statSync(p).nlink, 1);
    });
    for (const sub of ['a', 'b']) assert.deepEqual(readdirSync(join(dir, sub)).sort(), paths.filter((p) => p.includes(`/${sub}/`)).map((p) => p.split('/').pop()).sort());
  });

  it('never writes into an inode another name still shares (a hard link keeps its bytes)', () => {
    const dir = tempDir();
    const paths = files(4, dir);
    linkSync(paths[1]!, join(dir, 'elsewhere.md'));
    const before = paths.map((p) => readSeen(p));
    const replacement = new FileReplacement();
    paths.forEach((p, i) => replacement.replace(p, `new ${i}\n`, before[i]));
    replacement.end();
    assert.equal(readFileSync(join(dir, 'elsewhere.md'), 'utf8'), 'old 1\nold 1\n');
    paths.forEach((p, i) => assert.equal(readFileSync(p, 'utf8'), `new ${i}\n`));
  });

  it('never writes through a symbolic link it replaced (the file it pointed to keeps its bytes)', () => {
    const dir = tempDir();
    const paths = files(4, dir);
    writeFiles(dir, { 'real.md': 'real\n' });
    symlinkSync(join(dir, 'real.md'), join(dir, 'a', 'link.md'));
    const targets = [paths[0]!, join(dir, 'a', 'link.md'), paths[1]!, paths[2]!];
    const before = targets.map((p) => readSeen(p));
    const replacement = new FileReplacement();
    targets.forEach((p, i) => replacement.replace(p, `new ${i}\n`, before[i]));
    replacement.end();
    assert.equal(readFileSync(join(dir, 'real.md'), 'utf8'), 'real\n');
    targets.forEach((p, i) => assert.equal(readFileSync(p, 'utf8'), `new ${i}\n`));
  });

  it('keeps the files not yet replaced and leaves no temp files when one replacement fails', () => {
    const dir = tempDir();
    const paths = files(6, dir);
    const before = paths.map((p) => readSeen(p));
    mkdirSync(join(dir, 'b', 'dir.md'));
    const targets = [paths[0]!, paths[1]!, join(dir, 'b', 'dir.md'), paths[2]!];
    const replacement = new FileReplacement();
    assert.throws(() => targets.forEach((p, i) => replacement.replace(p, `new ${i}\n`, i === 2 ? { mode: 0o644, nlink: 1, uid: before[0]!.uid } : before[i])));
    replacement.end();
    assert.equal(readFileSync(paths[1]!, 'utf8'), 'new 1\n');
    assert.equal(readFileSync(paths[2]!, 'utf8'), 'old 2\n'.repeat(3));
    for (const sub of ['a', 'b']) assert.ok(readdirSync(join(dir, sub)).every((f) => /^(f\d+|dir)\.md$/.test(f)), readdirSync(join(dir, sub)).join(' '));
  });

  it('never shows another file\'s bytes to a reader holding a descriptor of a replaced file', () => {
    const dir = tempDir();
    const paths = files(3, dir);
    const before = paths.map((p) => readSeen(p));
    const fd = openSync(paths[0]!, 'r');
    try {
      const replacement = new FileReplacement();
      paths.forEach((p, i) => replacement.replace(p, `new ${i} `.repeat(50), before[i]));
      replacement.end();
      const buf = Buffer.alloc(64);
      const n = readSync(fd, buf, 0, 64, 0);
      assert.equal(buf.subarray(0, n).toString('utf8'), 'old 0\n');
    } finally {
      closeSync(fd);
    }
  });

  it('in a production, writes its temp files under .filmcrew/tmp and leaves none', () => {
    const dir = tempDir();
    writeFiles(dir, { 'production.md': '---\nkind: production\ntitle: T\n---\n' });
    const paths = files(4, dir);
    const replacement = new FileReplacement();
    paths.forEach((p, i) => replacement.replace(p, `new ${i}\n`, readSeen(p)));
    replacement.end();
    assert.deepEqual(readdirSync(join(dir, '.filmcrew', 'tmp')), []);
    for (const sub of ['a', 'b']) assert.ok(readdirSync(join(dir, sub)).every((f) => /^f\d+\.md$/.test(f)));
  });
});
