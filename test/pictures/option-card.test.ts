import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { drawOptionCard, isOptionCardInput, type OptionCardInput } from '../../src/core/crew/cards/option-card';
import { launch } from '../export/browser';
import { elements, onlyKnownEntities, root, texts, withAttr } from './svg';
import { proposeSheet } from '../../src/core/crew/assets/offline';
import { timeOfOption } from '../../src/core/crew/assets/sheet';

/** Relative luminance (0 black – 1 white) of a #rrggbb fill. */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  assert.ok(m, `not a #rrggbb colour: ${hex}`);
  return (0.2126 * parseInt(m[1]!, 16) + 0.7152 * parseInt(m[2]!, 16) + 0.0722 * parseInt(m[3]!, 16)) / 255;
}

/** The rocky beach's four options as the offline production designer writes them and the sheet passes them on. */
function beachOptions(interior: boolean, asset: string, name: string): OptionCardInput[] {
  const sheet = proposeSheet({
    kind: 'location',
    id: asset,
    name,
    title: 'The Last Light',
    style: 'Cold blue night exteriors against warm amber practicals, 1970s Scottish coast.',
    options: 4,
    facts: { scenes: ['s02'], mentions: [{ scene: 's02', line: 37, text: 'Rain. The lighthouse stands black against the sky.' }], headings: [`EXT. ${name} - NIGHT`], interior, timesOfDay: ['NIGHT'] },
  });
  return sheet.options.map((o, index) => ({ kind: 'location', asset, name, option: o.id, index, label: o.label, prompt: o.prompt, description: sheet.description, interior, time: timeOfOption(o.label) ?? timeOfOption(o.prompt) ?? 'NIGHT' }));
}

/** The rain strokes of a card: one `M` per streak. */
function rainStrokes(svg: string): number {
  return withAttr(svg, 'path', 'data-rain', 'true').reduce((sum, p) => sum + (p.d?.match(/M/g)?.length ?? 0), 0);
}

/** Greys of a card's sketch box (not its text), every `step`-th pixel, as chromium draws each SVG. */
async function sketchGreys(browser: Browser, svgs: string[], step: number): Promise<number[][]> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ([cards, every]) => {
        const out: number[][] = [];
        for (const svg of cards) {
          const img = new Image();
          img.src = 'data:image/svg+xml;base64,' + btoa(unescape(encodeURIComponent(svg)));
          await img.decode();
          const c = document.createElement('canvas');
          c.width = 480;
          c.height = 680;
          const g = c.getContext('2d')!;
          g.drawImage(img, 0, 0);
          const d = g.getImageData(20, 64, 440, 370).data;
          const grey: number[] = [];
          for (let i = 0; i < d.length; i += 4 * every) grey.push((d[i]! + d[i + 1]! + d[i + 2]!) / 3);
          out.push(grey);
        }
        return out;
      },
      [svgs, step] as const,
    );
  } finally {
    await page.close();
  }
}

const four = (kind: OptionCardInput['kind'], asset: string, name: string, extra: Partial<OptionCardInput> = {}): OptionCardInput[] =>
  [0, 1, 2, 3].map((index) => ({ kind, asset, name, option: String.fromCharCode(97 + index), index, label: `Look ${index + 1}`, prompt: `${name} as look ${index + 1}, cold night, 1970s coast.`, ...extra }));

describe('an option card', function () {
  this.timeout(60000);
  let browser: Browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('says what it is: kind, name, option id, label, the prompt, and that it is an offline sketch', () => {
    const svg = drawOptionCard({ kind: 'character', asset: 'mara', name: 'MARA', option: 'b', index: 1, label: 'Harbour widow', prompt: 'A weathered woman in her sixties with a silver braid and an oilskin, standing in the rain by the lamp.' });
    const t = texts(svg);
    assert.ok(t.includes('CHARACTER · MARA'), t.join('|'));
    assert.ok(t.includes('OPTION B'));
    assert.ok(t.includes('Harbour widow'));
    assert.ok(t.includes('OFFLINE SKETCH'));
    const prompt = t.filter((x) => /weathered|sixties|oilskin|lamp/.test(x));
    assert.ok(prompt.length >= 2, 'the prompt is wrapped over several lines');
    assert.equal(root(svg)['data-offline'], 'true');
  });

  for (const [kind, asset, name, extra] of [
    ['character', 'mara', 'MARA', { description: '60s, weathered oilskin, silver braid' }],
    ['costume', 'mara', 'MARA', {}],
    ['location', 'lighthouse-lamp-room', 'LIGHTHOUSE - LAMP ROOM', { interior: true, time: 'NIGHT' }],
    ['location', 'rocky-beach', 'ROCKY BEACH', { interior: false, time: 'NIGHT' }],
    ['prop', 'lantern', 'LANTERN', {}],
  ] as const) {
    it(`draws four visibly different ${kind} options of ${name}`, async () => {
      const cards = four(kind, asset, name, extra).map(drawOptionCard);
      // Pixels of the sketch box only (the text differs anyway): every pair differs clearly.
      const pixels = await sketchGreys(browser, cards, 4);
      for (let a = 0; a < 4; a++) {
        for (let b = a + 1; b < 4; b++) {
          let changed = 0;
          for (let i = 0; i < pixels[a]!.length; i++) if (Math.abs(pixels[a]![i]! - pixels[b]![i]!) > 24) changed++;
          const share = changed / pixels[a]!.length;
          assert.ok(share > 0.04, `${kind} options ${a} and ${b} differ in only ${(share * 100).toFixed(1)}% of the sketch`);
        }
      }
    });
  }

  it('draws a location option at the hour it asks for, whatever its position among the four', () => {
    const base = { kind: 'location', asset: 'rocky-beach', name: 'ROCKY BEACH', interior: false, label: 'deep night under a low moon · fog', prompt: 'Rocky Beach. Deep night under a low moon; fog rolling in.' } as const;
    for (const index of [0, 1, 2, 3]) {
      const svg = drawOptionCard({ ...base, option: 'c', index, time: 'NIGHT' });
      const [sky] = withAttr(svg, 'rect', 'data-sky');
      assert.equal(sky?.['data-sky'], 'night', `option at index ${index} is not drawn at night`);
      assert.ok(luminance(sky!.fill!) < 0.15, `night sky ${sky!.fill} is not dark`);
      assert.equal(withAttr(svg, 'circle', 'data-moon', 'low').length, 1, 'the low moon is missing');
    }
    const day = drawOptionCard({ ...base, option: 'd', index: 2, label: 'late afternoon · clear', prompt: 'Rocky Beach. Late afternoon, low sun; still and clear.', time: 'DAY' });
    const [daySky] = withAttr(day, 'rect', 'data-sky');
    assert.equal(daySky?.['data-sky'], 'day');
    assert.ok(luminance(daySky!.fill!) > 0.7, `day sky ${daySky!.fill} is not light`);
    assert.equal(rainStrokes(day), 0, 'a clear option has rain');
    assert.equal(withAttr(day, 'rect', 'data-fog').length, 0, 'a clear option has fog');
  });

  it('tells dawn from dusk: the sun rises on one side and sets on the other, under different skies', () => {
    const card = (time: string) => drawOptionCard({ kind: 'location', asset: 'rocky-beach', name: 'ROCKY BEACH', option: 'a', index: 0, interior: false, prompt: 'Rocky Beach.', time });
    const dawn = card('DAWN');
    const dusk = card('DUSK');
    assert.equal(withAttr(dawn, 'circle', 'data-sun', 'rising').length, 1);
    assert.equal(withAttr(dusk, 'circle', 'data-sun', 'setting').length, 1);
    const x = (svg: string) => Number(elements(svg, 'circle').find((c) => c['data-sun'])!.cx);
    assert.ok(x(dawn) < x(dusk), 'dawn and dusk suns stand in the same place');
    assert.notEqual(withAttr(dawn, 'rect', 'data-sky')[0]!.fill, withAttr(dusk, 'rect', 'data-sky')[0]!.fill);
  });

  it('draws rain streaks and fog bands where an option says so, and not where it does not', () => {
    const cards = beachOptions(false, 'rocky-beach', 'ROCKY BEACH').map((c) => ({ card: c, svg: drawOptionCard(c) }));
    for (const { card, svg } of cards) {
      const rain = /rain|squall/i.test(card.label!);
      const fog = /fog/i.test(card.label!);
      if (rain) assert.ok(rainStrokes(svg) >= 100, `${card.label}: only ${rainStrokes(svg)} rain strokes`);
      else assert.equal(rainStrokes(svg), 0, `${card.label}: rain nobody asked for`);
      if (fog) assert.ok(withAttr(svg, 'rect', 'data-fog', 'band').length >= 3, `${card.label}: no fog bands`);
      else assert.equal(withAttr(svg, 'rect', 'data-fog').length, 0, `${card.label}: fog nobody asked for`);
    }
    // The example's options: the hours they name, and four conditions of the place.
    const hours = cards.map(({ svg }) => elements(svg, 'g').find((g) => g['data-hour'])!['data-hour']);
    assert.deepEqual(hours, ['night', 'dusk', 'night', 'dawn']);
    const designs = cards.map(({ svg }) => elements(svg, 'g').find((g) => g['data-hour'])!['data-design']);
    assert.deepEqual(designs, ['kept', 'worn', 'stripped', 'tended']);
  });

  it('puts an interior\'s rain on the window glass, not in the room', () => {
    const [night] = beachOptions(true, 'lighthouse-lamp-room', 'LIGHTHOUSE - LAMP ROOM');
    const svg = drawOptionCard(night!);
    assert.ok(rainStrokes(svg) > 0);
    assert.match(svg, /<clipPath id="[^"]+-glass"><rect /);
    assert.match(svg, /<g clip-path="url\(#[^"]+-glass\)"><path [^>]*data-rain="true"/);
    assert.ok(withAttr(svg, 'rect', 'data-pane', 'night').length >= 3, 'the panes do not show the night');
  });

  it('draws the same location option to the same bytes', () => {
    const [a, b] = [0, 0].map(() => beachOptions(false, 'rocky-beach', 'ROCKY BEACH').map(drawOptionCard).join('\n'));
    assert.equal(a, b);
  });

  it('renders a night option darker than a day option of the same place', async () => {
    const base = { kind: 'location', asset: 'rocky-beach', name: 'ROCKY BEACH', option: 'a', index: 0, interior: false, prompt: 'Rocky Beach, seen wide.' } as const;
    const greys = await sketchGreys(browser, [drawOptionCard({ ...base, time: 'NIGHT' }), drawOptionCard({ ...base, time: 'DAY' })], 1);
    const mean = greys.map((g) => g.reduce((sum, v) => sum + v, 0) / g.length);
    assert.ok(mean[0]! < mean[1]! - 60, `night ${mean[0]!.toFixed(0)} vs day ${mean[1]!.toFixed(0)}`);
  });

  it('escapes the prompt, the label and the names', () => {
    const evil = '<script>alert(1)</script> & "x"';
    const svg = drawOptionCard({ kind: 'prop', asset: evil, name: evil, option: evil, index: 0, label: evil, prompt: evil, description: evil });
    assert.ok(!svg.includes('<script'));
    assert.ok(onlyKnownEntities(svg));
    const place = drawOptionCard({ kind: 'location', asset: evil, name: evil, option: evil, index: 2, label: evil, prompt: `${evil} rain, fog, through a doorway`, description: evil, time: evil });
    assert.ok(!place.includes('<script'));
    assert.ok(onlyKnownEntities(place));
    assert.ok(isOptionCardInput({ kind: 'prop', asset: 'a', name: 'A', option: 'a', index: 0, prompt: 'p' }));
    assert.ok(!isOptionCardInput({ kind: 'vehicle', asset: 'a', name: 'A', option: 'a', index: 0, prompt: 'p' }));
  });
});
