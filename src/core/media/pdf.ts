/**
 * A page printed to PDF by headless chromium (the shared browser, browser.ts), the browser the
 * storyboard is drawn for: no PDF library to keep, and the frames print as the storyboard draws
 * them (less the pencil's wobble, which the print page leaves off: export/storyboard-print.ts).
 * The page's own CSS sets the paper (`@page`).
 *
 * Printing is one renderer's work, on one core (still about 16 ms a frame, and what a renderer
 * holds grows with its pages). A long document is therefore printed in parts, each in a tab of its
 * own (a renderer process each), one a core at once, and the parts are joined by poppler's
 * pdfunite: the same pages in the same order. Without pdfunite it is printed whole, as before.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pLimit from 'p-limit';
import { withPage } from './browser';
import { findTool, runTool } from './tools';

/** Pages at least in a part: below that, a tab and a pdfunite cost more than they save. */
const PAGES_PER_PART = 4;

/**
 * Pages at most in a part: a part's renderer holds all its frames, and two parts of 83 pages (1,000
 * shots) held over a gigabyte between them. Parts beyond one a core wait their turn.
 */
const MOST_PAGES_PER_PART = 25;

/** How many parts a document of `pages` pages is printed in here: one per core at least, each of a few pages at least and 25 at most. */
export function printParts(pages: number): number {
  if (!findTool('pdfunite')) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(pages / PAGES_PER_PART)), Math.ceil(pages / MOST_PAGES_PER_PART));
}

async function printTo(html: string, dir: string, name: string): Promise<string> {
  const page = join(dir, `${name}.html`);
  await writeFile(page, html);
  const printed = await withPage(pathToFileURL(page).href, { width: 1123, height: 794, scale: 1 }, (send) =>
    send('Page.printToPDF', { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false }),
  );
  const pdf = join(dir, `${name}.pdf`);
  await writeFile(pdf, Buffer.from(String(printed.data), 'base64'));
  return pdf;
}

/** Prints `html` and returns the PDF's bytes. */
export function printPdf(html: string): Promise<Uint8Array> {
  return printPdfParts([html]);
}

/** Prints each document of `parts` at once and returns one PDF of all their pages, in order. */
export async function printPdfParts(parts: readonly string[]): Promise<Uint8Array> {
  if (parts.length === 0) throw new Error('nothing to print');
  const dir = await mkdtemp(join(tmpdir(), 'filmcrew-pdf-'));
  try {
    const turns = pLimit(availableParallelism());
    const pdfs = await Promise.all(parts.map((html, i) => turns(() => printTo(html, dir, `part-${i}`))));
    if (pdfs.length === 1) return new Uint8Array(await readFile(pdfs[0]!));
    const pdfunite = findTool('pdfunite');
    if (!pdfunite) throw new Error('joining a PDF printed in parts needs pdfunite (Debian package poppler-utils)');
    const out = join(dir, 'joined.pdf');
    await runTool(pdfunite, [...pdfs, out]);
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
