/**
 * The asynchronous video job: submit once, poll with backoff, download. Driven by a preset
 * (video-presets.ts). The job id goes to `onJobSubmitted` the moment the service returns it, so
 * the engine journals it before anything else can fail; a resumed task passes it back as
 * `resumeJobId` and is polled, never submitted again — a crash never pays twice.
 */
import { basename } from 'node:path';
import type { Logger } from '../host';
import { actualCost, estimateCost } from './costs';
import { defaultKeyAdvice, excerpt, fail, send, sendJson, type HostedProviderOptions, type Wire } from './http';
import { dataUri, readReference, sniff } from './media';
import type { Redactor } from './redact';
import { ProviderError, type Provider, type ProviderRequest, type ResultFor, type VideoRequest, type VideoResult } from './types';
import type { JsonTemplate, VideoPreset } from './video-presets';

export interface PollPolicy {
  /** First wait between status checks; grows by `factor` up to `maxMs`. */
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Give up polling after this long (the job may still finish: resuming the run polls it again). */
  timeoutMs: number;
  /** Consecutive transient poll failures (5xx, 429, network) tolerated before giving up. */
  maxTransientFailures: number;
}

export const defaultPollPolicy: PollPolicy = { initialMs: 2000, maxMs: 30_000, factor: 1.5, timeoutMs: 30 * 60_000, maxTransientFailures: 6 };

export interface VideoJobOptions extends HostedProviderOptions {
  /** Per HTTP request (submit, each poll, download). */
  timeoutMs?: number;
  /** Until a TCP connection is made (see Wire.connectMs). */
  connectMs?: number;
  poll?: Partial<PollPolicy>;
}

type Json = Record<string, unknown>;
type Values = Partial<Record<string, string | number>>;

/** One preset's service, as every step of a job sees it. */
interface Service {
  preset: VideoPreset;
  options: VideoJobOptions;
  poll: PollPolicy;
  prefix: string;
  baseURL: string;
  /** `runway (https://…)`: how messages name it. */
  service: string;
  redactor: Redactor;
  logger: Logger;
  prices: VideoJobOptions['prices'];
}

/** The video-job provider for one preset: registry name `video-job:<preset>`, models `<preset>/<model>`. */
export function videoJobProvider(preset: VideoPreset, options: VideoJobOptions): Provider {
  const { redactor, prices } = options;
  const baseURL = ((preset.baseURLEnv && options.env[preset.baseURLEnv]) || preset.baseURL).replace(/\/+$/, '');
  const job: Service = {
    preset,
    options,
    poll: { ...defaultPollPolicy, ...options.poll },
    prefix: `${preset.name}/`,
    baseURL,
    service: `${preset.name} (${baseURL})`,
    redactor,
    logger: options.logger,
    prices,
  };
  const prefix = job.prefix;
  return {
    name: `video-job:${preset.name}`,
    modalities: ['video'],
    paid: true,
    handles: (model) => model.startsWith(prefix) && model.length > prefix.length,
    estimate(request: ProviderRequest): number | undefined {
      if (request.modality !== 'video') return undefined;
      return estimateCost(request.model, { ...request, durationSeconds: duration(preset, request) }, prices);
    },
    async call<R extends ProviderRequest>(request: R): Promise<ResultFor<R>> {
      if (request.modality !== 'video') {
        throw fail({ redactor }, 'bad-request', `video-job:${preset.name} makes video only; route ${request.model}'s ${request.modality} elsewhere.`, false);
      }
      return (await callJob(job, request)) as ResultFor<R>;
    },
  };

}

async function connect(job: Service): Promise<{ wire: Wire; headers: Headers }> {
  const { preset, options, service, redactor, logger } = job;
  const keyAdvice = options.keyAdvice ?? defaultKeyAdvice;
  const key = (await options.secrets.get(preset.secretName))?.trim() || undefined;
  redactor.add(key);
  const wire: Wire = { service, redactor, logger, timeoutMs: options.timeoutMs ?? 120_000, ...(options.connectMs ? { connectMs: options.connectMs } : {}), secretName: preset.secretName, keySent: !!key, keyAdvice };
  if (!key) throw fail(wire, 'auth', `${service} needs an API key and ${preset.secretName} is not set. ${keyAdvice(preset.secretName)}`, false);
  const headers = new Headers(preset.headers);
  headers.set(preset.auth.header, preset.auth.value.replace('{{key}}', key));
  return { wire, headers };
}

/** The nearest duration the service makes at or above the request's (its longest when none is). */
function duration(preset: VideoPreset, request: VideoRequest): number {
  const allowed = [...(preset.durations ?? [])].sort((a, b) => a - b);
  if (allowed.length === 0) return request.durationSeconds;
  return allowed.find((d) => d >= request.durationSeconds) ?? allowed[allowed.length - 1];
}

/** Submits the job (or resumes it), polls it until done and downloads the clip. */
async function callJob(job: Service, request: VideoRequest): Promise<VideoResult> {
  const { preset, prefix, baseURL, service, logger, prices } = job;
  const model = request.model.slice(prefix.length);
  const seconds = duration(job.preset, request);
  const { wire, headers } = await connect(job);
  let jobId = request.resumeJobId;
  const values: Values = { model, jobId };
  const sent: Json = { model, duration: seconds };
  if (jobId) {
    logger.info(`${request.taskId}: resuming ${preset.name} job ${jobId} (already submitted; not submitting again).`);
  } else {
    Object.assign(values, await submitValues(job, request, seconds, logger));
    for (const required of preset.requires ?? []) {
      if (values[required] === undefined) {
        throw fail(wire, 'bad-request', `${service} needs a ${required} for ${request.model}, and the request has none it can send (PNG, JPEG or WebP; SVG sketches cannot be sent). Nothing was submitted.`, false);
      }
    }
    const body = fillTemplate(preset.submit.body, values);
    Object.assign(sent, { ratio: values.ratio, references: referencePaths(request) });
    const answer = await sendJson(wire, urlFor(baseURL, preset.submit.path, values), { method: preset.submit.method, headers, json: body }, request.signal);
    const id = valueAt(answer, preset.jobIdPath);
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw fail(wire, 'malformed', `${service} accepted the job but its answer has no ${preset.jobIdPath}: ${excerpt(JSON.stringify(answer))}`, false);
    }
    jobId = String(id);
    values.jobId = jobId;
    request.onJobSubmitted?.(jobId);
    logger.info(`${request.taskId}: submitted ${preset.name} job ${jobId}.`);
  }

  const final = await pollUntilDone(job, wire, headers, jobId, values, request);
  const url = firstString(valueAt(final, preset.resultUrlPath));
  if (!url) throw fail(wire, 'malformed', `${service} job ${jobId} finished without a video URL at ${preset.resultUrlPath}.`, false);
  const video = await download(job, wire, headers, url, request.signal);
  const usage = { videoSeconds: seconds };
  let cost = actualCost(request.model, usage, prices);
  if (cost === undefined) {
    logger.warn(`No price for ${request.model} in the cost table: this clip's spend is not counted. Add it under \`prices:\` in production.md.`);
    cost = 0;
  }
  return {
    modality: 'video',
    video: { ...video, params: { ...sent, jobId, preset: preset.name } },
    jobId,
    usage,
    cost,
    model: request.model,
  };
}

async function pollUntilDone(job: Service, wire: Wire, headers: Headers, jobId: string, values: Values, request: VideoRequest): Promise<unknown> {
  const { preset, poll, baseURL, service, logger } = job;
  const url = urlFor(baseURL, preset.status.path, values);
  const deadline = Date.now() + poll.timeoutMs;
  let wait = poll.initialMs;
  let transient = 0;
  // The first check is immediate: a resumed job may have finished while no one was watching.
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await sleep(wait, request.signal, wire);
    let status: unknown;
    try {
      status = await sendJson(wire, url, { method: 'GET', headers }, request.signal);
      transient = 0;
    } catch (error) {
      // The job is paid for: a passing 5xx, 429 or network failure while polling must not abandon it.
      if (error instanceof ProviderError && error.retryable && ++transient <= poll.maxTransientFailures) {
        wait = Math.min(Math.max(wait, error.retryAfterMs ?? 0), Math.max(poll.maxMs, error.retryAfterMs ?? 0));
        logger.debug(`${request.taskId}: polling job ${jobId} failed (${error.message}); trying again.`);
        continue;
      }
      if (error instanceof ProviderError) {
        throw new ProviderError(error.kind, `${error.message} (job ${jobId} was submitted; resuming the run polls it again)`, false, error.retryAfterMs, error.status);
      }
      throw error;
    }
    const state = String(valueAt(status, preset.status.field) ?? '');
    if (preset.status.done.includes(state)) return status;
    if (preset.status.failed.includes(state)) throw jobFailure(job, wire, jobId, state, status);
    if (Date.now() + wait > deadline) {
      throw fail(wire, 'timeout', `${service} job ${jobId} is still ${state || 'pending'} after ${Math.round(poll.timeoutMs / 60_000)} min. It may still finish: resume the run to poll it again (it will not be submitted twice).`, false);
    }
    wait = attempt === 0 ? wait : Math.min(wait * poll.factor, poll.maxMs);
  }
}

function jobFailure(job: Service, wire: Wire, jobId: string, state: string, status: unknown): ProviderError {
  const { preset, service } = job;
  const message = preset.status.errorPath ? valueAt(status, preset.status.errorPath) : undefined;
  const code = preset.status.errorCodePath ? valueAt(status, preset.status.errorCodePath) : undefined;
  const detail = [code, message].filter((v) => typeof v === 'string' && v).join(': ');
  const said = detail ? ` It said: ${excerpt(detail)}` : '';
  if (preset.refusedPattern && new RegExp(preset.refusedPattern, 'i').test(detail)) {
    return fail(wire, 'refused', `${service} refused job ${jobId} under its content policy; rewrite the prompt or references.${said}`, false);
  }
  // A failed generation is usually transient on the service's side; a retry submits a new job.
  return fail(wire, 'server', `${service} job ${jobId} ended ${state}.${said}`, true);
}

async function download(job: Service, wire: Wire, headers: Headers, url: string, signal?: AbortSignal) {
  const { baseURL, service } = job;
  const target = new URL(url, baseURL);
  // Result URLs are pre-signed storage links: the key goes to the API's own origin only.
  const sameOrigin = target.origin === new URL(baseURL).origin;
  const { bytes } = await send(wire, target.href, { headers: sameOrigin ? headers : undefined }, signal);
  const type = sniff(bytes);
  const fromName = /\.(mp4|webm|mov)$/i.exec(target.pathname)?.[1]?.toLowerCase();
  if (type?.mime.startsWith('video/')) return { ext: type.ext, mime: type.mime, data: bytes };
  if (!type && fromName) return { ext: fromName, mime: `video/${fromName === 'mov' ? 'quicktime' : fromName}`, data: bytes };
  throw fail(wire, 'malformed', `${service} returned ${bytes.length} bytes at the result URL that are not a video.`, true);
}

async function submitValues(job: Service, request: VideoRequest, seconds: number, log: Logger): Promise<Values> {
  const { preset } = job;
  const refs = await classifyReferences(request, log);
  const aspect = request.aspect;
  let prompt = request.prompt;
  if (preset.promptMaxChars && prompt.length > preset.promptMaxChars) {
    const cut = prompt.slice(0, preset.promptMaxChars);
    prompt = cut.slice(0, Math.max(cut.lastIndexOf(' '), preset.promptMaxChars - 40)).trimEnd();
    log.warn(`${request.taskId}: prompt cut to ${prompt.length} characters, the most ${preset.name} takes.`);
  }
  return {
    prompt,
    duration: seconds,
    aspect,
    ratio: (aspect && preset.ratios?.[aspect]) || aspect,
    frame: refs.frame,
    lastFrame: refs.lastFrame,
    firstFrame: refs.lastFrame ?? refs.frame,
    character: refs.character,
  };
}

function referencePaths(request: VideoRequest): string[] {
  return request.references ?? [];
}

type ReferenceKind = NonNullable<VideoRequest['referenceKinds']>[number];

/** What a reference is: said by the request, else read from the production's path conventions. */
export function referenceKind(path: string, declared?: ReferenceKind): ReferenceKind {
  if (declared) return declared;
  const p = path.replace(/\\/g, '/');
  if (/last[-_]?frame/i.test(basename(p))) return 'last-frame';
  if (/(^|\/)media\/frames\//.test(p)) return 'frame';
  if (/(^|\/)media\/options\/(characters|costumes)\//.test(p)) return 'character';
  return 'other';
}

async function classifyReferences(request: VideoRequest, logger: Logger): Promise<{ frame?: string; lastFrame?: string; character?: string }> {
  const found: { frame?: string; lastFrame?: string; character?: string } = {};
  const refs = request.references ?? [];
  for (let i = 0; i < refs.length; i++) {
    const kind = referenceKind(refs[i], request.referenceKinds?.[i]);
    const slot = kind === 'frame' ? 'frame' : kind === 'last-frame' ? 'lastFrame' : kind === 'character' ? 'character' : undefined;
    if (!slot || found[slot]) continue;
    const reference = await readReference(refs[i]);
    if (!reference) {
      logger.info(`${request.taskId}: reference ${refs[i]} is not a PNG, JPEG or WebP image and is not sent.`);
      continue;
    }
    found[slot] = dataUri(reference);
  }
  return found;
}

const MISSING = Symbol('missing');

/** Fills a JSON template (rules in video-presets.ts). */
export function fillTemplate(template: JsonTemplate, values: Values): unknown {
  const out = fill(template, values, false);
  return out === MISSING ? {} : out;
}

function fill(template: JsonTemplate, values: Values, inArray: boolean): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(template);
    if (whole) return values[whole[1]] ?? MISSING;
    let missing = false;
    const text = template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const value = values[name];
      if (value === undefined) missing = true;
      return value === undefined ? '' : String(value);
    });
    return missing ? MISSING : text;
  }
  if (Array.isArray(template)) {
    const items = template.map((t) => fill(t, values, true)).filter((v) => v !== MISSING);
    return items.length > 0 || template.length === 0 ? items : MISSING;
  }
  if (template && typeof template === 'object') {
    const out: Json = {};
    for (const [key, t] of Object.entries(template)) {
      const value = fill(t, values, false);
      // In an array, an object is one reference (`{ uri, position }`): incomplete means absent.
      if (value === MISSING && inArray) return MISSING;
      if (value !== MISSING) out[key] = value;
    }
    return out;
  }
  return template;
}

/** A preset path under the base URL (or a full URL of its own), placeholders filled. */
function urlFor(baseURL: string, pathTemplate: string, values: Values): string {
  const path = pathTemplate.replace(/\{\{(\w+)\}\}/g, (_m, name: string) =>
    // A model may be `owner/name`: keep its slashes, encode the rest.
    String(values[name] ?? '').split('/').map(encodeURIComponent).join('/'),
  );
  return /^https?:\/\//.test(path) ? path : `${baseURL}${path}`;
}

/** The value at a dotted path (`output.0`, `urls.get`). */
export function valueAt(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.find((v): v is string => typeof v === 'string');
  return undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined, wire: Wire): Promise<void> {
  return new Promise((resolve, reject) => {
    const aborted = () => reject(fail(wire, 'aborted', `Waiting for ${wire.service} was cancelled; the job keeps its id for a resumed run.`, false));
    if (signal?.aborted) return aborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      aborted();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
