/**
 * The shot list as CSV (`edit/shotlist.csv`), RFC 4180: CRLF line ends, every field that holds
 * a comma, a quote or a line break quoted, quotes doubled. One row per shot in cut order, in the
 * columns a first AD's or an editor's spreadsheet expects. A cell that starts with `=`, `+`,
 * `-` or `@` gets a leading apostrophe, so a spreadsheet shows it and never runs it as a formula.
 */
import type { ShotData } from '../model/types';
import type { Cut } from './cut';

export const SHOTLIST_COLUMNS = ['id', 'scene', 'size', 'angle', 'move', 'lens', 'duration', 'characters', 'description', 'dialogue'] as const;

/** One CSV field. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The shot list of the cut; `shots` gives each shot's fields by id. */
export function toShotlistCsv(cut: Cut, shots: ReadonlyMap<string, ShotData>): string {
  const rows: string[][] = [[...SHOTLIST_COLUMNS]];
  for (const c of cut.shots) {
    const s = shots.get(c.id);
    const camera = s?.camera as { move?: unknown } | undefined;
    const move = s?.movement ?? (typeof camera?.move === 'string' ? camera.move : '');
    rows.push([
      c.id,
      c.scene,
      s?.size ?? '',
      s?.angle ?? '',
      move,
      s?.lens ?? '',
      (c.frames / cut.fps).toFixed(2),
      (s?.characters ?? []).join(', '),
      s?.action ?? '',
      c.dialogue.map((d) => `${d.character.toUpperCase()}: ${d.line}`).join('\n'),
    ]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
