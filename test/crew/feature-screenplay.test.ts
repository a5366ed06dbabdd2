/**
 * A feature-length screenplay we did not tune the rules to (examples/screenplays/low-orbit.fountain,
 * 105 scenes, science fiction): who is in it and what is handled, read as a director would list them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { propsOf } from '../../src/core/crew/assets/facts';
import { castIndex } from '../../src/core/crew/breakdown/cast';
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
