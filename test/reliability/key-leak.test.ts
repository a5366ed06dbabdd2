/**
 * A provider that echoes parts of the API key back (without its `sk-` prefix, or a window from its
 * middle) in its error answers: no 8-character piece of the key reaches the journal, a file of the
 * production, a log line or the run's summary.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../src/core/host';
import { createProviders } from '../../src/core/providers/index';
import { scriptedRole, task } from '../orchestrator/fixtures/crew';
import { production, run } from '../orchestrator/helpers';
import { loopback, reply, secretsOf } from '../providers/support';
import { figure, filesUnder } from './support';

const KEY = 'sk-proj-R4nd0mK3yM4t3r14lW1thN0Pr3f1x';

describe('a provider echoing pieces of the key', () => {
  it('leaks no 8-character piece of it anywhere', async function () {
    this.timeout(120_000);
    const echoes = [KEY.slice(3), KEY.slice(8, 20), KEY.slice(-9), `${KEY.slice(5, 14)}…${KEY.slice(20, 30)}`];
    let n = 0;
    const server = await loopback((_req, res) => reply(res, 500, { error: { message: `upstream rejected credential ${echoes[n++ % echoes.length]}` } }));
    const lines: string[] = [];
    const logger: Logger = { debug: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const dir = production({ agents: [{ role: 'painter', reads: [], writes: ['out/painter/*'], models: { text: ['openai-compatible/echo'] } }] });
    const providers = createProviders({ secrets: secretsOf({ OPENAI_API_KEY: KEY }), env: { OPENAI_BASE_URL: `${server.url}/v1` }, logger });
    const summary = await run(dir, [scriptedRole('painter', [task('painter', 'a'), task('painter', 'b')])], providers, { logger, retry: { baseMs: 1, maxMs: 2, retries: 2 } });
    assert.ok(n >= 4, `the server answered ${n} times`);
    const texts = [JSON.stringify(summary), lines.join('\n'), ...filesUnder(dir).map((f) => readFileSync(join(dir, f), 'utf8'))];
    const all = texts.join('\n');
    assert.match(all, /upstream rejected credential \[redacted\]/, 'the echo reached the journal, masked');
    let tried = 0;
    const leaks: string[] = [];
    for (let at = 0; at + 8 <= KEY.length; at++) {
      tried++;
      if (all.includes(KEY.slice(at, at + 8))) leaks.push(KEY.slice(at, at + 8));
    }
    figure(`key fragments leaked / checked: ${leaks.length} / ${tried} (server answered ${n} times)`);
    assert.deepEqual(leaks, []);
  });
});
