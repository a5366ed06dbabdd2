import assert from 'node:assert/strict';
import { palettes, portraitLights, propMaterials, styleColours, styleTime, writtenWeather } from '../../src/core/crew/assets/looks';

const DAWN = 'Dawn light, pale gold through steam. Long lenses on the platform. Muted greens and greys, one red accent. Present day, a border town in winter.';

describe('the offline art department reads this film\'s words', () => {
  it('lights casting as the style block asks, with no night light for a film set at dawn', () => {
    const lights = portraitLights(DAWN);
    assert.equal(styleTime(DAWN), 'dawn');
    assert.match(lights[0]!, /^lit as the style asks: dawn light, pale gold through steam$/);
    assert.ok(lights.every((l) => !/night|moon/i.test(l)), lights.join(' | '));
  });

  it('takes wardrobe colours from the palette clause, not from the light', () => {
    assert.deepEqual(styleColours(DAWN), ['green', 'grey', 'red']);
    assert.match(palettes(DAWN, 'ELENA')[0]!.text, /^the style's colours: /);
    assert.notEqual(palettes(DAWN, 'ELENA')[0]!.text, palettes(DAWN, 'VIKTOR')[0]!.text, 'two characters lead with the same colour');
    assert.equal(palettes('Handheld, natural light.')[0]!.label, 'earth tones');
  });

  it('gives a place the weather its script writes, and none it does not', () => {
    assert.equal(writtenWeather('Snow on the tracks.')?.label, 'snow');
    assert.equal(writtenWeather('Steam drifts under the iron canopy.'), undefined);
  });

  it('makes a suitcase of what suitcases are made of, never of a lantern\'s brass', () => {
    const suitcase = propMaterials('SUITCASE');
    assert.ok(suitcase.some((m) => /leather/.test(m)));
    assert.ok(suitcase.every((m) => !/brass, dark|polished by hands/.test(m)));
    assert.ok(propMaterials('REVOLVER').some((m) => /steel/.test(m)));
    assert.ok(propMaterials('PASSPORT').some((m) => /paper/.test(m)));
  });
});
