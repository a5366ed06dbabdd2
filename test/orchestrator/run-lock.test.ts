import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { FilmcrewError } from '../../src/core/diagnostics';
import { approve } from '../../src/core/git/index';
import { processStart, RUN_LOCK, runLockHolder, withRunLock } from '../../src/core/orchestrator/run-lock';
import { copyExample, initRepo, tempDir } from '../support/fixtures';

function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeLock(root: string, holder: Record<string, unknown>): void {
  mkdirSync(join(root, '.filmcrew'), { recursive: true });
  writeFileSync(join(root, RUN_LOCK), JSON.stringify(holder));
}

async function refusal(p: Promise<unknown>): Promise<FilmcrewError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof FilmcrewError, String(e));
    return e;
  }
  assert.fail('expected a refusal');
}

describe('the run lock (.filmcrew/run.lock)', () => {
  it('refuses a second holder while the first works, naming pid, host and what holds it', async () => {
    const root = tempDir();
    let release: (() => void) | undefined;
    const first = withRunLock(root, 'filmcrew run', () => new Promise<void>((done) => (release = done)));
    while (!release) await new Promise((r) => setImmediate(r)); // the holder is at work
    const holder = JSON.parse(readFileSync(join(root, RUN_LOCK), 'utf8'));
    assert.deepEqual([holder.pid, holder.host, holder.what], [process.pid, hostname(), 'filmcrew run']);
    const e = await refusal(withRunLock(root, 'approve', async () => 'ran'));
    assert.equal(e.code, 'run-locked');
    assert.match(e.message, new RegExp(`cannot approve: filmcrew run \\(pid ${process.pid} on ${hostname()}, started `));
    release!();
    await first;
    assert.equal(existsSync(join(root, RUN_LOCK)), false, 'released');
    assert.equal(await withRunLock(root, 'approve', async () => 'ran'), 'ran');
  });

  it('is re-entrant along its own call chain: a run that passes a gate may approve', async () => {
    const root = tempDir();
    const inner = await withRunLock(root, 'filmcrew run', () => withRunLock(root, 'approve', async () => runLockHolder(root)?.what));
    assert.equal(inner, 'filmcrew run');
  });

  it('recovers a lock whose process died on this host', async () => {
    const root = tempDir();
    writeLock(root, { pid: deadPid(), host: hostname(), started: '2026-01-01T00:00:00Z', what: 'filmcrew run', token: 'x' });
    assert.equal(runLockHolder(root), undefined);
    assert.equal(await withRunLock(root, 'filmcrew run', async () => 'ran'), 'ran');
    assert.deepEqual(readdirSync(join(root, '.filmcrew')), [], 'no lock and no temp file left');
  });

  it('recovers a lock whose pid now belongs to another process (started at another time)', async () => {
    const root = tempDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await new Promise((r) => sleeper.once('spawn', r));
      const start = processStart(sleeper.pid!);
      assert.match(start ?? '', /^\d+$/, 'this test needs Linux /proc');
      // The recorded start is the live process's own: the lock holds.
      writeLock(root, { pid: sleeper.pid, pidStart: start, host: hostname(), started: '2026-01-01T00:00:00Z', what: 'filmcrew run', token: 'x' });
      assert.equal(runLockHolder(root)?.pid, sleeper.pid);
      assert.equal((await refusal(withRunLock(root, 'filmcrew run', async () => 0))).code, 'run-locked');
      // The same pid, another start: the lock's process died and the pid was handed out again.
      writeLock(root, { pid: sleeper.pid, pidStart: String(Number(start) - 1), host: hostname(), started: '2026-01-01T00:00:00Z', what: 'filmcrew run', token: 'x' });
      assert.equal(runLockHolder(root), undefined);
      assert.equal(await withRunLock(root, 'filmcrew run', async () => 'ran'), 'ran');
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('records its own process start time beside the pid', async () => {
    const root = tempDir();
    const recorded = await withRunLock(root, 'filmcrew run', async () => JSON.parse(readFileSync(join(root, RUN_LOCK), 'utf8')).pidStart);
    assert.equal(recorded, processStart(process.pid));
  });

  it('respects a lock held by a live process, and one from another host', async () => {
    const root = tempDir();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeLock(root, { pid: sleeper.pid, host: hostname(), started: '2026-01-01T00:00:00Z', what: 'filmcrew run', token: 'x' });
      assert.equal((await refusal(withRunLock(root, 'unlock', async () => 0))).code, 'run-locked');
    } finally {
      sleeper.kill('SIGKILL');
    }
    writeLock(root, { pid: deadPid(), host: 'another-machine', started: '2026-01-01T00:00:00Z', what: 'filmcrew run', token: 'x' });
    const e = await refusal(withRunLock(root, 'filmcrew run', async () => 0));
    assert.match(e.message, /pid \d+ on another-machine/);
    assert.match(e.advice ?? '', /taken on another-machine, whose processes cannot be checked from .*; if pid \d+ on another-machine is gone, delete \.filmcrew\/run\.lock in .* \(rm ".*\/\.filmcrew\/run\.lock"\)/);
  });

  it('is taken by approve: approving while another process runs refuses and locks nothing', async () => {
    const root = initRepo(copyExample(), 'The Last Light');
    let release: (() => void) | undefined;
    const held = withRunLock(root, 'filmcrew run', () => new Promise<void>((done) => (release = done)));
    while (!release) await new Promise((r) => setImmediate(r)); // the holder is at work
    assert.equal((await refusal(approve(root, ['script.fountain']))).code, 'run-locked');
    assert.equal(existsSync(join(root, 'filmcrew.lock')), false);
    release!();
    await held;
    await approve(root, ['script.fountain']);
    assert.equal(existsSync(join(root, 'filmcrew.lock')), true);
  });
});
