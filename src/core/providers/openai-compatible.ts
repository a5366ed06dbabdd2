/**
 * Text and images over the OpenAI HTTP API shape, which OpenAI, Ollama, LM Studio, vLLM and
 * OpenRouter all speak: chat completions with JSON-schema structured output (validated here,
 * one repair turn), and image generations (N options, base64 or URL).
 *
 * Model names: `openai-compatible/<model>` (base URL from OPENAI_BASE_URL, key OPENAI_API_KEY),
 * bare `openai-compatible` (the default model: OPENAI_MODEL / OPENAI_IMAGE_MODEL), `openai/<model>`
 * and OpenAI's own names (`gpt-4.1-mini`, `gpt-image-1`), `openrouter/<vendor>/<model>`
 * (OPENROUTER_API_KEY), and `ollama/<model>` (a separate, free provider: no key, localhost).
 */
import type { Logger } from '../host';
import type { Modality } from '../model/types';
import { checkAnswer, strictCompatible } from './answer';
import { actualCost, estimateCost, expectedUsage } from './costs';
import { defaultKeyAdvice, fail, isLoopback, send, sendJson, type HostedProviderOptions, type Wire } from './http';
import { readReference, sniff, type Reference } from './media';
import { ProviderError } from './types';
import type {
  GeneratedFile,
  ImageRequest,
  ImageResult,
  Provider,
  ProviderRequest,
  ResultFor,
  TextRequest,
  TextResult,
  Usage,
} from './types';

export interface OpenAICompatibleOptions extends HostedProviderOptions {
  /** Per HTTP request; image generation is slow, so the default is generous. */
  timeoutMs?: number;
  /** Until the answer starts (see Wire.firstByteMs). */
  firstByteMs?: number;
  /** Until a TCP connection is made (see Wire.connectMs). */
  connectMs?: number;
  /** Further bare model names to serve through OPENAI_BASE_URL (a vLLM or LM Studio model id). */
  models?: string[];
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_TEXT_MODEL = 'gpt-4.1-mini';
const DEFAULT_IMAGE_MODEL = 'gpt-image-1';
/** OpenAI's own model families, served without a prefix. */
const OPENAI_NAMES = /^(gpt-|o[1-9](-|$)|dall-e-|chatgpt-)/;

interface Endpoint {
  baseURL: string;
  /** The model id sent on the wire. */
  wireModel: string;
  /** The name prices are looked up by. */
  priceModel: string;
  secretName?: string;
  keyRequired: boolean;
  service: string;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function ollamaBaseURL(env: NodeJS.ProcessEnv): string {
  if (env.OLLAMA_BASE_URL) return trimSlash(env.OLLAMA_BASE_URL);
  // OLLAMA_HOST is Ollama's own variable: `host:port` or a URL, without /v1.
  const host = env.OLLAMA_HOST?.trim();
  if (!host) return 'http://localhost:11434/v1';
  const withScheme = /^https?:\/\//.test(host) ? host : `http://${host}`;
  return `${trimSlash(withScheme)}/v1`;
}

function endpointFor(model: string, modality: 'text' | 'image', env: NodeJS.ProcessEnv): Endpoint {
  if (model.startsWith('ollama/')) {
    const baseURL = ollamaBaseURL(env);
    return { baseURL, wireModel: model.slice('ollama/'.length), priceModel: model, keyRequired: false, service: `Ollama at ${baseURL}` };
  }
  if (model.startsWith('openrouter/')) {
    const baseURL = trimSlash(env.OPENROUTER_BASE_URL || 'https://openrouter.ai/api/v1');
    return {
      baseURL,
      wireModel: model.slice('openrouter/'.length),
      priceModel: model,
      secretName: 'OPENROUTER_API_KEY',
      keyRequired: !isLoopback(baseURL),
      service: `OpenRouter at ${baseURL}`,
    };
  }
  const baseURL = trimSlash(env.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL);
  let wireModel = model;
  if (model === 'openai-compatible') {
    wireModel = modality === 'text' ? env.OPENAI_MODEL || DEFAULT_TEXT_MODEL : env.OPENAI_IMAGE_MODEL || DEFAULT_IMAGE_MODEL;
  } else if (model.startsWith('openai-compatible/')) wireModel = model.slice('openai-compatible/'.length);
  else if (model.startsWith('openai/')) wireModel = model.slice('openai/'.length);
  const official = new URL(baseURL).hostname === 'api.openai.com';
  return {
    baseURL,
    wireModel,
    priceModel: model === 'openai-compatible' ? wireModel : model,
    secretName: 'OPENAI_API_KEY',
    // Local servers (Ollama, LM Studio, vLLM without --api-key) need no key; OpenAI itself does.
    keyRequired: official,
    service: official ? 'OpenAI' : `the OpenAI-compatible server at ${baseURL}`,
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The OpenAI-compatible providers: `openai-compatible` (paid unless its base URL is local) and `ollama` (free). */
export function openAICompatibleProviders(options: OpenAICompatibleOptions): Provider[] {
  const { env } = options;
  const extra = new Set(options.models ?? []);
  const generic = makeProvider(options, {
    name: 'openai-compatible',
    paid: !isLoopback(trimSlash(env.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL)),
    handles: (m) =>
      m === 'openai-compatible' ||
      m.startsWith('openai-compatible/') ||
      m.startsWith('openai/') ||
      m.startsWith('openrouter/') ||
      OPENAI_NAMES.test(m) ||
      extra.has(m),
  });
  // Ollama's OpenAI-compatible API has chat completions but no image generations.
  const ollama = makeProvider(options, { name: 'ollama', paid: false, modalities: ['text'], handles: (m) => m.startsWith('ollama/') });
  return [generic, ollama];
}

function makeProvider(
  options: OpenAICompatibleOptions,
  identity: { name: string; paid: boolean; handles: (model: string) => boolean; modalities?: Modality[] },
): Provider {
  const { env, prices, redactor } = options;
  return {
    name: identity.name,
    modalities: identity.modalities ?? ['text', 'image'],
    paid: identity.paid,
    handles: identity.handles,
    estimate(request: ProviderRequest): number | undefined {
      if (request.modality === 'video') return undefined;
      const endpoint = endpointFor(request.model, request.modality, env);
      return priceOf(endpoint, estimateCost(endpoint.priceModel, request, prices));
    },
    async call<R extends ProviderRequest>(request: R): Promise<ResultFor<R>> {
      if (request.modality === 'text') return (await callText(options, request)) as ResultFor<R>;
      if (request.modality === 'image') return (await callImage(options, request)) as ResultFor<R>;
      throw fail({ redactor }, 'bad-request', `${identity.name} makes text and images, not video; route ${request.model} to a video provider.`, false);
    },
  };
}

/** A local server's answers cost nothing; a hosted one's only what the price table says. */
function priceOf(endpoint: Endpoint, usageCost: number | undefined): number | undefined {
  return usageCost ?? (isLoopback(endpoint.baseURL) ? 0 : undefined);
}

async function connect(options: OpenAICompatibleOptions, endpoint: Endpoint, timeoutMs: number): Promise<{ wire: Wire; headers: Headers }> {
  const { redactor, logger } = options;
  const keyAdvice = options.keyAdvice ?? defaultKeyAdvice;
  const key = endpoint.secretName ? (await options.secrets.get(endpoint.secretName))?.trim() || undefined : undefined;
  redactor.add(key);
  const wire: Wire = { service: endpoint.service, redactor, logger, timeoutMs, ...(options.firstByteMs ? { firstByteMs: options.firstByteMs } : {}), ...(options.connectMs ? { connectMs: options.connectMs } : {}), secretName: endpoint.secretName, keySent: !!key, keyAdvice };
  if (!key && endpoint.keyRequired) {
    throw fail(wire, 'auth', `${endpoint.service} needs an API key and ${endpoint.secretName} is not set. ${keyAdvice(endpoint.secretName ?? 'API key')}`, false);
  }
  const headers = new Headers();
  if (key) headers.set('authorization', `Bearer ${key}`);
  return { wire, headers };
}

function settle(options: OpenAICompatibleOptions, model: string, endpoint: Endpoint, usage: Usage): number {
  const { prices, logger } = options;
  const cost = priceOf(endpoint, actualCost(endpoint.priceModel, usage, prices));
  if (cost === undefined) {
    logger.warn(`No price for ${model} in the cost table: this call's spend is not counted. Add it under \`prices:\` in production.md.`);
    return 0;
  }
  return cost;
}

async function chat(wire: Wire, endpoint: Endpoint, headers: Headers, body: Json, usage: Usage, signal?: AbortSignal): Promise<string> {
  const url = `${endpoint.baseURL}/chat/completions`;
  const answer = await sendJson(wire, url, { method: 'POST', headers, json: body }, signal);
  const choice = isObject(answer) && Array.isArray(answer.choices) ? answer.choices[0] : undefined;
  if (!isObject(choice) || !isObject(choice.message)) {
    throw fail(wire, 'malformed', `${wire.service} answered ${url} without choices[0].message.`, true);
  }
  usage.requests = (usage.requests ?? 0) + 1;
  if (isObject(answer) && isObject(answer.usage)) {
    usage.inputTokens = (usage.inputTokens ?? 0) + (Number(answer.usage.prompt_tokens) || 0);
    usage.outputTokens = (usage.outputTokens ?? 0) + (Number(answer.usage.completion_tokens) || 0);
  } else {
    // A server that reports no usage is charged what the request was expected to use, never nothing.
    const expected = expectedUsage({ modality: 'text', prompt: JSON.stringify(body.messages), model: '', role: '', taskId: '' } as TextRequest);
    usage.inputTokens = (usage.inputTokens ?? 0) + (expected.inputTokens ?? 0);
    usage.outputTokens = (usage.outputTokens ?? 0) + (expected.outputTokens ?? 0);
  }
  const message = choice.message;
  if (typeof message.refusal === 'string' && message.refusal.trim()) {
    throw fail(wire, 'refused', `${wire.service} (${endpoint.wireModel}) refused: ${message.refusal.trim()}`, false);
  }
  if (choice.finish_reason === 'content_filter') {
    throw fail(wire, 'refused', `${wire.service} (${endpoint.wireModel}) stopped the answer with its content filter; rewrite the prompt.`, false);
  }
  const content = message.content;
  if (typeof content === 'string') return content;
  // Some servers send content as parts: [{ type: 'text', text }].
  if (Array.isArray(content)) return content.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
  throw fail(wire, 'malformed', `${wire.service} answered with no message content (finish_reason ${String(choice.finish_reason)}).`, true);
}

async function callText(options: OpenAICompatibleOptions, request: TextRequest): Promise<TextResult> {
  const { env } = options;
  const endpoint = endpointFor(request.model, 'text', env);
  const { wire, headers } = await connect(options, endpoint, options.timeoutMs ?? 180_000);
  const schema = request.schema;
  const messages: ChatMessage[] = [
    { role: 'system', content: systemPrompt(request) },
    { role: 'user', content: request.prompt },
  ];
  const body: Json = { model: endpoint.wireModel, messages };
  if (schema) {
    const objectRoot = isObject(schema) && schema.type === 'object';
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: schemaName(request), schema, strict: objectRoot && strictCompatible(schema) },
    };
  }
  const usage: Usage = {};
  try {
    return await answerText(options, request, wire, endpoint, headers, body, messages, usage);
  } catch (e) {
    // Answered requests are paid for even when the answer is unusable: charged, and counted.
    if (e instanceof ProviderError && usage.requests) {
      e.spent = settle(options, request.model, endpoint, usage);
      e.requests = usage.requests;
    }
    throw e;
  }
}

async function answerText(options: OpenAICompatibleOptions, request: TextRequest, wire: Wire, endpoint: Endpoint, headers: Headers, body: Json, messages: ChatMessage[], usage: Usage): Promise<TextResult> {
  const { redactor, logger } = options;
  const schema = request.schema;
  let text = await chat(wire, endpoint, headers, body, usage, request.signal);
  if (!schema) return { modality: 'text', content: { text }, usage, cost: settle(options, request.model, endpoint, usage), model: request.model };

  let checked = checkAnswer(text, schema);
  if (!checked.ok) {
    // One repair turn: the model sees its own answer and what is wrong with it.
    logger.info(redactor.redact(`${request.taskId}: ${request.model} answered invalid JSON (${checked.reason}); asking once for a repair.`));
    messages.push({ role: 'assistant', content: text }, { role: 'user', content: repairPrompt(checked.reason) });
    text = await chat(wire, endpoint, headers, body, usage, request.signal);
    checked = checkAnswer(text, schema);
    if (!checked.ok) {
      throw fail(wire, 'malformed', `${request.model} did not give valid JSON for ${request.schemaId ?? 'the schema'} after one repair: ${checked.reason}.`, false);
    }
  }
  return { modality: 'text', content: checked.value, usage, cost: settle(options, request.model, endpoint, usage), model: request.model };
}

async function callImage(options: OpenAICompatibleOptions, request: ImageRequest): Promise<ImageResult> {
  const { env, logger } = options;
  const endpoint = endpointFor(request.model, 'image', env);
  const { wire, headers } = await connect(options, endpoint, options.timeoutMs ?? 300_000);
  const size = sizeFor(endpoint.wireModel, request.aspect);
  const gptImage = endpoint.wireModel.startsWith('gpt-image');
  const references = await rasterReferences(request.references ?? [], logger);
  // DALL·E 3 makes one image per request; the others take `n`.
  const perRequest = endpoint.wireModel.startsWith('dall-e-3') ? 1 : request.n;
  const images: GeneratedFile[] = [];
  while (images.length < request.n) {
    const n = Math.min(perRequest, request.n - images.length);
    const params: Json = { model: endpoint.wireModel, prompt: request.prompt, n, size };
    // gpt-image models always answer base64 and reject `response_format`; the others default to URLs.
    if (!gptImage) params.response_format = 'b64_json';
    const answer =
      references.length > 0 && gptImage
        ? await sendEdit(wire, endpoint, headers, params, references, request.signal)
        : await sendJson(wire, `${endpoint.baseURL}/images/generations`, { method: 'POST', headers, json: params }, request.signal);
    const data = isObject(answer) && Array.isArray(answer.data) ? answer.data : undefined;
    if (!data || data.length === 0) throw fail(wire, 'malformed', `${wire.service} answered an image request without data[].`, true);
    for (const item of data) {
      if (images.length >= request.n) break;
      images.push(await imageFrom(wire, endpoint, headers, item, { size, references: references.map((r) => r.path) }, request.signal));
    }
  }
  const usage: Usage = { images: images.length };
  return { modality: 'image', images, usage, cost: settle(options, request.model, endpoint, usage), model: request.model };
}

function systemPrompt(request: TextRequest): string {
  const lines = [`You are the ${request.role} of a film crew, doing task ${request.taskId}.`];
  if (request.schema) {
    // Local models that ignore response_format still follow the schema when they can read it.
    lines.push('Answer with one JSON value and nothing else: no prose, no markdown fence.');
    lines.push(`It must satisfy this JSON Schema: ${JSON.stringify(request.schema)}`);
  }
  return lines.join('\n');
}

function repairPrompt(reason: string): string {
  return `That answer cannot be used: ${reason}. Reply again with only the corrected JSON value that satisfies the schema.`;
}

/** `response_format.json_schema.name` allows [a-zA-Z0-9_-], 64 characters. */
function schemaName(request: TextRequest): string {
  const raw = (request.schemaId ?? 'answer').replace(/\.schema\.json$|\.json$/, '');
  return raw.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 64) || 'answer';
}

function orientation(aspect: string | undefined): 'landscape' | 'portrait' | 'square' {
  const m = /^(\d+(?:\.\d+)?)[:x/](\d+(?:\.\d+)?)$/.exec(aspect ?? '');
  if (!m) return 'square';
  const ratio = Number(m[1]) / Number(m[2]);
  return ratio > 1.1 ? 'landscape' : ratio < 0.9 ? 'portrait' : 'square';
}

/** The nearest size each model family accepts (OpenAI images API reference). */
function sizeFor(model: string, aspect: string | undefined): string {
  const o = orientation(aspect);
  if (model.startsWith('dall-e-2')) return '1024x1024';
  if (model.startsWith('dall-e-3')) return o === 'landscape' ? '1792x1024' : o === 'portrait' ? '1024x1792' : '1024x1024';
  return o === 'landscape' ? '1536x1024' : o === 'portrait' ? '1024x1536' : '1024x1024';
}

async function rasterReferences(paths: string[], logger: Logger): Promise<Reference[]> {
  const found: Reference[] = [];
  for (const path of paths) {
    const reference = await readReference(path);
    if (reference) found.push(reference);
    else logger.info(`Reference ${path} is not a PNG, JPEG or WebP image; it is described in the prompt only.`);
  }
  return found;
}

/** gpt-image edits: the same request as multipart with the reference images attached. */
async function sendEdit(wire: Wire, endpoint: Endpoint, headers: Headers, params: Json, references: Reference[], signal?: AbortSignal): Promise<unknown> {
  const form = new FormData();
  for (const [key, value] of Object.entries(params)) form.set(key, String(value));
  references.forEach((r, i) => form.append('image[]', new Blob([Buffer.from(r.bytes)], { type: r.mime }), `reference-${i + 1}.${r.mime.split('/')[1]}`));
  const url = `${endpoint.baseURL}/images/edits`;
  const sent = await send(wire, url, { method: 'POST', headers, body: form }, signal);
  try {
    return JSON.parse(new TextDecoder().decode(sent.bytes));
  } catch {
    throw fail(wire, 'malformed', `${wire.service} answered ${url} with a body that is not JSON.`, true);
  }
}

async function imageFrom(
  wire: Wire,
  endpoint: Endpoint,
  headers: Headers,
  item: unknown,
  params: Json,
  signal?: AbortSignal,
): Promise<GeneratedFile> {
  if (!isObject(item)) throw fail(wire, 'malformed', `${wire.service} answered an image entry that is not an object.`, true);
  let bytes: Uint8Array;
  if (typeof item.b64_json === 'string') bytes = new Uint8Array(Buffer.from(item.b64_json, 'base64'));
  else if (typeof item.url === 'string') {
    const url = new URL(item.url, endpoint.baseURL);
    // Image URLs are usually pre-signed storage links: the API key goes only to the API's own origin.
    const sameOrigin = url.origin === new URL(endpoint.baseURL).origin;
    bytes = (await send(wire, url.href, { headers: sameOrigin ? headers : undefined }, signal)).bytes;
  } else throw fail(wire, 'malformed', `${wire.service} answered an image entry with neither b64_json nor url.`, true);
  const type = sniff(bytes);
  if (!type || !type.mime.startsWith('image/')) throw fail(wire, 'malformed', `${wire.service} returned ${bytes.length} bytes that are not a PNG, JPEG, WebP or GIF image.`, true);
  const recorded: Json = { model: endpoint.wireModel, ...params };
  if (typeof item.revised_prompt === 'string') recorded.revised_prompt = item.revised_prompt;
  const seed = typeof item.seed === 'number' ? item.seed : undefined;
  return { ext: type.ext, mime: type.mime, data: bytes, seed, params: recorded };
}
