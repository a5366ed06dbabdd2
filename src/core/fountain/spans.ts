/**
 * Boneyard (`/* … *\/`) and notes (`[[ … ]]`) can start and end anywhere, mid-line and across
 * lines, so they are taken out of the text before the line-by-line parse. What is taken out is
 * replaced by GHOST marks, one per line it covered: a line left holding only ghosts is neither
 * blank nor text, so a note inside a paragraph does not split it, and every later line number is
 * still the line in the file.
 */
import type { Boneyard, FountainProblem, Note } from './types';

/** Stands where a boneyard or note was cut out; never appears in element text. */
export const GHOST = '\u0001';

export interface CutSpans {
  text: string;
  notes: Note[];
  boneyard: Boneyard[];
}

export function cutSpans(source: string, problems: FountainProblem[]): CutSpans {
  const boneyard: Boneyard[] = [];
  const notes: Note[] = [];
  let text = cutOut(source, '/*', '*/', problems, (body, line, endLine) => {
    boneyard.push({ type: 'boneyard', text: body.replace(/^\n+|\s+$/g, ''), line, endLine });
    return true;
  });
  text = cutOut(text, '[[', ']]', problems, (body, line, endLine) => {
    // A note may hold line breaks, but an empty line ends it (a line of two spaces does not).
    if (body.split('\n').some((l, k, all) => k > 0 && k < all.length - 1 && isEmptyLine(l))) return false;
    notes.push({ type: 'note', text: body.replace(new RegExp(GHOST, 'g'), '').trim(), line, endLine });
    return true;
  });
  return { text, notes, boneyard };
}

/** Empty for Fountain: nothing, or only whitespace shorter than the two spaces that join lines. */
export function isEmptyLine(raw: string): boolean {
  return raw.trim() === '' && !raw.includes(GHOST) && !/^[ \t]{2,}$/.test(raw);
}

/**
 * Removes every `open … close` span the callback accepts. An unclosed span is left in place and
 * reported once, with its line and column.
 */
function cutOut(
  text: string,
  open: string,
  close: string,
  problems: FountainProblem[],
  accept: (body: string, line: number, endLine: number) => boolean,
): string {
  let out = '';
  let copied = 0; // text before this index is already in `out`
  let search = 0;
  let counted = 0; // newlines are counted up to here, once, so many spans stay linear
  let line = 1;
  for (;;) {
    const start = text.indexOf(open, search);
    if (start < 0) break;
    const end = text.indexOf(close, start + open.length);
    line += countNewlines(text, counted, start);
    counted = start;
    const startLine = line;
    if (end < 0) {
      problems.push({
        line: startLine,
        column: start - text.lastIndexOf('\n', start - 1),
        message:
          open === '/*'
            ? 'this boneyard `/*` is never closed: add `*/` where the cut text ends'
            : 'this note `[[` is never closed: add `]]` where the note ends',
      });
      break;
    }
    const body = text.slice(start + open.length, end);
    const newlines = countNewlines(body, 0, body.length);
    if (!accept(body, startLine, startLine + newlines)) {
      search = start + open.length;
      continue;
    }
    out += text.slice(copied, start) + GHOST + `\n${GHOST}`.repeat(newlines);
    copied = search = end + close.length;
  }
  return out + text.slice(copied);
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) n++;
  return n;
}
