/**
 * The preview server over real HTTP on loopback: what it serves, what it refuses.
 */
import { strict as assert } from 'node:assert';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startPreview, type PreviewServer } from '../../src/cli/preview/server';
import { SHELL_CARDS } from '../../src/core/storyboard/snapshot';
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
    assert.ok(a.body.includes(`<script nonce="${nonceOf(a)}" src="app/main.js" defer>`));
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

describe('filmcrew preview server and the snapshot in its shell', function () {
  this.timeout(30_000);
  let dir: string;
  let server: PreviewServer;

  before(async () => {
    dir = join(tempDir(), 'film');
    writeStoryboardProduction(dir, { shots: 4 });
    initRepo(dir);
    server = await startPreview({ root: dir, appDir: await builtApp() });
  });

  after(() => server?.close());

  const embedded = async () => {
    const shell = await call(server, '/');
    const block = /<script type="application\/json" id="filmcrew-snapshot" nonce="([^"]+)">([^]*?)<\/script>/.exec(shell.body);
    assert.ok(block, 'the shell carries a data block');
    assert.ok(String(shell.headers['content-security-policy']).includes(`'nonce-${block[1]}'`));
    return JSON.parse(block[2]!) as { version: number; snapshot: { shots: { id: string; action?: string }[] } };
  };

  it('embeds the production in the shell with its version', async () => {
    const data = await embedded();
    assert.equal(typeof data.version, 'number');
    assert.deepEqual(data.snapshot.shots.map((s) => s.id), ['s01-001', 's01-002', 's01-003', 's01-004']);
  });

  it('embeds a large production’s first cards only, and the stream without a version starts with all of them', async () => {
    const big = join(tempDir(), 'big');
    const { ids } = writeStoryboardProduction(big, { shots: SHELL_CARDS + 24, perScene: 10 });
    initRepo(big);
    const large = await startPreview({ root: big, appDir: await builtApp() });
    try {
      const block = /<script type="application\/json" id="filmcrew-snapshot" nonce="[^"]+">([^]*?)<\/script>/.exec((await call(large, '/')).body);
      const data = JSON.parse(block![1]!) as { version: number; partial?: boolean; snapshot: { shots: { id: string }[]; acts: { scenes: { shots: string[] }[] }[] } };
      assert.equal(data.partial, true);
      assert.deepEqual(data.snapshot.shots.map((s) => s.id), ids.slice(0, SHELL_CARDS));
      assert.deepEqual(data.snapshot.acts.flatMap((a) => a.scenes.flatMap((s) => s.shots)), ids);
      const stream = await call(large, '/api/events');
      const first = JSON.parse(/^data: (.*)$/m.exec(stream.body)![1]!) as { type: string; snapshot: { shots: { id: string }[]; assets: unknown[] } };
      assert.equal(first.type, 'production/snapshot');
      assert.deepEqual(first.snapshot.shots.map((s) => s.id), ids);
      assert.ok(first.snapshot.assets.length > 0);
    } finally {
      await large.close();
    }
  });

  it('streams from that version on without the snapshot again, and sends it to an older version', async () => {
    const { version } = await embedded();
    const stale = await call(server, `/api/events?since=${version - 1}`);
    assert.equal(JSON.parse(/^data: (.*)$/m.exec(stale.body)![1]!).type, 'production/snapshot');
    const first = new Promise<{ type: string; shots?: { id: string; action?: string }[] }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?since=${version}`, headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          const m = /^data: (.*)$/m.exec(text);
          if (m) {
            resolve(JSON.parse(m[1]!));
            res.destroy();
          }
        });
        // Connected: now a save happens.
        const path = join(dir, 'shots/s01-002.md');
        writeFileSync(path, readFileSync(path, 'utf8').replace(/^action: .*$/m, 'action: "after the shell"'));
      });
      req.on('error', reject);
      req.end();
    });
    const event = await first;
    assert.equal(event.type, 'production/changed');
    assert.deepEqual(event.shots?.map((s) => [s.id, s.action]), [['s01-002', 'after the shell']]);
    assert.equal((await embedded()).version, version + 1, 'a new shell carries the new version');
  });

  it('shows the whole of a save written in two steps, though the watcher reports only the first', async () => {
    // Truncate, then write 20 ms later: chokidar reports the truncation and drops the write (its
    // 50 ms change throttle). Read at the first report alone, the shot is empty and leaves the board.
    const events: { type: string; shots?: { id: string; action?: string }[]; removedShots?: string[] }[] = [];
    const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { host: `127.0.0.1:${server.port}` } });
    const connected = new Promise<void>((resolve) =>
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
            const data = /^data: (.*)$/m.exec(text.slice(0, end));
            if (data) events.push(JSON.parse(data[1]!));
            text = text.slice(end + 2);
          }
          if (events.length === 1) resolve();
        });
      }),
    );
    req.end();
    try {
      await connected;
      const path = join(dir, 'shots/s01-003.md');
      const text = readFileSync(path, 'utf8').replace(/^action: .*$/m, 'action: "written in two steps"');
      const fd = openSync(path, 'w');
      await new Promise((r) => setTimeout(r, 20));
      writeSync(fd, text);
      closeSync(fd);
      const shown = () => events.filter((e) => e.type === 'production/changed').at(-1)?.shots?.find((s) => s.id === 's01-003')?.action;
      for (let i = 0; i < 100 && shown() !== 'written in two steps'; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(shown(), 'written in two steps', JSON.stringify(events.slice(1)));
      assert.ok(!events.at(-1)?.removedShots?.includes('s01-003'));
    } finally {
      req.destroy();
    }
  });
});
