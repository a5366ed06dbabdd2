/**
 * One headless chromium per process, spoken to over the DevTools protocol on a pipe
 * (`--remote-debugging-pipe`: fd 3 in, fd 4 out, NUL-separated JSON), for stills and PDFs. A
 * chromium started per still spends about three seconds starting and stopping for one second of
 * drawing; a shared one draws each page in a tab of its own, as many at once as the run asks.
 * Stills go further (capturePage): their tabs are kept and their document swapped, since at a
 * clip's small sizes a new tab's renderer cost three times the drawing.
 * It is started on first use and stopped once idle (it never keeps the process alive).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import pLimit from 'p-limit';
import { makeScratchSync } from '../scratch';
import { requireTool } from './tools';

interface Reply {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * Idle this long, the browser is stopped (kept tabs close sooner: TABS_IDLE_MS). A run's last
 * stills come a few seconds before the cut's PDF, while the last clips encode and the editor
 * reads its context: stopped after 2 s, chromium was started twice a feature-length run (0.5–0.8 s
 * of CPU a start). A process that exits while chromium is up leaves its profile in the temp
 * folder, for the next one to sweep (scratch.ts).
 */
const IDLE_MS = 10_000;

class Browser {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: Reply) => void>();
  /** Chunks of a message not yet ended. */
  private parts: string[] = [];
  private closed: Error | undefined;

  constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    const output = child.stdio[4] as Readable;
    const input = child.stdio[3] as Writable;
    input.on('error', (e) => this.fail(e));
    output.setEncoding('utf8').on('data', (chunk: string) => this.read(chunk));
    child.on('exit', (code) => this.fail(new Error(`chromium exited (${code ?? 'signal'})`)));
  }

  private read(chunk: string): void {
    // A PDF of a feature's storyboard comes back as one message of tens of MB in 64 KB chunks, a
    // still as one of about 200 KB: only the new chunk is searched for the end, and a message's
    // parts are joined once, when it has come (each copy of a big message is garbage for a full
    // collection: strings that size skip the young generation).
    let start = 0;
    for (let end = chunk.indexOf('\0'); end >= 0; end = chunk.indexOf('\0', start)) {
      this.parts.push(chunk.slice(start, end));
      const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
      this.parts = [];
      start = end + 1;
      this.dispatch(JSON.parse(text) as Reply);
    }
    if (start < chunk.length) this.parts.push(start === 0 ? chunk : chunk.slice(start));
  }

  private dispatch(message: Reply): void {
    if (message.id !== undefined) {
      const w = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) w?.reject(new Error(`chromium: ${message.error.message}`));
      else w?.resolve(message.result ?? {});
    } else for (const l of this.listeners) l(message);
  }

  private fail(e: Error): void {
    this.closed ??= e;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    if (this.closed) return Promise.reject(this.closed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      (this.child.stdio[3] as Writable).write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  /** Resolves on the first event `method` of `sessionId`. */
  event(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => {
      const listener = (m: Reply) => {
        if (m.method === method && m.sessionId === sessionId) {
          this.listeners.delete(listener);
          resolve();
        }
      };
      this.listeners.add(listener);
    });
  }

  get alive(): boolean {
    return !this.closed;
  }

  /** While a page is in use the browser keeps the process alive; idle, it does not. */
  hold(on: boolean): void {
    for (const x of [this.child, this.child.stdio[3], this.child.stdio[4]] as ({ ref?: () => void; unref?: () => void } | null)[]) {
      if (on) x?.ref?.();
      else x?.unref?.();
    }
  }

  close(): void {
    this.closed ??= new Error('chromium was closed');
    // The profile goes once chromium has let go of it; a process exiting now leaves it in tmp.
    this.child.once('exit', () => {
      try {
        rmSync(this.profile, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // Left in the temp folder: harmless, and the OS clears it.
      }
    });
    this.child.kill();
  }
}

/**
 * Renderer processes the kept tabs share: one a core. A renderer each, the 8 tabs of a run's stills
 * held 17 chromium processes and 890 MB; sharing 2, 8 processes and 510 MB, and 400 stills took no
 * longer (7.2–8.2 s against 7.5–8.8 s). A one-off page (withPage) is in a browser context of its own,
 * which chromium never shares a renderer with: a PDF part printing in a kept tab's renderer would
 * hold its stills back, and two parts in one renderer would print one after the other.
 */
const RENDERERS = Math.max(2, availableParallelism());

let shared: Browser | undefined;
let users = 0;
let idle: NodeJS.Timeout | undefined;

function browser(): Browser {
  if (shared?.alive) return shared;
  const chromium = requireTool('chromium', 'Drawing a storyboard frame for its clip');
  const profile = makeScratchSync('chromium');
  const child = spawn(
    chromium,
    [
      '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Tabs behind others are never backgrounded or throttled (puppeteer's defaults too): with
      // 20-odd kept tabs, a run's last still waited 70–150 s at 0 CPU for its screenshot.
      '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', '--disable-renderer-backgrounding',
      // Headless chromium (156) is the whole browser: each window loads its address bar's popup,
      // a WebUI page in a renderer of its own (`chrome://omnibox-popup.top-chrome`, a `browser_ui`
      // target). A printer has a window, so the PDF ran five renderers for two printers; without
      // the popups, 600 frames printed in 6.0 s, not 7.4 s, and chromium's peak fell by 125 MB.
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI',
      // The kept tabs share a renderer process a core (RENDERERS) instead of one each.
      `--renderer-process-limit=${RENDERERS}`,
      `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  shared = new Browser(child, profile);
  return shared;
}

/** Counts a user of the shared browser in and out; the last one out starts the idle timer. */
async function using<T>(work: (b: Browser) => Promise<T>): Promise<T> {
  if (idle) clearTimeout(idle);
  users++;
  const b = browser();
  b.hold(true);
  try {
    return await work(b);
  } finally {
    users--;
    if (users === 0) {
      b.hold(false);
      idle = setTimeout(() => {
        if (users === 0 && shared === b) {
          b.close();
          shared = undefined;
          tabs.length = 0;
        }
      }, IDLE_MS);
      idle.unref();
    }
  }
}

/**
 * Runs `work` with a tab of the shared browser, at `width`×`height` CSS pixels and `scale` device
 * pixels per CSS pixel, showing `url`; `open` shows another page in the same tab (and renderer).
 */
export async function withPage<T>(
  url: string,
  view: { width: number; height: number; scale: number },
  work: (send: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>, open: (url: string) => Promise<void>) => Promise<T>,
): Promise<T> {
  return using(async (b) => {
    let targetId: string | undefined;
    let browserContextId: string | undefined;
    try {
      // A renderer of its own (RENDERERS), and a window of its own: opening and closing a tab in the
      // kept tabs' window changes which of them is in front, and a still then waited up to two
      // minutes for a frame (the nudge below).
      browserContextId = String((await b.send('Target.createBrowserContext', {})).browserContextId);
      targetId = String((await b.send('Target.createTarget', { url: 'about:blank', newWindow: true, browserContextId })).targetId);
      const sessionId = String((await b.send('Target.attachToTarget', { targetId, flatten: true })).sessionId);
      const send = (method: string, params: Record<string, unknown> = {}) => b.send(method, params, sessionId);
      await send('Emulation.setDeviceMetricsOverride', { width: view.width, height: view.height, deviceScaleFactor: view.scale, mobile: false });
      await send('Page.enable');
      const open = async (to: string) => {
        const loaded = b.event('Page.loadEventFired', sessionId);
        await send('Page.navigate', { url: to });
        await loaded;
      };
      await open(url);
      return await work(send, open);
    } finally {
      if (targetId) await b.send('Target.closeTarget', { targetId }).catch(() => undefined);
      if (browserContextId) await b.send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined);
    }
  });
}

/** A tab kept open between stills: a new tab costs a renderer's start, more than the drawing at small sizes. */
interface Tab {
  browser: Browser;
  targetId: string;
  sessionId: string;
  frameId: string;
  /** The metrics last set, so an unchanged size is not set again. */
  view: string;
  /** Stills it has drawn. */
  uses: number;
}

/**
 * A kept tab's renderer is told to collect its garbage after every this many stills: it grows with
 * each document swapped into it (no script runs there to set its collector off), from 30 MB after
 * a few stills to 106 MB after 100; collected every 30, it stayed under 65 MB over 800 stills,
 * with no new renderer to start. The tabs of a renderer share its heap, so with a run's 8 tabs
 * on 2 renderers, every 8 a tab is every 2 stills a renderer: 1,000 stills of a feature drawn as
 * a run draws them peaked at 468–498 MB of chromium, not 538–544 MB (every 30), for 2% more of
 * its CPU (within the noise here); every 3 saved 110 MB but cost 14% more.
 */
const STILLS_PER_COLLECT = 8;

/**
 * A capture not answered after this long has its tab brought to the front. Headless chromium
 * composites no frame for a tab behind others, and the kept tabs share one window: a capture
 * sometimes waited for a frame until something else drew (3 s; once 124 s, at 0 CPU, in a run of
 * the example with 16 clips in flight). Bringing the tab forward answers it at once. A window per
 * kept tab would need no nudge but halved the stills' pace (400 stills, 16 at once: 15 s, not 7.5).
 */
const NUDGE_MS = 1500;

/** `Page.captureScreenshot` of a kept tab, nudged forward if its frame is slow to come. */
async function captureNudged(send: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  const nudge = setTimeout(() => void send('Page.bringToFront').catch(() => undefined), NUDGE_MS);
  try {
    // Encoded for speed: the same pixels (the clip reads pixels, so the same clip bytes), a
    // larger scratch PNG, about 10% less of chromium's CPU per still.
    return await send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true });
  } finally {
    clearTimeout(nudge);
  }
}

/** Tabs not in use, of the current browser. */
const tabs: Tab[] = [];

/**
 * Stills drawn at once, each in a kept tab (a renderer process of about 60 MB). A run keeps 24 clips
 * in flight on 2 cores, and a tab each made 35 chromium processes and 2.2 GB at 1,000 shots; 400
 * stills took 6.0 s 16 at a time, 5.5 s 8 at a time, 6.6 s 4 at a time.
 */
const captures = pLimit(Math.max(4, 4 * availableParallelism()));

/** Captures running now; kept tabs are closed once none has run for TABS_IDLE_MS. */
let capturing = 0;
let tabsIdle: NodeJS.Timeout | undefined;
/** Kept tabs outlive a still by this much: the next clip's still comes sooner; the PDF's print at the end of a run needs the memory. */
const TABS_IDLE_MS = 1000;

function closeKeptTabs(): void {
  for (const tab of tabs.splice(0)) void tab.browser.send('Target.closeTarget', { targetId: tab.targetId }).catch(() => undefined);
}

async function openTab(b: Browser): Promise<Tab> {
  const targetId = String((await b.send('Target.createTarget', { url: 'about:blank' })).targetId);
  const sessionId = String((await b.send('Target.attachToTarget', { targetId, flatten: true })).sessionId);
  const tree = (await b.send('Page.getFrameTree', {}, sessionId)).frameTree as { frame: { id: string } };
  return { browser: b, targetId, sessionId, frameId: tree.frame.id, view: '', uses: 0 };
}

/**
 * Shows `html` in a kept tab at `width`×`height` CSS pixels and `scale`, and captures it as PNG
 * bytes. The page's document is replaced in place (`Page.setDocumentContent`): no file, no
 * navigation, no new renderer. `html` must need nothing from outside (the stills' pages are
 * self-contained: an inline SVG under a CSP that allows no script and no network).
 */
export function capturePage(html: string, view: { width: number; height: number; scale: number }): Promise<Buffer> {
  return captures(async () => {
    capturing++;
    if (tabsIdle) clearTimeout(tabsIdle);
    try {
      return await captureInTab(html, view);
    } finally {
      if (--capturing === 0) {
        tabsIdle = setTimeout(() => capturing === 0 && closeKeptTabs(), TABS_IDLE_MS);
        tabsIdle.unref();
      }
    }
  });
}

function captureInTab(html: string, view: { width: number; height: number; scale: number }): Promise<Buffer> {
  return using(async (b) => {
    let tab = tabs.pop();
    if (tab && tab.browser !== b) tab = undefined;
    tab ??= await openTab(b);
    let ok = false;
    try {
      const send = (method: string, params: Record<string, unknown> = {}) => b.send(method, params, tab.sessionId);
      const metrics = JSON.stringify(view);
      if (tab.view !== metrics) {
        await send('Emulation.setDeviceMetricsOverride', { width: view.width, height: view.height, deviceScaleFactor: view.scale, mobile: false });
        tab.view = metrics;
      }
      await send('Page.setDocumentContent', { frameId: tab.frameId, html });
      const shot = await captureNudged(send);
      ok = true;
      return Buffer.from(String(shot.data), 'base64');
    } finally {
      // A tab that failed may be in any state: it is closed, not kept.
      if (ok && tab.browser.alive) {
        if (++tab.uses % STILLS_PER_COLLECT === 0) await b.send('HeapProfiler.collectGarbage', {}, tab.sessionId).catch(() => undefined);
        tabs.push(tab);
      }
      else await b.send('Target.closeTarget', { targetId: tab.targetId }).catch(() => undefined);
    }
  });
}

/** Stops the shared browser now, if no page is in use (a bench that counts its CPU). */
export function closeBrowser(): void {
  if (users > 0 || !shared) return;
  if (idle) clearTimeout(idle);
  shared.close();
  shared = undefined;
  tabs.length = 0;
}

process.once('exit', () => shared?.close());
