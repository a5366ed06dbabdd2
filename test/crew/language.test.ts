import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { castIndex } from '../../src/core/crew/breakdown/cast';
import { insertSentence, storyObjects } from '../../src/core/crew/breakdown/language';
import { introductions } from '../../src/core/crew/breakdown/mentions';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { parseFountain } from '../../src/core/fountain/parse';
import { copyExample } from '../support/fixtures';
import { runRole, shotsOnDisk } from './harness';

const names = (text: string, cast: string[] = []) => storyObjects(text, cast).map((o) => o.name);

describe('the breakdown reads the action as English', () => {
  it('does not take shouted verbs, adverbs and sounds for props', () => {
    assert.deepEqual(names("The audience APPLAUDS as Steel's face FILLS the screen.", ['STEEL']), []);
    assert.deepEqual(names('He SLAMMED his fist down. A COUGH. Braddock LAUGHS and POPS a cork.'), []);
    assert.deepEqual(names('The car idles, EXTREMELY loud, INCHES-AWAY from the curb.'), []);
    assert.deepEqual(names('FREEZE-FRAME on the BOY-BAND poster. REVERSE on the street. He is AKA the BAD seed.'), []);
  });

  it('keeps the objects the writer put in capitals, compound names whole', () => {
    assert.deepEqual(names("Brick kicks open the SCREEN DOOR. Dom's PORSCHE idles.", ['BRICK']), ['SCREEN DOOR', 'PORSCHE']);
  });

  it('finds an object a character handles even in lower case, and only when a person handles it', () => {
    assert.deepEqual(names('Elena sits on the bench and opens her suitcase.', ['ELENA']), ['SUITCASE']);
    assert.deepEqual(names('She picks up the old brass lantern.'), ['LANTERN']);
    assert.deepEqual(names('The lens catches the small flame and throws a beam across the water.'), []);
  });

  it('names a handled thing by its whole noun but not its material, and takes neither a character nor an adverb for one', () => {
    assert.deepEqual(names('Lotte swings the frying pan.', ['LOTTE']), ['FRYING PAN']);
    assert.deepEqual(names('Mara takes out its balance wheel.', ['MARA']), ['BALANCE WHEEL']);
    assert.deepEqual(names('Mara gives Teo a wrapped box.', ['MARA', 'TEO']), ['BOX']);
    assert.deepEqual(names('She is setting the broken clocks upright one by one.'), ['CLOCKS']);
  });

  it('keeps a compound in capitals whole (POCKET WATCH, TIME LOCK), leaves doors and pockets to the set unless in capitals, and a headline after a dash to the page', () => {
    assert.deepEqual(names('MARA VOSS (50s) bends over an open POCKET WATCH under a lamp.', ['MARA']), ['POCKET WATCH']);
    assert.deepEqual(names('A TIME LOCK with three clock faces sits behind the glass.'), ['TIME LOCK']);
    assert.deepEqual(names('The DOOR SLAMS.'), ['DOOR']);
    assert.deepEqual(names('Willis opens the grille. Benny opens the door. She puts it in her pocket.', ['WILLIS', 'BENNY']), []);
    assert.deepEqual(names('Sterne reads the same headline. Pike takes the name card off the door.', ['STERNE', 'PIKE']), []);
    assert.deepEqual(names('Passengers read newspapers: BANK VAULT OPENED — NOTHING TAKEN.'), []);
  });

  it('takes no idiom, reading matter or river bend for a prop (Slack Water): a rower catches a crab, a coach reads numbers', () => {
    assert.deepEqual(names('Maya catches a crab and the handle slams into her ribs.', ['MAYA']), []);
    assert.deepEqual(names('Derek reads numbers from a laminated sheet. Jonah reads instructions from a mouldy BOOKLET.', ['DEREK', 'JONAH']), ['BOOKLET']);
    assert.deepEqual(names('Maya draws the bend of the river in the margin of her exercise book.', ['MAYA']), []);
    assert.deepEqual(names('Frank catches the BALL. She holds the oar.', ['FRANK']), ['BALL', 'OAR']);
  });

  it('takes neither a surname in an introduction, nor a name after "the station", nor "the other" for props; keeps ROBOT ARM whole', () => {
    assert.deepEqual(names('IRIS OKAFOR (40s, close-cropped grey hair) floats at the console. She taps a CLIPBOARD.', ['IRIS']), ['CLIPBOARD']);
    assert.deepEqual(names('The research station HALCYON drifts across it, solar wings folded.'), []);
    assert.deepEqual(names('Priya takes one. Iris checks the other.', ['PRIYA', 'IRIS']), []);
    assert.deepEqual(names('A maintenance ROBOT ARM crawls along the truss.'), ['ROBOT ARM']);
  });

  it('tells capitals worth an insert from handled objects', () => {
    const [door, keys] = storyObjects('He grabs the SCREEN DOOR and he pockets his keys.', []);
    assert.equal(keys?.emphasised, false);
    assert.equal(keys?.handled, true);
    assert.equal(door?.emphasised, true);
  });

  it('writes an insert as a whole sentence, never cutting a word', () => {
    const [lantern] = storyObjects('She trims the wick of an old brass LANTERN beside the lens.', []);
    assert.equal(insertSentence(lantern!), 'Insert: the old brass LANTERN.');
    const [porsche] = storyObjects("Dom's PORSCHE idles at the kerb.", []);
    assert.equal(insertSentence(porsche!), "Insert: Dom's PORSCHE.");
    const [door] = storyObjects('He comes through the SCREEN DOOR.', []);
    assert.equal(insertSentence(door!), 'Insert: the SCREEN DOOR.');
  });

  it('does not introduce a shouted adverb as a character', () => {
    assert.deepEqual(introductions('She is EXTREMELY (very, very old) tired. OSWIN (70s, gaunt) waits.').map((i) => i.name), ['OSWIN']);
    assert.deepEqual(introductions('KIRSTY (20s, freckles) and HAMISH (early 60s, kilt) wait.').map((i) => i.name), ['KIRSTY', 'HAMISH']);
  });
});

describe('one name per character', () => {
  const script = parseFountain(
    ['INT. OFFICE - DAY', '', 'STEEL', 'Sit.', '', 'MR. STEEL (V.O.)', 'I said sit.', '', "STEEL (CONT'D)", 'Please.', '', 'THE DETECTIVE', 'Fine.', '', 'DR. VOSS', 'Hm.'].join('\n'),
  );

  it('takes MR. STEEL, STEEL (V.O.) and STEEL (CONT\'D) for one man, and keeps a title with no bare name', () => {
    const { cast, canonical } = castIndex(script);
    assert.deepEqual(cast, ['STEEL', 'THE DETECTIVE', 'DR. VOSS']);
    assert.equal(canonical('MR. STEEL (V.O.)'), 'STEEL');
  });

  it('merges a name the character sheet declares as an alias', () => {
    const { cast, canonical } = castIndex(script, { STEEL: ['The Detective'] });
    assert.deepEqual(cast, ['STEEL', 'DR. VOSS']);
    assert.equal(canonical('THE DETECTIVE'), 'STEEL');
  });

  it('gives the speeches of MR. STEEL to steel in the shots, and reads aliases from the sheet', async () => {
    const dir = copyExample();
    const path = join(dir, 'script.fountain');
    writeFileSync(path, readFileSync(path, 'utf8').replace('JONAH\nThey switch on', 'MR. JONAH\nThey switch on').replace('MARA\nSomebody should', 'THE KEEPER\nSomebody should'));
    mkdirSync(join(dir, 'characters'));
    writeFileSync(join(dir, 'characters', 'mara.md'), '---\nkind: character\nid: mara\nname: MARA\naliases: [THE KEEPER]\nstatus: draft\n---\n\nThe keeper.\n');
    await runRole(dir, directorsAssistant);
    const shots = shotsOnDisk(dir);
    const speakers = new Set(shots.flatMap((s) => (s.data.dialogue ?? []).map((d) => d.character)));
    assert.deepEqual([...speakers].sort(), ['jonah', 'mara']);
  });
});

describe('transitions', () => {
  it('puts the script\'s transition after a scene on that scene\'s last shot, as written', async () => {
    const dir = copyExample();
    const path = join(dir, 'script.fountain');
    writeFileSync(path, readFileSync(path, 'utf8').replace('Somebody should see it go out.\n', 'Somebody should see it go out.\n\nDISSOLVE TO:\n'));
    await runRole(dir, directorsAssistant);
    const shots = shotsOnDisk(dir);
    const withTransition = shots.filter((s) => s.data.transition).map((s) => [s.data.id, s.data.transition]);
    assert.deepEqual(withTransition, [
      ['s01-009', 'DISSOLVE TO:'],
      ['s03-006', 'FADE OUT.'],
    ]);
  });
});

describe('one name per character, across cue and introduction', () => {
  it('takes JUNE HOLLIS and SHERIFF DOYLE introduced in action for the JUNE and DOYLE who speak', () => {
    const script = parseFountain(['EXT. TRAIL - DAY', '', 'JUNE HOLLIS (30s, wide hat) rides in. SHERIFF DOYLE (60s) sleeps.', '', 'JUNE', 'Wake up.', '', 'DOYLE', 'No.'].join('\n'));
    assert.deepEqual(castIndex(script).cast, ['JUNE', 'DOYLE']);
  });

  it('takes AUGUST STERNE for the STERNE who speaks, also when a photograph names him first; two people with one surname stay two', () => {
    const one = parseFountain(['INT. SHOP - NIGHT', '', 'A photograph of AUGUST STERNE cutting a ribbon.', '', 'EXT. BANK - DAY', '', 'AUGUST STERNE (60s, white moustache) raises his hat.', '', 'STERNE', 'Nothing hidden.'].join('\n'));
    assert.deepEqual(castIndex(one).cast, ['STERNE']);
    const two = parseFountain(['INT. SHOP - NIGHT', '', 'MARA VOSS (50s) and TEO VOSS (20s) talk.', '', 'VOSS', 'Which of us?'].join('\n'));
    assert.deepEqual(castIndex(two).cast.sort(), ['MARA VOSS', 'TEO VOSS', 'VOSS']);
  });

  it('takes DR NISHA SANDHU for the NISHA who speaks: a title before a full name does not start it', () => {
    const script = parseFountain(
      ['EXT. CAR PARK - DAY', '', "Priya's mother, DR NISHA SANDHU (40s, camel coat, car keys), waits. Her father, DR RAJ SANDHU (50s), reads.", '', 'NISHA', "You're the runner.", '', 'MR ASHWORTH', 'Is that a graph?'].join('\n'),
    );
    const { cast, canonical } = castIndex(script);
    assert.deepEqual(cast, ['NISHA', 'MR ASHWORTH', 'DR RAJ SANDHU']);
    assert.equal(canonical('DR NISHA SANDHU'), 'NISHA');
  });
});
