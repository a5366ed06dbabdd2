/**
 * The set behind the figures: an exterior (sky, horizon, ground or sea, a landmark) or an
 * interior (back wall, side walls converging on the vanishing point, floor, a window), lit for
 * day, dusk or night. Closer shots see the same set magnified around the vanishing point.
 */
import { exteriorPlace, interiorPlace, placeKind } from './places';
import { moduleInterior, orbit } from './spacecraft';
import type { Light, SetOptions } from './set-options';
import { INK, dec, n, pathOf, shape, stroke } from './sketch';

export type { Light, SetOptions } from './set-options';

const TONES: Record<Light, { sky: string; ground: string; sea: string; wall: string; floor: string; pane: string }> = {
  day: { sky: '#f3f3f1', ground: '#d6d3cb', sea: '#c4c7c9', wall: '#e6e3dc', floor: '#cdc9c0', pane: '#fbfbfa' },
  dusk: { sky: '#c9c6c0', ground: '#a9a6a0', sea: '#9ea2a5', wall: '#c8c5bf', floor: '#aaa69f', pane: '#d9d7d2' },
  night: { sky: '#4b4e54', ground: '#6d6e70', sea: '#5d6064', wall: '#9d9b97', floor: '#7f7d79', pane: '#3a3d42' },
};

/** What kind of place the location is, from its name. */
export function setKind(location: string, interior: boolean): 'lighthouse' | 'sea' | 'trees' | 'street' | 'land' | 'room' | 'glazed' {
  const l = location.toLowerCase();
  if (interior) return /lamp room|lantern room|lighthouse|observatory|greenhouse|conservatory/.test(l) ? 'glazed' : 'room';
  if (/lighthouse/.test(l)) return 'lighthouse';
  if (/beach|\bsea\b|seafront|shore|coast|harbou?r|pier|ocean|\bbay\b|cliff|lake|river|dock|\bport\b/.test(l)) return 'sea';
  if (/forest|wood|park|garden|field|orchard|jungle/.test(l)) return 'trees';
  if (/street|city|road|alley|town|square|parking|forecourt|market|promenade/.test(l)) return 'street';
  return 'land';
}

/** The set, drawn into the picture area (0,0)–(width,height). */
export function scenery(o: SetOptions): string {
  const place = placeKind(o.location, o.interior, o.world);
  if (place === 'module') return moduleInterior(o, TONES[o.light]);
  if (place === 'orbit') return orbit(o);
  if (place && o.interior) return interiorPlace(o, place, TONES[o.light]);
  const kind = setKind(o.location, o.interior);
  if (place) return exterior(o, 'land', false) + exteriorPlace(o, place, zoomer(o));
  const body = o.interior ? room(o, kind === 'glazed') : exterior(o, kind);
  return body;
}

/** Magnify a point of the wide view around (focusX, horizon). */
function zoomer(o: SetOptions) {
  return (x: number, y: number): [number, number] => [o.focusX + (x - o.focusX) * o.zoom, o.horizon + (y - o.horizon) * o.zoom];
}

function exterior(o: SetOptions, kind: ReturnType<typeof setKind>, hills = true): string {
  const { width: W, height: H, horizon: hz, line: w } = o;
  const t = TONES[o.light];
  const z = zoomer(o);
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="${t.sky}"/>`);
  if (o.light === 'night') {
    for (let i = 0; i < 40; i++) {
      const x = o.rand() * W;
      const y = o.rand() * Math.max(0, hz - 10);
      parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(w * (0.4 + o.rand() * 0.6))}" fill="#e8e8e8" fill-opacity="${dec((40 + o.rand() * 50) / 100, 2)}"/>`);
    }
    const [mx, my] = [W * 0.84, Math.min(hz * 0.35, H * 0.18)];
    const r = Math.min(W, H) * 0.045;
    parts.push(`<circle cx="${n(mx)}" cy="${n(my)}" r="${n(r)}" fill="#e9e9e6"/><circle cx="${n(mx + r * 0.45)}" cy="${n(my - r * 0.2)}" r="${n(r * 0.9)}" fill="${t.sky}"/>`);
  } else {
    // Clouds: loose scribbles; dusk gets a low sun on the horizon.
    for (let i = 0; i < 3; i++) {
      const cx = W * (0.15 + i * 0.3 + o.rand() * 0.1);
      const cy = Math.max(H * 0.06, hz * (0.25 + o.rand() * 0.3));
      const r = Math.min(W, H) * 0.05;
      parts.push(shape(`M${n(cx - 2 * r)} ${n(cy)}q${n(r * 0.5)} ${n(-r)} ${n(r)} ${n(-r * 0.4)}q${n(r * 0.6)} ${n(-r * 0.9)} ${n(r * 1.4)} ${n(-r * 0.1)}q${n(r * 0.8)} ${n(-r * 0.3)} ${n(r)} ${n(r * 0.5)}Z`, w * 0.7, '#ffffff', { color: '#9a9a9a' }));
    }
    if (o.light === 'dusk') parts.push(`<circle cx="${n(W * 0.78)}" cy="${n(hz)}" r="${n(Math.min(W, H) * 0.07)}" fill="#ecebe6" stroke="#888" stroke-width="${n(w)}"/>`);
  }
  const groundTone = kind === 'sea' || kind === 'lighthouse' ? t.sea : t.ground;
  parts.push(`<rect x="0" y="${n(hz)}" width="${n(W)}" height="${n(Math.max(0, H - hz))}" fill="${groundTone}"/>`);
  parts.push(stroke(o.rand, 0, hz, W, hz, w * 1.1));

  if (kind === 'sea' || kind === 'lighthouse') {
    // Waves, denser towards the horizon; a shoreline of sand or rock in the foreground.
    const waves: string[] = [];
    for (let i = 1; i < 14; i++) {
      const y = hz + Math.pow(i / 14, 1.8) * (H - hz) * 0.8;
      const len = W * (0.02 + i * 0.008);
      for (let k = 0; k < 3; k++) {
        const x = o.rand() * W;
        waves.push(`M${n(x)} ${n(y)}q${n(len / 4)} ${n(-len / 10)} ${n(len / 2)} 0t${n(len / 2)} 0`);
      }
    }
    parts.push(shape(waves.join(''), w * 0.7, 'none', { color: o.light === 'night' ? '#a9abae' : '#7d7f82' }));
    const [sx0, sy0] = z(0, hz + (H - hz) * 0.55);
    const [sx1, sy1] = z(W, hz + (H - hz) * 0.35);
    const shore = `M${n(sx0 - W)} ${n(sy0 + (H - hz))}L${n(sx0)} ${n(sy0)}Q${n((sx0 + sx1) / 2)} ${n(sy0 - (sy0 - sy1) * 0.2 + H * 0.04)} ${n(sx1)} ${n(sy1)}L${n(sx1 + W)} ${n(sy1 + H * 2)}L${n(sx0 - W)} ${n(sy1 + H * 2)}Z`;
    parts.push(shape(shore, w, t.ground) + `<path d="${shore}" fill="url(#${o.ids}-hatch)"/>`);
    if (kind === 'lighthouse' || /lighthouse|beacon tower/i.test(o.landmarks ?? '')) parts.push(lighthouse(o, z));
    if (/rock|cliff|crag|stone|reef/i.test(o.location)) parts.push(rocks(o, z, sy0, sy1));
  } else if (kind === 'trees') {
    for (let i = 0; i < 7; i++) {
      const [x, y] = z(W * (0.05 + i * 0.15 + o.rand() * 0.05), hz + H * 0.02);
      const s = H * (0.18 + o.rand() * 0.1) * o.zoom;
      parts.push(shape(`M${n(x)} ${n(y)}L${n(x)} ${n(y - s * 0.4)}`, w * 2));
      parts.push(shape(pathOf([[x - s * 0.25, y - s * 0.35], [x - s * 0.2, y - s * 0.8], [x, y - s], [x + s * 0.2, y - s * 0.8], [x + s * 0.25, y - s * 0.35]], true), w, '#b0aea8'));
    }
  } else if (kind === 'street') {
    for (let i = 0; i < 6; i++) {
      const bw = W * 0.14;
      const [x, y] = z(W * (i * 0.17 + o.rand() * 0.03), hz);
      const bh = H * (0.2 + o.rand() * 0.25) * o.zoom;
      parts.push(`<rect x="${n(x)}" y="${n(y - bh)}" width="${n(bw * o.zoom)}" height="${n(bh)}" fill="#c2bfb8" stroke="${INK}" stroke-width="${n(w)}"/>`);
      for (let r = 1; r < 4; r++) parts.push(`<rect x="${n(x + bw * o.zoom * 0.2)}" y="${n(y - bh + r * bh * 0.22)}" width="${n(bw * o.zoom * 0.6)}" height="${n(bh * 0.08)}" fill="${o.light === 'night' ? '#f0eee8' : '#8f8d88'}"/>`);
    }
  } else if (hills) {
    const [x0, y0] = z(0, hz - H * 0.05);
    const [x1, y1] = z(W, hz - H * 0.08);
    parts.push(shape(`M${n(x0)} ${n(hz)}Q${n(W * 0.3)} ${n(y0 - H * 0.06)} ${n(W * 0.55)} ${n(y0)}T${n(x1)} ${n(y1)}L${n(x1)} ${n(hz)}Z`, w, '#c4c1ba'));
  }
  return parts.join('');
}

/** Boulders along the shoreline, bigger in the foreground. */
function rocks(o: SetOptions, z: (x: number, y: number) => [number, number], leftY: number, rightY: number): string {
  const { width: W, height: H, line: w } = o;
  const v = o.variant ?? 0;
  const parts: string[] = [];
  const count = 5 + v;
  for (let i = 0; i < count; i++) {
    const t = (i + 0.3 + o.rand() * 0.4) / count;
    const near = i % 2 === 0;
    const [x] = z(W * t, 0);
    const y = leftY + (rightY - leftY) * t + (near ? H * 0.18 : H * 0.02) * o.zoom;
    const r = H * (near ? 0.07 : 0.035) * (0.7 + o.rand() * 0.6) * Math.min(o.zoom, 2);
    const pts: [number, number][] = [];
    for (let k = 0; k < 7; k++) {
      const a = Math.PI + (k / 6) * Math.PI;
      const rr = r * (0.75 + o.rand() * 0.4);
      pts.push([x + Math.cos(a) * rr * 1.4, y + Math.sin(a) * rr]);
    }
    const d = pathOf(pts, true);
    parts.push(shape(d, w, o.light === 'night' ? '#55575a' : '#9d9a93') + `<path d="${d}" fill="url(#${o.ids}-hatch2)"/>`);
  }
  return parts.join('');
}

/** A lighthouse on a rock, standing on the horizon to the right of the subject. */
function lighthouse(o: SetOptions, z: (x: number, y: number) => [number, number]): string {
  const { width: W, height: H, line: w } = o;
  const v = o.variant ?? 0;
  const [bx, by] = z(W * [0.76, 0.3, 0.62, 0.85][v % 4]!, o.horizon + H * 0.03);
  // In a wide the whole tower stays in frame (its top is what the eye looks for); closer, it crops.
  const wanted = H * [0.55, 0.7, 0.45, 0.6][v % 4]! * o.zoom;
  const s = o.zoom <= 1.2 ? Math.min(wanted, Math.max(H * 0.12, (by - H * 0.04) / 0.97)) : wanted;
  const tw = s * 0.16;
  const dark = o.light === 'night';
  const body = dark ? '#2f3135' : '#e2e0da';
  const parts = [
    shape(pathOf([[bx - tw * 2, by + s * 0.04], [bx - tw * 1.2, by - s * 0.05], [bx + tw * 1.3, by - s * 0.06], [bx + tw * 2.2, by + s * 0.04]], true), w, '#6f6f6f'),
    shape(pathOf([[bx - tw * 0.6, by - s * 0.05], [bx - tw * 0.38, by - s * 0.72], [bx + tw * 0.38, by - s * 0.72], [bx + tw * 0.6, by - s * 0.05]], true, false), w, body),
    `<rect x="${n(bx - tw * 0.55)}" y="${n(by - s * 0.76)}" width="${n(tw * 1.1)}" height="${n(s * 0.04)}" fill="${INK}"/>`,
    `<rect x="${n(bx - tw * 0.3)}" y="${n(by - s * 0.88)}" width="${n(tw * 0.6)}" height="${n(s * 0.12)}" fill="${dark ? '#1f2023' : '#ffffff'}" stroke="${INK}" stroke-width="${n(w)}"/>`,
    shape(`M${n(bx - tw * 0.36)} ${n(by - s * 0.88)}L${n(bx)} ${n(by - s * 0.97)}L${n(bx + tw * 0.36)} ${n(by - s * 0.88)}Z`, w, INK),
  ];
  if (!dark) for (const f of [0.3, 0.5]) parts.push(`<rect x="${n(bx - tw * 0.08)}" y="${n(by - s * f)}" width="${n(tw * 0.16)}" height="${n(s * 0.05)}" fill="${INK}"/>`);
  return parts.join('');
}

function room(o: SetOptions, glazed: boolean): string {
  const { width: W, height: H, horizon: hz, line: w } = o;
  const t = TONES[o.light];
  const z = zoomer(o);
  const parts: string[] = [];
  // The wide view: back wall from 18% to 82% of the width, ceiling at 8%, floor line below eye level.
  const floorY = hz + (H - hz) * 0.38;
  const [lx, ty] = z(W * 0.18, H * 0.08);
  const [rx, by] = z(W * 0.82, floorY);
  const vx = o.focusX;
  const far = (x: number, y: number): [number, number] => [vx + (x - vx) * 6, hz + (y - hz) * 6]; // side walls run out of frame
  parts.push(`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="${t.wall}"/>`);
  // Floor and ceiling planes, then side walls in shade.
  parts.push(shape(pathOf([[lx, by], [rx, by], far(rx, by), far(lx, by)], true, false), w, t.floor));
  const boards: string[] = [];
  for (let i = 1; i < 8; i++) {
    const x = lx + ((rx - lx) * i) / 8;
    const [fx, fy] = far(x, by);
    boards.push(`M${n(x)} ${n(by)}L${n(fx)} ${n(fy)}`);
  }
  parts.push(shape(boards.join(''), w * 0.5, 'none', { color: '#77736c' }));
  parts.push(shape(pathOf([[lx, ty], [lx, by], far(lx, by), far(lx, ty)], true, false), w, t.wall) + `<path d="${pathOf([[lx, ty], [lx, by], far(lx, by), far(lx, ty)], true, false)}" fill="url(#${o.ids}-hatch)"/>`);
  parts.push(shape(pathOf([[rx, ty], [rx, by], far(rx, by), far(rx, ty)], true, false), w, t.wall) + `<path d="${pathOf([[rx, ty], [rx, by], far(rx, by), far(rx, ty)], true, false)}" fill="url(#${o.ids}-hatch)"/>`);
  parts.push(shape(pathOf([[lx, ty], [rx, ty], far(rx, ty), far(lx, ty)], true, false), w, '#c9c6bf'));
  parts.push(`<rect x="${n(lx)}" y="${n(ty)}" width="${n(rx - lx)}" height="${n(by - ty)}" fill="${t.wall}" stroke="${INK}" stroke-width="${n(w)}"/>`);

  const bw = rx - lx;
  const bh = by - ty;
  if (glazed) {
    // A glazed lamp room: tall panes all along the back wall, and the great lens in the middle.
    const panes = [5, 3, 7, 4][(o.variant ?? 0) % 4]!;
    for (let i = 0; i < panes; i++) {
      const px = lx + bw * (0.04 + (i * 0.92) / panes);
      parts.push(`<rect x="${n(px)}" y="${n(ty + bh * 0.12)}" width="${n((bw * 0.92) / panes - bw * 0.02)}" height="${n(bh * 0.55)}" fill="${t.pane}" stroke="${INK}" stroke-width="${n(w * 1.4)}"/>`);
    }
    if (o.light === 'night') parts.push(`<circle cx="${n(lx + bw * 0.8)}" cy="${n(ty + bh * 0.25)}" r="${n(bh * 0.04)}" fill="#e9e9e6"/>`);
    const lcx = lx + bw * 0.5;
    const lcy = ty + bh * 0.52;
    const lr = bh * 0.3;
    parts.push(`<ellipse cx="${n(lcx)}" cy="${n(lcy)}" rx="${n(lr * 0.75)}" ry="${n(lr)}" fill="#d3d1cc" stroke="${INK}" stroke-width="${n(w * 1.2)}"/>`);
    const facets: string[] = [];
    for (let k = 1; k < 5; k++) facets.push(`M${n(lcx - lr * 0.75 * Math.sqrt(1 - (k / 5 - 0.5) ** 2 * 4 * 0.8))} ${n(lcy - lr + (2 * lr * k) / 5)}L${n(lcx + lr * 0.75 * Math.sqrt(1 - (k / 5 - 0.5) ** 2 * 4 * 0.8))} ${n(lcy - lr + (2 * lr * k) / 5)}`);
    parts.push(shape(facets.join(''), w * 0.8, 'none', { color: '#6a6a6a' }));
    parts.push(`<rect x="${n(lcx - lr * 0.35)}" y="${n(lcy + lr)}" width="${n(lr * 0.7)}" height="${n(by - lcy - lr)}" fill="#8c8a86" stroke="${INK}" stroke-width="${n(w)}"/>`);
  } else {
    // A window on the back wall and a door on the left.
    const v = (o.variant ?? 0) % 4;
    const wx = lx + bw * [0.56, 0.35, 0.62, 0.5][v]!;
    const wy = ty + bh * [0.18, 0.12, 0.25, 0.15][v]!;
    const ww = bw * [0.26, 0.3, 0.18, 0.4][v]!;
    const wh = bh * [0.42, 0.5, 0.55, 0.3][v]!;
    parts.push(`<rect x="${n(wx)}" y="${n(wy)}" width="${n(ww)}" height="${n(wh)}" fill="${t.pane}" stroke="${INK}" stroke-width="${n(w * 1.5)}"/>`);
    parts.push(shape(`M${n(wx + ww / 2)} ${n(wy)}L${n(wx + ww / 2)} ${n(wy + wh)}M${n(wx)} ${n(wy + wh / 2)}L${n(wx + ww)} ${n(wy + wh / 2)}`, w * 1.2));
    if (o.light === 'night') parts.push(`<circle cx="${n(wx + ww * 0.75)}" cy="${n(wy + wh * 0.25)}" r="${n(wh * 0.08)}" fill="#e9e9e6"/>`);
    parts.push(`<rect x="${n(lx + bw * 0.1)}" y="${n(ty + bh * 0.3)}" width="${n(bw * 0.16)}" height="${n(bh * 0.7)}" fill="#bdbab3" stroke="${INK}" stroke-width="${n(w * 1.2)}"/>`);
    parts.push(`<circle cx="${n(lx + bw * 0.23)}" cy="${n(ty + bh * 0.66)}" r="${n(w * 1.5)}" fill="${INK}"/>`);
  }
  if (o.light === 'night') parts.push(`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="#1d1f24" fill-opacity="0.28"/>`);
  return parts.join('');
}

/** Rain and fog, drawn over the figures. */
export function weather(o: SetOptions): string {
  const parts: string[] = [];
  if (o.weather.rain) {
    const ds: string[] = [];
    for (let i = 0; i < 90; i++) {
      const x = o.rand() * o.width * 1.1;
      const y = o.rand() * o.height;
      const l = o.height * (0.025 + o.rand() * 0.03);
      ds.push(`M${n(x)} ${n(y)}l${n(-l * 0.3)} ${n(l)}`);
    }
    const color = o.light === 'night' ? '#d5d7da' : '#6f7378';
    parts.push(`<path d="${ds.join('')}" stroke="${color}" stroke-opacity="${o.interior ? 0.25 : 0.6}" stroke-width="${n(o.line * 0.6)}" fill="none"/>`);
  }
  if (o.weather.fog) parts.push(`<rect x="0" y="${n(o.horizon - o.height * 0.12)}" width="${n(o.width)}" height="${n(o.height * 0.24)}" fill="#ffffff" fill-opacity="0.35"/>`);
  return parts.join('');
}
