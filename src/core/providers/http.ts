/**
 * The HTTP edge shared by every hosted provider: one request under the caller's abort signal
 * and a time limit, every failure classified as a ProviderError for the engine's retry policy,
 * every message redacted.
 */
import { connect as connectTcp } from 'node:net';
import type { Logger, Secrets } from '../host';
import type { PriceTable } from './costs';
import { ProviderError } from './types';
import type { Redactor } from './redact';

/** What a request needs to fail well: whom it talks to and how to tell a person to fix a key. */
/** What every hosted provider is built with: where keys, settings and prices come from, and how to log. */
export interface HostedProviderOptions {
  secrets: Secrets;
  env: NodeJS.ProcessEnv;
  prices: PriceTable;
  redactor: Redactor;
  logger: Logger;
  /** How to tell a person where to set a missing or wrong key. */
  keyAdvice?: (secretName: string) => string;
}

export interface Wire {
  /** Human name of the service in messages: `the OpenAI-compatible server at https://…`. */
  service: string;
  redactor: Redactor;
  logger: Logger;
  /** The whole answer, body included. */
  timeoutMs: number;
  /**
   * Until the answer starts (status and headers): far shorter than `timeoutMs`, so a server that
   * hangs is given up on in a minute, not after the whole-answer limit (DEFAULT_FIRST_BYTE_MS).
   */
  firstByteMs?: number;
  /** Until a TCP connection to the server is made: shorter still (DEFAULT_CONNECT_MS). */
  connectMs?: number;
  /** The secret that authenticates this service, when it has one (`OPENAI_API_KEY`). */
  secretName?: string;
  /** Whether a key was sent: a 401 without one says "no key is set", with one "the key was rejected". */
  keySent?: boolean;
  /** Sentence telling a person where to set `secretName` (CLI environment, VS Code command). */
  keyAdvice: (secretName: string) => string;
}

/** How long a request may wait for the first byte of its answer, unless the provider says otherwise. */
export const DEFAULT_FIRST_BYTE_MS = 60_000;

/** How long connecting to a server may take, unless the provider says otherwise. */
export const DEFAULT_CONNECT_MS = 5_000;

/** How long a server that was reached counts as reachable (no new connect check before a request). */
const REACHED_FOR_MS = 60_000;

/** `host:port` → when a connect check last succeeded. */
const reached = new Map<string, number>();

/**
 * Fails when no TCP connection to the URL's server is made within `connectMs`. Node's fetch has
 * no connect limit of its own to set (its built-in one is 10 s, fixed), so a server is checked
 * with a plain connect first, at most once a minute per server. A refused or unresolvable
 * connection is left to fetch, whose error says which.
 */
async function checkConnect(wire: Wire, url: string, method: string, connectMs: number, signal?: AbortSignal): Promise<void> {
  let where: URL;
  try {
    where = new URL(url);
  } catch {
    return; // fetch says what is wrong with it
  }
  if (where.protocol !== 'http:' && where.protocol !== 'https:') return;
  const host = where.hostname.replace(/^\[|\]$/g, '');
  const port = Number(where.port || (where.protocol === 'https:' ? 443 : 80));
  const key = `${host}:${port}`;
  if (Date.now() - (reached.get(key) ?? -Infinity) < REACHED_FOR_MS) return;
  const outcome = await new Promise<'connected' | 'failed' | 'timeout' | 'aborted'>((resolve) => {
    const socket = connectTcp({ host, port });
    const finish = (how: 'connected' | 'failed' | 'timeout' | 'aborted') => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(how);
    };
    const onAbort = () => finish('aborted');
    const timer = setTimeout(() => finish('timeout'), connectMs);
    socket.once('connect', () => finish('connected'));
    socket.once('error', () => finish('failed'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  if (outcome === 'connected') reached.set(key, Date.now());
  if (outcome === 'aborted') throw fail(wire, 'aborted', `The call to ${wire.service} was cancelled.`, false);
  if (outcome === 'timeout') {
    throw fail(wire, 'timeout', `Could not connect to ${wire.service} at ${key} within ${seconds(connectMs)} (connect timeout; ${method} ${url}). Is the server up and the base URL right?`, true);
  }
}

function seconds(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export const defaultKeyAdvice = (secretName: string) =>
  `Set the ${secretName} environment variable (CLI) or run "Film Crew: Set API Key" in VS Code.`;

/** A ProviderError whose message has been through the redactor. */
export function fail(
  wire: Pick<Wire, 'redactor'>,
  kind: ProviderError['kind'],
  message: string,
  retryable: boolean,
  retryAfterMs?: number,
  status?: number,
): ProviderError {
  return new ProviderError(kind, wire.redactor.redact(message), retryable, retryAfterMs, status);
}

/** Milliseconds to wait from `Retry-After` (seconds or an HTTP date) or `retry-after-ms`. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Math.round(Number(ms)));
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface Sent {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
}

/**
 * Sends one request and reads the whole body. Resolves only for 2xx; every other outcome
 * (HTTP error, timeout, abort, unreachable server) rejects with a classified ProviderError.
 */
export async function send(wire: Wire, url: string, init: RequestInit, signal?: AbortSignal): Promise<Sent> {
  if (signal?.aborted) throw fail(wire, 'aborted', `The call to ${wire.service} was cancelled.`, false);
  const method = init.method ?? 'GET';
  await checkConnect(wire, url, method, Math.min(wire.connectMs ?? DEFAULT_CONNECT_MS, wire.timeoutMs), signal);
  const timeout = AbortSignal.timeout(wire.timeoutMs);
  const firstByteMs = Math.min(wire.firstByteMs ?? DEFAULT_FIRST_BYTE_MS, wire.timeoutMs);
  const waiting = new AbortController();
  const firstByte = setTimeout(() => waiting.abort(), firstByteMs);
  const combined = AbortSignal.any([...(signal ? [signal] : []), timeout, waiting.signal]);
  try {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: combined, redirect: 'follow' });
    } finally {
      clearTimeout(firstByte);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    wire.logger.debug(wire.redactor.redact(`${method} ${url} → ${response.status} (${bytes.length} bytes)`));
    if (!response.ok) throw classify(wire, response.status, response.headers, bytes);
    return { status: response.status, headers: response.headers, bytes };
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (signal?.aborted) throw fail(wire, 'aborted', `The call to ${wire.service} was cancelled.`, false);
    if (timeout.aborted) {
      throw fail(wire, 'timeout', `${wire.service} did not answer within ${seconds(wire.timeoutMs)} (whole-answer timeout; ${method} ${url}).`, true);
    }
    if (waiting.signal.aborted) {
      throw fail(wire, 'timeout', `${wire.service} did not start answering within ${seconds(firstByteMs)} (first-byte timeout; ${method} ${url}).`, true);
    }
    const cause = error instanceof Error ? describeNetworkError(error) : String(error);
    throw fail(wire, 'server', `Could not reach ${wire.service} (${method} ${url}): ${cause}. Is it running and is the base URL right?`, true);
  }
}

/** Sends a JSON request and parses a JSON answer; a body that is not JSON is `malformed`. */
export async function sendJson(wire: Wire, url: string, init: RequestInit & { json?: unknown }, signal?: AbortSignal): Promise<unknown> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  headers.set('accept', 'application/json');
  const sent = await send(wire, url, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) }, signal);
  return parseJsonBody(wire, sent.bytes, url);
}

export function parseJsonBody(wire: Wire, bytes: Uint8Array, url: string): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw fail(wire, 'malformed', `${wire.service} answered ${url} with a body that is not JSON: ${excerpt(text)}`, true);
  }
}

/** Error-body fields across the services we speak to: OpenAI `error.{message,code,type}`, Replicate `detail`, Runway `error`. */
function errorDetails(bytes: Uint8Array): { message: string; code: string } {
  const text = new TextDecoder().decode(bytes);
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const err = body.error;
    if (err && typeof err === 'object') {
      const e = err as Record<string, unknown>;
      return { message: String(e.message ?? ''), code: String(e.code ?? e.type ?? '') };
    }
    const message = [err, body.message, body.detail, body.failure].find((v) => typeof v === 'string') as string | undefined;
    return { message: message ?? excerpt(text), code: String(body.code ?? body.failureCode ?? '') };
  } catch {
    return { message: excerpt(text), code: '' };
  }
}

const REFUSAL_CODES = /content_policy_violation|moderation_blocked|content_filter|safety|nsfw/i;
const REFUSAL_TEXT = /content (management )?polic|safety system|flagged as sensitive|moderation/i;

function classify(wire: Wire, status: number, headers: Headers, bytes: Uint8Array): ProviderError {
  const { message, code } = errorDetails(bytes);
  const said = message ? ` It said: ${excerpt(message)}` : '';
  if (status === 401 || status === 403) {
    const secret = wire.secretName;
    const what = !secret
      ? `${wire.service} refused the request (${status}): it needs credentials.`
      : wire.keySent
        ? `${wire.service} rejected the API key in ${secret} (${status}): it is wrong, revoked or lacks access.`
        : `${wire.service} needs an API key (${status}) and ${secret} is not set.`;
    return fail(wire, 'auth', `${what}${said} ${wire.keyAdvice(secret ?? 'API key')}`, false, undefined, status);
  }
  if (status === 429) {
    if (/insufficient_quota|billing/i.test(code + message)) {
      return fail(wire, 'rate-limit', `${wire.service} says the account's quota is used up (429): add credit or raise the limit; retrying will not help.${said}`, false, undefined, status);
    }
    const wait = retryAfterMs(headers);
    const after = wait === undefined ? '' : ` Retry after ${Math.ceil(wait / 1000)} s.`;
    return fail(wire, 'rate-limit', `${wire.service} is rate-limiting requests (429).${after}${said}`, true, wait, status);
  }
  if (REFUSAL_CODES.test(code) || (status === 400 && REFUSAL_TEXT.test(message))) {
    return fail(wire, 'refused', `${wire.service} refused the prompt under its content policy (${status}); rewrite the prompt rather than retrying.${said}`, false, undefined, status);
  }
  if (status === 408) return fail(wire, 'timeout', `${wire.service} timed out the request (408).${said}`, true, retryAfterMs(headers), status);
  if (status >= 500) return fail(wire, 'server', `${wire.service} failed with ${status}.${said}`, true, retryAfterMs(headers), status);
  if (status === 404) return fail(wire, 'bad-request', `${wire.service} does not know this model or endpoint (404); check the model name and base URL.${said}`, false, undefined, status);
  return fail(wire, 'bad-request', `${wire.service} rejected the request (${status}).${said}`, false, undefined, status);
}

function describeNetworkError(error: Error): string {
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause && typeof cause === 'object' && 'code' in cause) return `${error.message} (${String((cause as { code: unknown }).code)})`;
  return error.message;
}

/** At most 300 characters of a body, on one line: enough to diagnose, never a whole page. */
export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** True for loopback hosts: a server on this machine (Ollama, LM Studio, a local vLLM) costs nothing per call. */
export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}
