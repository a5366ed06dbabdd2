/**
 * A page printed to PDF by headless chromium (the shared browser, browser.ts), the browser the
 * storyboard is drawn for: no PDF library to keep, and the frames print as the storyboard shows
 * them. The page's own CSS sets the paper (`@page`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withPage } from './browser';

/** Prints `html` and returns the PDF's bytes. */
export async function printPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'filmcrew-pdf-'));
  try {
    const page = join(dir, 'page.html');
    await writeFile(page, html);
    const printed = await withPage(pathToFileURL(page).href, { width: 1123, height: 794, scale: 1 }, (send) =>
      send('Page.printToPDF', { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false }),
    );
    return new Uint8Array(Buffer.from(String(printed.data), 'base64'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
