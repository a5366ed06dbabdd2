import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { metered, startMeter } from '../../src/core/meter';

/** Keeps the main thread busy until the process has used `ms` more of CPU (this thread, nearly all of it). */
function spin(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

const linux = existsSync(`/proc/self/task/${process.pid}/schedstat`);

describe('meter: the main thread CPU inside metered work', function () {
  this.timeout(10_000);
  before(function () {
    if (!linux) this.skip();
  });

  it('counts a call’s synchronous part, its continuations and its timers, and not the work around it', async () => {
    const meter = startMeter()!;
    try {
      const call = metered('provider', async () => {
        spin(40); // before the first await
        await sleep(5);
        spin(40); // a continuation
        await new Promise<void>((r) =>
          setTimeout(() => {
            spin(40); // a timer the call set
            r();
          }, 5),
        );
        return 'answer';
      });
      spin(150); // the engine, while the call waits: not the provider's
      assert.equal(await call, 'answer');
      spin(150);
      const { provider, renderer } = meter.totals;
      assert.equal(provider.calls, 1);
      assert.ok(provider.cpuS >= 0.09, `the call's three parts are about 0.12 s, measured ${provider.cpuS}`);
      assert.ok(provider.cpuS < 0.2, `neither 0.15 s of work around the call is the provider's, measured ${provider.cpuS}`);
      assert.deepEqual(renderer, { cpuS: 0, calls: 0 });
    } finally {
      meter.stop();
    }
  });

  it('keeps each kind apart when calls of both kinds run at once', async () => {
    const meter = startMeter()!;
    try {
      const work = (ms: number) => async () => {
        await sleep(1);
        spin(ms);
        await sleep(1);
        spin(ms);
      };
      await Promise.all([metered('provider', work(30)), metered('renderer', work(80))]);
      const { provider, renderer } = meter.totals;
      assert.ok(provider.cpuS >= 0.05 && provider.cpuS < 0.12, `provider ≈ 0.06 s, measured ${provider.cpuS}`);
      assert.ok(renderer.cpuS >= 0.14 && renderer.cpuS < 0.25, `renderer ≈ 0.16 s, measured ${renderer.cpuS}`);
    } finally {
      meter.stop();
    }
  });

  it('runs work unmetered when no meter was started, and after it stopped', async () => {
    const meter = startMeter()!;
    meter.stop();
    assert.equal(await metered('renderer', async () => 7), 7);
    assert.deepEqual(meter.totals.renderer, { cpuS: 0, calls: 0 });
  });
});
