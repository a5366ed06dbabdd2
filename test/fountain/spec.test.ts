/**
 * One case per rule of the Fountain syntax page (https://fountain.io/syntax), in our own words.
 * Each case lists every element it expects as [type, text, line]; the last test adds them up
 * into the agreement figure for the spec's kinds of example.
 */
import assert from 'node:assert/strict';
import { parseFountain } from '../../src/core/fountain/parse';
import type { ScriptElement } from '../../src/core/fountain/types';

type Expected = [ScriptElement['type'], string, number];
interface SpecCase {
  rule: string;
  source: string[];
  elements: Expected[];
  /** Extra checks on the parsed elements beyond type, text and line. */
  also?: (els: ScriptElement[]) => void;
}

const cases: SpecCase[] = [
  {
    rule: 'a scene heading starts with INT, EXT, EST, INT./EXT, INT/EXT or I/E and a dot or space',
    source: ['EXT. QUARRY - DAWN', '', 'INT/EXT TRUCK CAB - MOVING', '', 'int. pantry - night', '', 'EST HARBOUR', '', 'I/E BUS - DAY'],
    elements: [
      ['scene_heading', 'EXT. QUARRY - DAWN', 1],
      ['scene_heading', 'INT/EXT TRUCK CAB - MOVING', 3],
      ['scene_heading', 'int. pantry - night', 5],
      ['scene_heading', 'EST HARBOUR', 7],
      ['scene_heading', 'I/E BUS - DAY', 9],
    ],
  },
  {
    rule: 'a word that only begins like a prefix is not a heading',
    source: ['INTERIOR DESIGN IS HARD.', '', 'Exterminators arrive.'],
    elements: [
      ['action', 'INTERIOR DESIGN IS HARD.', 1],
      ['action', 'Exterminators arrive.', 3],
    ],
  },
  {
    rule: 'one leading period and a letter or digit forces a heading',
    source: ['.UNDERWATER', '', '.3AM, THE ROOF'],
    elements: [
      ['scene_heading', 'UNDERWATER', 1],
      ['scene_heading', '3AM, THE ROOF', 3],
    ],
    also: (els) => assert.ok(els.every((e) => e.type === 'scene_heading' && e.forced)),
  },
  {
    rule: 'an ellipsis or a period and a space does not force a heading',
    source: ['...so it begins.', '', '. NOT A HEADING', '', '..NOR THIS'],
    elements: [
      ['action', '...so it begins.', 1],
      ['action', '. NOT A HEADING', 3],
      ['action', '..NOR THIS', 5],
    ],
  },
  {
    rule: 'a scene number between # marks at the end of a heading is taken out of its text',
    source: ['INT. MILL - DAY #7#', '', 'EXT. YARD - DAY #7A#', '', 'INT. LOFT - NIGHT #I-2.b#'],
    elements: [
      ['scene_heading', 'INT. MILL - DAY', 1],
      ['scene_heading', 'EXT. YARD - DAY', 3],
      ['scene_heading', 'INT. LOFT - NIGHT', 5],
    ],
    also: (els) => assert.deepEqual(els.map((e) => (e.type === 'scene_heading' ? e.sceneNumber : '')), ['7', '7A', 'I-2.b']),
  },
  {
    rule: 'a paragraph that is nothing else is action, keeping its line breaks',
    source: ['Gulls wheel.', 'A bell, far off.', '', 'Nothing else.'],
    elements: [
      ['action', 'Gulls wheel.\nA bell, far off.', 1],
      ['action', 'Nothing else.', 4],
    ],
  },
  {
    rule: 'an exclamation mark forces an upper-case line to be action',
    source: ['', '!TOMMY STOPS.', 'He listens.'],
    elements: [['action', 'TOMMY STOPS.\nHe listens.', 2]],
    also: (els) => assert.equal(els[0]!.type === 'action' && els[0]!.forced, true),
  },
  {
    rule: 'a capitals line after an empty line and before text is a character; dialogue follows',
    source: ['', 'OSWIN', 'The kettle, please.'],
    elements: [
      ['character', 'OSWIN', 2],
      ['dialogue', 'The kettle, please.', 3],
    ],
  },
  {
    rule: 'a character name needs a letter: digits alone are action',
    source: ['', '1984', 'was a year.', '', 'R2D2', 'Beep.'],
    elements: [
      ['action', '1984\nwas a year.', 2],
      ['character', 'R2D2', 5],
      ['dialogue', 'Beep.', 6],
    ],
  },
  {
    rule: 'extensions in parentheses follow the name and may be lower case',
    source: ['', "GRAN (V.O.) (CONT'D)", 'And then…', '', 'PILOT (on the radio)', 'Mayday.'],
    elements: [
      ['character', "GRAN (V.O.) (CONT'D)", 2],
      ['dialogue', 'And then…', 3],
      ['character', 'PILOT (on the radio)', 5],
      ['dialogue', 'Mayday.', 6],
    ],
    also: (els) => {
      const cues = els.filter((e) => e.type === 'character');
      assert.deepEqual(cues.map((c) => [c.name, c.extensions]), [['GRAN', ['V.O.', "CONT'D"]], ['PILOT', ['on the radio']]]);
    },
  },
  {
    rule: 'an @ forces a name with lower-case letters to be a character',
    source: ['', '@van der BERG', 'Ja.'],
    elements: [
      ['character', 'van der BERG', 2],
      ['dialogue', 'Ja.', 3],
    ],
  },
  {
    rule: 'a caret after the second name makes dual dialogue, wherever the extensions stand',
    source: ['', 'ADA', 'Now!', '', 'BEA ^', 'Now!', '', 'CAL (O.S.) ^', 'Now!', '', 'AND ^ (singing)', 'Now!'],
    elements: [
      ['character', 'ADA', 2],
      ['dialogue', 'Now!', 3],
      ['character', 'BEA', 5],
      ['dialogue', 'Now!', 6],
      ['character', 'CAL (O.S.)', 8],
      ['dialogue', 'Now!', 9],
      ['character', 'AND (singing)', 11],
      ['dialogue', 'Now!', 12],
    ],
    also: (els) => {
      const cues = els.filter((e) => e.type === 'character');
      assert.deepEqual(cues.map((c) => [c.name, c.dual]), [['ADA', false], ['BEA', true], ['CAL', true], ['AND', true]]);
    },
  },
  {
    rule: 'a line in parentheses inside dialogue is a parenthetical',
    source: ['', 'ROSA', '(quietly)', 'Go.', '(beat)', 'Now.'],
    elements: [
      ['character', 'ROSA', 2],
      ['parenthetical', '(quietly)', 3],
      ['dialogue', 'Go.', 4],
      ['parenthetical', '(beat)', 5],
      ['dialogue', 'Now.', 6],
    ],
  },
  {
    rule: 'dialogue keeps its line breaks, and a line of two spaces joins an empty line into it',
    source: ['', 'DJ', 'Side one.', '  ', 'Side two.'],
    elements: [
      ['character', 'DJ', 2],
      ['dialogue', 'Side one.\n\nSide two.', 3],
    ],
  },
  {
    rule: 'a line starting with a tilde is lyrics, wherever it stands',
    source: ['~Row, row, row', '', 'The crew rows.', '~Gently down the stream', 'They grin.', '', 'SKIPPER', 'Sing!', '~Merrily, merrily'],
    elements: [
      ['lyrics', 'Row, row, row', 1],
      ['action', 'The crew rows.', 3],
      ['lyrics', 'Gently down the stream', 4],
      ['action', 'They grin.', 5],
      ['character', 'SKIPPER', 7],
      ['dialogue', 'Sing!', 8],
      ['lyrics', 'Merrily, merrily', 9],
    ],
  },
  {
    rule: 'a capitals line ending in TO: between empty lines is a transition',
    source: ['Done.', '', 'SMASH CUT TO:', '', 'FADE OUT.', '', 'Later.'],
    elements: [
      ['action', 'Done.', 1],
      ['transition', 'SMASH CUT TO:', 3],
      ['action', 'FADE OUT.', 5],
      ['action', 'Later.', 7],
    ],
  },
  {
    rule: 'a greater-than sign forces a transition',
    source: ['', '> FADE TO BLACK.', '', '>Burn to white.'],
    elements: [
      ['transition', 'FADE TO BLACK.', 2],
      ['transition', 'Burn to white.', 4],
    ],
  },
  {
    rule: 'text between > and < is centered, with or without spaces',
    source: ['>INTERMISSION<', '', '> THE END <'],
    elements: [
      ['centered', 'INTERMISSION', 1],
      ['centered', 'THE END', 3],
    ],
  },
  {
    rule: 'emphasis marks and escapes stay in the text for the renderer',
    source: ['She is *very* **sure**, _truly_ ***certain***, \\*not\\* starred.'],
    elements: [['action', 'She is *very* **sure**, _truly_ ***certain***, \\*not\\* starred.', 1]],
  },
  {
    rule: 'a title page has keys with inline or indented values and ends at an empty line',
    source: ['Title:', '    _**HIGH WATER**_', 'Credit: by', 'Author: K. Ode', 'Draft date: 1 May', '', 'EXT. DAM - DAY'],
    elements: [['scene_heading', 'EXT. DAM - DAY', 7]],
    also: () => {
      const s = parseFountain(['Title:', '    _**HIGH WATER**_', 'Credit: by', 'Author: K. Ode', 'Draft date: 1 May', '', 'EXT. DAM - DAY'].join('\n'));
      assert.deepEqual(s.titlePage.map((f) => [f.key, f.value, f.line]), [['title', '_**HIGH WATER**_', 1], ['credit', 'by', 3], ['author', 'K. Ode', 4], ['draft date', '1 May', 5]]);
    },
  },
  {
    rule: 'a title page without an empty line after it does not swallow the script',
    source: ['Title: Dry Run', 'EXT. FIELD - DAY', '', 'Wheat.'],
    elements: [
      ['scene_heading', 'EXT. FIELD - DAY', 2],
      ['action', 'Wheat.', 4],
    ],
  },
  {
    rule: 'FADE IN: on the first line is the script, not a title key',
    source: ['FADE IN:', '', 'EXT. FIELD - DAY'],
    elements: [
      ['action', 'FADE IN:', 1],
      ['scene_heading', 'EXT. FIELD - DAY', 3],
    ],
  },
  {
    rule: 'three or more equals signs alone on a line are a page break',
    source: ['Before.', '', '===', '', 'After.', '', '======'],
    elements: [
      ['action', 'Before.', 1],
      ['page_break', '', 3],
      ['action', 'After.', 5],
      ['page_break', '', 7],
    ],
  },
  {
    rule: 'punctuation is the writer’s: quotes, dashes and ellipses pass through unchanged',
    source: ['"Run," she says -- and… doesn\'t.'],
    elements: [['action', '"Run," she says -- and… doesn\'t.', 1]],
  },
  {
    rule: 'action keeps leading spaces, and a tab is four spaces',
    source: ['INT. LAB - NIGHT', '', 'The screen says', '\tlogin: ok', '  two in'],
    elements: [
      ['scene_heading', 'INT. LAB - NIGHT', 1],
      ['action', 'The screen says\n    login: ok\n  two in', 3],
    ],
  },
  {
    rule: 'a note on its own line is a note with its line',
    source: ['Rain.', '', '[[Is it raining in act two?]]', '', 'Sun.'],
    elements: [
      ['action', 'Rain.', 1],
      ['note', 'Is it raining in act two?', 3],
      ['action', 'Sun.', 5],
    ],
  },
  {
    rule: 'a note over several lines inside a paragraph does not split the paragraph',
    source: ['He opens the door.[[Which door?', 'The red one?]]', 'He steps out.'],
    elements: [
      ['action', 'He opens the door.\nHe steps out.', 1],
      ['note', 'Which door?\nThe red one?', 1],
    ],
  },
  {
    rule: 'an empty line ends a note; a line of two spaces does not',
    source: ['Ah [[first', '', 'second]] oh', '', 'Hum [[one', '  ', 'two]] hum'],
    elements: [
      ['action', 'Ah [[first', 1],
      ['action', 'second]] oh', 3],
      ['action', 'Hum\n hum', 5],
      ['note', 'one\n  \ntwo', 5],
    ],
  },
  {
    rule: 'boneyard text is kept as an element with its lines and is not story',
    source: ['Keep.', '', '/*', 'INT. CUT ROOM - DAY', '', 'Gone.', '*/', '', 'Also kept. /* aside */ Yes.'],
    elements: [
      ['action', 'Keep.', 1],
      ['boneyard', 'INT. CUT ROOM - DAY\n\nGone.', 3],
      ['action', 'Also kept.  Yes.', 9],
      ['boneyard', ' aside', 9],
    ],
    also: (els) => assert.deepEqual(els.filter((e) => e.type === 'boneyard').map((e) => e.endLine), [7, 9]),
  },
  {
    rule: 'pound signs make sections by depth, and an equals sign a synopsis',
    source: ['# Act One', '', '## Arrival', '', '### The station', '', '= Ada arrives too late.'],
    elements: [
      ['section', 'Act One', 1],
      ['section', 'Arrival', 3],
      ['section', 'The station', 5],
      ['synopsis', 'Ada arrives too late.', 7],
    ],
    also: (els) => assert.deepEqual(els.filter((e) => e.type === 'section').map((e) => e.depth), [1, 2, 3]),
  },
];

/** How many expected elements the parser reproduces exactly (type, text and line). */
function agreement(c: SpecCase): { matched: number; total: number; got: Expected[] } {
  const got: Expected[] = parseFountain(c.source.join('\n')).elements.map((e) => [e.type, e.text, e.line]);
  const matched = c.elements.filter((want, k) => JSON.stringify(got[k]) === JSON.stringify(want)).length;
  return { matched, total: Math.max(c.elements.length, got.length), got };
}

describe('Fountain syntax, rule by rule', () => {
  for (const c of cases) {
    it(c.rule, () => {
      const s = parseFountain(c.source.join('\n'));
      assert.deepEqual(
        s.elements.map((e) => [e.type, e.text, e.line]),
        c.elements,
      );
      c.also?.(s.elements);
    });
  }

  it('agrees with every expected element of the spec cases (the figure is printed)', () => {
    let matched = 0;
    let total = 0;
    for (const c of cases) {
      const a = agreement(c);
      matched += a.matched;
      total += a.total;
    }
    console.log(`      fountain spec agreement: ${matched}/${total} elements (${((100 * matched) / total).toFixed(1)}%) over ${cases.length} rules`);
    assert.equal(matched, total);
  });
});
