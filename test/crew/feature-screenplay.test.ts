/**
 * A feature-length screenplay we did not tune the rules to (examples/screenplays/low-orbit.fountain,
 * 105 scenes, science fiction): who is in it and what is handled, read as a director would list them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { propsOf } from '../../src/core/crew/assets/facts';
import { characterSubjects } from '../../src/core/crew/assets/sheet';
import { castIndex } from '../../src/core/crew/breakdown/cast';
import { castNamed } from '../../src/core/crew/breakdown/mentions';
import type { Production } from '../../src/core/model/types';
import { parseFountain } from '../../src/core/fountain/parse';
import { scenesOf } from '../../src/core/fountain/scenes';

describe('a 105-scene science-fiction screenplay', function () {
  this.timeout(60000);
  const screenplay = parseFountain(readFileSync(join(__dirname, '..', '..', 'examples', 'screenplays', 'low-orbit.fountain'), 'utf8'));
  const { cast } = castIndex(screenplay);
  const props = propsOf(screenplay, cast);

  it('has its 105 scenes and its six crew, two voices, and no one else', () => {
    assert.equal(scenesOf(screenplay).length, 105);
    assert.deepEqual([...cast].sort(), ['BEN', 'DANIEL', 'HOUSTON', 'IRIS', 'MEI', 'OSKAR', 'PRIYA', 'VOICE']);
  });

  it('finds the props the writer put in capitals, whole', () => {
    for (const p of ['CLIPBOARD', 'PHOTOGRAPH', 'SAMPLE BAG', 'MICROSCOPE', 'ROBOT ARM', 'CARGO BAG', 'LAPTOP', 'PENLIGHT', 'TORCH', 'MISSION BINDERS', 'CANISTER', 'TETHER', 'BOLT CHARGE', 'VIAL', 'SYRINGE', 'WRENCH']) {
      assert.ok(props.includes(p), `${p} is missing from ${props.join(', ')}`);
    }
  });

  it('takes no name of a person or of the station for a prop', () => {
    for (const junk of ['OKAFOR', 'HALCYON', 'OTHER', 'THE', 'ROBOT']) assert.ok(!props.includes(junk), `${junk} taken for a prop`);
  });
});

describe('a voice the camera never sees', () => {
  it('is not named by a common word in lower case (a clear voice), while a capitalised name still is', () => {
    assert.deepEqual(castNamed('The radio crackles. A clear voice, human, tired.', ['VOICE', 'IRIS']), []);
    assert.deepEqual(castNamed("Voice after voice. Iris's hand shakes.", ['VOICE', 'IRIS']), ['VOICE', 'IRIS']);
    assert.deepEqual(castNamed('MARA climbs; the mark on the wall is old.', ['MARA', 'MARK']), ['MARA']);
  });

  it('gets a character sheet (casting a voice) but no costume', () => {
    const screenplay = parseFountain('INT. COMMAND MODULE - NIGHT\n\nIRIS (40s) floats at the console.\n\nHOUSTON (V.O.)\nHalcyon, Houston.\n\nIRIS\nQuiet, Houston.\n');
    const shot = (id: string, characters: string[]) => ({ data: { kind: 'shot', id, characters } });
    const production = { script: screenplay, characters: [], costumes: [], shots: [shot('s01-001', ['iris']), shot('s01-002', ['iris'])] } as unknown as Production;
    assert.deepEqual(characterSubjects(production, 'character').map((s) => s.id).sort(), ['houston', 'iris']);
    assert.deepEqual(characterSubjects(production, 'costume').map((s) => s.id), ['iris']);
  });
});
