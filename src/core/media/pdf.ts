/**
 * A page printed to PDF by headless chromium (`--print-to-pdf`), the browser the storyboard is
 * drawn for: no PDF library to keep, and the frames print as the storyboard shows them.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireTool, runTool } from './tools';

/** Prints `html` and returns the PDF's bytes. */
export async function printPdf(html: string, signal?: AbortSignal): Promise<Uint8Array> {
  const chromium = requireTool('chromium', 'The PDF storyboard');
  const dir = await mkdtemp(join(tmpdir(), 'filmcrew-pdf-'));
  try {
    const page = join(dir, 'page.html');
    const out = join(dir, 'page.pdf');
    await mkdir(join(dir, 'profile'));
    await writeFile(page, html);
    await runTool(
      chromium,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`, pathToFileURL(page).href],
      { signal },
    );
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
