/**
 * A Fountain parser that keeps line numbers (https://fountain.io/syntax). fountain-js gives no
 * positions, and every diagnostic and every shot's `source` needs them, so this is our own.
 *
 * The parser never throws: an unclosed boneyard or note becomes a `problem` and parsing goes on.
 * Boneyard and notes are cut out first with their newlines kept, so every later line number is
 * still the line in the file.
 */
import type {
  Character,
  FountainProblem,
  Note,
  ScriptElement,
  Screenplay,
  TitlePageField,
} from './types';

const SCENE_PREFIX = /^(?:INT\.?\/EXT|EXT\.?\/INT|INT|EXT|EST|I\/E|E\/I)[.\s]/i;
const SCENE_NUMBER = /\s*#([A-Za-z0-9.\-]+)#\s*$/;
const TITLE_KEY = /^([A-Za-z][A-Za-z0-9 _-]*):[ \t]*(.*)$/;
const PAGE_BREAK = /^={3,}$/;

/** Parses a Fountain screenplay. Lines are 1-based; `\r\n` and `\r` are treated as `\n`. */
export function parseFountain(source: string): Screenplay {
  const problems: FountainProblem[] = [];
  const notes: Note[] = [];
  let text = source.replace(/\r\n?/g, '\n');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  text = cutOut(text, '/*', '*/', problems, 'boneyard');
  text = cutOut(text, '[[', ']]', problems, 'note', (body, line, endLine) => {
    notes.push({ type: 'note', text: body.trim(), line, endLine });
  });

  const lines = text.split('\n');
  const { fields: titlePage, next: start } = parseTitlePage(lines);
  const elements: ScriptElement[] = [];
  const isBlank = (i: number) => i < 0 || i >= lines.length || lines[i]!.trim() === '';

  let i = start;
  while (i < lines.length) {
    const raw = lines[i]!;
    const t = raw.trim();
    if (t === '') {
      i++;
      continue;
    }
    const line = i + 1;
    const prevBlank = i === start || isBlank(i - 1);
    const nextBlank = isBlank(i + 1);

    if (PAGE_BREAK.test(t)) {
      elements.push({ type: 'page_break', text: '', line, endLine: line });
    } else if (t.startsWith('#')) {
      const depth = /^#+/.exec(t)![0].length;
      elements.push({ type: 'section', text: t.slice(depth).trim(), depth, line, endLine: line });
    } else if (t.startsWith('=')) {
      elements.push({ type: 'synopsis', text: t.slice(1).trim(), line, endLine: line });
    } else if (t.startsWith('>') && t.endsWith('<') && t.length > 1) {
      elements.push({ type: 'centered', text: t.slice(1, -1).trim(), line, endLine: line });
    } else if (t.startsWith('>')) {
      elements.push({ type: 'transition', text: t.slice(1).trim(), forced: true, line, endLine: line });
    } else if (t.startsWith('~')) {
      elements.push({ type: 'lyrics', text: t.slice(1).trim(), line, endLine: line });
    } else if (/^\.[^.]/.test(t)) {
      elements.push(sceneHeading(t.slice(1), true, line));
    } else if (prevBlank && SCENE_PREFIX.test(t)) {
      elements.push(sceneHeading(t, false, line));
    } else if (prevBlank && nextBlank && isUpper(t) && /TO:$/.test(t)) {
      elements.push({ type: 'transition', text: t, forced: false, line, endLine: line });
    } else if (!t.startsWith('!') && prevBlank && !nextBlank && isCharacterCue(t)) {
      i = dialogueBlock(lines, i, elements);
      continue;
    } else {
      i = actionParagraph(lines, i, elements);
      continue;
    }
    i++;
  }

  for (const n of notes) elements.push(n);
  elements.sort((a, b) => a.line - b.line);
  return { titlePage, elements, problems };
}

/** Title page: `Key: value` lines at the very top, indented continuation lines, up to a blank line. */
function parseTitlePage(lines: string[]): { fields: TitlePageField[]; next: number } {
  const fields: TitlePageField[] = [];
  if (lines.length === 0 || !TITLE_KEY.test(lines[0]!) || SCENE_PREFIX.test(lines[0]!)) return { fields, next: 0 };
  let i = 0;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const l = lines[i]!;
    const m = TITLE_KEY.exec(l);
    if (m && !/^(\s{3,}|\t)/.test(l)) {
      fields.push({ key: m[1]!.trim().toLowerCase(), value: m[2]!.trim(), line: i + 1 });
    } else if (fields.length > 0) {
      const last = fields[fields.length - 1]!;
      last.value = last.value ? `${last.value}\n${l.trim()}` : l.trim();
    } else {
      return { fields: [], next: 0 };
    }
  }
  return { fields, next: i };
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

function isCharacterCue(t: string): boolean {
  if (t.startsWith('@')) return t.length > 1;
  const name = t.replace(/\^$/, '').replace(/\(.*?\)/g, '').trim();
  return name.length > 0 && isUpper(name) && !SCENE_PREFIX.test(t) && !/TO:$/.test(name);
}

/** A character cue, then parentheticals and dialogue until a blank line (a line of two spaces continues). */
function dialogueBlock(lines: string[], i: number, out: ScriptElement[]): number {
  out.push(characterCue(lines[i]!.trim(), i + 1));
  let j = i + 1;
  let dialogue: { text: string[]; line: number } | undefined;
  const flush = (end: number) => {
    if (dialogue) out.push({ type: 'dialogue', text: dialogue.text.join('\n'), line: dialogue.line, endLine: end });
    dialogue = undefined;
  };
  for (; j < lines.length; j++) {
    const raw = lines[j]!;
    if (raw.trim() === '' && raw !== '  ') break;
    const t = raw.trim();
    if (t.startsWith('(') && t.endsWith(')')) {
      flush(j);
      out.push({ type: 'parenthetical', text: t, line: j + 1, endLine: j + 1 });
    } else {
      dialogue ??= { text: [], line: j + 1 };
      dialogue.text.push(t);
    }
  }
  flush(j);
  return j;
}

function characterCue(t: string, line: number): Character {
  const forced = t.startsWith('@');
  let s = forced ? t.slice(1) : t;
  const dual = /\^\s*$/.test(s);
  if (dual) s = s.replace(/\^\s*$/, '');
  const extensions = [...s.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.trim());
  const name = s.replace(/\([^)]*\)/g, '').trim();
  return { type: 'character', text: s.trim(), name, extensions, dual, forced, line, endLine: line };
}

/** Consecutive non-blank lines are one action element (a leading `!` forces action). */
function actionParagraph(lines: string[], i: number, out: ScriptElement[]): number {
  const first = lines[i]!.trim();
  const forced = first.startsWith('!');
  const text: string[] = [];
  let j = i;
  for (; j < lines.length && lines[j]!.trim() !== ''; j++) {
    let l = lines[j]!.replace(/\s+$/, '');
    if (j === i && forced) l = l.replace(/^(\s*)!/, '$1');
    text.push(l.replace(/^\t/, ''));
  }
  out.push({ type: 'action', text: text.join('\n').trim(), forced, line: i + 1, endLine: j });
  return j;
}

/**
 * Removes every `open … close` span, keeping its newlines so line numbers stay true. An unclosed
 * span is left in place and reported.
 */
function cutOut(
  text: string,
  open: string,
  close: string,
  problems: FountainProblem[],
  what: 'boneyard' | 'note',
  onSpan?: (body: string, line: number, endLine: number) => void,
): string {
  let out = '';
  let pos = 0;
  let line = 1; // line number at `pos`
  for (;;) {
    const start = text.indexOf(open, pos);
    if (start < 0) break;
    const startLine = line + countNewlines(text, pos, start);
    const end = text.indexOf(close, start + open.length);
    if (end < 0) {
      const column = start - text.lastIndexOf('\n', start - 1);
      problems.push({
        line: startLine,
        column,
        message:
          what === 'boneyard'
            ? 'this boneyard `/*` is never closed: add `*/` where the cut text ends'
            : 'this note `[[` is never closed: add `]]` where the note ends',
      });
      break;
    }
    const body = text.slice(start + open.length, end);
    const newlines = countNewlines(body, 0, body.length);
    onSpan?.(body, startLine, startLine + newlines);
    out += text.slice(pos, start) + '\n'.repeat(newlines);
    pos = end + close.length;
    line = startLine + newlines;
  }
  return out + text.slice(pos);
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
}
