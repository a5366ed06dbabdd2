/**
 * Staleness converges: edit a locked sheet, approve it, run once, and nothing is stale; the run
 * after that has nothing to do. On the example and on a ~200-shot production (the example's
 * scenes ten times over: 201 shots).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approve, readLockfile, staleness, verifyLocks } from '../../src/core/git/index';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction, type RunOptions } from '../../src/core/orchestrator/index';
import { loadProduction } from '../../src/core/production/load';
import { copyExample, git, initRepo } from '../support/fixtures';

const yes: RunOptions = { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' };

/** The example's screenplay with its scenes written `copies` times (7 shots a scene: 21 per copy). */
function longScript(dir: string, copies: number): void {
  const lines = readFileSync(join(dir, 'script.fountain'), 'utf8').split('\n');
  const titlePage = lines.slice(0, 7);
  const body = lines.slice(7);
  writeFileSync(join(dir, 'script.fountain'), [...titlePage, ...Array.from({ length: copies }, () => body).flat()].join('\n'));
}

/** Edits Mara's sheet as a person would, and approves the edit. */
async function recastMara(dir: string): Promise<void> {
  const path = join(dir, 'characters/mara.md');
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^name: MARA$/m);
  writeFileSync(path, text.replace(/^name: MARA$/m, 'name: MARA KEEPER'));
  await approve(dir, ['characters/mara.md']);
}

async function convergesAfterRecast(dir: string, atLeast: number): Promise<void> {
  const first = await runProduction(dir, yes);
  assert.equal(first.exitCode, 0, JSON.stringify(first.gates));
  const production = await loadProduction(dir);
  assert.ok(production.shots.length >= atLeast, `${production.shots.length} shots`);

  await recastMara(dir);
  const before = await staleness(dir, (await readLockfile(dir)).lock);
  assert.ok(before.size > 0, 'the recast makes work stale');
  assert.ok(![...before.keys()].some((p) => p.startsWith('shots/')), `no shot is stale: ${[...before.keys()].filter((p) => p.startsWith('shots/')).join(', ')}`);

  const redo = await runProduction(dir, yes);
  assert.equal(redo.exitCode, 0, JSON.stringify(redo.gates));
  assert.ok(redo.counts.succeeded > 0);
  assert.ok(redo.tasks.some((t) => t.id === 'editor:cut' && t.outcome === 'succeeded'), 'the editor re-cuts with the new frames');
  const { lock } = await readLockfile(dir);
  assert.deepEqual([...(await staleness(dir, lock)).keys()], [], 'nothing stale after one run');
  assert.deepEqual(verifyLocks(dir, await loadProduction(dir), lock).map((d) => d.file), [], 'every lock holds');
  assert.equal(git(dir, 'status', '--porcelain', '--', 'shots', 'characters', 'media/frames', 'photography', 'edit/cut.otio', 'edit/cut.edl'), '');

  const again = await runProduction(dir, yes);
  assert.equal(again.counts.succeeded, 0, JSON.stringify(again.tasks.filter((t) => t.outcome !== 'cached').map((t) => t.id)));
  assert.equal(again.calls, 0);
  assert.equal(again.exitCode, 0);
}

describe('staleness after a locked sheet is edited and approved again', () => {
  it('converges in one run on the example: nothing stale, the next run does nothing', async function () {
    this.timeout(120_000);
    await convergesAfterRecast(initRepo(copyExample(), 'The Last Light'), 21);
  });

  it('converges in one run on a 200-shot production', async function () {
    this.timeout(900_000);
    const dir = copyExample();
    longScript(dir, 10);
    await convergesAfterRecast(initRepo(dir, 'The Last Light, long'), 200);
  });
});
