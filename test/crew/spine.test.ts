import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction } from '../../src/core/orchestrator/index';
import { photographedShots } from '../../src/core/model/photography';
import type { AssetSheetData, ReviewData } from '../../src/core/model/types';
import { copyExample, initRepo } from '../support/fixtures';
import { productionAt } from './harness';

/**
 * The whole spine on the example, through the real engine with the offline provider and a
 * person answering yes to everything (`filmcrew run --yes`): content, not just completion.
 */
describe('the offline spine on the example production', () => {
  let dir: string;
  let seconds: number;
  before(async function () {
    // The spine renders 21 clips and a 76-second rough cut at the example's 1080p.
    this.timeout(420_000);
    dir = initRepo(copyExample(), 'The Last Light');
    const started = performance.now();
    const summary = await runProduction(dir, { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' });
    seconds = (performance.now() - started) / 1000;
    assert.equal(summary.counts.failed, 0, JSON.stringify(summary.tasks.filter((t) => t.outcome === 'failed')));
    assert.deepEqual(summary.gates.map((g) => [g.gate, g.outcome]), [
      ['script', 'passed'],
      ['shotlist', 'passed'],
      ['assets', 'passed'],
      ['storyboard', 'passed'],
      ['roughcut', 'passed'],
      ['final', 'passed'],
    ]);
  });

  after(() => console.log(`      (the offline spine took ${seconds.toFixed(1)} s on this machine)`));

  it('breaks the script down into the 21 shots, each with a storyboard frame', () => {
    const shots = productionAt(dir).shots.sort((a, b) => a.data.order - b.data.order);
    assert.equal(shots.length, 21);
    for (const s of shots) assert.ok(existsSync(join(dir, 'media/frames', `${s.data.id}.svg`)), s.data.id);
  });

  it('makes 4 options per asset, and the asset gate chose one of each', () => {
    const p = productionAt(dir);
    const sheets = [...p.characters, ...p.costumes, ...p.locations, ...p.props];
    assert.equal(sheets.length, 7);
    for (const s of sheets) {
      const d = s.data as AssetSheetData;
      assert.equal(d.options?.length, 4, s.path);
      assert.equal(d.status, 'locked');
      assert.ok(d.options!.some((o) => o.id === d.chosen));
    }
  });

  it('lights every shot (in photography/, the shots untouched) and says no clip was generated offline', () => {
    const p = productionAt(dir);
    for (const s of p.shots) assert.equal(s.data.lens, undefined, s.path);
    for (const s of photographedShots(p)) {
      assert.ok(s.lens, s.id);
      assert.equal(s.clip, undefined);
      assert.equal((s.generation as { note?: string }).note, "no video model: the shot's clip is made from its storyboard frame");
    }
  });

  it('cuts the timeline and the animatic, and reviews the cut with nothing to fix', () => {
    const otio = JSON.parse(readFileSync(join(dir, 'edit/cut.otio'), 'utf8'));
    assert.equal(otio.OTIO_SCHEMA, 'Timeline.1');
    assert.ok(existsSync(join(dir, 'edit/cut.edl')));
    assert.ok(existsSync(join(dir, 'edit/animatic.html')));
    const reviews = readdirSync(join(dir, 'reviews'));
    assert.equal(reviews.length, 1);
    const review = productionAt(dir).reviews[0]!;
    assert.deepEqual((review.data as ReviewData).notes, []);
    assert.match(review.body, /76\.5 s against a target of 70 s/);
    assert.equal(review.data.provenance?.provider, 'offline');
  });
});
