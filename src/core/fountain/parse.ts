/**
 * A Fountain parser that keeps line numbers (https://fountain.io/syntax). fountain-js gives no
 * positions, and every diagnostic and every shot's `source` needs them, so this is our own.
 *
 * The parser never throws: an unclosed boneyard or note becomes a `problem` and parsing goes on.
 * Boneyard and notes are cut out first (spans.ts), leaving ghost marks so line numbers stay true.
 */
import { cutSpans, GHOST, isEmptyLine } from './spans';
import { parseTitlePage } from './title-page';
import type { Character, FountainProblem, ScriptElement, Screenplay } from './types';

const SCENE_PREFIX = /^(?:INT\.?\/EXT|EXT\.?\/INT|INT|EXT|EST|I\/E|E\/I)[.\s]/i;
const SCENE_NUMBER = /\s*#([\p{L}\p{N}.-]+)#\s*$/u;
const PAGE_BREAK = /^={3,}$/;
/** A single period and a letter or digit forces a heading; `...` and `. ` do not. */
const FORCED_HEADING = /^\.(?=[\p{L}\p{N}])/u;
const GHOSTS = new RegExp(GHOST, 'g');

/** Parses a Fountain screenplay. Lines are 1-based; `\r\n` and `\r` are treated as `\n`. */
export function parseFountain(source: string): Screenplay {
  const problems: FountainProblem[] = [];
  let normalized = source.replace(/\r\n?/g, '\n');
  if (normalized.charCodeAt(0) === 0xfeff) normalized = normalized.slice(1);
  const { text, notes, boneyard } = cutSpans(normalized, problems);

  const lines = text.split('\n');
  const { fields: titlePage, next: start } = parseTitlePage(lines);
  const body = new Body(lines, start);
  const elements: ScriptElement[] = [];
  let i = start;
  while (i < lines.length) {
    if (body.isBlank(i)) {
      i++;
      continue;
    }
    const single = singleLineElement(body, i);
    if (single) {
      elements.push(single);
      i++;
    } else if (body.prevBlank(i) && !body.nextBlank(i) && isCharacterCue(body.text(i))) {
      i = dialogueBlock(body, i, elements);
    } else {
      i = actionParagraph(body, i, elements);
    }
  }

  const all = [...elements, ...notes, ...boneyard].sort((a, b) => a.line - b.line);
  return { titlePage, elements: all, problems };
}

/** The lines of the script body, with the questions the rules ask of a line and its neighbours. */
class Body {
  constructor(
    readonly lines: readonly string[],
    readonly start: number,
  ) {}
  /** The line without ghost marks and without surrounding whitespace. */
  text(i: number): string {
    return this.lines[i]!.replace(GHOSTS, '').trim();
  }
  /** Only where a note or boneyard was: neither text nor a paragraph break. */
  isGhost(i: number): boolean {
    return this.lines[i]!.includes(GHOST) && this.text(i) === '';
  }
  isBlank(i: number): boolean {
    return this.text(i) === '';
  }
  /** Ends a paragraph or dialogue: an empty line (a line of two spaces joins instead). */
  endsBlock(i: number): boolean {
    return i >= this.lines.length || isEmptyLine(this.lines[i]!);
  }
  prevBlank(i: number): boolean {
    let j = i - 1;
    while (j >= this.start && this.isGhost(j)) j--;
    return j < this.start || this.isBlank(j);
  }
  nextBlank(i: number): boolean {
    let j = i + 1;
    while (j < this.lines.length && this.isGhost(j)) j++;
    return j >= this.lines.length || this.isBlank(j);
  }
}

/** The elements that are one line by their own marker or shape, or undefined. */
function singleLineElement(body: Body, i: number): ScriptElement | undefined {
  const t = body.text(i);
  const line = i + 1;
  const at = { line, endLine: line };
  if (t.startsWith('~')) return { type: 'lyrics', text: t.slice(1).trim(), ...at };
  if (PAGE_BREAK.test(t)) return { type: 'page_break', text: '', ...at };
  if (t.startsWith('#')) {
    const depth = /^#+/.exec(t)![0].length;
    return { type: 'section', text: t.slice(depth).trim(), depth, ...at };
  }
  if (t.startsWith('=')) return { type: 'synopsis', text: t.slice(1).trim(), ...at };
  if (t.startsWith('>') && t.endsWith('<') && t.length > 1) return { type: 'centered', text: t.slice(1, -1).trim(), ...at };
  if (t.startsWith('>')) return { type: 'transition', text: t.slice(1).trim(), forced: true, ...at };
  if (FORCED_HEADING.test(t)) return sceneHeading(t.slice(1), true, line);
  if (!body.prevBlank(i)) return undefined;
  if (SCENE_PREFIX.test(t)) return sceneHeading(t, false, line);
  if (body.nextBlank(i) && isUpper(t) && /TO:$/.test(t)) return { type: 'transition', text: t, forced: false, ...at };
  return undefined;
}

function sceneHeading(text: string, forced: boolean, line: number): ScriptElement {
  const m = SCENE_NUMBER.exec(text);
  const heading = (m ? text.slice(0, m.index) : text).trim();
  return m
    ? { type: 'scene_heading', text: heading, sceneNumber: m[1]!, forced, line, endLine: line }
    : { type: 'scene_heading', text: heading, forced, line, endLine: line };
}

/** Upper case with at least one letter: the test Fountain uses for cues and transitions. */
function isUpper(s: string): boolean {
  return /\p{L}/u.test(s) && s === s.toUpperCase();
}

/** A cue: `@` forces one; else the name (before any extension) is in capitals. */
function isCharacterCue(t: string): boolean {
  if (t.startsWith('@')) return t.length > 1;
  if (t.startsWith('!') || SCENE_PREFIX.test(t)) return false;
  const name = t.replace(/\^/g, '').replace(/\(.*?\)/g, '').trim();
  return name.length > 0 && isUpper(name) && !/TO:$/.test(name);
}

/** A character cue, then parentheticals, dialogue and lyrics until an empty line. */
function dialogueBlock(body: Body, i: number, out: ScriptElement[]): number {
  out.push(characterCue(body.text(i), i + 1));
  let dialogue: { text: string[]; line: number; endLine: number } | undefined;
  const flush = () => {
    if (dialogue) out.push({ type: 'dialogue', text: dialogue.text.join('\n').trim(), line: dialogue.line, endLine: dialogue.endLine });
    dialogue = undefined;
  };
  let j = i + 1;
  for (; !body.endsBlock(j); j++) {
    if (body.isGhost(j)) continue;
    const t = body.text(j);
    if (t.startsWith('~')) {
      flush();
      out.push({ type: 'lyrics', text: t.slice(1).trim(), line: j + 1, endLine: j + 1 });
    } else if (t.startsWith('(') && t.endsWith(')') && t.length > 1) {
      flush();
      out.push({ type: 'parenthetical', text: t, line: j + 1, endLine: j + 1 });
    } else {
      dialogue ??= { text: [], line: j + 1, endLine: j + 1 };
      dialogue.text.push(t);
      if (t !== '') dialogue.endLine = j + 1;
    }
  }
  flush();
  return j;
}

function characterCue(t: string, line: number): Character {
  const forced = t.startsWith('@');
  let s = forced ? t.slice(1) : t;
  // `^` may stand after the name or after its extensions: `STEEL ^`, `STEEL (O.S.) ^`.
  const dual = s.includes('^');
  s = s.replace(/\s*\^\s*/g, ' ').replace(/\s+/g, ' ').trim();
  const extensions = [...s.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.trim());
  const name = s.replace(/\([^)]*\)?/g, '').replace(/\s+/g, ' ').trim();
  return { type: 'character', text: s, name, extensions, dual, forced, line, endLine: line };
}

/**
 * Consecutive lines are one action element; a leading `!` forces action. Indenting is kept (a tab
 * is four spaces), and a `~` line inside is lyrics, splitting the action around it.
 */
function actionParagraph(body: Body, i: number, out: ScriptElement[]): number {
  let chunk: { text: string[]; line: number; endLine: number; forced: boolean } | undefined;
  const flush = () => {
    if (chunk) out.push({ type: 'action', text: chunk.text.join('\n').replace(/^\n+|\s+$/g, ''), forced: chunk.forced, line: chunk.line, endLine: chunk.endLine });
    chunk = undefined;
  };
  let j = i;
  for (; !body.endsBlock(j); j++) {
    if (body.isGhost(j)) continue;
    const t = body.text(j);
    if (j > i && t.startsWith('~')) {
      flush();
      out.push({ type: 'lyrics', text: t.slice(1).trim(), line: j + 1, endLine: j + 1 });
      continue;
    }
    let l = body.lines[j]!.replace(GHOSTS, '').replace(/\t/g, '    ').replace(/\s+$/, '');
    const forced = !chunk && t.startsWith('!');
    if (forced) l = l.replace('!', '');
    chunk ??= { text: [], line: j + 1, endLine: j + 1, forced };
    chunk.text.push(l);
    if (t !== '') chunk.endLine = j + 1;
  }
  flush();
  return j;
}
