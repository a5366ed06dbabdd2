/**
 * Places off the ground: the inside of a spacecraft's module, seen down its length, and open
 * space in orbit, with the planet's curved edge below. Drawn in the same perspective as the
 * other places (the horizon is the eye level, everything recedes to (focusX, horizon)).
 */
import { INK, n, pathOf, shape } from './sketch';
import type { SetOptions } from './set-options';

type Point = [number, number];

/** A module's cross-section: a rounded octagon around the eye line, scaled by `s` toward the far end. */
function ring(o: SetOptions, s: number): Point[] {
  const { width: W, height: H, horizon: hz } = o;
  const cx = o.focusX;
  const rx = W * 0.62 * s;
  const ry = H * 0.62 * s;
  const k = 0.42;
  return [
    [cx - rx * k, hz - ry],
    [cx + rx * k, hz - ry],
    [cx + rx, hz - ry * k],
    [cx + rx, hz + ry * k],
    [cx + rx * k, hz + ry],
    [cx - rx * k, hz + ry],
    [cx - rx, hz + ry * k],
    [cx - rx, hz - ry * k],
  ];
}

/** Inside a module: panelled walls in rings down to a round hatch, handrails, one porthole. */
export function moduleInterior(o: SetOptions, tones: { wall: string; floor: string; pane: string }): string {
  const { width: W, height: H, horizon: hz, line: w } = o;
  const parts: string[] = [`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="${tones.wall}"/>`];
  const near = ring(o, 1.25);
  const far = ring(o, 0.22);
  // The long edges where the wall panels meet, from the near ring to the far one.
  const edges = near.map((p, i) => `M${n(p[0])} ${n(p[1])}L${n(far[i]![0])} ${n(far[i]![1])}`).join('');
  parts.push(shape(edges, w));
  // The deck: the lower faces, a shade darker.
  parts.push(shape(pathOf([near[4]!, near[5]!, far[5]!, far[4]!], true, false), w, tones.floor));
  // Panel seams: rings at intervals, closer together toward the far end.
  for (let i = 1; i <= 5; i++) {
    const s = 1.25 - (1.25 - 0.22) * (1 - Math.pow(1 - i / 6, 1.8));
    parts.push(shape(pathOf(ring(o, s), true, false), w * 0.8, 'none', { color: '#7c8186' }));
  }
  // Handrails along the upper walls.
  for (const [a, b] of [[0, 7], [1, 2]] as const) {
    const mid = (p: Point, q: Point): Point => [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2 + H * 0.02];
    const nearRail = mid(near[a]!, near[b]!);
    const farRail = mid(far[a]!, far[b]!);
    parts.push(shape(`M${n(nearRail[0])} ${n(nearRail[1])}L${n(farRail[0])} ${n(farRail[1])}`, w * 2.2, 'none', { color: '#d9a441' }));
  }
  // The far end: a bulkhead with a round hatch.
  parts.push(shape(pathOf(far, true, false), w * 1.2, '#b9bec3'));
  const r = Math.min(W, H) * 0.07;
  parts.push(`<circle data-role="hatch" cx="${n(o.focusX)}" cy="${n(hz)}" r="${n(r)}" fill="#8f969c" stroke="${INK}" stroke-width="${n(w * 1.4)}"/>`);
  parts.push(`<circle cx="${n(o.focusX)}" cy="${n(hz)}" r="${n(r * 0.55)}" fill="none" stroke="${INK}" stroke-width="${n(w)}"/>`);
  // A porthole on the side wall: the planet's blue edge when it is day outside, stars at night.
  const px = o.focusX + W * 0.3;
  const py = hz - H * 0.08;
  const pr = Math.min(W, H) * 0.08;
  const view = o.light === 'night' ? '#101726' : '#2f5d8a';
  parts.push(`<circle data-role="porthole" cx="${n(px)}" cy="${n(py)}" r="${n(pr)}" fill="${view}" stroke="${INK}" stroke-width="${n(w * 2.4)}"/>`);
  if (o.light !== 'night') parts.push(`<path d="M${n(px - pr)} ${n(py + pr * 0.45)}Q${n(px)} ${n(py + pr * 0.05)} ${n(px + pr)} ${n(py + pr * 0.45)}" fill="none" stroke="#9fd0f0" stroke-width="${n(w * 2)}"/>`);
  if (o.light === 'night') parts.push(`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="#1d1f24" fill-opacity="0.3"/>`);
  return `<g data-place="module">${parts.join('')}</g>`;
}

/** Open space: black, a scatter of stars, the planet's lit (or night-side) curve below the eye line. */
export function orbit(o: SetOptions): string {
  const { width: W, height: H, horizon: hz, line: w } = o;
  const parts: string[] = [`<rect x="0" y="0" width="${n(W)}" height="${n(H)}" fill="#0d1016"/>`];
  const stars: string[] = [];
  for (let i = 0; i < 70; i++) {
    const x = o.rand() * W;
    const y = o.rand() * H;
    stars.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(w * (0.4 + o.rand() * 0.9))}" fill="#e8edf5"/>`);
  }
  parts.push(`<g data-role="stars">${stars.join('')}</g>`);
  // The planet: a circle far larger than the frame whose top edge sits a little below the eye line.
  const R = W * 2.2 * Math.max(1, o.zoom * 0.8);
  const cy = hz + H * 0.18 + R;
  const night = o.light === 'night';
  parts.push(`<circle data-role="planet" cx="${n(o.focusX)}" cy="${n(cy)}" r="${n(R)}" fill="${night ? '#121a2a' : '#2d5f8f'}" stroke="${night ? '#2b3b55' : '#a8d8f5'}" stroke-width="${n(w * 4)}"/>`);
  if (night) {
    // City lights on the night side.
    const lights: string[] = [];
    for (let i = 0; i < 40; i++) lights.push(`<circle cx="${n(o.rand() * W)}" cy="${n(hz + H * 0.25 + o.rand() * (H - hz) * 0.7)}" r="${n(w * 0.7)}" fill="#e7c36a"/>`);
    parts.push(lights.join(''));
  } else {
    // Cloud bands.
    for (let i = 0; i < 4; i++) {
      const y = hz + H * (0.28 + i * 0.14);
      parts.push(shape(`M${n(-W * 0.1)} ${n(y + o.rand() * H * 0.04)}Q${n(W * 0.5)} ${n(y - H * 0.05)} ${n(W * 1.1)} ${n(y + o.rand() * H * 0.04)}`, w * 3, 'none', { color: '#e9f1f7' }));
    }
  }
  return `<g data-place="orbit">${parts.join('')}</g>`;
}
