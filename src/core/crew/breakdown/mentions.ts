/**
 * What a screenplay's action lines name, by the conventions screenwriters write them with:
 * a character is introduced in capitals followed by a description in parentheses
 * (`MARA (60s, weathered oilskin)`), props and sounds the camera must catch are in capitals
 * (`LANTERN`), and people are named by name or pronoun afterwards.
 */
import { readsAsName, storyObjects } from './language';

/** Capitalised words that are screenplay vocabulary, never names. */
const NOT_PROPS = new Set([
  'I', 'A', 'OK', 'TV', 'INT', 'EXT', 'CONT', "CONT'D", 'O.S', 'V.O', 'O.C', 'POV', 'CUT', 'TO', 'FADE', 'IN', 'OUT',
  'DISSOLVE', 'SMASH', 'MATCH', 'THE', 'END', 'CLOSE', 'ON', 'ANGLE', 'INSERT', 'BACK', 'SCENE', 'LATER', 'CONTINUOUS',
  'AND', 'OF', 'DAY', 'NIGHT', 'MORNING', 'EVENING', 'DUSK', 'DAWN', 'SUPER', 'TITLE', 'INTERCUT',
]);

const AGE_FIRST = /^\s*(?:\d|early |mid[- ]|late |teens?\b|twent|thirt|fort|fift|sixt|sevent|eight|ninet)/i;
const AGE_LIKE = /\d|teen|twent|thirt|fort|fift|sixt|sevent|eight|ninet|young|old|child|kid|baby|man|woman/i;

/** Characters introduced in action: a capitalised name followed by a description in parentheses. */
export function introductions(text: string): { name: string; description: string }[] {
  const found: { name: string; description: string }[] = [];
  const re = /\b([A-Z][A-Z'’.-]*[A-Z](?: [A-Z][A-Z'’.-]*[A-Z])*)\s*\(([^)]*)\)/g;
  for (const m of text.matchAll(re)) {
    const name = m[1]!;
    const description = m[2]!.trim();
    // An age first, `(20s, …)`, is the screenplay's way of meeting a person, whatever the tagger makes
    // of the name (it reads KIRSTY as an adjective); `EXTREMELY (very, very old)` has to read as a name.
    const person = AGE_FIRST.test(description) || readsAsName(name);
    if (AGE_LIKE.test(description) && !name.split(' ').every((w) => NOT_PROPS.has(w)) && person) found.push({ name, description });
  }
  return found;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether the text names the character, possessive included: `Mara`, `MARA'S`. A name is written
 * with a capital, so `a clear voice` does not name VOICE and `the mark` does not name MARK.
 */
export function names(text: string, character: string): boolean {
  for (const m of text.matchAll(new RegExp(`(?:^|[^A-Za-z])(${escape(character)})(?=$|[^A-Za-z])`, 'gi'))) {
    if (/^[A-Z]/.test(m[1]!)) return true;
  }
  return false;
}

/** The cast members a text names, in cast order. */
export function castNamed(text: string, cast: readonly string[]): string[] {
  return cast.filter((c) => names(text, c));
}

/** A singular personal pronoun: the text is about someone named before. */
export function hasPronoun(text: string): boolean {
  return /\b(she|he|her|his|him|hers|herself|himself)\b/i.test(text);
}

/** The props a paragraph names (see language.ts), by name in capitals: `LANTERN`, `SUITCASE`. */
export function propsNamed(text: string, cast: readonly string[]): string[] {
  return storyObjects(text, cast).map((o) => o.name);
}

/** Sentences of a paragraph, trimmed. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Words a viewer spends screen time on: parenthesised descriptions do not play. */
export function playedWords(text: string): number {
  return text
    .replace(/\([^)]*\)/g, ' ')
    .split(/\s+/)
    .filter((w) => /[A-Za-z0-9]/.test(w)).length;
}
