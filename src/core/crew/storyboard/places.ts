/**
 * The kinds of place a heading names beyond a plain room or open land: a station platform,
 * a train carriage, a car, a kitchen, an office, a workshop, a bar, a cave, desert, canyon and a river. Each is a few
 * pencil shapes on top of (or instead of) the generic set, in the same perspective: the horizon
 * is the camera's eye level and everything recedes to (focusX, horizon).
 */
import { INK, n, pathOf, shape } from './sketch';
import type { SetOptions } from './set-options';

export type PlaceKind = 'platform' | 'rails' | 'desert' | 'canyon' | 'river' | 'carriage' | 'car' | 'kitchen' | 'office' | 'workshop' | 'bar' | 'cave' | 'module' | 'orbit';

const INTERIOR_KINDS: [RegExp, PlaceKind][] = [
  [/\bmodule\b|airlock|spacecraft|spaceship|starship|space station|\bcapsule\b|sleep station|suit room/, 'module'],
  // A tunnel the trams once ran in is a tunnel; a depot is where trams are mended.
  [/\bcave|cavern|mine\b|tunnel|sewer/, 'cave'],
  [/workshop|repair|garage|print shop|printing|\bpit\b|forge|smithy|depot/, 'workshop'],
  [/train|carriage|compartment|railcar|tram|subway|coach\b|sleeper car|dining car|bus\b/, 'carriage'],
  [/\bcar\b|truck cab|\bcab\b|taxi|\bvan\b|pickup|jeep/, 'car'],
  [/kitchen|galley/, 'kitchen'],
  [/saloon|\bbar\b|\bpub\b|diner|restaurant|cafe|café|dining room|tavern|canteen/, 'bar'],
  [/office|study|ticket|bank|sheriff|police station|reception|classroom|library/, 'office'],
];
const EXTERIOR_KINDS: [RegExp, PlaceKind][] = [
  [/\borbit\b|outer space|deep space|\bhull\b|\btruss\b|docking port|spacewalk/, 'orbit'],
  [/platform|station|depot|railway|railroad|halt\b/, 'platform'],
  [/tracks|rail line|level crossing/, 'rails'],
  [/canyon|gorge|ravine|ledge|dry waterfall|cave mouth/, 'canyon'],
  // A river is water between two banks, not a sea with a beach: a towpath, a weir, a slipway, a canal.
  [/\briver\b|riverbank|towpath|\bweir\b|canal|slipway|pontoon|\bstream\b|\bbrook\b/, 'river'],
  [/desert|trail|mesa|prairie|ridge|flats|plains?\b|badlands|dunes?\b|ranch|farm|ruins/, 'desert'],
];

/** Headings that stay on the ground even in a film set in space: mission control, a home. */
const ON_EARTH = /mission control|control room|houston|\bearth\b|house|home|apartment|flat\b|hospital|street|beach|launch|field|city|town|office|school|bar\b|car\b|train/;

/**
 * The particular kind of place a location is, if it is one of these. In a film the style block
 * sets aboard a spacecraft (`world: 'space'`), a heading that names no place on the ground is
 * the craft: its interiors are modules, its exteriors open space (`HALCYON - GALLEY`, `HULL`).
 */
export function placeKind(location: string, interior: boolean, world?: 'space'): PlaceKind | undefined {
  const l = location.toLowerCase();
  const named = (interior ? INTERIOR_KINDS : EXTERIOR_KINDS).find(([re]) => re.test(l))?.[1];
  if (world !== 'space' || named === 'module' || named === 'orbit' || ON_EARTH.test(l)) return named;
  return interior ? 'module' : 'orbit';
}

/** Whether a style block sets the film aboard a spacecraft or in orbit. */
export function worldOf(style: string): 'space' | undefined {
  return /\b(?:in orbit|low orbit|orbital|space station|spacecraft|spaceship|starship|zero[- ]g(?:ravity)?)\b/i.test(style) ? 'space' : undefined;
}

type Zoom = (x: number, y: number) => [number, number];

/** An exterior place's features, drawn over the sky and the ground. */
export function exteriorPlace(o: SetOptions, kind: PlaceKind, z: Zoom): string {
  const { width: W, height: H, horizon: hz, line: w } = o;
  const vx = o.focusX;
  const parts: string[] = [];
  if (kind === 'platform' || kind === 'rails') {
    // Rails run from the foreground to the vanishing point; the platform edge beside them.
    const rail = (x0: number) => shape(`M${n(x0)} ${n(H)}L${n(vx + (x0 - vx) * 0.02)} ${n(hz)}`, w * 1.4);
    parts.push(rail(W * 0.55), rail(W * 0.78));
    const sleepers: string[] = [];
    for (let i = 1; i < 12; i++) {
      const t = Math.pow(i / 12, 2);
      const y = hz + (H - hz) * t;
      const xa = vx + (W * 0.5 - vx) * t;
      const xb = vx + (W * 0.83 - vx) * t;
      sleepers.push(`M${n(xa)} ${n(y)}L${n(xb)} ${n(y)}`);
    }
    parts.push(shape(sleepers.join(''), w * 0.8, 'none', { color: '#6d6a64' }));
    if (kind === 'platform') {
      const edge: [number, number][] = [[W * 0.46, H], [vx - W * 0.005, hz]];
      parts.push(shape(pathOf([[0, H], edge[0], edge[1], [0, hz]], true, false), w, '#cfccc4'));
      parts.push(shape(`M${n(edge[0][0])} ${n(H)}L${n(edge[1][0])} ${n(hz)}`, w * 3, 'none', { color: '#e8d46a' }));
      // Canopy posts and roof: the iron canopy over the platform.
      const roof: [number, number][] = [];
      for (let i = 0; i < 6; i++) {
        const t = 1 - Math.pow(i / 6, 0.7);
        const x = vx + (W * 0.3 - vx) * t;
        const yb = hz + (H - hz) * t;
        const top = hz - (H * 0.55) * t;
        parts.push(shape(`M${n(x)} ${n(yb)}L${n(x)} ${n(top)}`, w * (1 + 2 * t)));
        roof.push([x, top]);
      }
      parts.push(shape(pathOf([[-W * 0.05, hz - H * 0.62], ...roof], false, false), w * 2));
      // A station clock on the nearest post.
      const [cx, cy] = z(W * 0.3, hz - H * 0.42);
      parts.push(`<circle data-role="station-clock" cx="${n(cx)}" cy="${n(cy)}" r="${n(H * 0.05 * Math.min(o.zoom, 2))}" fill="#ffffff" stroke="${INK}" stroke-width="${n(w * 1.4)}"/>`);
    }
  } else if (kind === 'river') {
    parts.push(river(o, z));
  } else if (kind === 'desert' || kind === 'canyon') {
    // Flat-topped mesas on the horizon, a few cacti; a canyon closes in with walls on both sides.
    for (let i = 0; i < 3; i++) {
      const [x, y] = z(W * (0.1 + i * 0.33 + o.rand() * 0.08), hz);
      const mw = W * (0.12 + o.rand() * 0.08) * o.zoom;
      const mh = H * (0.06 + o.rand() * 0.06) * o.zoom;
      parts.push(shape(pathOf([[x - mw * 0.6, y], [x - mw * 0.4, y - mh], [x + mw * 0.4, y - mh], [x + mw * 0.6, y]], true, false), w, '#b9a58c'));
    }
    if (kind === 'canyon') {
      for (const side of [-1, 1]) {
        const edgeX = side < 0 ? 0 : W;
        const inner = vx + side * W * 0.12;
        parts.push(shape(pathOf([[edgeX, 0], [inner - side * W * 0.05, H * 0.1], [inner, hz - H * 0.1], [inner - side * W * 0.02, hz + H * 0.05], [edgeX, H]], true, false), w, '#a7927a') + `<path d="${pathOf([[edgeX, 0], [inner, hz], [edgeX, H]], true, false)}" fill="url(#${o.ids}-hatch)"/>`);
      }
    } else {
      for (let i = 0; i < 3; i++) {
        const [x, y] = z(W * (0.12 + i * 0.38 + o.rand() * 0.05), hz + (H - hz) * (0.25 + i * 0.15));
        const s = H * 0.12 * (0.6 + i * 0.3) * o.zoom;
        parts.push(shape(`M${n(x)} ${n(y)}L${n(x)} ${n(y - s)}M${n(x)} ${n(y - s * 0.5)}L${n(x - s * 0.25)} ${n(y - s * 0.5)}L${n(x - s * 0.25)} ${n(y - s * 0.8)}M${n(x)} ${n(y - s * 0.35)}L${n(x + s * 0.22)} ${n(y - s * 0.35)}L${n(x + s * 0.22)} ${n(y - s * 0.7)}`, w * 2.2, 'none', { color: '#5f6b55' }));
      }
    }
  }
  return `<g data-place="${kind}">${parts.join('')}</g>`;
}

const WATER: Record<SetOptions['light'], string> = { day: '#b9c2c6', dusk: '#9aa2a6', night: '#55595e' };

/**
 * A river seen from its bank: water from the left of the foreground to the vanishing point, the
 * near bank (a towpath) on the right with reeds at the water's edge, a line of trees on the far
 * bank; a weir is a white lip across the water, a bridge an arch over it.
 */
function river(o: SetOptions, z: Zoom): string {
  const { width: W, height: H, horizon: hz, line: w } = o;
  const vx = o.focusX;
  const parts: string[] = [];
  const far: [number, number][] = [];
  for (let i = 0; i <= 12; i++) far.push(z(W * (i / 12), hz - H * (0.03 + o.rand() * 0.04)));
  parts.push(shape(pathOf([z(0, hz), ...far, z(W, hz)], true, false), w, '#b4b1a9'));
  const edge = (t: number, side: number): [number, number] => z(vx + (side < 0 ? -W * 0.7 : W * 0.2) * t - W * 0.03, hz + (H - hz) * t);
  const water: [number, number][] = [edge(0, -1), edge(1.2, -1), edge(1.2, 1), edge(0, 1)];
  parts.push(`<path data-role="water" d="${pathOf(water, true, false)}" fill="${WATER[o.light] ?? WATER.day}" stroke="${INK}" stroke-width="${n(w)}"/>`);
  const ripples: string[] = [];
  for (let i = 1; i < 10; i++) {
    const t = Math.pow(i / 10, 1.6);
    const [xa] = edge(t, -1);
    const [xb, y] = edge(t, 1);
    const len = (xb - xa) * 0.12;
    ripples.push(`M${n(xa + (xb - xa) * (0.2 + o.rand() * 0.5))} ${n(y)}l${n(len)} 0`);
  }
  parts.push(shape(ripples.join(''), w * 0.7, 'none', { color: o.light === 'night' ? '#8d9196' : '#7d8488' }));
  const reeds: string[] = [];
  for (let i = 2; i < 9; i++) {
    const t = Math.pow(i / 9, 1.3);
    const [x, y] = edge(t, 1);
    const s = H * 0.06 * t * o.zoom;
    reeds.push(`M${n(x)} ${n(y)}l${n(-s * 0.2)} ${n(-s)}M${n(x + s * 0.1)} ${n(y)}l${n(s * 0.05)} ${n(-s * 1.1)}M${n(x + s * 0.2)} ${n(y)}l${n(s * 0.3)} ${n(-s * 0.8)}`);
  }
  parts.push(`<g data-role="reeds">${shape(reeds.join(''), w * 1.2, 'none', { color: '#5f6b55' })}</g>`);
  const l = o.location.toLowerCase();
  if (/\bweir\b/.test(l)) {
    const [xa, y] = edge(0.35, -1);
    const [xb] = edge(0.35, 1);
    parts.push(`<path data-role="weir" d="M${n(xa)} ${n(y)}L${n(xb)} ${n(y)}" stroke="#ffffff" stroke-width="${n(H * 0.02 * o.zoom)}"/>` + shape(`M${n(xa)} ${n(y)}L${n(xb)} ${n(y)}`, w));
  }
  if (/bridge/.test(l)) {
    const [xa, y] = edge(0.25, -1);
    const [xb] = edge(0.25, 1);
    const top = y - H * 0.16 * o.zoom;
    parts.push(`<g data-role="bridge">${shape(`M${n(xa - W * 0.1)} ${n(top)}L${n(xb + W * 0.1)} ${n(top)}L${n(xb + W * 0.1)} ${n(y)}L${n(xb)} ${n(y)}Q${n((xa + xb) / 2)} ${n(top + H * 0.02)} ${n(xa)} ${n(y)}L${n(xa - W * 0.1)} ${n(y)}Z`, w * 1.2, '#b8b3a8')}</g>`);
  }
  return parts.join('');
}

/** An interior place drawn whole: its walls, floor and the furniture that says what it is. */
export function interiorPlace(o: SetOptions, kind: PlaceKind, tones: { wall: string; floor: string; pane: string }): string {
  const { width: W, height: H, horizon: hz, line: w } = o;
  const vx = o.focusX;
  const parts: string[] = [`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="${tones.wall}"/>`];
  const toVp = (x: number, y: number, t: number): [number, number] => [x + (vx - x) * t, y + (hz - y) * t];
  if (kind === 'carriage') {
    // Looking down the aisle: window bands on both walls, seat backs receding, a door at the end.
    parts.push(shape(pathOf([[W * 0.3, H], toVp(W * 0.3, H, 0.85), toVp(W * 0.7, H, 0.85), [W * 0.7, H]], true, false), w, tones.floor));
    for (const side of [-1, 1]) {
      const x0 = side < 0 ? 0 : W;
      parts.push(shape(pathOf([[x0, H * 0.12], toVp(x0, H * 0.12, 0.85), toVp(x0, H * 0.42, 0.85), [x0, H * 0.42]], true, false), w * 1.3, tones.pane));
      for (let i = 0; i < 5; i++) {
        const t = 1 - Math.pow(1 - i / 5, 1.6) * 1;
        const [sx, sy] = toVp(x0 + side * -W * 0.02, H * 0.95, t * 0.8);
        const [ex, ey] = toVp(W / 2 + side * W * 0.2, H * 0.95, t * 0.8);
        const sh = (H * 0.45) * (1 - t * 0.8);
        parts.push(shape(pathOf([[sx, sy], [ex, ey], [ex, ey - sh], [sx, sy - sh * 1.05]], true, false), w, '#b3aea6'));
      }
    }
    const [dx, dy] = toVp(W * 0.44, H * 0.9, 0.85);
    parts.push(`<rect data-role="carriage-door" x="${n(dx)}" y="${n(dy - H * 0.12)}" width="${n(W * 0.018)}" height="${n(H * 0.12)}" fill="#9d9a93" stroke="${INK}" stroke-width="${n(w)}"/>`);
  } else if (kind === 'car') {
    // From the back seat: the windscreen, the dashboard, the wheel.
    parts.push(`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="#6c6a66"/>`);
    parts.push(shape(pathOf([[W * 0.12, H * 0.62], [W * 0.2, H * 0.12], [W * 0.8, H * 0.12], [W * 0.88, H * 0.62]], true, false), w * 2, tones.pane));
    parts.push(shape(`M${n(W * 0.14)} ${n(H * 0.5)}L${n(W * 0.86)} ${n(H * 0.5)}`, w, 'none', { color: '#8a8a8a' }));
    parts.push(shape(pathOf([[0, H * 0.66], [W, H * 0.66], [W, H], [0, H]], true, false), w, '#3f3e3b'));
    parts.push(`<ellipse data-role="steering-wheel" cx="${n(W * 0.3)}" cy="${n(H * 0.7)}" rx="${n(W * 0.09)}" ry="${n(H * 0.08)}" fill="none" stroke="${INK}" stroke-width="${n(w * 4)}"/>`);
  } else if (kind === 'cave') {
    parts.push(`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="#4e4b47"/>`);
    const mouth = pathOf([[W * 0.15, H], [W * 0.2, H * 0.3], [W * 0.45, H * 0.12], [W * 0.75, H * 0.2], [W * 0.88, H * 0.55], [W * 0.85, H]], true);
    parts.push(shape(mouth, w * 2, '#7b7670') + `<path d="${mouth}" fill="url(#${o.ids}-hatch2)"/>`);
  } else {
    // A room with the furniture of its trade along the back wall.
    const floorY = hz + (H - hz) * 0.38;
    parts.push(shape(pathOf([[0, floorY], [W, floorY], [W, H], [0, H]], true, false), w, tones.floor));
    parts.push(stroke2(0, floorY, W, floorY, w));
    if (kind === 'kitchen') {
      parts.push(`<rect data-role="counter" x="${n(W * 0.05)}" y="${n(floorY - H * 0.2)}" width="${n(W * 0.9)}" height="${n(H * 0.2)}" fill="#d8d4cc" stroke="${INK}" stroke-width="${n(w)}"/>`);
      for (let i = 1; i < 6; i++) parts.push(stroke2(W * (0.05 + i * 0.15), floorY - H * 0.17, W * (0.05 + i * 0.15), floorY, w * 0.7));
      parts.push(`<rect x="${n(W * 0.05)}" y="${n(H * 0.08)}" width="${n(W * 0.9)}" height="${n(H * 0.16)}" fill="#dedad2" stroke="${INK}" stroke-width="${n(w)}"/>`);
      for (const x of [0.55, 0.65]) parts.push(`<ellipse cx="${n(W * x)}" cy="${n(floorY - H * 0.2)}" rx="${n(W * 0.035)}" ry="${n(H * 0.012)}" fill="#7a7874" stroke="${INK}" stroke-width="${n(w)}"/>`);
      parts.push(`<rect data-role="pot" x="${n(W * 0.53)}" y="${n(floorY - H * 0.28)}" width="${n(W * 0.06)}" height="${n(H * 0.07)}" fill="#9b9893" stroke="${INK}" stroke-width="${n(w)}"/>`);
    } else if (kind === 'bar') {
      parts.push(`<rect data-role="bar-counter" x="${n(W * 0.02)}" y="${n(floorY - H * 0.22)}" width="${n(W * 0.7)}" height="${n(H * 0.22)}" fill="#a99a86" stroke="${INK}" stroke-width="${n(w)}"/>`);
      parts.push(stroke2(W * 0.02, H * 0.3, W * 0.72, H * 0.3, w * 1.5));
      for (let i = 0; i < 14; i++) parts.push(`<rect x="${n(W * (0.04 + i * 0.048))}" y="${n(H * 0.3 - H * 0.08)}" width="${n(W * 0.014)}" height="${n(H * 0.08)}" fill="#8d9a90" stroke="${INK}" stroke-width="${n(w * 0.6)}"/>`);
      parts.push(`<rect x="${n(W * 0.78)}" y="${n(floorY - H * 0.13)}" width="${n(W * 0.14)}" height="${n(H * 0.03)}" fill="#b5a893" stroke="${INK}" stroke-width="${n(w)}"/>`);
    } else if (kind === 'workshop') {
      parts.push(workshop(o, floorY, tones));
    } else if (kind === 'office') {
      parts.push(`<rect data-role="desk" x="${n(W * 0.55)}" y="${n(floorY - H * 0.14)}" width="${n(W * 0.34)}" height="${n(H * 0.03)}" fill="#b8ab96" stroke="${INK}" stroke-width="${n(w)}"/>`);
      for (const x of [0.57, 0.86]) parts.push(stroke2(W * x, floorY - H * 0.11, W * x, floorY + H * 0.04, w * 1.5));
      parts.push(`<rect x="${n(W * 0.08)}" y="${n(floorY - H * 0.32)}" width="${n(W * 0.1)}" height="${n(H * 0.32)}" fill="#c4c1ba" stroke="${INK}" stroke-width="${n(w)}"/>`);
      for (let i = 1; i < 4; i++) parts.push(stroke2(W * 0.08, floorY - H * 0.32 + i * H * 0.08, W * 0.18, floorY - H * 0.32 + i * H * 0.08, w * 0.7));
      parts.push(`<rect x="${n(W * 0.3)}" y="${n(H * 0.14)}" width="${n(W * 0.2)}" height="${n(H * 0.2)}" fill="${tones.pane}" stroke="${INK}" stroke-width="${n(w * 1.4)}"/>`);
    }
  }
  if (o.light === 'night') parts.push(`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="#1d1f24" fill-opacity="0.28"/>`);
  return `<g data-place="${kind}">${parts.join('')}</g>`;
}

/** A workbench the length of the back wall, a board of tools above it and a lamp hung low over it. */
function workshop(o: SetOptions, floorY: number, tones: { pane: string }): string {
  const { width: W, height: H, line: w } = o;
  const top = floorY - H * 0.16;
  const parts = [`<rect data-role="workbench" x="${n(W * 0.06)}" y="${n(top)}" width="${n(W * 0.88)}" height="${n(H * 0.035)}" fill="#a8957a" stroke="${INK}" stroke-width="${n(w)}"/>`];
  for (const x of [0.08, 0.5, 0.92]) parts.push(stroke2(W * x, top + H * 0.035, W * x, floorY + H * 0.03, w * 1.5));
  parts.push(`<rect data-role="tool-board" x="${n(W * 0.12)}" y="${n(H * 0.12)}" width="${n(W * 0.34)}" height="${n(H * 0.22)}" fill="#cfc8bb" stroke="${INK}" stroke-width="${n(w)}"/>`);
  // Tools hung on the board: short strokes of different lengths, like a pencil's shorthand.
  for (let i = 0; i < 9; i++) parts.push(stroke2(W * (0.145 + i * 0.035), H * 0.15, W * (0.145 + i * 0.035), H * (0.2 + (i % 3) * 0.035), w * 1.2));
  parts.push(`<rect x="${n(W * 0.6)}" y="${n(H * 0.1)}" width="${n(W * 0.22)}" height="${n(H * 0.2)}" fill="${tones.pane}" stroke="${INK}" stroke-width="${n(w * 1.4)}"/>`);
  const lampX = W * 0.44;
  parts.push(stroke2(lampX, 0, lampX, H * 0.3, w * 0.8));
  parts.push(`<path data-role="lamp" d="${pathOf([[lampX - W * 0.05, H * 0.36], [lampX - W * 0.02, H * 0.3], [lampX + W * 0.02, H * 0.3], [lampX + W * 0.05, H * 0.36]], true)}" fill="#6f8a72" stroke="${INK}" stroke-width="${n(w)}"/>`);
  return parts.join('');
}

function stroke2(x1: number, y1: number, x2: number, y2: number, width: number): string {
  return shape(`M${n(x1)} ${n(y1)}L${n(x2)} ${n(y2)}`, width);
}
