import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import type { ApprovalPrompt, Question } from '../../src/core/host';
import { readJournal, type JournalEvent } from '../../src/core/orchestrator/journal';
import { productionSpend } from '../../src/core/orchestrator/memory';
import { askProducer } from '../../src/core/producer/ask';
import { createProviders } from '../../src/core/providers/index';
import type { Provider } from '../../src/core/providers/types';
import { loopback, reply, type Loopback } from '../providers/support';
import { finishedExample, hostOn, removeProduction } from './support';

const MODEL = 'openai-compatible/producer-test';
/** 900 tokens in at 2 USD per million, 60 out at 8: what the loopback server's usage costs. */
const COST = 900 * 2e-6 + 60 * 8e-6;

function completion(content: string) {
  return { id: 'c1', object: 'chat.completion', model: 'producer-test', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }], usage: { prompt_tokens: 900, completion_tokens: 60 } };
}

/** production.md with a price for the producer's model, an approval mode and a cap. */
function configure(dir: string, approval: 'auto' | 'always-ask', cap: number): void {
  const file = join(dir, 'production.md');
  let text = readFileSync(file, 'utf8').replace(/^approval: .*$/m, `approval: ${approval}`).replace(/^ {2}cap: .*$/m, `  cap: ${cap}`);
  if (!text.includes('\nprices:')) text = text.replace(/^budget:/m, `prices:\n  ${MODEL}: { input_per_1m: 2, output_per_1m: 8 }\nbudget:`);
  writeFileSync(file, text);
}

/** Every event of the producer's journals, oldest first. */
function producerEvents(dir: string): JournalEvent[] {
  const folder = join(dir, '.filmcrew/producer');
  return readdirSync(folder)
    .sort()
    .flatMap((f) => readJournal(join(folder, f)));
}

/** An approval prompt that records each question and answers from `answer`. */
function person(answer: 'approve' | 'deny'): ApprovalPrompt & { asked: Question[] } {
  const asked: Question[] = [];
  return { asked, ask: async (q) => (asked.push(q), { answer }) };
}

describe('the producer’s paid model call is booked like a crew call (a priced model on loopback)', () => {
  let dir: string;
  let server: Loopback;
  const env = () => ({ OPENAI_BASE_URL: `${server.url}/v1` });
  /** The real OpenAI-compatible provider on the loopback server: priced, so its calls are paid. */
  const hosted = (): Provider[] => createProviders({ secrets: { get: async () => undefined }, env: env(), prices: { [MODEL]: { input_per_1m: 2, output_per_1m: 8 } } });
  after(function () {
    this.timeout(60_000);
    removeProduction(dir);
  });
  before(async function () {
    this.timeout(120_000);
    dir = await finishedExample();
    server = await loopback((_req, res) => reply(res, 200, completion('All 21 shots are locked. Nothing is open.')));
  });

  it('charges the answer to the ledger and journals it: approved by the policy in auto mode, its cost in the spend', async () => {
    configure(dir, 'auto', 25);
    const before = productionSpend(dir).total;
    const host = { ...hostOn(dir, true), prompt: person('deny') };
    const got = await askProducer('Where are we?', { host, model: MODEL, providers: hosted() });
    assert.equal(got.text, 'All 21 shots are locked. Nothing is open.');
    assert.deepEqual(host.prompt.asked, [], 'auto mode does not ask for a priced call within the cap');
    assert.ok(Math.abs(got.spend!.cost - COST) < 1e-12, `cost ${got.spend?.cost}`);
    const spend = productionSpend(dir);
    assert.ok(Math.abs(spend.total - before - COST) < 1e-12);
    assert.ok(Math.abs(spend.byRole.producer! - COST) < 1e-12);
    assert.ok(Math.abs(spend.byModel[MODEL]! - COST) < 1e-12);
    const kinds = producerEvents(dir).map((e) => `${e.e}${'by' in e ? `:${e.by}` : ''}`);
    assert.deepEqual(kinds, ['run-started', 'approved:policy', 'call', 'cost', 'run-finished']);
    const cost = producerEvents(dir).find((e) => e.e === 'cost') as Extract<JournalEvent, { e: 'cost' }>;
    assert.equal(cost.role, 'producer');
    assert.equal(cost.task, 'producer:ask');
    assert.ok(cost.estimate! > 0, 'the call was estimated before it was sent');
  });

  it('always-ask: the person is asked with the estimate, and a no sends nothing and charges nothing', async () => {
    configure(dir, 'always-ask', 25);
    const requests = server.requests.length;
    const before = productionSpend(dir).total;
    const host = { ...hostOn(dir, true), prompt: person('deny') };
    const got = await askProducer('Where are we?', { host, model: MODEL, providers: hosted() });
    assert.equal(host.prompt.asked.length, 1);
    const q = host.prompt.asked[0]!;
    assert.ok(q.kind === 'call' && q.role === 'producer' && q.model === MODEL && q.estimatedCost! > 0, JSON.stringify(q));
    assert.match(got.text, /^Not asked: a person declined the call to openai-compatible\/producer-test/);
    assert.equal(server.requests.length, requests, 'no request reached the model');
    assert.equal(productionSpend(dir).total, before);
    assert.ok(producerEvents(dir).some((e) => e.e === 'denied' && e.by === 'person'));
  });

  it('the budget cap refuses the call before anything is sent', async () => {
    const spent = productionSpend(dir).total;
    configure(dir, 'auto', spent + 1e-6);
    const requests = server.requests.length;
    const got = await askProducer('Where are we?', { host: hostOn(dir, true), model: MODEL, providers: hosted() });
    assert.match(got.text, /^Not asked: refused by the budget cap/);
    assert.equal(server.requests.length, requests);
    assert.equal(productionSpend(dir).total, spent);
    assert.ok(producerEvents(dir).some((e) => e.e === 'denied' && e.by === 'policy' && e.reason === 'budget cap'));
  });

  it('filmcrew ask prints what the answer cost and what the production has spent (the loopback model as it is: priced, so paid; --yes approves it)', async () => {
    configure(dir, 'always-ask', 25);
    const spent = productionSpend(dir).total;
    const out: string[] = [];
    const io: CliIO = { out: (l) => out.push(l), err: () => {}, interactive: false, cwd: dir, env: { ...process.env, ...env(), OPENAI_API_KEY: '' } };
    const code = await main(['ask', 'Where are we?', '--model', MODEL, '--yes'], io);
    assert.equal(code, 0, out.join('\n'));
    const usd = (n: number) => (n < 0.01 ? n.toFixed(6).replace(/0+$/, '') : n.toFixed(2));
    assert.ok(out.includes(`Spent ${usd(COST)} USD on this answer; the production has spent ${usd(spent + COST)} USD of a 25 cap.`), out.join('\n'));
    assert.ok(Math.abs(productionSpend(dir).total - spent - COST) < 1e-12);
  });
});
