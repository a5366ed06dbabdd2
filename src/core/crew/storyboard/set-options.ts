/**
 * What a set is drawn with: its size, interior or exterior, light, eye level, zoom and weather.
 * Its own file because both the generic set (scenery.ts) and the particular places (places.ts)
 * draw from it, and scenery.ts calls places.ts: one direction, no cycle.
 */

export type Light = 'day' | 'dusk' | 'night';

export interface SetOptions {
  width: number;
  height: number;
  interior: boolean;
  light: Light;
  /** y of the horizon (the camera's eye level). */
  horizon: number;
  /** 1 = a wide shot's view of the set; 3 = a close-up's magnified, cropped view. */
  zoom: number;
  /** x the set is magnified around (the subject). */
  focusX: number;
  location: string;
  weather: { rain: boolean; fog: boolean };
  rand: () => number;
  line: number;
  /** Prefix of the drawing's defs (hatch patterns). */
  ids: string;
  /** Text that may name a landmark in view (the shot's action: "the lighthouse stands black…"). */
  landmarks?: string;
  /** `space`: the film is set aboard a spacecraft (from the style block). */
  world?: 'space';
  /** A design variant (0–3) of the same place: option cards draw four. */
  variant?: number;
}
