import { strict as assert } from 'node:assert';
import { parseFountain } from '../../src/core/fountain/parse';
import type { ScopedContext } from '../../src/core/crew/role';
import type { SheetFacts } from '../../src/core/crew/assets/types';
import { clarifySheet } from '../../src/core/questions/sheet-questions';
import { QuestionRaised } from '../../src/core/questions/types';

const SCRIPT = `INT. HALCYON - COMMAND MODULE - NIGHT

IRIS OKAFOR (40s, close-cropped grey hair, blue flight suit) floats at the console.

IRIS
Halcyon to Houston. Nothing to report.

HOUSTON (V.O.)
Halcyon, Houston. We have you again.

A voice under the static. BEN (60s, silver beard) wakes.

VOICE (V.O.)
Open the hatch.

BEN
Nobody is out there.

DANIEL (O.S.)
Wait.

INT. HALCYON - NODE - DAY

Daniel floats in, pale.

MARCUS
Who said that?
`;

function context(): ScopedContext {
  const screenplay = parseFountain(SCRIPT);
  return { files: new Map([['script.fountain', { path: 'script.fountain', screenplay }]]), decisions: [] } as unknown as ScopedContext;
}

/** The questions casting would ask about `name`, by topic. */
function asked(name: string): string[] {
  const facts: SheetFacts = { scenes: [], mentions: [], firstAppearance: { scene: 'scene-1', line: 3 } };
  try {
    clarifySheet(context(), 'character', { subject: { id: name.toLowerCase(), name }, facts });
    return [];
  } catch (e) {
    if (e instanceof QuestionRaised) return e.questions.map((d) => d.topic);
    throw e;
  }
}

describe('casting asks about a look only when the script leaves it open', () => {
  it('takes a full name in the action as the introduction of the cue name (IRIS OKAFOR → IRIS)', () => {
    assert.deepEqual(asked('IRIS'), []);
    assert.deepEqual(asked('BEN'), []);
  });

  it('asks no look of a voice the audience only hears (every cue V.O./O.S., never named in the action)', () => {
    assert.deepEqual(asked('HOUSTON'), []);
    // "a voice" in the action is a word, not the character's name
    assert.deepEqual(asked('VOICE'), []);
  });

  it('still asks of a character who is seen but never described', () => {
    // DANIEL speaks off-screen once, but the action names him on screen
    assert.deepEqual(asked('DANIEL'), ['look']);
    assert.deepEqual(asked('MARCUS'), ['look']);
  });
});
