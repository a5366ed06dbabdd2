/**
 * Scenes from a parsed screenplay: the unit the breakdown, the DOP instances and the storyboard
 * grouping work in. Acts are the depth-1 sections (`# ACT ONE`); work can proceed act by act
 * (docs/architecture.md, "Stages and gates").
 */
import type { Scene } from '../model/types';
import type { Screenplay } from './types';

const TIMES_OF_DAY = new Set([
  'DAY', 'NIGHT', 'MORNING', 'AFTERNOON', 'EVENING', 'DAWN', 'DUSK', 'SUNRISE', 'SUNSET',
  'CONTINUOUS', 'LATER', 'MOMENTS LATER', 'SAME', 'SAME TIME', 'MAGIC HOUR', 'NOON', 'MIDNIGHT',
]);

export interface HeadingParts {
  interior?: boolean;
  /** The place as written, e.g. `LIGHTHOUSE - LAMP ROOM`. */
  location?: string;
  timeOfDay?: string;
}

/** Splits `INT. LIGHTHOUSE - LAMP ROOM - NIGHT` into interior, location and time of day. */
export function parseHeading(heading: string): HeadingParts {
  const m = /^(INT\.?\/EXT|EXT\.?\/INT|I\/E|E\/I|INT|EXT|EST)\.?\s*(.*)$/i.exec(heading.trim());
  if (!m) return { location: heading.trim() || undefined };
  const prefix = m[1]!.toUpperCase();
  const interior = prefix.startsWith('INT') && !prefix.includes('/') ? true : prefix === 'EXT' || prefix === 'EST' ? false : undefined;
  const parts = m[2]!.split(/\s+[-–—]\s+/);
  let timeOfDay: string | undefined;
  if (parts.length > 1 && TIMES_OF_DAY.has(parts[parts.length - 1]!.trim().toUpperCase())) {
    timeOfDay = parts.pop()!.trim().toUpperCase();
  }
  const location = parts.join(' - ').trim() || undefined;
  return { interior, location, timeOfDay };
}

/**
 * The scenes in script order. Ids are `s01`, `s02`… by position, or `s<number>` when the heading
 * forces a scene number (`#1A#` → `s1A`). Act ids come from `acts` (production.md) by position,
 * else `act1`, `act2`…. `characters` are the speakers, in order of first line.
 */
export function scenesOf(screenplay: Screenplay, acts?: readonly { id: string }[]): Scene[] {
  const scenes: Scene[] = [];
  const elements = screenplay.elements;
  let actIndex = -1;
  let act: string | undefined;
  let current: Scene | undefined;
  let lastLine = 0;
  const close = (endLine: number) => {
    if (current) current.endLine = Math.max(current.line, endLine);
  };

  for (const el of elements) {
    if (el.type === 'section' && el.depth === 1) {
      actIndex++;
      act = acts?.[actIndex]?.id ?? `act${actIndex + 1}`;
      continue;
    }
    if (el.type === 'scene_heading') {
      close(lastLine);
      const number = scenes.length + 1;
      const parts = parseHeading(el.text);
      current = {
        id: el.sceneNumber ? `s${el.sceneNumber}` : `s${String(number).padStart(2, '0')}`,
        number,
        heading: el.text,
        line: el.line,
        endLine: el.endLine,
        characters: [],
        ...(act ? { act } : {}),
        ...(parts.location ? { location: parts.location } : {}),
        ...(parts.interior !== undefined ? { interior: parts.interior } : {}),
        ...(parts.timeOfDay ? { timeOfDay: parts.timeOfDay } : {}),
      };
      scenes.push(current);
    } else if (current && el.type === 'character' && !current.characters.includes(el.name)) {
      current.characters.push(el.name);
    }
    if (el.type !== 'section' && el.type !== 'page_break') lastLine = el.endLine;
  }
  close(lastLine);
  return scenes;
}
