import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { askProducer } from '../../src/core/producer/ask';
import { loopback, reply, type Loopback } from '../providers/support';
import { finishedExample, hostOn, removeProduction } from './support';

/** An OpenAI-compatible chat completion whose message is `content`. */
function completion(content: string) {
  return { id: 'c1', object: 'chat.completion', model: 'producer-test', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }], usage: { prompt_tokens: 900, completion_tokens: 60 } };
}

describe('the producer with a model (an OpenAI-compatible server on loopback)', () => {
  let dir: string;
  let server: Loopback;
  const answers: string[] = [];
  after(function () {
    this.timeout(60_000);
    removeProduction(dir);
  });
  before(async function () {
    this.timeout(120_000);
    dir = await finishedExample();
    server = await loopback((_req, res) => reply(res, 200, completion(answers.shift() ?? 'No more scripted answers.')));
  });

  const ask = (message: string, yes: boolean) => {
    const host = hostOn(dir, yes);
    return { host, reply: askProducer(message, { host, model: 'openai-compatible/producer-test', env: { OPENAI_BASE_URL: `${server.url}/v1` } }) };
  };

  it('answers in the model’s words from the whole-film context', async () => {
    answers.push('All 21 shots are locked and framed; no clip is generated yet (the animatic stands in). No question is open.');
    const { reply: r } = ask('Where are we?', false);
    const got = await r;
    assert.equal(got.model, 'openai-compatible/producer-test');
    assert.match(got.text, /All 21 shots are locked/);
    assert.deepEqual(got.actions, []);
    const body = JSON.parse(server.requests.at(-1)!.body) as { model: string; messages: { role: string; content: string }[] };
    assert.equal(body.model, 'producer-test');
    const prompt = body.messages.at(-1)!.content;
    assert.match(prompt, /You are the creative producer of this film/);
    assert.match(prompt, /## Breakdown\n\n- s01-001 /);
    assert.match(prompt, /## The person asks\n\nWhere are we\?$/);
    assert.ok(!prompt.includes('Feedback for'), 'no role’s feedback in the producer’s prompt');
  });

  it('routes a note the model proposes only after the person confirms it', async () => {
    const note = "Mara's braid is loose in s02-001 but tied in s02-002: keep it tied.";
    const action = `ACTION {"tool": "route_note", "args": {"category": "continuity", "note": ${JSON.stringify(note)}, "subject": "s02-001"}}`;
    answers.push(`That is a continuity error in Mara's look, so it goes to casting, not to a re-roll.\n${action}`);
    const { host, reply: r } = ask('The braid changes between s02-001 and s02-002. Fix it.', true);
    const got = await r;
    assert.equal(got.text, "That is a continuity error in Mara's look, so it goes to casting, not to a re-roll.");
    assert.deepEqual(host.shown, [`Add to agents/casting/feedback.md: “${note}”.`]);
    assert.equal(got.actions[0]?.done, true, got.actions[0]?.text);
    assert.ok(readFileSync(join(dir, 'agents/casting/feedback.md'), 'utf8').includes(note));
  });
});
