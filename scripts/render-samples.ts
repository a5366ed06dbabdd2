/**
 * Renders sample storyboard frames, option cards and the animatic to PNG with Debian's chromium,
 * so a person (or an engineer) can look at what the offline crew draws. Writes test/artifacts/.
 *   npx tsx scripts/render-samples.ts [frames|cards|animatic]...
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { drawFrame, type FrameInput } from '../src/core/crew/storyboard/frame';
import { drawOptionCard, type OptionCardInput } from '../src/core/crew/cards/option-card';

const out = join(__dirname, '..', 'test', 'artifacts');
mkdirSync(out, { recursive: true });
const want = new Set(process.argv.slice(2));
const all = want.size === 0;

const lamp: Partial<FrameInput> = { scene: 's01', location: 'LIGHTHOUSE - LAMP ROOM', interior: true, time: 'NIGHT', aspect: '16:9' };
const beach: Partial<FrameInput> = { scene: 's02', location: 'ROCKY BEACH', interior: false, time: 'NIGHT', aspect: '16:9' };

export const SAMPLE_FRAMES: FrameInput[] = [
  { ...lamp, shot: 's01-001', size: 'WS', angle: 'eye level', movement: 'static', duration: 4, characters: ['MARA'], props: ['LANTERN'], action: 'Wind hammers the glass. MARA trims the wick of an old brass LANTERN beside the great dark lens.' },
  { ...lamp, shot: 's01-002', size: 'CU', movement: 'push in', duration: 3, characters: ['MARA'], props: ['LANTERN'], action: 'She strikes a match. The LANTERN flares amber across her face.', dialogue: [{ character: 'MARA', line: 'One more night, old friend.' }] },
  { ...lamp, shot: 's01-005', size: 'OTS', movement: 'static', duration: 3.5, characters: ['JONAH', 'MARA'], action: 'Jonah, out of breath.', dialogue: [{ character: 'JONAH', line: "They switch on the new beacon at midnight. You don't have to stay." }] },
  { ...lamp, shot: 's01-004', size: 'MS', movement: 'pan left', duration: 3, characters: ['JONAH', 'MARA'], action: 'JONAH climbs into the room, out of breath, clipboard under his arm.' },
  { ...beach, shot: 's02-001', size: 'EWS', movement: 'track right', duration: 5, characters: ['MARA'], props: ['LANTERN'], action: 'Rain. The lighthouse stands black against the sky. Mara walks the shoreline, LANTERN held high, searching the surf.' },
  { ...beach, shot: 's02-003', size: 'POV', movement: 'tilt up', duration: 3, characters: ['MARA'], action: 'Out on the water, a faint red light blinks and vanishes.' },
  { ...lamp, scene: 's03', shot: 's03-002', size: 'INSERT', movement: 'pull out', duration: 2.5, props: ['LANTERN'], action: 'Mara sets the LANTERN in the great lens.' },
  { ...lamp, scene: 's03', shot: 's03-003', size: 'ECU', movement: 'static', duration: 2, characters: ['MARA'], action: 'Her eyes, lit by the small flame.', dialogue: [{ character: 'MARA', line: "It's enough." }] },
  { ...beach, shot: 's02-004', size: 'MCU', angle: 'low', movement: 'handheld', duration: 3, aspect: '2.39:1', characters: ['MARA'], action: 'She turns to the sea.', dialogue: [{ character: 'MARA', line: 'It is. It always does.' }] },
  { ...beach, shot: 's02-005', size: 'WS', angle: 'high', movement: 'crane up', duration: 4, aspect: '9:16', time: 'DAY', characters: ['MARA', 'JONAH'], action: 'Two figures on the rocks.' },
];

const cards = (kind: OptionCardInput['kind'], asset: string, name: string, extra: Partial<OptionCardInput> = {}): OptionCardInput[] =>
  [0, 1, 2, 3].map((i) => ({ kind, asset, name, option: String.fromCharCode(97 + i), index: i, label: `${name} — look ${i + 1}`, prompt: `${name}, option ${i + 1}: cold blue night, warm amber practicals, 1970s Scottish coast, film grain, muted palette, deep shadows.`, ...extra }));

function sheet(images: string[], columns: number, width: number): string {
  const cells = images.map((svg) => `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" style="width:100%;display:block">`).join('');
  return `<!doctype html><html><body style="margin:0;background:#888;display:grid;grid-template-columns:repeat(${columns},1fr);gap:8px;padding:8px;width:${width}px;align-items:start">${cells}</body></html>`;
}

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const shoot = async (html: string, file: string) => {
      await page.setContent(html);
      await page.waitForLoadState('load');
      await page.screenshot({ path: join(out, file), fullPage: true });
      console.log(join(out, file));
    };
    if (all || want.has('frames')) {
      for (const f of SAMPLE_FRAMES) writeFileSync(join(out, `${f.shot}-${f.size}.svg`), drawFrame(f));
      const svgs = SAMPLE_FRAMES.map(drawFrame);
      await shoot(sheet(svgs.slice(0, 4), 2, 1400), 'frames-1.png');
      await shoot(sheet(svgs.slice(4, 8), 2, 1400), 'frames-2.png');
      await shoot(sheet(svgs.slice(8), 2, 1400), 'frames-3.png');
    }
    if (all || want.has('example') || want.has('animatic')) {
      // The example production through breakdown, storyboard and edit, as the offline crew does it.
      const { runRole } = await import('../test/crew/harness');
      const { directorsAssistant } = await import('../src/core/crew/breakdown/role');
      const { storyboardArtist } = await import('../src/core/crew/storyboard/role');
      const { editor } = await import('../src/core/crew/editor');
      const dir = join(mkdtempSync(join(tmpdir(), 'filmcrew-samples-')), 'lighthouse');
      cpSync(join(__dirname, '..', 'examples', 'lighthouse'), dir, { recursive: true });
      const t0 = performance.now();
      await runRole(dir, directorsAssistant);
      await runRole(dir, storyboardArtist);
      await runRole(dir, editor);
      console.log(`breakdown + storyboard + edit offline: ${Math.round(performance.now() - t0)} ms (${dir})`);
      const frames = readdirSync(join(dir, 'media/frames')).sort().map((f) => readFileSync(join(dir, 'media/frames', f), 'utf8'));
      for (let i = 0; i < frames.length; i += 6) await shoot(sheet(frames.slice(i, i + 6), 3, 1400), `example-frames-${i / 6 + 1}.png`);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(`${pathToFileURL(join(dir, 'edit/animatic.html')).href}`);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.screenshot({ path: join(out, 'animatic-1.png') });
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await page.screenshot({ path: join(out, 'animatic-2.png') });
      console.log(join(out, 'animatic-1.png'));
      await page.setViewportSize({ width: 1400, height: 900 });
    }
    if (all || want.has('cards') || want.has('locations')) {
      // The example's two locations as the offline production designer draws them (the sheet's
      // own options, hours and weather), four cards each.
      const { runRole } = await import('../test/crew/harness');
      const { directorsAssistant } = await import('../src/core/crew/breakdown/role');
      const { productionDesign } = await import('../src/core/crew/assets/production-design');
      const dir = join(mkdtempSync(join(tmpdir(), 'filmcrew-samples-')), 'lighthouse');
      cpSync(join(__dirname, '..', 'examples', 'lighthouse'), dir, { recursive: true });
      await runRole(dir, directorsAssistant);
      await runRole(dir, productionDesign);
      const folder = join(dir, 'media/options/locations');
      for (const id of ['lighthouse-lamp-room', 'rocky-beach']) {
        const files = readdirSync(folder).filter((f) => f.startsWith(`${id}-`) && f.endsWith('.svg')).sort();
        await shoot(sheet(files.map((f) => readFileSync(join(folder, f), 'utf8')), 4, 1400), `example-location-${id}.png`);
      }
    }
    if (all || want.has('cards')) {
      await shoot(sheet(cards('character', 'mara', 'MARA', { description: 'MARA (60s, weathered oilskin, silver braid)' }).map(drawOptionCard), 4, 1400), 'cards-character.png');
      await shoot(sheet(cards('location', 'lighthouse-lamp-room', 'LIGHTHOUSE - LAMP ROOM', { interior: true, time: 'NIGHT' }).map(drawOptionCard), 4, 1400), 'cards-location.png');
      await shoot(sheet(cards('location', 'rocky-beach', 'ROCKY BEACH', { interior: false, time: 'NIGHT' }).map(drawOptionCard), 4, 1400), 'cards-location-ext.png');
      // Places written for DAY: the offline designer's four hours (day, blue hour, night, pre-dawn).
      const { proposeSheet } = await import('../src/core/crew/assets/offline');
      const { timeOfOption } = await import('../src/core/crew/assets/sheet');
      const written = (id: string, name: string, interior: boolean): OptionCardInput[] => {
        const s = proposeSheet({ kind: 'location', id, name, title: 'Sample', style: '1970s Scottish coast', options: 4, facts: { scenes: ['s01'], mentions: [], interior, timesOfDay: ['DAY'] } });
        return s.options.map((o, index) => ({ kind: 'location', asset: id, name, option: o.id, index, label: o.label, prompt: o.prompt, interior, time: timeOfOption(o.label) ?? timeOfOption(o.prompt) ?? 'DAY' }));
      };
      await shoot(sheet([...written('harbour', 'HARBOUR', false), ...written('kitchen', 'COTTAGE KITCHEN', true)].map(drawOptionCard), 4, 1400), 'cards-location-day.png');
      await shoot(sheet([...cards('costume', 'mara', 'MARA'), ...cards('prop', 'lantern', 'LANTERN')].map(drawOptionCard), 4, 1400), 'cards-costume-prop.png');
    }
  } finally {
    await browser.close();
  }
}

void main();
