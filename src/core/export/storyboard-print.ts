/**
 * The storyboard as a printable page (for `edit/storyboard.pdf`): six frames to a landscape A4
 * page, three across and two down, in cut order, each with a caption — shot id, size, move,
 * length, the transition out — and its dialogue. Frames are the storyboard's own SVG; every
 * caption is escaped text. The page allows no script and no network (its CSP), since frames and
 * captions are production text.
 */
import type { Cut } from './cut';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const FRAMES_PER_PAGE = 6;

/**
 * The print page in `parts` documents of whole pages, in cut order (to print at once: media/pdf.ts);
 * fewer when the cut has fewer pages. Each part is made when it is asked for: a printer writes it
 * out and lets it go, so a long storyboard's print pages (44 MB at 2,000 shots) are never all held.
 */
export function storyboardPrintParts(cut: Cut, frames: FrameTexts, sizes: ReadonlyMap<string, { size?: string; move?: string }>, parts: number): (() => string)[] {
  const pages = Math.max(1, Math.ceil(cut.shots.length / FRAMES_PER_PAGE));
  const perPart = Math.ceil(pages / Math.max(1, Math.min(parts, pages))) * FRAMES_PER_PAGE;
  const out: (() => string)[] = [];
  for (let i = 0; i === 0 || i < cut.shots.length; i += perPart) {
    const shots = cut.shots.slice(i, i + perPart);
    out.push(() => storyboardPrintPage({ ...cut, shots }, frames, sizes));
  }
  return out;
}

/** A frame's SVG text by its path (a Map, or a lookup that reads it when asked). */
export interface FrameTexts {
  get(frame: string): string | undefined;
}

/** The print page; `frames` maps a frame path to its SVG text (a frame without one prints as a blank panel). */
export function storyboardPrintPage(cut: Cut, frames: FrameTexts, sizes: ReadonlyMap<string, { size?: string; move?: string }>): string {
  const cells = cut.shots.map((s) => {
    const svg = frames.get(s.frame);
    const meta = sizes.get(s.id);
    const seconds = (s.frames / cut.fps).toFixed(1);
    const caption = [s.id, meta?.size, meta?.move, `${seconds}s`, s.transition ? s.transition.text : ''].filter(Boolean).join(' · ');
    const dialogue = s.dialogue.map((d) => `${d.character.toUpperCase()}: ${d.line}`).join('  ');
    return (
      `<figure>${svg ? `<div class="frame">${svg.replace(/^<\?xml[^>]*>\s*/, '')}</div>` : '<div class="frame blank">no frame</div>'}` +
      `<figcaption><b>${esc(caption)}</b>${dialogue ? `<br><i>${esc(dialogue)}</i>` : ''}</figcaption></figure>`
    );
  });
  const pages: string[] = [];
  for (let i = 0; i < cells.length; i += FRAMES_PER_PAGE) pages.push(`<section>${cells.slice(i, i + FRAMES_PER_PAGE).join('')}</section>`);
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">`,
    `<title>${esc(cut.title)} — storyboard</title>`,
    '<style>',
    '@page{size:A4 landscape;margin:10mm}',
    'body{margin:0;font:9pt "DejaVu Sans",sans-serif;color:#222}',
    'section{display:grid;grid-template-columns:repeat(3,1fr);grid-template-rows:repeat(2,1fr);gap:5mm;height:186mm;page-break-after:always;break-after:page}',
    'section:last-child{page-break-after:auto;break-after:auto}',
    'figure{margin:0;display:flex;flex-direction:column;min-height:0}',
    '.frame{flex:1;min-height:0;display:flex;align-items:flex-end;justify-content:center}',
    '.frame svg{max-width:100%;max-height:100%;width:auto;height:auto}',
    // The pencil's wobble (feTurbulence, a line moved 1.7 of the frame's 960 units) is off on paper:
    // at print size it is under a dot and invisible, and chromium rasterizes a filtered group for
    // print at 300 dpi: seven times the CPU per frame (111 ms, not 16) and a 67 MB PDF at 1,000
    // shots. The lines print as vectors instead. A CSS rule outranks the filter attribute.
    '.frame g[filter$="-pencil)"]{filter:none}',
    '.blank{border:1px dashed #999;color:#999}',
    'figcaption{padding-top:1.5mm;line-height:1.3}',
    '</style></head><body>',
    ...pages,
    '</body></html>',
  ].join('');
}
