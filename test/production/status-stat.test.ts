/**
 * The warm status's check of every file (status-stat.ts) must say exactly what fs.statSync says,
 * whichever way it asks: through node's fs binding (no Stats objects) or through fs.statSync, and
 * it must fall back to fs.statSync when the binding gives anything else. Real files in a temp folder.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { appendFileSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { callsBindingAsWeDo, resetStatWay, sameSizeAndTime, statWay } from '../../src/core/production/status-stat';
import { tempDir } from '../support/fixtures';

/** A folder of files with varied sizes and sub-millisecond mtimes, and a sub-folder. */
function files(): { root: string; paths: string[] } {
  const root = tempDir('filmcrew-stat-');
  mkdirSync(join(root, 'shots'));
  const paths: string[] = [];
  for (let i = 0; i < 50; i++) {
    const p = join(root, 'shots', `s${i}.md`);
    writeFileSync(p, 'x'.repeat(i * 37));
    // Fractional seconds (and so fractional ms) as editors leave them: the double must match exactly.
    const t = 1_700_000_000 + i * 0.123456789;
    utimesSync(p, t, t);
    paths.push(p);
  }
  return { root, paths };
}

/** Asks every question both ways: right size and time, a size off by one, a time off by a microsecond. */
function agreesWithStatSync(paths: string[]): void {
  for (const p of paths) {
    const st = statSync(p);
    assert.equal(sameSizeAndTime(p, st.size, st.mtimeMs), true, p);
    assert.equal(sameSizeAndTime(p, st.size + 1, st.mtimeMs), false, `${p}: another size`);
    assert.equal(sameSizeAndTime(p, st.size, st.mtimeMs + 0.001), false, `${p}: another mtime`);
  }
}

describe('the warm status check of a file (size and mtime)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetStatWay();
  });

  it('goes through node’s fs binding on this node, and says what fs.statSync says', () => {
    const { root, paths } = files();
    resetStatWay();
    agreesWithStatSync(paths);
    assert.equal(statWay(), 'binding', 'the binding agreed with fs.statSync and is used');
    assert.equal(sameSizeAndTime(join(root, 'shots', 'gone.md'), 0, 0), false, 'a missing file');
    const dir = statSync(join(root, 'shots'));
    assert.equal(sameSizeAndTime(join(root, 'shots'), dir.size, dir.mtimeMs), true, 'a folder, as fs.statSync would stat it');
    // A path through a file: never "unchanged" (this node's binding throws ENOTDIR, newer ones answer nothing).
    let through: boolean | Error;
    try {
      through = sameSizeAndTime(join(paths[0]!, 'below-a-file.md'), 0, 0);
    } catch (e) {
      through = e as Error;
    }
    assert.ok(through === false || /ENOTDIR/.test(String(through)), String(through));
  });

  it('sees an edit that keeps the size (only the mtime moves) and one that keeps the mtime (only the size moves)', () => {
    const { paths } = files();
    resetStatWay();
    const p = paths[3]!;
    const before = statSync(p);
    writeFileSync(p, 'y'.repeat(before.size)); // same size, new mtime
    assert.equal(sameSizeAndTime(p, before.size, before.mtimeMs), false);
    appendFileSync(p, 'z');
    utimesSync(p, before.atime, before.mtime); // mtime put back by hand, size grew
    assert.equal(sameSizeAndTime(p, before.size, before.mtimeMs), false);
    assert.equal(statWay(), 'binding');
  });

  it('uses fs.statSync with FILMCREW_NO_FAST_STAT=1 or --pending-deprecation (where the binding would warn), with the same answers', () => {
    const { paths } = files();
    process.env.FILMCREW_NO_FAST_STAT = '1';
    resetStatWay();
    agreesWithStatSync(paths);
    assert.equal(statWay(), 'fs');
    delete process.env.FILMCREW_NO_FAST_STAT;
    process.env.NODE_OPTIONS = '--pending-deprecation';
    resetStatWay();
    agreesWithStatSync(paths);
    assert.equal(statWay(), 'fs');
  });

  it('falls back to fs.statSync when the binding gives another layout or throws, and answers the same', () => {
    const { paths } = files();
    const proc = process as unknown as { binding: (name: string) => unknown };
    const real = proc.binding;
    try {
      // A node whose stat array is laid out otherwise: every slot zero.
      proc.binding = () => ({ stat: () => new Float64Array(36) });
      resetStatWay();
      agreesWithStatSync(paths);
      assert.equal(statWay(), 'fs', 'a binding that disagrees with fs.statSync is not used');
      proc.binding = () => {
        throw new Error('ERR_ACCESS_DENIED');
      };
      resetStatWay();
      agreesWithStatSync(paths);
      assert.equal(statWay(), 'fs');
    } finally {
      proc.binding = real;
    }
  });

  it('calls the binding only where node’s own fs.statSync calls it with the same arguments', () => {
    assert.equal(callsBindingAsWeDo(fs.statSync.toString()), true, 'this node: binding.stat(path, bigint, undefined, throwIfNoEntry)');
    // Node 18's statSync: an error context object where this module would pass throwIfNoEntry.
    const node18 = `function statSync(path, options = { bigint: false, throwIfNoEntry: true }) {
  path = getValidatedPath(path);
  const ctx = { path };
  const stats = binding.stat(pathModule.toNamespacedPath(path),
                             options.bigint, undefined, ctx);
  if (options.throwIfNoEntry === false && hasNoEntryError(ctx)) {
    return undefined;
  }
  handleErrorFromBinding(ctx);
  return getStatsFromBinding(stats);
}`;
    assert.equal(callsBindingAsWeDo(node18), false);
    assert.equal(callsBindingAsWeDo('function statSync(path, options) { return lazyStat(path, options); }'), false);
  });

  it('waits for a real file before deciding: a missing first path decides nothing', () => {
    const { root, paths } = files();
    resetStatWay();
    assert.equal(sameSizeAndTime(join(root, 'nothing-here.md'), 0, 0), false);
    assert.equal(statWay(), 'undecided');
    agreesWithStatSync(paths);
    assert.equal(statWay(), 'binding');
  });
});
