import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFountain } from '../../src/core/fountain/parse';
import { parseHeading, scenesOf } from '../../src/core/fountain/scenes';
import type { ScriptElement } from '../../src/core/fountain/types';
import { examplesDir } from '../support/fixtures';

/** Elements of one type, for compact assertions. */
function ofType<T extends ScriptElement['type']>(els: ScriptElement[], type: T) {
  return els.filter((e): e is Extract<ScriptElement, { type: T }> => e.type === type);
}

const lines = (...ls: string[]) => ls.join('\n');

describe('Fountain parser', () => {
  describe('title page', () => {
    it('reads key: value fields with their lines and indented continuation lines', () => {
      const s = parseFountain(lines('Title: The Last Light', 'Credit: written by', 'Contact:', '    Harbour Road 1', '    Oban', '', 'INT. ROOM - DAY'));
      assert.deepEqual(
        s.titlePage.map((f) => [f.key, f.value, f.line]),
        [
          ['title', 'The Last Light', 1],
          ['credit', 'written by', 2],
          ['contact', 'Harbour Road 1\nOban', 3],
        ],
      );
      assert.equal(s.elements[0]!.type, 'scene_heading');
      assert.equal(s.elements[0]!.line, 7);
    });

    it('has no title page when the script starts with a scene heading', () => {
      const s = parseFountain(lines('INT. ROOM - DAY', '', 'Rain.'));
      assert.deepEqual(s.titlePage, []);
      assert.deepEqual(
        s.elements.map((e) => e.type),
        ['scene_heading', 'action'],
      );
    });
  });

  describe('scene headings', () => {
    it('recognises INT, EXT, EST, INT./EXT. and I/E after a blank line', () => {
      const s = parseFountain(lines('INT. A - DAY', '', 'EXT. B - NIGHT', '', 'EST. C', '', 'INT./EXT. D - DAY', '', 'I/E E - DAY', ''));
      assert.deepEqual(
        ofType(s.elements, 'scene_heading').map((h) => [h.text, h.line]),
        [
          ['INT. A - DAY', 1],
          ['EXT. B - NIGHT', 3],
          ['EST. C', 5],
          ['INT./EXT. D - DAY', 7],
          ['I/E E - DAY', 9],
        ],
      );
    });

    it('forces a heading with a leading period but not with an ellipsis', () => {
      const s = parseFountain(lines('.SNIPER SCOPE POV', '', '...and then nothing.'));
      const [h] = ofType(s.elements, 'scene_heading');
      assert.equal(h!.text, 'SNIPER SCOPE POV');
      assert.equal(h!.forced, true);
      assert.equal(ofType(s.elements, 'action')[0]!.text, '...and then nothing.');
    });

    it('takes a scene number from #1A# and removes it from the text', () => {
      const [h] = ofType(parseFountain('INT. HOUSE - DAY #1A#\n').elements, 'scene_heading');
      assert.equal(h!.text, 'INT. HOUSE - DAY');
      assert.equal(h!.sceneNumber, '1A');
    });

    it('is not a heading without a blank line before it', () => {
      const s = parseFountain(lines('She looks out.', 'INT. the window is open.'));
      assert.equal(ofType(s.elements, 'scene_heading').length, 0);
    });
  });

  describe('action', () => {
    it('joins a paragraph into one element spanning its lines', () => {
      const s = parseFountain(lines('INT. A - DAY', '', 'Wind hammers the glass.', 'She trims the wick.', '', 'A knock.'));
      const actions = ofType(s.elements, 'action');
      assert.deepEqual(
        actions.map((a) => [a.text, a.line, a.endLine]),
        [
          ['Wind hammers the glass.\nShe trims the wick.', 3, 4],
          ['A knock.', 6, 6],
        ],
      );
    });

    it('forces action with ! so an upper-case line is not a character', () => {
      const s = parseFountain(lines('', '!SCANNING THE AISLES...', 'Where is that pit boss?'));
      assert.equal(ofType(s.elements, 'character').length, 0);
      const [a] = ofType(s.elements, 'action');
      assert.equal(a!.forced, true);
      assert.equal(a!.text, 'SCANNING THE AISLES...\nWhere is that pit boss?');
    });
  });

  describe('characters and dialogue', () => {
    it('reads a cue, parentheticals and dialogue with their lines', () => {
      const s = parseFountain(lines('', 'MARA', '(to the lantern)', 'One more night,', 'old friend.', ''));
      assert.deepEqual(
        s.elements.map((e) => [e.type, e.text, e.line, e.endLine]),
        [
          ['character', 'MARA', 2, 2],
          ['parenthetical', '(to the lantern)', 3, 3],
          ['dialogue', 'One more night,\nold friend.', 4, 5],
        ],
      );
    });

    it('separates extensions such as (V.O.) and (CONT\'D) from the name', () => {
      const [c] = ofType(parseFountain(lines('', "JONAH (O.S.) (CONT'D)", 'Mara!')).elements, 'character');
      assert.equal(c!.name, 'JONAH');
      assert.deepEqual(c!.extensions, ['O.S.', "CONT'D"]);
    });

    it('forces a mixed-case name with @', () => {
      const [c] = ofType(parseFountain(lines('', '@McCLANE', 'Yippee ki-yay.')).elements, 'character');
      assert.equal(c!.name, 'McCLANE');
      assert.equal(c!.forced, true);
    });

    it('marks dual dialogue with ^', () => {
      const s = parseFountain(lines('', 'BRICK', 'Screw retirement.', '', 'STEEL ^', 'Screw retirement.'));
      const cues = ofType(s.elements, 'character');
      assert.deepEqual(
        cues.map((c) => [c.name, c.dual]),
        [
          ['BRICK', false],
          ['STEEL', true],
        ],
      );
    });

    it('continues dialogue over a line of exactly two spaces', () => {
      const s = parseFountain(lines('', 'DEALER', 'Ten.', '  ', 'Four.'));
      assert.deepEqual(
        ofType(s.elements, 'dialogue').map((d) => [d.text, d.line, d.endLine]),
        [['Ten.\n\nFour.', 3, 5]],
      );
      assert.equal(ofType(s.elements, 'action').length, 0);
    });

    it('does not take an upper-case line followed by a blank line as a character', () => {
      const s = parseFountain(lines('', 'BANG!', '', 'Silence.'));
      assert.equal(ofType(s.elements, 'character').length, 0);
    });
  });

  describe('other elements', () => {
    it('reads transitions: upper case ending in TO:, and forced with >', () => {
      const s = parseFountain(lines('', 'CUT TO:', '', '> FADE OUT.', ''));
      assert.deepEqual(
        ofType(s.elements, 'transition').map((t) => [t.text, t.forced, t.line]),
        [
          ['CUT TO:', false, 2],
          ['FADE OUT.', true, 4],
        ],
      );
    });

    it('reads centered text between > and <', () => {
      const [c] = ofType(parseFountain('> THE END <').elements, 'centered');
      assert.equal(c!.text, 'THE END');
    });

    it('reads sections with their depth, and synopses', () => {
      const s = parseFountain(lines('# ACT ONE', '', '## The storm', '', '= Mara keeps the light.', ''));
      assert.deepEqual(
        ofType(s.elements, 'section').map((x) => [x.text, x.depth]),
        [
          ['ACT ONE', 1],
          ['The storm', 2],
        ],
      );
      assert.equal(ofType(s.elements, 'synopsis')[0]!.text, 'Mara keeps the light.');
    });

    it('reads page breaks and lyrics', () => {
      const s = parseFountain(lines('===', '', '~Willy Wonka! Willy Wonka!'));
      assert.deepEqual(
        s.elements.map((e) => [e.type, e.text, e.line]),
        [
          ['page_break', '', 1],
          ['lyrics', 'Willy Wonka! Willy Wonka!', 3],
        ],
      );
    });

    it('takes notes out of the text, keeps them as elements, and keeps later line numbers true', () => {
      const s = parseFountain(lines('INT. A - DAY', '', 'She lights it. [[check the', 'continuity]] Then waits.', '', 'A knock.'));
      const [n] = ofType(s.elements, 'note');
      assert.equal(n!.text, 'check the\ncontinuity');
      assert.deepEqual([n!.line, n!.endLine], [3, 4]);
      assert.ok(!ofType(s.elements, 'action')[0]!.text.includes('[['));
      assert.equal(ofType(s.elements, 'action')[1]!.line, 6);
    });

    it('keeps boneyard text out of the action, even across lines, and keeps later line numbers true', () => {
      const s = parseFountain(lines('INT. A - DAY', '', '/* cut:', 'a whole', 'beat */', '', 'Rain.'));
      const actions = ofType(s.elements, 'action');
      assert.deepEqual(
        actions.map((a) => [a.text, a.line]),
        [['Rain.', 7]],
      );
    });

    it('reports an unclosed boneyard as a problem with its line instead of throwing', () => {
      const s = parseFountain(lines('INT. A - DAY', '', 'Rain. /* never closed', 'more'));
      assert.equal(s.problems.length, 1);
      assert.equal(s.problems[0]!.line, 3);
      assert.match(s.problems[0]!.message, /never closed/);
    });

    it('treats CRLF line endings like LF', () => {
      const s = parseFountain('INT. A - DAY\r\n\r\nMARA\r\nHello.\r\n');
      assert.deepEqual(
        s.elements.map((e) => [e.type, e.line]),
        [
          ['scene_heading', 1],
          ['character', 3],
          ['dialogue', 4],
        ],
      );
    });
  });
});

describe('scenes', () => {
  it('splits a heading into interior, location and time of day', () => {
    assert.deepEqual(parseHeading('INT. LIGHTHOUSE - LAMP ROOM - NIGHT'), { interior: true, location: 'LIGHTHOUSE - LAMP ROOM', timeOfDay: 'NIGHT' });
    assert.deepEqual(parseHeading('EXT. ROCKY BEACH - NIGHT'), { interior: false, location: 'ROCKY BEACH', timeOfDay: 'NIGHT' });
    assert.equal(parseHeading('INT./EXT. CAR - DAY').interior, undefined);
  });

  it('gives the example its three scenes, two acts and speakers, with line ranges', () => {
    const script = readFileSync(join(examplesDir, 'lighthouse', 'script.fountain'), 'utf8');
    const scenes = scenesOf(parseFountain(script), [{ id: 'act1' }, { id: 'act2' }]);
    assert.deepEqual(
      scenes.map((s) => [s.id, s.act, s.location, s.characters.join(',')]),
      [
        ['s01', 'act1', 'LIGHTHOUSE - LAMP ROOM', 'MARA,JONAH'],
        ['s02', 'act2', 'ROCKY BEACH', 'JONAH,MARA'],
        ['s03', 'act2', 'LIGHTHOUSE - LAMP ROOM', 'JONAH,MARA'],
      ],
    );
    for (let i = 0; i + 1 < scenes.length; i++) assert.ok(scenes[i]!.endLine < scenes[i + 1]!.line);
    assert.equal(script.split('\n')[scenes[0]!.line - 1], 'INT. LIGHTHOUSE - LAMP ROOM - NIGHT');
  });

  it('uses forced scene numbers as ids and act<N> when production.md names no acts', () => {
    const scenes = scenesOf(parseFountain(lines('# ONE', '', 'INT. A - DAY #1A#', '', 'x', '', '# TWO', '', 'EXT. B - DAY', '', 'y')));
    assert.deepEqual(
      scenes.map((s) => [s.id, s.act]),
      [
        ['s1A', 'act1'],
        ['s02', 'act2'],
      ],
    );
  });
});
