/**
 * A damaged filmcrew.lock is an error with its line and the way back, and lock checking stays on
 * (against the lock committed at HEAD): truncated, emptied, replaced by another shape, and a
 * locked file's provenance block edited — each reported by `filmcrew validate`, never "No problems".
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { approve } from '../../src/core/git/approve';
import { writeFiles } from '../support/fixtures';
import { production, read } from './production';

async function validate(cwd: string): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => out.push(l), interactive: false, cwd, env: {} };
  const code = await main(['validate'], io);
  return { code, out: out.join('\n') };
}

async function locked(): Promise<string> {
  const dir = production();
  await approve(dir, ['script.fountain', 'shots/s01-001.md', 'shots/s01-002.md']);
  const clean = await validate(dir);
  assert.equal(clean.code, 0, clean.out);
  return dir;
}

describe('a damaged filmcrew.lock', () => {
  it('cut after its first entries: an error at the lock with the way back, and edits to the cut-off locks still noticed', async () => {
    const dir = await locked();
    const text = readFileSync(join(dir, 'filmcrew.lock'), 'utf8');
    writeFileSync(join(dir, 'filmcrew.lock'), text.slice(0, text.indexOf('  shots/s01-002.md:'))); // valid YAML, one lock fewer
    writeFiles(dir, { 'shots/s01-002.md': read(dir, 'shots/s01-002.md').replace('size: WS', 'size: CU') });
    const r = await validate(dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /^filmcrew\.lock:\d+:1 error lockfile-changed filmcrew\.lock differs from the version committed at HEAD: 1 lock removed \(shots\/s01-002\.md\).*git checkout filmcrew\.lock/m);
    assert.match(r.out, /^shots\/s01-002\.md:\d+:\d+ warning edited-after-lock edited after lock/m, 'checked against the committed lock');
    assert.doesNotMatch(r.out, /No problems/);
  });

  it('cut inside an entry, emptied, deleted or replaced by {"entries":5}: each an error naming its line', async () => {
    const dir = await locked();
    const text = readFileSync(join(dir, 'filmcrew.lock'), 'utf8');
    const cases: [string, () => void, RegExp][] = [
      ['cut inside an entry', () => writeFileSync(join(dir, 'filmcrew.lock'), text.slice(0, text.lastIndexOf('approved_by'))), /^filmcrew\.lock:\d+:1 error lockfile-syntax the lock of shots\/s01-002\.md has no `approved_by`, `at`/m],
      ['emptied', () => writeFileSync(join(dir, 'filmcrew.lock'), ''), /^filmcrew\.lock:1:1 error lockfile-syntax filmcrew\.lock is empty/m],
      ['deleted', () => rmSync(join(dir, 'filmcrew.lock')), /^filmcrew\.lock:1:1 error lockfile-changed filmcrew\.lock is missing, but the commit at HEAD has one with 3 locks/m],
      ['replaced', () => writeFileSync(join(dir, 'filmcrew.lock'), '{"entries":5}\n'), /^filmcrew\.lock:1:\d+ error lockfile-syntax filmcrew\.lock has an unknown key `entries`/m],
    ];
    for (const [what, damage, expected] of cases) {
      damage();
      const r = await validate(dir);
      assert.equal(r.code, 1, `${what}: ${r.out}`);
      assert.match(r.out, expected, what);
      assert.match(r.out, /git checkout filmcrew\.lock/, what);
      assert.doesNotMatch(r.out, /No problems/, what);
      // Lock checking stays on: an edit to a locked shot is still reported.
      writeFiles(dir, { 'shots/s01-001.md': read(dir, 'shots/s01-001.md').replace('size: WS', 'size: ECU') });
      assert.match((await validate(dir)).out, /^shots\/s01-001\.md:\d+:\d+ warning edited-after-lock/m, what);
      writeFiles(dir, { 'shots/s01-001.md': read(dir, 'shots/s01-001.md').replace('size: ECU', 'size: WS') });
    }
  });

  it('a locked file whose provenance block was edited is reported, though its content hash is the same', async () => {
    const dir = await locked();
    writeFiles(dir, { 'shots/s01-001.md': read(dir, 'shots/s01-001.md').replace('  model: offline', '  model: gpt-4.1') });
    const r = await validate(dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /^shots\/s01-001\.md:\d+:\d+ warning edited-after-lock its provenance block was edited after lock/m);
  });
});
