import assert from 'node:assert/strict';
import { drawFrame, type FrameInput } from '../../src/core/crew/storyboard/frame';
import { placeKind, worldOf } from '../../src/core/crew/storyboard/places';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { storyboardArtist } from '../../src/core/crew/storyboard/role';
import { copyExample, writeFiles } from '../support/fixtures';
import { contextFor, offlineCall, productionAt, runRole, shotsOnDisk } from '../crew/harness';
import { postureOf } from '../../src/core/crew/storyboard/posture';

const frame = (over: Partial<FrameInput>) => drawFrame({ shot: 's01-001', size: 'WS', aspect: '16:9', time: 'DAWN', ...over });
const attr = (svg: string, name: string) => [...svg.matchAll(new RegExp(`${name}="([^"]+)"`, 'g'))].map((m) => m[1]!);

describe('frames drawn from this script', () => {
  it('knows a platform, a carriage, a car, a kitchen, an office, a bar and a desert from the heading', () => {
    assert.equal(placeKind('RAILWAY PLATFORM', false), 'platform');
    assert.equal(placeKind('BORDER STATION PLATFORM', false), 'platform');
    assert.equal(placeKind('TRAIN CARRIAGE - CORRIDOR', true), 'carriage');
    assert.equal(placeKind("JUNE'S CAR", true), 'car');
    assert.equal(placeKind('RESTAURANT KITCHEN', true), 'kitchen');
    assert.equal(placeKind("SHERIFF'S OFFICE", true), 'office');
    assert.equal(placeKind('SALOON', true), 'bar');
    assert.equal(placeKind('DESERT TRAIL - ROCKS', false), 'desert');
    assert.equal(placeKind('BEDROOM', true), undefined);
  });

  it('knows a workshop, a depot and a print shop for workshops, and a tunnel the trams left for a tunnel, not a tram', () => {
    assert.equal(placeKind('VOSS WATCH REPAIR - WORKSHOP', true), 'workshop');
    assert.equal(placeKind('TRAM DEPOT - REPAIR PIT', true), 'workshop');
    assert.equal(placeKind('PRINT SHOP - BACK ROOM', true), 'workshop');
    assert.equal(placeKind('OLD TRAM TUNNEL - FLOODED SECTION', true), 'cave');
    assert.equal(placeKind('TRAM', true), 'carriage');
    const svg = frame({ location: 'VOSS WATCH REPAIR - WORKSHOP', interior: true, characters: ['MARA'], time: 'NIGHT' });
    assert.deepEqual(attr(svg, 'data-place'), ['workshop']);
    assert.match(svg, /data-role="workbench"/);
    assert.match(svg, /data-role="lamp"/);
  });

  it('draws a river between its banks, not a sea with a beach: a towpath, a weir, a bridge over it', () => {
    assert.equal(placeKind('RIVER ARDEN - TOWPATH', false), 'river');
    assert.equal(placeKind('ARDEN ROWING CLUB - SLIPWAY', false), 'river');
    assert.equal(placeKind('ROCKY BEACH', false), undefined, 'the sea stays the sea');
    assert.equal(placeKind('DRY CREEK - CANYON', false), 'canyon');
    const towpath = frame({ location: 'RIVER ARDEN - TOWPATH', interior: false, characters: ['MAYA'] });
    assert.deepEqual(attr(towpath, 'data-place'), ['river']);
    assert.match(towpath, /data-role="water"/);
    assert.match(towpath, /data-role="reeds"/);
    assert.doesNotMatch(towpath, /data-role="weir"|data-role="bridge"/);
    assert.match(frame({ location: 'RIVER ARDEN - WEIR', interior: false, characters: [] }), /data-role="weir"/);
    assert.match(frame({ location: 'RIVER ARDEN - UNDER THE MILL BRIDGE', interior: false, characters: [], time: 'NIGHT' }), /data-role="bridge"/);
  });

  it('knows a film set aboard a spacecraft from its style block, and draws its sets as modules and orbit', () => {
    assert.equal(worldOf('Near future, a research station in low orbit, six crew.'), 'space');
    assert.equal(worldOf('Dawn light on a railway platform. A border town in winter.'), undefined);
    assert.equal(placeKind('HALCYON - COMMAND MODULE', true), 'module', 'a module is one whatever the style says');
    assert.equal(placeKind('LOW ORBIT', false), 'orbit');
    assert.equal(placeKind('HALCYON - GALLEY', true), 'kitchen', 'a galley on the ground is a kitchen');
    assert.equal(placeKind('HALCYON - GALLEY', true, 'space'), 'module', 'aboard the craft it is part of it');
    assert.equal(placeKind('HALCYON - HULL', false, 'space'), 'orbit');
    assert.equal(placeKind('MISSION CONTROL - HOUSTON', true, 'space'), undefined, 'mission control stays on the ground');
    const inside = frame({ location: 'HALCYON - WORKSHOP', interior: true, characters: ['PRIYA'], world: 'space' });
    assert.deepEqual(attr(inside, 'data-place'), ['module']);
    assert.match(inside, /data-role="hatch"/);
    const outside = frame({ location: 'HALCYON - TRUSS', interior: false, time: 'NIGHT', characters: [], world: 'space' });
    assert.deepEqual(attr(outside, 'data-place'), ['orbit']);
    assert.match(outside, /data-role="planet"/);
    assert.deepEqual(attr(frame({ location: 'HALCYON - WORKSHOP', interior: true, characters: ['PRIYA'] }), 'data-place'), ['workshop'], 'without the style block a workshop is on the ground');
  });

  it('draws a railway platform with rails and a canopy, not a sea', () => {
    const svg = frame({ location: 'RAILWAY PLATFORM', interior: false, characters: ['ELENA'] });
    assert.deepEqual(attr(svg, 'data-place'), ['platform']);
    assert.match(svg, /data-role="station-clock"/);
    const beach = frame({ location: 'ROCKY BEACH', interior: false, characters: ['ELENA'] });
    assert.deepEqual(attr(beach, 'data-place'), [], 'a beach is the plain sea set');
  });

  it('draws a train carriage with seats down an aisle, not a room with a window', () => {
    const svg = frame({ location: 'TRAIN CARRIAGE', interior: true, characters: ['ELENA'] });
    assert.deepEqual(attr(svg, 'data-place'), ['carriage']);
    assert.match(svg, /data-role="carriage-door"/);
  });

  it('draws a character in the headscarf of her chosen option, with no braid showing', () => {
    const svg = frame({ location: 'RAILWAY PLATFORM', interior: false, characters: ['ELENA'], looks: { ELENA: 'Elena, a woman in her mid 30s. Headscarf, long grey coat.' } });
    assert.deepEqual(attr(svg, 'data-headwear'), ['scarf', 'scarf']);
    assert.deepEqual(attr(svg, 'data-hair'), ['short']);
    const hat = frame({ location: 'DESERT TRAIL', interior: false, characters: ['JUNE'], looks: { JUNE: 'wide-brimmed hat, dusty duster coat' } });
    assert.ok(attr(hat, 'data-headwear').includes('hat'));
  });

  it('tints clothes by the colour the chosen costume names', () => {
    const red = frame({ characters: ['ANNA'], looks: { ANNA: 'a red wool coat' } });
    const plain = frame({ characters: ['ANNA'], looks: { ANNA: 'a wool coat' } });
    assert.match(red, /#e8c4c0/);
    assert.doesNotMatch(plain, /#e8c4c0/);
  });

  it('sits, lies and runs as the action says, and stands otherwise', () => {
    const posture = (action: string) => attr(frame({ characters: ['ELENA'], action }), 'data-posture')[0];
    assert.equal(posture('Elena sits on the bench.'), 'sit');
    assert.equal(posture('She lies down across the seats.'), 'lie');
    assert.equal(posture('Elena runs for the train.'), 'run');
    assert.equal(posture('Elena waits.'), 'stand');
    assert.equal(posture('Elena sits for a moment. Then she stands.'), 'stand');
  });

  it('gives each of two characters the posture of the sentences that name them', () => {
    assert.equal(postureOf('VIKTOR', 'Elena sits. Viktor runs along the platform.', false), 'run');
    assert.equal(postureOf('ELENA', 'Elena sits. Viktor runs along the platform.', false), 'sit');
  });
});

describe('the storyboard artist draws a character as her chosen option', function () {
  this.timeout(30000);

  it('takes the chosen option\'s cropped hair and hat over a braid the description quotes from someone else\'s line', async () => {
    const dir = copyExample();
    await runRole(dir, directorsAssistant);
    const shot = shotsOnDisk(dir).find((s) => s.data.id === 's01-002')!;
    writeFiles(dir, {
      'characters/mara.md':
        '---\nkind: character\nid: mara\nname: MARA\n' +
        'description: "Mara. The script: “ANNA (20s, long braid) waits by the door.”"\n' +
        'options:\n  - id: a\n    prompt: "Mara, a woman in her 60s with a long braid."\n  - id: c\n    prompt: "Mara, a woman in her 60s, short cropped hair under a wide-brimmed hat. Style: a long braid of rain."\n' +
        'chosen: c\n---\n',
    });
    const task = storyboardArtist.plan(productionAt(dir), { subjects: new Set([shot.data.id]) })[0]!;
    const [out] = await storyboardArtist.run(contextFor(dir, task), offlineCall(task));
    assert.ok(out && out.type === 'file');
    const svg = String(out.content);
    assert.match(svg, /data-subject="MARA"[^>]*data-hair="short"[^>]*data-headwear="hat"/);
  });
});
