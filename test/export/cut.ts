/** Shots for the export tests: the lighthouse cut as the breakdown would write it. */
import type { ShotData } from '../../src/core/model/types';

export function shot(id: string, order: number, duration: number, extra: Partial<ShotData> = {}): ShotData {
  return { kind: 'shot', id, scene: id.split('-')[0]!, order, duration, size: 'MS', ...extra };
}

/** Deliberately out of order, with one omitted shot and one fractional duration. */
export const SHOTS: ShotData[] = [
  shot('s02-001', 1, 5, { size: 'EWS', action: 'Rain. Mara walks the shoreline.' }),
  shot('s01-002', 2, 2.5, { dialogue: [{ character: 'mara', line: 'One more night, old friend.' }] }),
  shot('s01-001', 1, 4, { size: 'WS' }),
  shot('s10-001', 1, 3),
  shot('s01-003', 3, 1.3, { omitted: true }),
  shot('s01-004', 4, 3.2, { clip: 'media/clips/s01-004.mp4' }),
  shot('s02-002', 2, 3, { clip: 'media/clips/s02-002.json' }),
];
