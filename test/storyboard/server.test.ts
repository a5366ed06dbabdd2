/**
 * The preview server over real HTTP on loopback: what it serves, what it refuses.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startPreview, type PreviewServer } from '../../src/cli/preview/server';
import { initRepo, tempDir } from '../support/fixtures';
import { builtApp } from './browser';
import { writeStoryboardProduction } from './production';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(server: PreviewServer, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        // An event stream never ends: its first event is enough.
        if (String(res.headers['content-type']).startsWith('text/event-stream') && Buffer.concat(chunks).includes('\n\n', Buffer.concat(chunks).indexOf('data:'))) {
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() });
          res.destroy();
        }
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('filmcrew preview server', function () {
  this.timeout(30_000);
  let dir: string;
  let server: PreviewServer;

  before(async () => {
    const parent = tempDir();
    dir = join(parent, 'film');
    writeStoryboardProduction(dir, { shots: 4 });
    writeFileSync(join(parent, 'secret.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><text>secret</text></svg>');
    mkdirSync(join(dir, 'media/frames'), { recursive: true });
    symlinkSync(join(parent, 'secret.svg'), join(dir, 'media/frames/leak.svg'));
    initRepo(dir);
    server = await startPreview({ root: dir, appDir: await builtApp() });
  });

  after(() => server?.close());

  it('listens on 127.0.0.1 at a port it picked', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(server.port > 0);
  });

  it('serves the shell with a fresh nonce per response, in the CSP header and the page alike', async () => {
    const [a, b] = [await call(server, '/'), await call(server, '/')];
    const nonceOf = (r: Reply) => /script-src 'nonce-([^']+)'/.exec(String(r.headers['content-security-policy']))![1];
    assert.notEqual(nonceOf(a), nonceOf(b));
    assert.ok(a.body.includes(`<script nonce="${nonceOf(a)}" src="app/main.js">`));
    assert.match(String(a.headers['content-security-policy']), /^default-src 'none'; img-src 'self';.*frame-ancestors 'none'/);
  });

  it('serves a frame of the production as an image that cannot run script on its own', async () => {
    const r = await call(server, '/media/media/frames/s01-001.svg');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'image/svg+xml');
    assert.match(String(r.headers['content-security-policy']), /sandbox/);
    assert.match(r.body, /s01-001/);
  });

  it('refuses paths that leave the production, hidden folders, symlinks out and non-media files', async () => {
    for (const path of [
      '/media/..%2Fsecret.svg',
      '/media/media/../../secret.svg',
      '/media/%2Fetc%2Fpasswd',
      '/media/media/frames/leak.svg',
      '/media/.git/config',
      '/media/shots/s01-001.md',
      '/media/production.md',
      '/app/../../package.json',
    ]) {
      const r = await call(server, path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body, /secret|kind:/, path);
    }
  });

  it('answers only requests addressed to its own host name', async () => {
    const r = await call(server, '/', { headers: { host: 'attacker.example:80' } });
    assert.equal(r.status, 421);
  });

  it('takes actions only with its token and a JSON body', async () => {
    const action = JSON.stringify({ type: 'shot/approve', requestId: 'r1', shotId: 's01-001' });
    assert.equal((await call(server, '/api/action', { method: 'POST', headers: { 'content-type': 'application/json' }, body: action })).status, 403);
    const shell = await call(server, '/');
    const token = /name="filmcrew-host-token" content="([^"]+)"/.exec(shell.body)![1]!;
    assert.equal((await call(server, '/api/action', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-filmcrew-token': token }, body: action })).status, 415);
    const bad = await call(server, '/api/action', { method: 'POST', headers: { 'content-type': 'application/json', 'x-filmcrew-token': token }, body: '{"type":"shell/exec"}' });
    assert.equal(bad.status, 400);
    const ok = await call(server, '/api/action', { method: 'POST', headers: { 'content-type': 'application/json', 'x-filmcrew-token': token }, body: action });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.body).ok, true, ok.body);
  });

  it('opens an event stream with the production snapshot first', async () => {
    const r = await call(server, '/api/events');
    assert.equal(r.status, 200);
    const first = JSON.parse(/^data: (.*)$/m.exec(r.body)![1]!);
    assert.equal(first.type, 'production/snapshot');
    assert.equal(first.snapshot.shots.length, 4);
  });
});
