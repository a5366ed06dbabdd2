import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProviders, Redactor, type CommandSpec } from '../../src/core/providers';
import type { ImageRequest, Provider, TextRequest, VideoRequest } from '../../src/core/providers/types';
import { FAKE_KEY, PNG, MP4, assertNoKeyAnywhere, captureLogger, journal, outputDir, providerError, secretsOf } from './support';

/**
 * A real child program: reads the request from stdin, records what it saw next to itself, and
 * behaves as its first argument says.
 */
const PROGRAM = `
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  const request = JSON.parse(input);
  const mode = process.argv[2];
  writeFileSync(join(__dirname, 'seen-' + mode + '.json'), JSON.stringify({ argv: process.argv.slice(2), request, openaiKey: process.env.OPENAI_API_KEY ?? null }));
  if (mode === 'images') {
    for (let i = 1; i <= request.n; i++) {
      const path = join(request.outputDir, 'option-' + i + '.png');
      writeFileSync(path, Buffer.from(process.argv[3], 'base64'));
      console.log(path);
    }
  } else if (mode === 'text') {
    console.log(JSON.stringify({ title: 'The Last Light', scenes: 3 }));
  } else if (mode === 'video') {
    writeFileSync(join(request.outputDir, 'clip.mp4'), Buffer.from(process.argv[3], 'base64'));
  } else if (mode === 'slow') {
    setTimeout(() => {}, 60000);
  } else if (mode === 'fail') {
    process.stderr.write('ffmpeg: cannot open input; token ' + process.env.STUDIO_API_TOKEN + '\\n');
    process.exit(3);
  }
});
`;

function setup(commands: (script: string, dir: string) => Record<string, CommandSpec>) {
  const dir = outputDir();
  const script = join(dir, 'program.cjs');
  writeFileSync(script, PROGRAM);
  const logger = captureLogger();
  const redactor = new Redactor();
  const providers = createProviders({
    secrets: secretsOf({}),
    env: { ...process.env, OPENAI_API_KEY: FAKE_KEY, STUDIO_API_TOKEN: FAKE_KEY },
    logger,
    redactor,
    commands: commands(script, dir),
  });
  const provider = providers.find((p) => p.name === 'command') as Provider;
  const seen = (mode: string) => JSON.parse(readFileSync(join(dir, `seen-${mode}.json`), 'utf8')) as { argv: string[]; request: Record<string, unknown>; openaiKey: string | null };
  return { dir, provider, seen, logger };
}

const base = { role: 'storyboard-artist', taskId: 'storyboard-artist:s01-001', input: { shot: 's01-001' }, prompt: 'WS of the lighthouse at dusk.' };
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe('Command provider', () => {
  it('runs the program without a shell, gives it the request on stdin and reads the files it prints', async () => {
    const hostile = '$(touch pwned); rm -rf / `id`';
    const { dir, provider, seen } = setup((script) => ({ frames: { argv: [process.execPath, script, 'images', b64(PNG), hostile], modalities: ['image'] } }));
    const request: ImageRequest = { ...base, modality: 'image', model: 'command/frames', n: 2, aspect: '16:9' };

    assert.ok(provider.handles('command/frames'));
    assert.equal(provider.paid, false);
    assert.equal(provider.estimate(request), 0, 'a local program is free unless it says otherwise');
    const result = await provider.call(request);
    journal(dir, { type: 'task-succeeded', model: result.model, images: result.images.length });

    assert.equal(result.images.length, 2);
    assert.deepEqual(result.images[0].data, PNG);
    assert.equal(result.images[0].ext, 'png');
    const { argv, request: received } = seen('images');
    assert.equal(argv[2], hostile, 'the argument arrives verbatim: no shell interpreted it');
    assert.equal(received.taskId, 'storyboard-artist:s01-001');
    assert.equal(received.n, 2);
    assert.deepEqual(received.input, { shot: 's01-001' });
    assert.equal(typeof received.outputDir, 'string');
  });

  it('withholds secret environment variables the command was not given', async () => {
    const { provider, seen } = setup((script) => ({ frames: { argv: [process.execPath, script, 'images', b64(PNG)], modalities: ['image'] } }));
    await provider.call({ ...base, modality: 'image', model: 'command/frames', n: 1 } satisfies ImageRequest);
    assert.equal(seen('images').openaiKey, null);
  });

  it("takes a text program's printed answer and validates it against the schema", async () => {
    const { provider } = setup((script) => ({ writer: { argv: [process.execPath, script, 'text'], modalities: ['text'] } }));
    const schema = { type: 'object', properties: { title: { type: 'string' }, scenes: { type: 'integer' } }, required: ['title', 'scenes'] };
    const request: TextRequest = { ...base, modality: 'text', model: 'command/writer', schema };
    assert.deepEqual((await provider.call(request)).content, { title: 'The Last Light', scenes: 3 });

    const strict = { ...schema, properties: { ...schema.properties, scenes: { type: 'string' } } };
    const error = await providerError(provider.call({ ...request, schema: strict }));
    assert.deepEqual([error.kind, error.retryable], ['malformed', false]);
  });

  it('reads the configured output path when the program prints nothing', async () => {
    const { provider } = setup((script) => ({ render: { argv: [process.execPath, script, 'video', b64(MP4)], modalities: ['video'], output: '{{outputDir}}/clip.mp4' } }));
    const request: VideoRequest = { ...base, modality: 'video', model: 'command/render', durationSeconds: 4 };
    const result = await provider.call(request);
    assert.equal(result.video.ext, 'mp4');
    assert.deepEqual(result.video.data, MP4);
  });

  it('stops a program that runs past its timeout and fails with a retryable timeout', async () => {
    const { provider } = setup((script) => ({ slow: { argv: [process.execPath, script, 'slow'], modalities: ['video'], timeoutMs: 300 } }));
    const error = await providerError(provider.call({ ...base, modality: 'video', model: 'command/slow', durationSeconds: 4 } satisfies VideoRequest));
    assert.deepEqual([error.kind, error.retryable], ['timeout', true]);
    assert.match(error.message, /did not finish within/);
  });

  it("fails a non-zero exit with the program's stderr, the key in it redacted", async () => {
    const { dir, provider } = setup((script) => ({
      ffmpeg: { argv: [process.execPath, script, 'fail'], modalities: ['video'], passEnv: ['STUDIO_API_TOKEN'] },
    }));
    const error = await providerError(provider.call({ ...base, modality: 'video', model: 'command/ffmpeg', durationSeconds: 4 } satisfies VideoRequest));
    journal(dir, { type: 'task-failed', message: error.message });
    assert.deepEqual([error.kind, error.retryable], ['server', false]);
    assert.match(error.message, /exit code 3/);
    assert.match(error.message, /cannot open input/);
    assert.match(error.message, /\[redacted\]/);
  });

  it('says clearly when the program cannot be started', async () => {
    const { provider } = setup(() => ({ missing: { argv: ['/nonexistent/filmcrew-tool'], modalities: ['image'] } }));
    const error = await providerError(provider.call({ ...base, modality: 'image', model: 'command/missing', n: 1 } satisfies ImageRequest));
    assert.equal(error.kind, 'bad-request');
    assert.match(error.message, /Could not start command\/missing/);
  });

  it('a paid command without a listed price has an unknown estimate', async () => {
    const { provider } = setup((script) => ({ cloud: { argv: [process.execPath, script, 'images', b64(PNG)], modalities: ['image'], paid: true } }));
    assert.equal(provider.paid, true);
    assert.equal(provider.estimate({ ...base, modality: 'image', model: 'command/cloud', n: 1 }), undefined);
  });

  it('a command definition without argv is not used, and the log says why', () => {
    const logger = captureLogger();
    const providers = createProviders({ secrets: secretsOf({}), env: {}, logger, commands: { broken: { argv: [], modalities: ['image'] } } });
    assert.ok(!providers.some((p) => p.name === 'command'));
    assert.ok(logger.lines.some((l) => l.includes('commands.broken.argv')));
  });

  describe('afterwards', () => {
    it('leaves the key in no file the program or the tests wrote, no log line and no error message', () => {
      assertNoKeyAnywhere();
    });
  });
});
