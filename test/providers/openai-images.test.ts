import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { optionImagePath } from '../../src/core/model/paths';
import { createProviders } from '../../src/core/providers';
import type { ImageRequest, Provider } from '../../src/core/providers/types';
import {
  FAKE_KEY,
  PNG,
  assertNoKeyAnywhere,
  captureLogger,
  fixture,
  journal,
  loopback,
  outputDir,
  providerError,
  reply,
  replyBytes,
  secretsOf,
  type Route,
} from './support';

function request(overrides: Partial<ImageRequest> = {}): ImageRequest {
  return {
    modality: 'image',
    model: 'gpt-image-1',
    role: 'casting',
    taskId: 'casting:mara',
    input: {},
    prompt: 'Character sheet: MARA, a lighthouse keeper in her sixties, oilskin coat, amber lantern light.',
    n: 4,
    aspect: '16:9',
    ...overrides,
  };
}

const b64Images = (n: number) => ({ ...fixture('openai/images-b64.json'), data: Array.from({ length: n }, () => ({ b64_json: Buffer.from(PNG).toString('base64') })) });

async function imageProvider(route: Route): Promise<{ provider: Provider; requests: { path: string; body: string; headers: Record<string, unknown> }[]; url: string }> {
  const server = await loopback(route);
  const providers = createProviders({ secrets: secretsOf({ OPENAI_API_KEY: FAKE_KEY }), env: { OPENAI_BASE_URL: `${server.url}/v1` }, logger: captureLogger() });
  return { provider: providers[0], requests: server.requests, url: server.url };
}

/** Saves each image as the engine would: media/options/<folder>/<asset>-<option>.<ext>. */
function save(dir: string, images: { ext: string; data: Uint8Array | string }[]): string[] {
  return images.map((image, i) => {
    const path = join(dir, optionImagePath('characters', 'mara', String.fromCharCode(97 + i), image.ext));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, image.data);
    return path;
  });
}

describe('OpenAI-compatible image provider', () => {
  it('generates N options in one request and returns their bytes with model and parameters', async () => {
    const { provider, requests } = await imageProvider((req, res) => reply(res, 200, b64Images((JSON.parse(req.body) as { n: number }).n)));
    const result = await provider.call(request());
    const dir = outputDir();
    const saved = save(dir, result.images);
    journal(dir, { type: 'task-succeeded', model: result.model, cost: result.cost, images: result.images.map((i) => i.params) });

    assert.equal(requests.length, 1);
    assert.equal(requests[0].path, '/v1/images/generations');
    const sent = JSON.parse(requests[0].body) as Record<string, unknown>;
    assert.deepEqual(sent, { model: 'gpt-image-1', prompt: request().prompt, n: 4, size: '1536x1024' }, 'gpt-image takes no response_format');
    assert.equal(result.images.length, 4);
    for (const path of saved) assert.deepEqual(new Uint8Array(readFileSync(path)), PNG);
    assert.ok(saved[0].endsWith('media/options/characters/mara-a.png'));
    assert.deepEqual(result.images[0].params, { model: 'gpt-image-1', size: '1536x1024', references: [] });
    assert.equal(result.images[0].mime, 'image/png');
    assert.deepEqual(result.usage, { images: 4 });
    assert.equal(result.cost, 0.168); // 4 × $0.042
  });

  it('asks DALL·E 3 for one image per request and downloads URLs without sending the key to another origin', async () => {
    const cdn = await loopback((_req, res) => replyBytes(res, PNG, 'image/png'));
    const { provider, requests } = await imageProvider((_req, res) => reply(res, 200, fixture('openai/images-url.json', { URL: `${cdn.url}/img/abc.png?sig=1` })));
    const result = await provider.call(request({ model: 'dall-e-3', n: 2, aspect: '9:16' }));

    assert.equal(requests.length, 2);
    for (const r of requests) {
      const sent = JSON.parse(r.body) as Record<string, unknown>;
      assert.deepEqual([sent.n, sent.size, sent.response_format], [1, '1024x1792', 'b64_json']);
    }
    assert.equal(cdn.requests.length, 2);
    for (const r of cdn.requests) assert.equal(r.headers.authorization, undefined, 'the key stays with the API');
    assert.equal(result.images.length, 2);
    assert.match(String(result.images[0].params?.revised_prompt), /lighthouse keeper/);
  });

  it('sends raster reference images to /images/edits as multipart for gpt-image models, leaving SVG sketches out', async () => {
    const dir = outputDir();
    const sheet = join(dir, 'media/options/characters/mara-a.png');
    const sketch = join(dir, 'media/frames/s01-001.svg');
    mkdirSync(join(sheet, '..'), { recursive: true });
    mkdirSync(join(sketch, '..'), { recursive: true });
    writeFileSync(sheet, PNG);
    writeFileSync(sketch, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const { provider, requests } = await imageProvider((_req, res) => reply(res, 200, b64Images(1)));
    const result = await provider.call(request({ n: 1, references: [sheet, sketch] }));

    assert.equal(requests[0].path, '/v1/images/edits');
    assert.match(String(requests[0].headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.match(requests[0].body, /name="image\[\]"; filename="reference-1\.png"/);
    assert.match(requests[0].body, /name="prompt"/);
    assert.ok(!requests[0].body.includes('<svg'), 'an SVG is not sent');
    assert.deepEqual(result.images[0].params?.references, [sheet]);
  });

  it("a prompt refused by the image safety system is kind 'refused', not retried", async () => {
    const { provider } = await imageProvider((_req, res) => reply(res, 400, fixture('openai/image-content-policy.json')));
    const error = await providerError(provider.call(request()));
    assert.deepEqual([error.kind, error.retryable, error.status], ['refused', false, 400]);
    assert.match(error.message, /content policy/);
  });

  it('an answer without image data is malformed', async () => {
    const { provider } = await imageProvider((_req, res) => reply(res, 200, { created: 1, data: [] }));
    const error = await providerError(provider.call(request()));
    assert.equal(error.kind, 'malformed');
  });

  it('bytes that are not an image are malformed', async () => {
    const { provider } = await imageProvider((_req, res) => reply(res, 200, { created: 1, data: [{ b64_json: Buffer.from('not an image').toString('base64') }] }));
    const error = await providerError(provider.call(request({ n: 1 })));
    assert.equal(error.kind, 'malformed');
  });

  describe('afterwards', () => {
    it('leaves the key in no saved image, journal line, log line or error message', () => {
      const scanned = assertNoKeyAnywhere();
      assert.ok(scanned.files >= 5, 'the saved options and the journal were scanned');
    });
  });
});
