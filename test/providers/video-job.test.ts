import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clipPath } from '../../src/core/model/paths';
import { createProviders, replicatePreset, runwayPreset } from '../../src/core/providers';
import type { Provider, VideoRequest } from '../../src/core/providers/types';
import { fillTemplate } from '../../src/core/providers/video-job';
import {
  FAKE_KEY,
  MP4,
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
  type Loopback,
  type Recorded,
} from './support';

const fastPolling = { initialMs: 5, maxMs: 20, factor: 2 };

/** A production folder with a storyboard frame, a character sheet and the previous clip's last frame. */
function production() {
  const dir = outputDir();
  const frame = join(dir, 'media/frames/s01-002.png');
  const sheet = join(dir, 'media/options/characters/mara-a.png');
  const lastFrame = join(dir, 'media/clips/s01-001.last-frame.png');
  const sketch = join(dir, 'media/frames/s01-003.svg');
  for (const path of [frame, sheet, lastFrame, sketch]) mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(frame, PNG);
  writeFileSync(sheet, Buffer.concat([Buffer.from(PNG), Buffer.from('sheet')]));
  writeFileSync(lastFrame, Buffer.concat([Buffer.from(PNG), Buffer.from('last')]));
  writeFileSync(sketch, '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const uri = (path: string) => `data:image/png;base64,${readFileSync(path).toString('base64')}`;
  return { dir, frame, sheet, lastFrame, sketch, uri };
}

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return {
    modality: 'video',
    model: 'runway/gen4_turbo',
    role: 'dop',
    taskId: 'dop:s01-002',
    input: {},
    prompt: 'Slow push in on MARA as she trims the lantern wick; rain streaks the glass.',
    durationSeconds: 4,
    aspect: '16:9',
    ...overrides,
  };
}

/** A Runway look-alike: submit → THROTTLED → RUNNING → SUCCEEDED with the clip on a separate storage host. */
async function runwayServer(cdn: Loopback, options: { failWith?: string; flakyPoll?: boolean } = {}) {
  let polls = 0;
  let flaked = false;
  const server = await loopback((req: Recorded, res) => {
    if (req.method === 'POST' && req.path === '/v1/image_to_video') return reply(res, 200, fixture('runway/submit.json'));
    if (req.method === 'GET' && req.path === '/v1/tasks/497f6eca-6276-4993-bfeb-53cbbbba6f08') {
      if (options.flakyPoll && !flaked) {
        flaked = true;
        return reply(res, 503, { error: 'upstream busy' }, { 'retry-after': '0' });
      }
      polls++;
      if (options.failWith) return reply(res, 200, fixture(options.failWith));
      if (polls === 1) return reply(res, 200, fixture('runway/task-pending.json'));
      if (polls === 2) return reply(res, 200, fixture('runway/task-running.json'));
      return reply(res, 200, fixture('runway/task-succeeded.json', { URL: `${cdn.url}/task-artifacts/clip.mp4?_jwt=abc` }));
    }
    reply(res, 404, { error: 'Not found' });
  });
  return server;
}

function runwayProvider(server: Loopback, secrets: Record<string, string> = { RUNWAYML_API_SECRET: FAKE_KEY }): Provider {
  const providers = createProviders({ secrets: secretsOf(secrets), env: { RUNWAY_BASE_URL: server.url }, logger: captureLogger(), poll: fastPolling });
  return providers.find((p) => p.name === 'video-job:runway') as Provider;
}

const submits = (server: Loopback) => server.requests.filter((r) => r.method === 'POST');

describe('Async video job provider', () => {
  describe('Runway preset', () => {
    it('submits once with the storyboard frame, journals the job id, polls with backoff and downloads the clip', async () => {
      const cdn = await loopback((_req, res) => replyBytes(res, MP4, 'video/mp4'));
      const server = await runwayServer(cdn);
      const provider = runwayProvider(server);
      const film = production();
      const submitted: { jobId: string; requestsSoFar: number }[] = [];

      const result = await provider.call(
        request({ references: [film.sheet, film.frame], onJobSubmitted: (jobId) => submitted.push({ jobId, requestsSoFar: server.requests.length }) }),
      );
      const clip = join(film.dir, clipPath('s01-002', result.video.ext));
      mkdirSync(join(clip, '..'), { recursive: true });
      writeFileSync(clip, result.video.data);
      journal(film.dir, { type: 'task-succeeded', jobId: result.jobId, cost: result.cost, params: result.video.params });

      assert.equal(submits(server).length, 1);
      assert.deepEqual(submitted, [{ jobId: '497f6eca-6276-4993-bfeb-53cbbbba6f08', requestsSoFar: 1 }], 'journaled before the first poll');
      const [submit, ...polls] = server.requests;
      assert.equal(submit.headers.authorization, `Bearer ${FAKE_KEY}`);
      assert.equal(submit.headers['x-runway-version'], '2024-11-06');
      const body = JSON.parse(submit.body) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), Object.keys(fixture('runway/image-to-video-request.json')).sort());
      assert.deepEqual(body, { model: 'gen4_turbo', promptImage: film.uri(film.frame), promptText: request().prompt, ratio: '1280:720', duration: 5 });
      assert.equal(polls.length, 3, 'THROTTLED, RUNNING, SUCCEEDED');
      assert.equal(cdn.requests.length, 1);
      assert.equal(cdn.requests[0].headers.authorization, undefined, 'the key is not sent to the storage host');
      assert.deepEqual(new Uint8Array(readFileSync(clip)), MP4);
      assert.equal(result.video.ext, 'mp4');
      assert.equal(result.jobId, '497f6eca-6276-4993-bfeb-53cbbbba6f08');
      assert.deepEqual(result.usage, { videoSeconds: 5 });
      assert.equal(result.cost, 0.25, 'five seconds at $0.05');
      assert.equal(provider.estimate(request()), 0.25, 'the estimate uses the duration the API will bill');
    });

    it("uses the previous clip's last frame as the first frame of a continuous take", async () => {
      const cdn = await loopback((_req, res) => replyBytes(res, MP4, 'video/mp4'));
      const server = await runwayServer(cdn);
      const film = production();
      await runwayProvider(server).call(request({ references: [film.frame, film.lastFrame] }));
      assert.equal((JSON.parse(server.requests[0].body) as { promptImage: string }).promptImage, film.uri(film.lastFrame));
    });

    it('takes reference kinds from the request over path conventions', async () => {
      const cdn = await loopback((_req, res) => replyBytes(res, MP4, 'video/mp4'));
      const server = await runwayServer(cdn);
      const film = production();
      await runwayProvider(server).call(request({ references: [film.sheet], referenceKinds: ['frame'] }));
      assert.equal((JSON.parse(server.requests[0].body) as { promptImage: string }).promptImage, film.uri(film.sheet));
    });

    it('resumes a killed run by polling the journaled job, never submitting a second time', async () => {
      const cdn = await loopback((_req, res) => replyBytes(res, MP4, 'video/mp4'));
      const server = await runwayServer(cdn);
      const film = production();
      const journalFile = join(film.dir, '.filmcrew/runs/killed.jsonl');
      mkdirSync(join(journalFile, '..'), { recursive: true });

      // First run: the job is submitted and journaled, then the run is killed.
      const kill = new AbortController();
      const first = await providerError(
        runwayProvider(server).call(
          request({
            references: [film.frame],
            signal: kill.signal,
            onJobSubmitted: (jobId) => {
              writeFileSync(journalFile, `${JSON.stringify({ type: 'job-submitted', task: 'dop:s01-002', jobId })}\n`);
              kill.abort();
            },
          }),
        ),
      );
      assert.equal(first.kind, 'aborted');
      assert.equal(submits(server).length, 1);

      // Second run: a new provider instance reads the journal and resumes.
      const { jobId } = JSON.parse(readFileSync(journalFile, 'utf8')) as { jobId: string };
      let resubmitted = false;
      const result = await runwayProvider(server).call(request({ references: [film.frame], resumeJobId: jobId, onJobSubmitted: () => (resubmitted = true) }));

      assert.equal(submits(server).length, 1, 'the server saw exactly one submit');
      assert.equal(resubmitted, false);
      assert.equal(result.jobId, jobId);
      assert.deepEqual(result.video.data, MP4);
    });

    it('keeps polling through a passing 503, since the job is already paid for', async () => {
      const cdn = await loopback((_req, res) => replyBytes(res, MP4, 'video/mp4'));
      const server = await runwayServer(cdn, { flakyPoll: true });
      const film = production();
      const result = await runwayProvider(server).call(request({ references: [film.frame] }));
      assert.equal(result.video.ext, 'mp4');
      assert.equal(submits(server).length, 1);
    });

    it('fails before paying when no reference can be the first frame', async () => {
      const cdn = await loopback(() => {});
      const server = await runwayServer(cdn);
      const film = production();
      const error = await providerError(runwayProvider(server).call(request({ references: [film.sketch] })));
      assert.deepEqual([error.kind, error.retryable], ['bad-request', false]);
      assert.match(error.message, /firstFrame/);
      assert.match(error.message, /Nothing was submitted/);
      assert.equal(server.requests.length, 0);
    });

    it("a task failed by moderation (SAFETY.*) is kind 'refused'", async () => {
      const cdn = await loopback(() => {});
      const server = await runwayServer(cdn, { failWith: 'runway/task-failed-safety.json' });
      const film = production();
      const error = await providerError(runwayProvider(server).call(request({ references: [film.frame] })));
      assert.deepEqual([error.kind, error.retryable], ['refused', false]);
      assert.match(error.message, /SAFETY\.INPUT\.TEXT/);
    });

    it('a rejected key is an auth error naming RUNWAYML_API_SECRET, with the echoed key redacted', async () => {
      const server = await loopback((_req, res) => reply(res, 401, { error: `Invalid API key ${FAKE_KEY}` }));
      const film = production();
      const error = await providerError(runwayProvider(server).call(request({ references: [film.frame] })));
      journal(film.dir, { type: 'task-failed', message: error.message });
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /RUNWAYML_API_SECRET/);
      assert.ok(!error.message.includes(FAKE_KEY));
    });

    it('a missing key fails before anything is sent', async () => {
      const server = await loopback(() => {});
      const error = await providerError(runwayProvider(server, {}).call(request()));
      assert.equal(error.kind, 'auth');
      assert.match(error.message, /RUNWAYML_API_SECRET is not set/);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('Replicate preset', () => {
    async function replicateServer(cdn: Loopback, final = 'replicate/prediction-succeeded.json') {
      let polls = 0;
      return loopback((req, res) => {
        if (req.method === 'POST' && req.path === '/v1/models/minimax/video-01/predictions') return reply(res, 201, fixture('replicate/prediction-starting.json'));
        if (req.method === 'GET' && req.path === '/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu') {
          polls++;
          return reply(res, 200, polls < 2 ? fixture('replicate/prediction-processing.json') : fixture(final, { URL: `${cdn.url}/pbxt/output.mp4` }));
        }
        reply(res, 404, { detail: 'Not found.' });
      });
    }
    const replicateProvider = (server: Loopback, logger = captureLogger()) =>
      createProviders({ secrets: secretsOf({ REPLICATE_API_TOKEN: FAKE_KEY }), env: { REPLICATE_BASE_URL: server.url }, logger, poll: fastPolling }).find(
        (p) => p.name === 'video-job:replicate',
      ) as Provider;

    it("submits a prediction to the model's endpoint with the first frame and the character reference, then downloads the output", async () => {
      const cdn = await loopback((_req, res) => replyBytes(res, MP4, 'video/mp4'));
      const server = await replicateServer(cdn);
      const film = production();
      const logger = captureLogger();
      const provider = replicateProvider(server, logger);
      const model = 'replicate/minimax/video-01';

      assert.equal(provider.estimate(request({ model })), undefined, 'no listed price: a person is asked');
      const result = await provider.call(request({ model, references: [film.sheet, film.frame] }));

      const submit = server.requests[0];
      assert.equal(submit.headers.authorization, `Bearer ${FAKE_KEY}`);
      assert.deepEqual(JSON.parse(submit.body), {
        input: { prompt: request().prompt, first_frame_image: film.uri(film.frame), subject_reference: film.uri(film.sheet), prompt_optimizer: false },
      });
      assert.equal(result.jobId, 'gm3qorzdhgbfurvjtvhg6dckhu');
      assert.deepEqual(result.usage, { videoSeconds: 6 }, 'video-01 makes six-second clips');
      assert.deepEqual(result.video.data, MP4);
      assert.equal(result.cost, 0);
      assert.ok(logger.lines.some((l) => l.startsWith('warn') && l.includes('No price for replicate/minimax/video-01')));
    });

    it('makes a text-to-video prediction when there is no reference at all', async () => {
      const cdn = await loopback((_req, res) => replyBytes(res, MP4, 'video/mp4'));
      const server = await replicateServer(cdn);
      await replicateProvider(server).call(request({ model: 'replicate/minimax/video-01' }));
      assert.deepEqual(JSON.parse(server.requests[0].body), { input: { prompt: request().prompt, prompt_optimizer: false } });
    });

    it("a prediction flagged as sensitive is kind 'refused'", async () => {
      const cdn = await loopback(() => {});
      const server = await replicateServer(cdn, 'replicate/prediction-failed.json');
      const error = await providerError(replicateProvider(server).call(request({ model: 'replicate/minimax/video-01' })));
      assert.deepEqual([error.kind, error.retryable], ['refused', false]);
      assert.match(error.message, /E005/);
    });
  });

  describe('presets are data', () => {
    it('fill templates: whole placeholders keep their type, missing ones drop their key or array element', () => {
      const template = { a: '{{duration}}', b: '{{duration}}s', c: '{{frame}}', images: [{ uri: '{{firstFrame}}', position: 'first' }, { uri: '{{lastFrame}}', position: 'last' }] };
      assert.deepEqual(fillTemplate(template, { duration: 5, firstFrame: 'data:x' }), { a: 5, b: '5s', images: [{ uri: 'data:x', position: 'first' }] });
    });

    it('each built-in preset cites the documentation its wire format was checked against', () => {
      for (const preset of [runwayPreset, replicatePreset]) {
        assert.ok(preset.docs.length > 0 && preset.docs.every((d) => d.startsWith('https://')), preset.name);
      }
    });

    it('a preset of your own becomes a video-job provider; a broken one is refused with the reason', () => {
      const logger = captureLogger();
      const custom = { ...replicatePreset, name: 'my-studio', baseURL: 'https://video.example.com' };
      const broken = { ...replicatePreset, name: 'Broken Name', submit: { ...replicatePreset.submit, path: '/v1/{{modle}}' } };
      const names = createProviders({ secrets: secretsOf({}), env: {}, logger, videoPresets: [custom, broken] }).map((p) => p.name);
      assert.ok(names.includes('video-job:my-studio'));
      assert.ok(!names.some((n) => n.includes('Broken')));
      assert.ok(logger.lines.some((l) => l.includes('unknown placeholder {{modle}}')));
    });
  });

  describe('afterwards', () => {
    it('leaves the key in no clip, journal line, log line or error message', () => {
      assertNoKeyAnywhere();
    });
  });
});
