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
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

/** The page that shows just the picture, filling a `vw`×`vh` CSS viewport. */
export function stillPage(svg: string, vw: number, vh: number): string {
  const size = svgSize(svg) ?? { width: vw, height: vh };
  const rect = pictureRect(svg);
  let box: string;
  if (rect) {
    // Cover: the picture fills the viewport, centred, whatever small difference in aspect.
    const k = Math.max(vw / rect.width, vh / rect.height);
    const left = -rect.x * k + (vw - rect.width * k) / 2;
    const top = -rect.y * k + (vh - rect.height * k) / 2;
    box = `left:${left}px;top:${top}px;width:${size.width * k}px;height:${size.height * k}px`;
  } else {
    // Not a storyboard panel: the whole drawing, letterboxed.
    box = `left:0;top:0;width:${vw}px;height:${vh}px`;
  }
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`,
    '<style>html,body{margin:0;padding:0;overflow:hidden;background:#000}',
    `#f{position:absolute;${box}}#f>svg{width:100%;height:100%;display:block}`,
    '.camera-move,.name-tag{display:none}</style></head><body><div id="f">',
    svg.replace(/^<\?xml[^>]*>\s*/, ''),
    '</div></body></html>',
  ].join('');
}

/**
 * Width of the CSS viewport the still is laid out in at most; the device scale factor makes up the
 * rest. A smaller still is laid out at its own width: chromium computes the pencil filter at the
 * CSS size and only then scales down, so a 384-pixel still laid out at 1000 cost ~90 ms of
 * chromium CPU against ~32 ms at 384, for the same drawing (PSNR 28–41 dB on real frames, the
 * differences along the pencil's edges).
 */
const VIEWPORT_WIDTH = 1000;

/**
 * Renders the picture of `svg` as a PNG of about `width`×`height` pixels into `dir` and returns
 * its path. `dir` is a scratch folder the caller owns.
 */
export async function renderStill(svg: string, width: number, height: number, dir: string): Promise<string> {
  const vw = Math.max(1, Math.min(VIEWPORT_WIDTH, Math.round(width)));
  const vh = Math.max(1, Math.round((vw * height) / width));
  const png = join(dir, 'still.png');
  const html = stillPage(svg, vw, vh);
  const view = { width: vw, height: vh, scale: width / vw };
  if (!/<image\b|@font-face|@import/i.test(svg)) {
    await writeFile(png, await capturePage(html, view));
    return png;
  }
  // Embedded pictures or fonts may decode after the document is set (a small data: PNG is in time,
  // test/media/still.test.ts; a large one need not be): a page of its own, shot once loaded.
  const page = join(dir, 'still.html');
  await writeFile(page, html);
  const shot = await withPage(pathToFileURL(page).href, view, (send) => send('Page.captureScreenshot', { format: 'png' }));
  await writeFile(png, Buffer.from(String(shot.data), 'base64'));
  return png;
}
