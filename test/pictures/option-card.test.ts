import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { drawOptionCard, isOptionCardInput, type OptionCardInput } from '../../src/core/crew/cards/option-card';
import { launch } from '../export/browser';
import { onlyKnownEntities, root, texts } from './svg';

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
      const page = await browser.newPage();
      // Pixels of the sketch box only (the text differs anyway): every pair differs clearly.
      const pixels = await page.evaluate(async (svgs: string[]) => {
        const out: number[][] = [];
        for (const svg of svgs) {
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
          for (let i = 0; i < d.length; i += 16) grey.push((d[i]! + d[i + 1]! + d[i + 2]!) / 3);
          out.push(grey);
        }
        return out;
      }, cards);
      await page.close();
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

  it('escapes the prompt, the label and the names', () => {
    const evil = '<script>alert(1)</script> & "x"';
    const svg = drawOptionCard({ kind: 'prop', asset: evil, name: evil, option: evil, index: 0, label: evil, prompt: evil, description: evil });
    assert.ok(!svg.includes('<script'));
    assert.ok(onlyKnownEntities(svg));
    assert.ok(isOptionCardInput({ kind: 'prop', asset: 'a', name: 'A', option: 'a', index: 0, prompt: 'p' }));
    assert.ok(!isOptionCardInput({ kind: 'vehicle', asset: 'a', name: 'A', option: 'a', index: 0, prompt: 'p' }));
  });
});
