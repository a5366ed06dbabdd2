/**
 * `filmcrew preview`'s server: the storyboard app in a browser, on loopback only. It serves the
 * shell (a fresh nonce and CSP per response), the bundled app, the production's media (confined
 * to the production, symlinks resolved), server-sent events for live updates, and one POST
 * endpoint for the app's actions. The production, its statuses and the actions are core's
 * session (core/session): this file is the transport, the file watcher and nothing more.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync, type Stats } from 'node:fs';
import { realpath, stat, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { FilmcrewError } from '../../core/diagnostics';
import type { Production } from '../../core/model/types';
import { ProductionSession, SessionActions, buildStoryboardModel, isIgnoredTree, storyboardStatusOf, unattendedRun, type StoryboardModel } from '../../core/session/index';
import { storyboardHtml, storyboardCsp, storyboardNonce } from '../../core/storyboard/html';
import { isActionMessage, isAppMessage, type HostMessage, type ProductionSnapshot } from '../../core/storyboard/protocol';
import { CardMemo, confinedPath, shellSnapshot, storyboardChanges, storyboardSnapshot } from '../../core/storyboard/snapshot';

export interface PreviewOptions {
  /** The production folder. */
  root: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Folder of the built app (main.js, app.css, theme.css, codicon.css/.ttf); found next to the CLI by default. */
  appDir?: string;
  /** Lines for the terminal (a file to open, an action taken). */
  log?: (line: string) => void;
}

export interface PreviewServer {
  url: string;
  port: number;
  /** The production as last loaded. */
  production(): Production;
  close(): Promise<void>;
}

const APP_FILES: Record<string, string> = {
  'main.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'theme.css': 'text/css; charset=utf-8',
  'codicon.css': 'text/css; charset=utf-8',
  'codicon.ttf': 'font/ttf',
};

const MEDIA_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.avif': 'image/avif',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
};

const MAX_BODY = 64 * 1024;
const SETTLE_MS = 8;
/**
 * chokidar passes a file's first change event on and drops the next ones for 50 ms (its change
 * throttle, and 5 ms on the raw events). A save written in steps (truncate, then write) can be read
 * between them and its end never reported: the card vanished until the next save. Every added or
 * changed file is read again once that window has passed; an unchanged file costs one read.
 */
const LOOK_AGAIN_MS = 50 + 2 * SETTLE_MS;

/** The built app: an explicit folder, the environment's, or `webview/` next to the running CLI bundle or in the repo's dist. */
export function findAppDir(explicit?: string): string {
  const candidates = [explicit, process.env.FILMCREW_WEBVIEW_DIR, join(__dirname, 'webview')];
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) candidates.push(join(dir, 'dist', 'webview'));
  for (const c of candidates) if (c && existsSync(join(c, 'main.js'))) return c;
  throw new FilmcrewError('app-not-built', 'the storyboard app is not built (no dist/webview/main.js)', 'Run `npm run build` in the filmcrew folder, then try again.');
}

/** Starts the preview server on 127.0.0.1 and watches the production. */
export async function startPreview(opts: PreviewOptions): Promise<PreviewServer> {
  const root = resolve(opts.root);
  const appDir = findAppDir(opts.appDir);
  const log = opts.log ?? (() => undefined);
  const token = randomBytes(24).toString('base64url');
  // No persistent index: it is rewritten whole on every reload, which costs a save in a large production.
  // A save is often several events (write, rename, chmod): the session settles for a few ms, then reloads once.
  // The storyboard's part of the read model only: a save costs no status report.
  const session = new ProductionSession<StoryboardModel>(root, { debug() {}, error: (m) => log(`filmcrew preview: ${m}`) }, { debounceMs: SETTLE_MS, loader: { persistentIndex: false }, build: buildStoryboardModel });
  const memo = new CardMemo();
  // First, so a folder that is not a production gets the loader's readable error.
  let model: StoryboardModel = await session.open();
  const realRoot = await realpath(root);
  const mediaVersions = new Map<string, string | null>();

  const mediaVersion = (rel: string): string | null => {
    let v = mediaVersions.get(rel);
    if (v === undefined) {
      const s = statSyncSafe(join(root, rel));
      v = s?.isFile() ? Math.floor(s.mtimeMs).toString(36) + s.size.toString(36) : null;
      mediaVersions.set(rel, v);
    }
    return v;
  };
  const snapshotOf = (m: StoryboardModel): ProductionSnapshot =>
    storyboardSnapshot(
      m.production,
      {
      // The version makes a regenerated frame a new URL, so the browser does not show the old one.
      mediaUrl: (rel) => {
        const v = mediaVersion(rel);
        return v === null || !MEDIA_TYPES[extname(rel).toLowerCase()] ? undefined : `media/${rel.split('/').map(encodeURIComponent).join('/')}?v=${v}`;
      },
      statusOf: storyboardStatusOf(m),
      },
      memo,
    );
  let current = snapshotOf(model);
  // Counts snapshots: a shell carries one version, and its app asks for the stream since it.
  let version = 1;
  // The snapshot is stringified once per version, however many shells and streams are served.
  let shellJson: string | undefined;
  let streamFrame: string | undefined;
  // A large production's shell carries a screenful of cards; its app then opens the stream without
  // a version and gets the whole snapshot first (see openEvents).
  const embedded = () => (shellJson ??= JSON.stringify(shellSnapshot(version, current)));

  // ---------------------------------------------------------------------------------------------
  // Live updates

  const clients = new Set<ServerResponse>();
  const broadcast = (message: HostMessage) => {
    const frame = `data: ${JSON.stringify(message)}\n\n`;
    for (const c of clients) c.write(frame);
  };

  session.onDidChange((next, changed) => {
    if (changed) for (const p of changed) mediaVersions.delete(p);
    else mediaVersions.clear();
    model = next;
    const snapshot = snapshotOf(next);
    const message = storyboardChanges(current, snapshot);
    current = snapshot;
    if (message) {
      version++;
      shellJson = streamFrame = undefined;
      broadcast(message);
    }
  });
  const rel = (absPath: string) => absPath.slice(root.length + 1).split(sep).join('/');
  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    // The session's one ignore list; a folder is skipped whole only when nothing under it is shown.
    ignored: (p: string) => p.length > root.length && isIgnoredTree(rel(p)),
  });
  const lookAgain = new Map<string, ReturnType<typeof setTimeout>>();
  watcher.on('all', (event, path) => {
    const p = rel(path);
    session.changed([p]);
    if (event !== 'add' && event !== 'change') return;
    clearTimeout(lookAgain.get(p));
    lookAgain.set(
      p,
      setTimeout(() => {
        lookAgain.delete(p);
        session.changed([p]);
      }, LOOK_AGAIN_MS),
    );
  });
  watcher.on('error', (e) => log(`filmcrew preview: watching stopped working (${String(e)}); reload the page after editing.`));
  const watching = new Promise<void>((r) => watcher.once('ready', () => r()));

  // ---------------------------------------------------------------------------------------------
  // Actions: core's handler; nobody is at a terminal to confirm, so runs take free calls only.

  const actions = new SessionActions(session, {
    trusted: () => true,
    confirm: async () => false,
    run: unattendedRun(root, log),
    progress: (m) => broadcast(m),
    log,
  });

  // ---------------------------------------------------------------------------------------------
  // HTTP

  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach the server.
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'text/plain', 'Wrong host.');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const path = url.pathname;
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) return sendShell(res);
    if (req.method === 'GET' && path.startsWith('/app/')) return sendApp(res, appDir, path.slice(5));
    if ((req.method === 'GET' || req.method === 'HEAD') && path.startsWith('/media/')) return sendMedia(req, res, { root, realRoot }, path.slice(7));
    if (req.method === 'GET' && path === '/api/events') return openEvents(res, url.searchParams.get('since'));
    if (req.method === 'POST' && path === '/api/action') return receiveAction(req, res);
    if (path === '/favicon.ico') {
      res.statusCode = 204;
      return res.end();
    }
    return send(res, 404, 'text/plain', 'Not found.');
  };

  const sendShell = (res: ServerResponse) => {
    const nonce = storyboardNonce();
    const shell = { cspSource: "'self'", nonce, connectSource: "'self'" };
    res.setHeader('Content-Security-Policy', storyboardCsp(shell, true));
    res.setHeader('Cache-Control', 'no-store');
    const html = storyboardHtml({
      ...shell,
      scriptUri: 'app/main.js',
      styleUris: ['app/theme.css', 'app/app.css'],
      codiconUri: 'app/codicon.css',
      hostToken: token,
      title: `${current.title} — Storyboard`,
      // In the shell, so the app paints on its first run instead of after a round trip (measured
      // against a preloaded snapshot URL too: reading that response costs the app more task hops).
      snapshot: embedded(),
    });
    send(res, 200, 'text/html; charset=utf-8', html);
  };

  const openEvents = (res: ServerResponse, since: string | null) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    // An app whose shell carried this version has it; any other (older shell, reconnect after a
    // change, no shell at all) gets the whole snapshot first.
    if (since !== String(version)) res.write((streamFrame ??= `data: ${JSON.stringify({ type: 'production/snapshot', snapshot: current } satisfies HostMessage)}\n\n`));
    clients.add(res);
    res.on('close', () => clients.delete(res));
  };

  const receiveAction = async (req: IncomingMessage, res: ServerResponse) => {
    // A custom header and a JSON body: a cross-site form or no-cors fetch can send neither.
    const given = Buffer.from(String(req.headers['x-filmcrew-token'] ?? ''));
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return send(res, 403, 'text/plain', 'Forbidden.');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, 'text/plain', 'JSON only.');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, 'text/plain', 'Malformed JSON.');
    }
    if (!isAppMessage(body)) return send(res, 400, 'text/plain', 'Not a storyboard message.');
    const message = body;
    if (!isActionMessage(message)) {
      if (message.type === 'file/open') {
        const rel = confinedPath(message.path);
        if (rel) log(`open ${join(root, rel)}${message.line ? `:${message.line}` : ''}`);
      }
      res.statusCode = 204;
      return res.end();
    }
    sendJson(res, await actions.perform(message));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`filmcrew preview: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'Internal error.');
      else res.destroy();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      watcher.close().catch(() => undefined);
      reject(
        e.code === 'EADDRINUSE'
          ? new FilmcrewError('port-in-use', `port ${opts.port} is already in use`, 'Pick another with `--port N`, or leave it out for a free one.')
          : e,
      );
    });
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  await watching;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    production: () => model.production,
    async close() {
      session.dispose();
      for (const t of lookAgain.values()) clearTimeout(t);
      for (const c of clients) c.end();
      clients.clear();
      await watcher.close();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await actions.settled();
    },
  };
}

/** A file of the built app, by its name only. */
async function sendApp(res: ServerResponse, appDir: string, name: string): Promise<void> {
  const type = APP_FILES[name];
  if (!type) return send(res, 404, 'text/plain', 'Not found.');
  try {
    const body = await readFile(join(appDir, name));
    res.setHeader('Cache-Control', 'no-cache');
    send(res, 200, type, body);
  } catch {
    send(res, 404, 'text/plain', 'Not found.');
  }
}

/** A media file of the production: confined, symlinks resolved, media types only, ranges for video. */
async function sendMedia(req: IncomingMessage, res: ServerResponse, { root, realRoot }: { root: string; realRoot: string }, encoded: string): Promise<void> {
  let rel: string | undefined;
  try {
    rel = confinedPath(decodeURIComponent(encoded));
  } catch {
    rel = undefined;
  }
  const type = rel && MEDIA_TYPES[extname(rel).toLowerCase()];
  // Only media types, and nothing hidden (.git, .filmcrew, .env…), whatever the path says.
  if (!rel || !type || rel.split('/').some((s) => s.startsWith('.'))) return send(res, 404, 'text/plain', 'Not found.');
  let real: string, info: Stats;
  try {
    real = await realpath(join(root, rel));
    info = await stat(real);
  } catch {
    return send(res, 404, 'text/plain', 'Not found.');
  }
  if (!(real.startsWith(realRoot + sep)) || !info.isFile()) return send(res, 404, 'text/plain', 'Not found.');
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Accept-Ranges', 'bytes');
  // An SVG opened on its own must not run script or load anything.
  res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  let start = 0, end = info.size - 1;
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, info.size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), info.size - 1) : info.size - 1;
    if (start > end || start >= info.size) {
      res.setHeader('Content-Range', `bytes */${info.size}`);
      return send(res, 416, 'text/plain', 'Range not satisfiable.');
    }
    res.statusCode = 206;
    res.setHeader('Content-Range', `bytes ${start}-${end}/${info.size}`);
  } else res.statusCode = 200;
  res.setHeader('Content-Length', String(end - start + 1));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(real, { start, end }).on('error', () => res.destroy()).pipe(res);
}

function statSyncSafe(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.end(body);
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.setHeader('Cache-Control', 'no-store');
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
