import assert from 'node:assert/strict';
import type { Logger } from '../../src/core/host';
import { FakeProvider, scriptedRole, task } from './fixtures/crew';
import { production, run } from './helpers';

describe('a long wait on a model', () => {
  it('says every so often that it is still waiting, and stops saying so when the answer comes', async () => {
    const dir = production({ agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'] }] });
    const lines: string[] = [];
    const logger: Logger = { debug: () => {}, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a')])], [new FakeProvider({ latencyMs: 450 })], {
      logger,
      retry: { baseMs: 5, maxMs: 20, noticeMs: 100 },
    });
    assert.equal(summary.counts.succeeded, 1);
    const notices = lines.filter((l) => /^painter:a: still waiting for fake, \d+ s so far$/.test(l));
    assert.ok(notices.length >= 3 && notices.length <= 5, lines.join('\n'));
    const count = notices.length;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(lines.filter((l) => l.includes('still waiting')).length, count, 'no notice after the answer');
  });
});
