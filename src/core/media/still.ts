/**
 * A storyboard frame as the still a clip moves over: the frame's picture (not its header and
 * caption), without the storyboard's notation for the move and names (the clip makes the move),
 * at the clip's aspect ratio and OVERSCAN times its size.
 *
 * Rendered by headless chromium, the browser the storyboard is drawn for: Debian's librsvg (in
 * ffmpeg and rsvg-convert) renders the same frames correctly but takes 5–20 s per frame at
 * 1080p on the frames' pencil filter (feTurbulence), chromium about one second (one browser
 * for the process, browser.ts); resvg (npm
 * @resvg/resvg-js 2.6.2) panics on the frames' feDisplacementMap. The page has a CSP that allows
 * no script and no network: a frame is production text and is shown, never run.
 */
import { rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeScratch } from '../scratch';
import { capturePage, withPage } from './browser';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function attr(tag: string, name: string): number | undefined {
  const m = new RegExp(`\\s${name}="([-\\d.]+)"`).exec(tag);
  const v = m ? Number(m[1]) : NaN;
  return Number.isFinite(v) ? v : undefined;
}

/** The outer size of an SVG document, from width/height or its viewBox. */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!tag) return undefined;
  const width = attr(tag, 'width');
  const height = attr(tag, 'height');
  if (width && height) return { width, height };
  const box = /viewBox="[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)"/.exec(tag);
  return box ? { width: Number(box[1]), height: Number(box[2]) } : undefined;
}

/** Where the picture is inside a storyboard frame (`<svg class="picture" x y width height>`). */
export function pictureRect(svg: string): Rect | undefined {
  const tag = /<svg\b[^>]*\bclass="picture"[^>]*>/.exec(svg)?.[0];
  if (!tag) return undefined;
  const [x, y, width, height] = ['x', 'y', 'width', 'height'].map((k) => attr(tag, k));
  if (x === undefined || y === undefined || !width || !height) return undefined;
  // Inside the ink line drawn over the picture's edge.
  const inset = Math.min(width, height) * 0.012;
  return { x: x + inset, y: y + inset, width: width - 2 * inset, height: height - 2 * inset };
}

/** Where a still is drawn on a page: its place and size, in CSS pixels. */
interface Cell {
  svg: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The style that places the picture of `svg` to fill a `vw`×`vh` box. */
function pictureBox(svg: string, vw: number, vh: number): string {
  const size = svgSize(svg) ?? { width: vw, height: vh };
  const rect = pictureRect(svg);
  if (!rect) return `left:0;top:0;width:${vw}px;height:${vh}px`; // Not a storyboard panel: the whole drawing, letterboxed.
  // Cover: the picture fills the box, centred, whatever small difference in aspect.
  const k = Math.max(vw / rect.width, vh / rect.height);
  const left = -rect.x * k + (vw - rect.width * k) / 2;
  const top = -rect.y * k + (vh - rect.height * k) / 2;
  return `left:${left}px;top:${top}px;width:${size.width * k}px;height:${size.height * k}px`;
}

/** A page of stills, each in its cell (a box that clips it, on black). */
function stillsPage(cells: readonly Cell[]): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`,
    '<style>html,body{margin:0;padding:0;overflow:hidden;background:#000}',
    '.c{position:absolute;overflow:hidden}.c>div{position:absolute}.c>div>svg{width:100%;height:100%;display:block}',
    '.camera-move,.name-tag{display:none}</style></head><body>',
    ...cells.map((c) => `<div class="c" style="left:${c.x}px;top:${c.y}px;width:${c.width}px;height:${c.height}px"><div style="${pictureBox(c.svg, c.width, c.height)}">${c.svg.replace(/^<\?xml[^>]*>\s*/, '')}</div></div>`),
    '</body></html>',
  ].join('');
}

/** The page that shows just the picture, filling a `vw`×`vh` CSS viewport. */
export function stillPage(svg: string, vw: number, vh: number): string {
  return stillsPage([{ svg, x: 0, y: 0, width: vw, height: vh }]);
}

/**
 * Width of the CSS viewport the still is laid out in at most; the device scale factor makes up the
 * rest. A smaller still is laid out at its own width: chromium computes the pencil filter at the
 * CSS size and only then scales down, so a 384-pixel still laid out at 1000 cost ~90 ms of
 * chromium CPU against ~32 ms at 384, for the same drawing (PSNR 28–41 dB on real frames, the
 * differences along the pencil's edges).
 */
const VIEWPORT_WIDTH = 1000;

/** What in a frame may decode after its document is set: embedded pictures and fonts. */
const DECODES_LATER = /<image\b|@font-face|@import/i;

/** A drawn still: a PNG, or a part of one that other stills share. */
export interface Still {
  file: string;
  /** Where the still is in `file`, in pixels, when the file is a sheet of stills; the whole file otherwise. */
  crop?: { x: number; y: number; width: number; height: number };
  /** Lets go of the file: a sheet is removed when the last of its stills let go of it. */
  release(): Promise<void>;
}

/**
 * Stills drawn together, on one page captured once: a capture costs chromium about 12 ms at a
 * clip's small sizes before any drawing (a new document's frame composited, read back and
 * encoded), about half of a 320x180 still's CPU. 192 stills at 320x180 cost 23 ms of chromium's
 * CPU each one a capture, 10–14 ms eight a capture. Stills queue while the sheets before them are
 * drawn or a little longer (HOLD_MS), and the next sheet takes what has queued.
 */
const MOST_PER_SHEET = 8;
/** A sheet's width at most: stills go left to right, in rows. */
const SHEET_WIDTH = 1600;
/** Sheets drawn at once: one a core, chromium's renderer processes (browser.ts). */
const SHEETS_AT_ONCE = Math.max(2, availableParallelism());

interface Asked {
  svg: string;
  width: number;
  height: number;
  /** The ids the SVG defines: two stills that share one cannot share a page (a reference finds the first). */
  ids: string[];
  dir: string;
  /** When it was asked for. */
  at: number;
  resolve: (still: Still) => void;
  reject: (error: unknown) => void;
}

const asked: Asked[] = [];
/** How many sheets held how many stills in this process (for the bench and tests). */
export const sheetCounts = { sheets: 0, stills: 0 };
let sheetsDrawing = 0;

/**
 * Whether a still may share a page: laid out at its own size (a sheet is drawn at one pixel a CSS
 * pixel), and nothing in it that reaches past its cell. A style element in an inline SVG styles
 * the whole page; pictures and fonts decode after the document is set (renderStill gives them a
 * page of their own, shot once loaded).
 */
function sharable(svg: string, width: number): boolean {
  return Math.round(width) <= VIEWPORT_WIDTH && !DECODES_LATER.test(svg) && !/<style\b/i.test(svg);
}

/** The stills of the next sheet, taken from the queue in order, placed in rows SHEET_WIDTH wide. */
function nextSheet(): { cells: Cell[]; stills: Asked[]; width: number; height: number } {
  const cells: Cell[] = [];
  const stills: Asked[] = [];
  const ids = new Set<string>();
  let x = 0;
  let y = 0;
  let row = 0;
  let width = 0;
  for (let i = 0; i < asked.length && stills.length < MOST_PER_SHEET; ) {
    const a = asked[i]!;
    if (a.ids.some((id) => ids.has(id))) {
      i++;
      continue;
    }
    if (x > 0 && x + a.width > SHEET_WIDTH) {
      y += row;
      x = 0;
      row = 0;
    }
    asked.splice(i, 1);
    for (const id of a.ids) ids.add(id);
    stills.push(a);
    cells.push({ svg: a.svg, x, y, width: a.width, height: a.height });
    x += a.width;
    row = Math.max(row, a.height);
    width = Math.max(width, x);
  }
  return { cells, stills, width, height: y + row };
}

/**
 * How long the first still of a sheet waits for others, at most. A run asks for stills as its clip
 * tasks start, a few milliseconds apart (each reads its context first): drawn as they came, 204
 * stills went on 60 sheets; held 30 ms, on 26, eight to a sheet but the first and last.
 */
const HOLD_MS = 30;
let holding: NodeJS.Timeout | undefined;

function drawSheets(): void {
  while (sheetsDrawing < SHEETS_AT_ONCE && asked.length) {
    const waited = Date.now() - asked[0]!.at;
    if (asked.length < MOST_PER_SHEET && waited < HOLD_MS) {
      holding ??= setTimeout(() => {
        holding = undefined;
        drawSheets();
      }, HOLD_MS - waited);
      return;
    }
    const sheet = nextSheet();
    sheetCounts.sheets++;
    sheetCounts.stills += sheet.stills.length;
    sheetsDrawing++;
    void drawSheet(sheet).finally(() => {
      sheetsDrawing--;
      drawSheets();
    });
  }
}

async function drawSheet({ cells, stills, width, height }: ReturnType<typeof nextSheet>): Promise<void> {
  let png: Buffer;
  try {
    png = await capturePage(stillsPage(cells), { width, height, scale: 1 });
  } catch (error) {
    if (stills.length === 1) stills[0]!.reject(error);
    // A sheet that failed is drawn again a still at a time, so an error is the still's that caused it.
    else await Promise.all(stills.map((s) => drawSheet({ cells: [{ svg: s.svg, x: 0, y: 0, width: s.width, height: s.height }], stills: [s], width: s.width, height: s.height })));
    return;
  }
  try {
    if (stills.length === 1) {
      const file = join(stills[0]!.dir, 'still.png');
      await writeFile(file, png);
      stills[0]!.resolve({ file, release: async () => undefined });
      return;
    }
    const dir = await makeScratch('sheet');
    const file = join(dir, 'sheet.png');
    await writeFile(file, png);
    let holders = stills.length;
    for (const [i, s] of stills.entries()) {
      const { x, y, width: w, height: h } = cells[i]!;
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        if (--holders === 0) await rm(dir, { recursive: true, force: true });
      };
      s.resolve({ file, crop: { x, y, width: w, height: h }, release });
    }
  } catch (error) {
    for (const s of stills) s.reject(error);
  }
}

/** The ids an SVG defines. */
function idsOf(svg: string): string[] {
  return [...svg.matchAll(/\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * Renders the picture of `svg` as a PNG of about `width`×`height` pixels and returns it: in `dir`
 * (a scratch folder the caller owns), or as a part of a sheet drawn with other stills asked for
 * meanwhile. The caller releases it when done with it.
 */
export async function renderStill(svg: string, width: number, height: number, dir: string): Promise<Still> {
  const vw = Math.max(1, Math.min(VIEWPORT_WIDTH, Math.round(width)));
  const vh = Math.max(1, Math.round((vw * height) / width));
  if (sharable(svg, width)) {
    return new Promise<Still>((resolve, reject) => {
      asked.push({ svg, width: vw, height: vh, ids: idsOf(svg), dir, at: Date.now(), resolve, reject });
      drawSheets();
    });
  }
  const png = join(dir, 'still.png');
  const html = stillPage(svg, vw, vh);
  const view = { width: vw, height: vh, scale: width / vw };
  if (!DECODES_LATER.test(svg)) {
    await writeFile(png, await capturePage(html, view));
    return { file: png, release: async () => undefined };
  }
  // Embedded pictures or fonts may decode after the document is set (a small data: PNG is in time,
  // test/media/still.test.ts; a large one need not be): a page of its own, shot once loaded.
  const page = join(dir, 'still.html');
  await writeFile(page, html);
  const shot = await withPage(pathToFileURL(page).href, view, (send) => send('Page.captureScreenshot', { format: 'png' }));
  await writeFile(png, Buffer.from(String(shot.data), 'base64'));
  return { file: png, release: async () => undefined };
}
