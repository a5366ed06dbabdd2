/**
 * The title page: `Key: value` lines at the very top, values inline or on indented lines below
 * (three spaces or a tab), ending at the first blank line.
 */
import type { TitlePageField } from './types';

const TITLE_KEY = /^([\p{L}][\p{L}\p{N} _-]*):[ \t]*(.*)$/u;
const KNOWN_KEYS = new Set(['title', 'credit', 'author', 'authors', 'source', 'draft date', 'date', 'contact', 'copyright', 'notes', 'revision']);
const INDENTED = /^(?: {3,}|\t)/;

/**
 * Reads the title page and says where the script body starts. A line that is neither a key nor
 * indented ends the title page even without a blank line, and is the body's first line.
 */
export function parseTitlePage(lines: readonly string[]): { fields: TitlePageField[]; next: number } {
  const fields: TitlePageField[] = [];
  if (!isKeyLine(lines[0] ?? '')) return { fields, next: 0 };
  let i = 0;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const l = lines[i]!;
    const m = INDENTED.test(l) ? null : TITLE_KEY.exec(l);
    if (m) {
      fields.push({ key: m[1]!.trim().toLowerCase(), value: m[2]!.trim(), line: i + 1 });
    } else if (INDENTED.test(l)) {
      const last = fields[fields.length - 1]!;
      last.value = last.value ? `${last.value}\n${l.trim()}` : l.trim();
    } else {
      break;
    }
  }
  return { fields, next: i };
}

/**
 * A title key. `FADE IN:` also looks like one, so an all-capitals key counts only when it is one
 * of the keys the spec names.
 */
function isKeyLine(line: string): boolean {
  const m = TITLE_KEY.exec(line);
  if (!m || /^(?:INT|EXT|EST|I\/E)[.\s]/i.test(line)) return false;
  const key = m[1]!.trim();
  return key !== key.toUpperCase() || KNOWN_KEYS.has(key.toLowerCase());
}
