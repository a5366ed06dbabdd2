/**
 * A hung request is given up on at the limit of the phase it hangs in, each limit far shorter
 * than the whole answer's, and the error names which one expired: connect (a server whose
 * accept queue is full: the SYN goes unanswered), first byte (a server that accepts and never
 * answers), the whole answer (headers, then a body that stops).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { silentLogger } from '../../src/core/host';
import { send, type Wire } from '../../src/core/providers/http';
import { Redactor } from '../../src/core/providers/redact';
import { ProviderError } from '../../src/core/providers/types';

function wire(limits: Partial<Pick<Wire, 'timeoutMs' | 'firstByteMs' | 'connectMs'>>): Wire {
  return { service: 'the test server', redactor: new Redactor(), logger: silentLogger, timeoutMs: 30_000, keyAdvice: () => '', ...limits };
}

async function failure(p: Promise<unknown>): Promise<{ error: ProviderError; ms: number }> {
  const started = performance.now();
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProviderError, String(e));
    return { error: e, ms: performance.now() - started };
  }
  assert.fail('the request succeeded');
}

async function listening(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('request timeouts', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('gives up connecting at the connect limit, naming it, when the server never completes the handshake', async function () {
    this.timeout(30_000);
    // A listener with a backlog of 1, stopped (SIGSTOP) so it accepts nothing: once its queue is
    // full the kernel drops further SYNs, and a connect hangs as it would to a black-holed host.
    const child: ChildProcess = spawn(process.execPath, ['-e', "const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>console.log(s.address().port))"], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => child.kill('SIGKILL'));
    const port = await new Promise<number>((r) => child.stdout!.once('data', (b: Buffer) => r(Number(b.toString().trim()))));
    child.kill('SIGSTOP');
    const fillers: Socket[] = [];
    cleanups.push(() => fillers.forEach((s) => s.destroy()));
    for (let i = 0; i < 8; i++) {
      const s = connect({ host: '127.0.0.1', port });
      s.on('error', () => undefined);
      fillers.push(s);
    }
    await new Promise((r) => setTimeout(r, 300));
    const { error, ms } = await failure(send(wire({ connectMs: 400, firstByteMs: 20_000 }), `http://127.0.0.1:${port}/v1/chat`, { method: 'POST', body: '{}' }));
    assert.deepEqual([error.kind, error.retryable], ['timeout', true]);
    assert.match(error.message, /Could not connect to the test server at 127\.0\.0\.1:\d+ within 0\.4 s \(connect timeout/);
    // Node's fetch on its own would wait its fixed 10 s.
    assert.ok(ms < 8_000, `gave up after ${ms.toFixed(0)} ms`);
  });

  it('gives up at the first-byte limit, naming it, when the server accepts and never answers', async function () {
    this.timeout(30_000);
    const server = createServer(() => undefined);
    cleanups.push(() => (server.closeAllConnections(), server.close()));
    const url = await listening(server);
    const { error } = await failure(send(wire({ firstByteMs: 300 }), `${url}/v1/chat`, { method: 'POST', body: '{}' }));
    assert.deepEqual([error.kind, error.retryable], ['timeout', true]);
    assert.match(error.message, /did not start answering within 0\.3 s \(first-byte timeout; POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\)/);
  });

  it('gives up at the whole-answer limit, naming it, when the answer starts and stops', async function () {
    this.timeout(30_000);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    cleanups.push(() => (server.closeAllConnections(), server.close()));
    const url = await listening(server);
    const { error } = await failure(send(wire({ timeoutMs: 600, firstByteMs: 300 }), `${url}/v1/chat`, {}));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /did not answer within 0\.6 s \(whole-answer timeout/);
  });

  it('still says a refused connection is refused (no connect wait)', async function () {
    this.timeout(30_000);
    const server = createServer();
    const url = await listening(server);
    await new Promise((r) => server.close(r));
    const { error } = await failure(send(wire({ connectMs: 5_000 }), `${url}/v1/chat`, {}));
    assert.equal(error.kind, 'server');
    assert.match(error.message, /ECONNREFUSED/);
  });
});
