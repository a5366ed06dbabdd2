/**
 * Provider test support: loopback HTTP servers that speak a recorded wire format, the fake key,
 * and a ledger of everything written or said during the tests, scanned for that key at the end.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger, Secrets } from '../../src/core/host';
import { ProviderError } from '../../src/core/providers/types';
import { tempDir } from '../support/fixtures';

/** Shaped like an OpenAI project key so the pattern masks would catch it too; unique so a leak is unmistakable. */
export const FAKE_KEY = 'sk-test-FILMCREW0fakeKEY9leak8check7';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Loopback {
  url: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export type Route = (request: Recorded, response: ServerResponse) => void | Promise<void>;

const servers: Loopback[] = [];

/** An HTTP server on 127.0.0.1 with an OS-chosen port, recording every request it receives. */
export async function loopback(route: Route): Promise<Loopback> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      Promise.resolve(route(recorded, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: Loopback = {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(handle);
  return handle;
}

after(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

export function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

export function replyBytes(res: ServerResponse, bytes: Uint8Array, mime: string): void {
  res.writeHead(200, { 'content-type': mime, 'content-length': String(bytes.length) });
  res.end(Buffer.from(bytes));
}

const fixturesDir = join(__dirname, 'fixtures');

/** A recorded body with its `__PLACEHOLDERS__` filled in. */
export function fixture(name: string, fill: Record<string, string> = {}): Record<string, unknown> {
  let text = readFileSync(join(fixturesDir, name), 'utf8');
  for (const [key, value] of Object.entries(fill)) text = text.split(`__${key}__`).join(value.replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  return JSON.parse(text) as Record<string, unknown>;
}

/** A 1×1 PNG and the first bytes of an MP4 (an `ftyp` box): enough for type sniffing and saving. */
export const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);
export const MP4 = Uint8Array.from([0, 0, 0, 0x18, ...Buffer.from('ftypisom'), 0, 0, 2, 0, ...Buffer.from('isomiso2'), 0, 0, 0, 8, ...Buffer.from('free')]);

/** Everything the tests wrote or heard: scanned for the key at the end of each file. */
export const ledger = { dirs: [] as string[], logs: [] as string[], errors: [] as string[] };

/** A temp folder the key scan will read. */
export function outputDir(): string {
  const dir = tempDir('filmcrew-providers-');
  ledger.dirs.push(dir);
  return dir;
}

export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
    ledger.logs.push(message);
  };
  return { lines, debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') };
}

export function secretsOf(values: Record<string, string>): Secrets {
  return { get: async (name) => values[name] };
}

/** Awaits a rejection that must be a ProviderError, and records its message for the key scan. */
export async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise;
  } catch (error) {
    ledger.errors.push(error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error));
    assert.ok(error instanceof ProviderError, `expected a ProviderError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Asserts the fake key is in no file written under the test folders, no log line and no error message. */
export function assertNoKeyAnywhere(): { files: number; lines: number } {
  const files = ledger.dirs.flatMap(filesUnder);
  assert.ok(files.length > 0, 'the tests wrote files to scan');
  for (const file of files) {
    const content = readFileSync(file).toString('latin1');
    assert.ok(!content.includes(FAKE_KEY), `the key is in ${file}`);
  }
  const said = [...ledger.logs, ...ledger.errors];
  for (const line of said) assert.ok(!line.includes(FAKE_KEY), `the key is in: ${line}`);
  return { files: files.length, lines: said.length };
}

/** Appends an event to a run journal in `dir`, as the engine would: results' records and failures' messages. */
export function journal(dir: string, event: Record<string, unknown>): void {
  const path = join(dir, '.filmcrew', 'runs', 'test-run.jsonl');
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(event, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v))}\n`);
}
