/**
 * A page printed to PDF by headless chromium (the shared browser, browser.ts), the browser the
 * storyboard is drawn for: no PDF library to keep, and the frames print as the storyboard draws
 * them (less the pencil's wobble, which the print page leaves off: export/storyboard-print.ts).
 * The page's own CSS sets the paper (`@page`).
 *
 * Printing is one renderer's work, on one core (still about 16 ms a frame, and what a renderer
 * holds grows with its pages). A long document is therefore printed in parts of a few pages, by a
 * printer a core (a tab, a renderer process) printing one part after another, and the parts are
 * joined by poppler's pdfunite: the same pages in the same order. Without pdfunite it is printed
 * whole, as before.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeScratch } from '../scratch';
import { withPage } from './browser';
import { findTool, runTool } from './tools';

/** Pages at least in a part: below that, a tab and a pdfunite cost more than they save. */
const PAGES_PER_PART = 4;

/**
 * Pages at most in a part: a printer's renderer holds the frames of the part it prints, and two parts
 * of 83 pages (1,000 shots) held over a gigabyte between them. 600 frames printed on 2 cores in
 * parts of 25 pages: 8.9–9.4 s, chromium at 846–886 MB; of 8 pages: 8.9–9.7 s, 658–662 MB; of 4
 * pages: 12.1–12.3 s, 596 MB. (A renderer started per part made 12 pages cost 1 s a part more.)
 */
const MOST_PAGES_PER_PART = 8;

/** How many parts a document of `pages` pages is printed in here: one per core at least, each of a few pages at least and 8 at most. */
export function printParts(pages: number): number {
  if (!findTool('pdfunite')) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(pages / PAGES_PER_PART)), Math.ceil(pages / MOST_PAGES_PER_PART));
}

/** Prints the page the tab shows to `dir/name.pdf`. */
async function printShown(send: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>, dir: string, name: string): Promise<string> {
  const printed = await send('Page.printToPDF', { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
  const pdf = join(dir, `${name}.pdf`);
  await writeFile(pdf, Buffer.from(String(printed.data), 'base64'));
  return pdf;
}

/** Prints `html` and returns the PDF's bytes. */
export function printPdf(html: string): Promise<Uint8Array> {
  return printPdfParts([html]);
}

/**
 * Prints the documents of `parts`, a printer a core, and returns one PDF of all their pages, in
 * order. A part is its HTML, or a function that makes it when it is printed (and not before).
 */
export async function printPdfParts(parts: readonly (string | (() => string))[]): Promise<Uint8Array> {
  if (parts.length === 0) throw new Error('nothing to print');
  const dir = await makeScratch('pdf');
  try {
    const pdfs: string[] = [];
    let next = 0;
    const page = async (i: number) => {
      const file = join(dir, `part-${i}.html`);
      const part = parts[i]!;
      await writeFile(file, typeof part === 'string' ? part : part());
      return pathToFileURL(file).href;
    };
    // A printer a core, each printing parts in turn in one tab: the next part replaces the last
    // in the same renderer, which had let go of the last part's pages (collected), and no renderer
    // is started per part.
    const printer = async () => {
      let i = next++;
      if (i >= parts.length) return;
      await withPage(await page(i), { width: 1123, height: 794, scale: 1 }, async (send, open) => {
        for (;;) {
          pdfs[i] = await printShown(send, dir, `part-${i}`);
          i = next++;
          if (i >= parts.length) return;
          // The part is made as it is claimed, so parts are made in order whichever printer is
          // quicker; its file is written while the renderer collects the last one's pages.
          const [url] = await Promise.all([page(i), send('HeapProfiler.collectGarbage').catch(() => undefined)]);
          await open(url);
        }
      });
    };
    await Promise.all(Array.from({ length: Math.min(parts.length, availableParallelism()) }, printer));
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
