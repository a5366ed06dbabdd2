import assert from 'node:assert/strict';
import { createProviders } from '../../src/core/providers';
import type { Provider, TextRequest } from '../../src/core/providers/types';
import {
  FAKE_KEY,
  assertNoKeyAnywhere,
  captureLogger,
  fixture,
  journal,
  loopback,
  outputDir,
  providerError,
  reply,
  secretsOf,
  type Recorded,
  type Route,
} from './support';

const shotListSchema = {
  type: 'object',
  properties: {
    shots: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string', pattern: '^s\\d{2}-\\d{3}$' }, size: { type: 'string', enum: ['WS', 'MS', 'CU'] } },
        required: ['id', 'size'],
        additionalProperties: false,
      },
    },
  },
  required: ['shots'],
  additionalProperties: false,
};

const validAnswer = { shots: [{ id: 's01-001', size: 'WS' }, { id: 's01-002', size: 'CU' }] };

function request(overrides: Partial<TextRequest> = {}): TextRequest {
  return {
    modality: 'text',
    model: 'openai-compatible/gpt-4.1-mini',
    role: 'directors-assistant',
    taskId: 'directors-assistant:production',
    input: {},
    prompt: 'Break the scene INT. LAMP ROOM - NIGHT into shots.',
    schemaId: 'shot-list',
    schema: shotListSchema,
    ...overrides,
  };
}

function completion(content: string | null, extra: Record<string, unknown> = {}) {
  const body = fixture('openai/chat-completion.json');
  const choice = (body.choices as Record<string, unknown>[])[0];
  (choice.message as Record<string, unknown>).content = content;
  Object.assign(choice, extra);
  return body;
}

async function textProvider(route: Route, options: { key?: string; timeoutMs?: number; firstByteMs?: number } = {}) {
  const server = await loopback(route);
  const logger = captureLogger();
  const providers = createProviders({
    secrets: secretsOf(options.key === undefined ? { OPENAI_API_KEY: FAKE_KEY } : options.key ? { OPENAI_API_KEY: options.key } : {}),
    env: { OPENAI_BASE_URL: `${server.url}/v1`, OLLAMA_HOST: server.url },
    logger,
    timeoutMs: options.timeoutMs,
    firstByteMs: options.firstByteMs,
  });
  const provider = providers.find((p) => p.name === 'openai-compatible') as Provider;
  return { server, logger, provider, providers, dir: outputDir() };
}

const bodyOf = (r: Recorded) => JSON.parse(r.body) as Record<string, unknown> & { messages: { role: string; content: string }[] };

describe('OpenAI-compatible text provider', () => {
  it('sends the schema as json_schema structured output and returns the parsed, validated answer', async () => {
    const { server, provider, dir } = await textProvider((_req, res) => reply(res, 200, completion(JSON.stringify(validAnswer))));
    const result = await provider.call(request());
    journal(dir, { type: 'task-succeeded', model: result.model, cost: result.cost, usage: result.usage, content: result.content });

    assert.deepEqual(result.content, validAnswer);
    assert.deepEqual(result.usage, { inputTokens: 1117, outputTokens: 46, requests: 1 });
    assert.equal(result.cost, 0.00052); // 1117 × $0.40/M + 46 × $1.60/M
    const [sent] = server.requests;
    assert.equal(sent.method, 'POST');
    assert.equal(sent.path, '/v1/chat/completions');
    assert.equal(sent.headers.authorization, `Bearer ${FAKE_KEY}`);
    const body = bodyOf(sent);
    const recorded = fixture('openai/chat-request.json');
    assert.deepEqual(Object.keys(body).sort(), Object.keys(recorded).sort());
    assert.equal(body.model, 'gpt-4.1-mini');
    assert.deepEqual(body.response_format, { type: 'json_schema', json_schema: { name: 'shot-list', schema: shotListSchema, strict: true } });
    assert.deepEqual(body.messages.map((m) => m.role), ['system', 'user']);
    assert.equal(body.messages[1].content, request().prompt);
  });

  it('sends strict: false for a schema that strict mode cannot take, and still validates the answer itself', async () => {
    const loose = { type: 'object', properties: { title: { type: 'string' }, note: { type: 'string' } }, required: ['title'] };
    const { server, provider } = await textProvider((_req, res) => reply(res, 200, completion('{"title":"The Last Light"}')));
    const result = await provider.call(request({ schema: loose, schemaId: 'treatment' }));
    assert.deepEqual(result.content, { title: 'The Last Light' });
    const format = bodyOf(server.requests[0]).response_format as { json_schema: { strict: boolean } };
    assert.equal(format.json_schema.strict, false);
  });

  it('asks once for a repair when the answer is not valid JSON, and returns the repaired answer', async () => {
    let calls = 0;
    const { server, provider, logger } = await textProvider((_req, res) => {
      calls++;
      reply(res, 200, completion(calls === 1 ? 'Sure! {"shots": [{"id": "s01-001", "size": "WS"}' : JSON.stringify(validAnswer)));
    });
    const result = await provider.call(request());

    assert.deepEqual(result.content, validAnswer);
    assert.equal(server.requests.length, 2);
    const repair = bodyOf(server.requests[1]).messages;
    assert.deepEqual(repair.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.match(repair[2].content, /^Sure!/);
    assert.match(repair[3].content, /not JSON/);
    assert.deepEqual(result.usage, { inputTokens: 2234, outputTokens: 92, requests: 2 }, 'both turns are paid for');
    assert.ok(logger.lines.some((l) => l.includes('asking once for a repair')));
  });

  it('fails as malformed and not retryable when the repaired answer still breaks the schema', async () => {
    const { server, provider } = await textProvider((_req, res) => reply(res, 200, completion('{"shots":[{"id":"shot one","size":"XL"}]}')));
    const error = await providerError(provider.call(request()));
    assert.equal(error.kind, 'malformed');
    assert.equal(error.retryable, false);
    assert.match(error.message, /after one repair/);
    assert.match(error.message, /\/shots\/0\/size/);
    assert.equal(server.requests.length, 2, 'exactly one repair turn');
    // Both answered requests are paid for, though neither answer could be used.
    assert.equal(error.requests, 2);
    assert.ok(error.spent! >= 2 * 0.00052, `charged ${error.spent} for both turns`); // each at least 1117 × $0.40/M + 46 × $1.60/M
  });

  it('accepts an answer wrapped in a markdown fence, as local models often write it', async () => {
    const { provider } = await textProvider((_req, res) => reply(res, 200, completion(`\`\`\`json\n${JSON.stringify(validAnswer)}\n\`\`\``)));
    assert.deepEqual((await provider.call(request())).content, validAnswer);
  });

  it('returns plain text as { text } when the request has no schema', async () => {
    const { server, provider } = await textProvider((_req, res) => reply(res, 200, completion('A quiet night.')));
    const result = await provider.call(request({ schema: undefined, schemaId: undefined }));
    assert.deepEqual(result.content, { text: 'A quiet night.' });
    assert.equal(bodyOf(server.requests[0]).response_format, undefined);
  });

  it('serves bare `openai-compatible` with the model named in OPENAI_MODEL', async () => {
    const server = await loopback((_req, res) => reply(res, 200, completion(JSON.stringify(validAnswer))));
    const [provider] = createProviders({ secrets: secretsOf({}), env: { OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_MODEL: 'qwen2.5:7b' } });
    assert.ok(provider.handles('openai-compatible'));
    await provider.call(request({ model: 'openai-compatible' }));
    assert.equal(bodyOf(server.requests[0]).model, 'qwen2.5:7b');
    assert.equal(server.requests[0].headers.authorization, undefined, 'no key is set, none is sent');
  });

  it('talks to Ollama for ollama/<model> without a key, free of charge', async () => {
    const { server, providers } = await textProvider((_req, res) => reply(res, 200, completion(JSON.stringify(validAnswer))));
    const ollama = providers.find((p) => p.name === 'ollama') as Provider;
    assert.ok(ollama.handles('ollama/llama3.1'));
    assert.equal(ollama.paid, false);
    assert.equal(ollama.estimate(request({ model: 'ollama/llama3.1' })), 0);
    const result = await ollama.call(request({ model: 'ollama/llama3.1' }));
    assert.equal(result.cost, 0);
    assert.equal(server.requests[0].path, '/v1/chat/completions');
    assert.equal(bodyOf(server.requests[0]).model, 'llama3.1');
    assert.equal(server.requests[0].headers.authorization, undefined);
  });

  it('estimates from the cost table before the call; a hosted model without a price is unknown', async () => {
    const { provider } = await textProvider(() => {});
    const priced = provider.estimate(request());
    assert.ok(priced !== undefined && priced > 0);
    assert.equal(provider.estimate(request({ model: 'openai-compatible/my-finetune' })), 0, 'a loopback server is local: free');
    const [hosted] = createProviders({ secrets: secretsOf({}), env: { OPENAI_BASE_URL: 'https://llm.example.com/v1' } });
    assert.equal(hosted.estimate(request({ model: 'openai-compatible/my-finetune' })), undefined);
    assert.equal(hosted.paid, true);
  });

  describe('failures', () => {
    it('a rejected key (401) is an auth error naming the setting, with the echoed key redacted', async () => {
      const { provider, dir } = await textProvider((_req, res) => reply(res, 401, fixture('openai/error-401.json', { KEY: FAKE_KEY })));
      const error = await providerError(provider.call(request()));
      journal(dir, { type: 'task-failed', kind: error.kind, message: error.message });
      assert.equal(error.kind, 'auth');
      assert.equal(error.retryable, false);
      assert.equal(error.status, 401);
      assert.match(error.message, /OPENAI_API_KEY/);
      assert.match(error.message, /Film Crew: Set API Key/);
      assert.match(error.message, /\[redacted\]/);
      assert.ok(!error.message.includes(FAKE_KEY));
    });

    it('a 401 when no key is set says the key is missing', async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 401, fixture('openai/error-401.json', { KEY: '' })), { key: '' });
      const error = await providerError(provider.call(request()));
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /OPENAI_API_KEY is not set/);
    });

    it('OpenAI itself without a key fails before any request is sent', async () => {
      const [provider] = createProviders({ secrets: secretsOf({}), env: {} });
      const error = await providerError(provider.call(request()));
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /OPENAI_API_KEY is not set/);
    });

    it('a 403 is an auth error, not retried', async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 403, fixture('openai/error-403.json')));
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable, error.status], ['auth', false, 403]);
      assert.match(error.message, /does not have access/);
    });

    it('a 429 is retryable after the seconds in Retry-After', async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 429, fixture('openai/error-429.json'), { 'retry-after': '20' }));
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable, error.retryAfterMs], ['rate-limit', true, 20_000]);
    });

    it('a 429 with an HTTP-date Retry-After waits until that date', async () => {
      const at = new Date(Date.now() + 60_000);
      const { provider } = await textProvider((_req, res) => reply(res, 429, fixture('openai/error-429.json'), { 'retry-after': at.toUTCString() }));
      const error = await providerError(provider.call(request()));
      assert.equal(error.kind, 'rate-limit');
      assert.ok(error.retryAfterMs !== undefined && error.retryAfterMs > 50_000 && error.retryAfterMs <= 60_000, String(error.retryAfterMs));
    });

    it('a 429 for an exhausted quota is not retried', async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 429, fixture('openai/error-429-quota.json')));
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable], ['rate-limit', false]);
      assert.match(error.message, /quota/);
    });

    it('a 500 is a retryable server error', async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 500, fixture('openai/error-500.json')));
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable, error.status], ['server', true, 500]);
    });

    it('a server that never answers is a retryable timeout', async () => {
      const { provider } = await textProvider(() => {}, { timeoutMs: 200 });
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable], ['timeout', true]);
    });

    it('a server that accepts the request and never starts answering is given up on at the first-byte limit, long before the whole-answer limit', async () => {
      const { provider } = await textProvider(() => {}, { timeoutMs: 30_000, firstByteMs: 300 });
      const started = performance.now();
      const error = await providerError(provider.call(request()));
      const ms = performance.now() - started;
      assert.deepEqual([error.kind, error.retryable], ['timeout', true]);
      assert.match(error.message, /did not start answering/);
      assert.ok(ms < 10_000, `gave up after ${ms.toFixed(0)} ms`);
    });

    it('an answer that starts at once may take longer than the first-byte limit to arrive whole', async () => {
      const body = JSON.stringify(completion(JSON.stringify(validAnswer)));
      const { provider } = await textProvider(
        (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write(body.slice(0, 10));
          setTimeout(() => res.end(body.slice(10)), 700);
        },
        { timeoutMs: 30_000, firstByteMs: 300 },
      );
      assert.deepEqual((await provider.call(request())).content, validAnswer);
    });

    it('a body that is not JSON is malformed and retryable', async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 200, '<html>502 Bad Gateway</html>'));
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable], ['malformed', true]);
      assert.match(error.message, /not JSON/);
    });

    it('JSON without choices is malformed', async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 200, { id: 'x', object: 'chat.completion' }));
      const error = await providerError(provider.call(request()));
      assert.equal(error.kind, 'malformed');
    });

    it("a model's refusal is kind 'refused' and not retried", async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 200, fixture('openai/chat-refusal.json')));
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable], ['refused', false]);
      assert.match(error.message, /cannot assist/);
    });

    it("an answer stopped by the content filter is kind 'refused'", async () => {
      const { provider } = await textProvider((_req, res) => reply(res, 200, completion(null, { finish_reason: 'content_filter' })));
      const error = await providerError(provider.call(request()));
      assert.equal(error.kind, 'refused');
    });

    it('a cancelled call is aborted, not retried', async () => {
      const controller = new AbortController();
      const { provider } = await textProvider(() => controller.abort());
      const error = await providerError(provider.call(request({ signal: controller.signal })));
      assert.deepEqual([error.kind, error.retryable], ['aborted', false]);
    });

    it('a server that is not running is a retryable failure that says so', async () => {
      const { server, provider } = await textProvider(() => {});
      await server.close();
      const error = await providerError(provider.call(request()));
      assert.deepEqual([error.kind, error.retryable], ['server', true]);
      assert.match(error.message, /Could not reach/);
    });
  });

  // Mocha runs a suite's own tests before its nested suites: the scan is a suite of its own, last.
  describe('afterwards', () => {
    it('leaves the key in no file, journal line, log line or error message', () => {
      const scanned = assertNoKeyAnywhere();
      assert.ok(scanned.lines > 0);
    });
  });
});
