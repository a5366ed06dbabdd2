import assert from 'node:assert/strict';
import { abTakes, callerFor, createProviders } from '../../src/core/providers';
import type { TextRequest } from '../../src/core/providers/types';
import { captureLogger, fixture, loopback, reply, secretsOf } from './support';

const request: TextRequest = {
  modality: 'text',
  model: 'unused',
  role: 'casting',
  taskId: 'casting:mara',
  input: {},
  prompt: 'Describe MARA for her character sheet.',
  schema: { type: 'object', properties: { look: { type: 'string' } }, required: ['look'], additionalProperties: false },
};

describe('A/B takes', () => {
  it('runs the same prompt on two models and returns both takes, a failing side not losing the other', async () => {
    const server = await loopback((req, res) => {
      const { model } = JSON.parse(req.body) as { model: string };
      if (model === 'mistral') return reply(res, 500, fixture('openai/error-500.json'));
      const body = fixture('openai/chat-completion.json');
      ((body.choices as Record<string, unknown>[])[0].message as Record<string, unknown>).content = JSON.stringify({ look: `as seen by ${model}` });
      reply(res, 200, body);
    });
    const providers = createProviders({ secrets: secretsOf({}), env: { OPENAI_BASE_URL: `${server.url}/v1`, OLLAMA_HOST: server.url }, logger: captureLogger() });

    const [a, b] = await abTakes(request, ['openai-compatible/gpt-4.1-mini', 'ollama/llama3.1'], callerFor(providers));
    assert.equal(a.model, 'openai-compatible/gpt-4.1-mini');
    assert.ok(a.ok && b.ok);
    assert.deepEqual(a.ok && a.result.content, { look: 'as seen by gpt-4.1-mini' });
    assert.deepEqual(b.ok && b.result.content, { look: 'as seen by llama3.1' });

    const [c, d] = await abTakes(request, ['ollama/llama3.1', 'ollama/mistral'], callerFor(providers));
    assert.ok(c.ok);
    assert.ok(!d.ok && /500/.test(d.error.message));
  });

  it('refuses to compare a model with itself', async () => {
    await assert.rejects(abTakes(request, ['ollama/a', 'ollama/a'], callerFor([])), /two different models/);
  });

  it('a model no provider serves is a failed take, not a thrown error', async () => {
    const [a] = await abTakes(request, ['nobody/serves-this', 'ollama/other'], callerFor([]));
    assert.ok(!a.ok && /No provider serves/.test(a.error.message));
  });
});
