/**
 * How far the CLI lets V8's heap grow past a full collection (src/cli/main.ts): by a fixed step
 * while the heap is small, by a tenth once a tenth is more.
 */
import { strict as assert } from 'node:assert';
import { heapGrowingPercent } from '../../src/cli/main';

const MB = 1 << 20;

describe('the CLI heap growth', () => {
  it('lets a small heap grow by 32 MB, and a large one by a tenth of what it holds', () => {
    assert.equal(heapGrowingPercent(16 * MB), 200);
    assert.equal(heapGrowingPercent(64 * MB), 50);
    assert.equal(heapGrowingPercent(128 * MB), 25);
    assert.equal(heapGrowingPercent(320 * MB), 10);
    assert.equal(heapGrowingPercent(1024 * MB), 10);
  });

  it('never lets the heap grow by less as it holds less', () => {
    let last = Infinity;
    for (let live = 8 * MB; live <= 2048 * MB; live += 8 * MB) {
      const percent = heapGrowingPercent(live);
      assert.ok(percent <= last, `${percent}% at ${live / MB} MB after ${last}%`);
      assert.ok(percent >= 10);
      // The growth in bytes is 32 MB or a tenth, whichever is more.
      assert.ok((live * percent) / 100 >= Math.max(32 * MB, live * 0.1) - 1, `${percent}% of ${live / MB} MB`);
      last = percent;
    }
  });
});
