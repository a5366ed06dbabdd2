import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cut } from '../../src/core/export/cut';
import { FRAMES_PER_PAGE, storyboardPrintPage, storyboardPrintParts } from '../../src/core/export/storyboard-print';
import { printParts, printPdfParts } from '../../src/core/media/pdf';
import { tempDir } from '../support/fixtures';

const FRAMES = join(__dirname, '..', 'fixtures', 'frames');

/** A cut of `n` shots over the fixture frames, each shot's id in its caption. */
function cutOf(n: number): { cut: Cut; frames: Map<string, string> } {
  const files = readdirSync(FRAMES).filter((f) => f.endsWith('.svg')).sort();
  const frames = new Map(files.map((f) => [`media/frames/${f}`, readFileSync(join(FRAMES, f), 'utf8')]));
  const shots = Array.from({ length: n }, (_, i) => ({ id: `shot-${String(i + 1).padStart(3, '0')}`, scene: 's01', order: i, frames: 48, start: i * 48, media: '', standIn: false, frame: `media/frames/${files[i % files.length]}`, dialogue: [] }));
  return { cut: { title: 'Parts', fps: 24, shots, totalFrames: n * 48 } as unknown as Cut, frames };
}

/** Each page of a PDF drawn at 20 dpi as RGB bytes (poppler's pdftoppm), and its text. */
function pages(pdf: Uint8Array, dir: string, name: string): { pictures: Buffer[]; text: string } {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', '20', file, join(dir, name)]);
  const pictures = readdirSync(dir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.ppm')).sort().map((f) => readFileSync(join(dir, f)));
  return { pictures, text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }) };
}

describe('the storyboard PDF printed in parts', function () {
  this.timeout(120_000);

  it('splits the print page at whole pages, in cut order, never into more parts than pages', () => {
    const { cut, frames } = cutOf(5 * FRAMES_PER_PAGE + 2);
    const parts = storyboardPrintParts(cut, frames, new Map(), 2).map((part) => part());
    assert.equal(parts.length, 2);
    const sections = parts.map((p) => p.match(/<section>/g)?.length);
    assert.deepEqual(sections, [3, 3], 'six pages: three and three');
    assert.ok(parts[0]!.includes('shot-018') && !parts[0]!.includes('shot-019') && parts[1]!.includes('shot-019'), 'the first part ends with the third page');
    assert.equal(storyboardPrintParts(cutOf(4).cut, frames, new Map(), 2).length, 1, 'one page is one part');
    assert.equal(storyboardPrintParts(cutOf(4).cut, frames, new Map(), 2)[0]!(), storyboardPrintPage(cutOf(4).cut, frames, new Map()));
  });

  it('prints parts at once, more parts than cores in turn in the same tabs, and joins them into the pages the whole document prints, in order', async () => {
    const dir = tempDir();
    const { cut, frames } = cutOf(5 * FRAMES_PER_PAGE);
    const whole = pages(await printPdfParts([storyboardPrintPage(cut, frames, new Map())]), dir, 'whole');
    // Each part is made once, when a printer takes it, in order.
    const made: number[] = [];
    const parts = storyboardPrintParts(cut, frames, new Map(), 5).map((part, i) => () => (made.push(i), part()));
    const joined = pages(await printPdfParts(parts), dir, 'joined');
    assert.deepEqual(made, [0, 1, 2, 3, 4]);
    assert.equal(whole.pictures.length, 5);
    assert.equal(joined.pictures.length, 5);
    for (let i = 0; i < 5; i++) assert.ok(whole.pictures[i]!.equals(joined.pictures[i]!), `page ${i + 1} looks the same`);
    const order = (text: string) => text.match(/shot-\d{3}/g);
    assert.deepEqual(order(joined.text), order(whole.text));
    assert.equal(order(joined.text)?.length, 5 * FRAMES_PER_PAGE);
  });

  it('prints a long storyboard in one part per core at least and 8 pages a part at most, a short one whole', () => {
    assert.equal(printParts(1), 1);
    assert.equal(printParts(3), 1);
    assert.equal(printParts(8 * availableParallelism()), availableParallelism(), 'pdfunite is installed (scripts/media-tools.sh)');
    assert.equal(printParts(334), Math.max(availableParallelism(), 42), 'a 2,000-shot storyboard in parts of 8 pages at most');
  });

  it("prints the pencil's lines as vectors: no more pictures in the PDF than frames drawn without the pencil", async () => {
    const { cut, frames } = cutOf(FRAMES_PER_PAGE);
    const images = (pdf: Uint8Array) => (Buffer.from(pdf).toString('latin1').match(/\/Subtype\s*\/Image/g) ?? []).length;
    const pencilled = [...frames.values()].filter((svg) => /filter="url\(#[^)]*-pencil\)"/.test(svg)).length;
    assert.ok(pencilled >= 3, 'the fixture frames are drawn in pencil');
    const withPencil = await printPdfParts([storyboardPrintPage(cut, frames, new Map())]);
    const bare = new Map([...frames].map(([k, svg]) => [k, svg.replace(/ filter="url\(#[^)]*-pencil\)"/g, '')]));
    const withoutPencil = await printPdfParts([storyboardPrintPage(cut, bare, new Map())]);
    assert.equal(images(withPencil), images(withoutPencil), 'the pencil adds no raster picture to the page');
    assert.ok(withPencil.length < withoutPencil.length * 1.2, `${withPencil.length} bytes against ${withoutPencil.length}`);
  });
});
