/**
 * Object sketches for props, chosen by what the prop is called: a lantern looks like a lantern,
 * a letter like paper. Unknown props get a labelled box, which still reads as "the object".
 */
import { INK, n, pathOf, shape } from './sketch';

export type PropShape = 'lantern' | 'flame' | 'paper' | 'phone' | 'key' | 'vessel' | 'blade' | 'boat' | 'case' | 'box';

const KEYWORDS: readonly [PropShape, RegExp][] = [
  ['flame', /match|candle|lighter|fire/],
  ['lantern', /lantern|lamp|torch|flashlight|beacon|light/],
  ['case', /suitcase|briefcase|bag|satchel|valise|holdall|luggage|trunk|backpack/],
  ['paper', /paper|letter|note|clipboard|document|map|book|photo|envelope|card|ticket|diary|journal/],
  ['phone', /phone|radio|walkie|receiver|device/],
  ['key', /key/],
  ['vessel', /cup|mug|glass|bottle|flask|jar|kettle|teapot|bowl/],
  ['blade', /knife|gun|pistol|sword|blade|axe|rifle/],
  ['boat', /boat|ship|dinghy|canoe|yacht/],
];

/** The sketch a prop gets, from its name. */
export function propShape(name: string): PropShape {
  const lower = name.toLowerCase();
  return KEYWORDS.find(([, re]) => re.test(lower))?.[0] ?? 'box';
}

/** Where and how big a prop is drawn: centre, height `s`, its top, the line width, the fill, the design variant. */
interface Pen {
  cx: number;
  cy: number;
  s: number;
  top: number;
  w: number;
  fill: string;
  variant: number;
}

/** A prop of height `size` centred on (cx, cy), in pencil. `variant` (0–3) changes its design. */
export function propSketch(kind: PropShape, cx: number, cy: number, size: number, line: number, variant = 0): string {
  return SKETCHES[kind]({ cx, cy, s: size, top: cy - size / 2, w: line, fill: '#ecebe7', variant });
}

function drawLantern({ cx, s, top, w, variant }: Pen): string {
  const bw = s * (0.36 + 0.06 * (variant % 2));
  const round = variant === 2;
  const parts = [
    // Handle ring, cap, glass chimney with a flame, base.
    shape(`M${n(cx - s * 0.14)} ${n(top + s * 0.16)}Q${n(cx)} ${n(top - s * 0.04)} ${n(cx + s * 0.14)} ${n(top + s * 0.16)}`, w * 1.2),
    shape(pathOf([[cx - bw * 0.35, top + s * 0.16], [cx + bw * 0.35, top + s * 0.16], [cx + bw * 0.6, top + s * 0.26], [cx - bw * 0.6, top + s * 0.26]], true, false), w, '#9a9a9a'),
    round
      ? `<ellipse cx="${n(cx)}" cy="${n(top + s * 0.53)}" rx="${n(bw * 0.55)}" ry="${n(s * 0.26)}" fill="#ffffff" stroke="${INK}" stroke-width="${n(w)}"/>`
      : shape(pathOf([[cx - bw * 0.45, top + s * 0.26], [cx + bw * 0.45, top + s * 0.26], [cx + bw * 0.5, top + s * 0.8], [cx - bw * 0.5, top + s * 0.8]], true, false), w, '#ffffff'),
    shape(`M${n(cx - bw * 0.5)} ${n(top + s * 0.26)}L${n(cx - bw * 0.5)} ${n(top + s * 0.8)}M${n(cx + bw * 0.5)} ${n(top + s * 0.26)}L${n(cx + bw * 0.5)} ${n(top + s * 0.8)}`, w * 1.4),
    flame(cx, top + s * 0.52, s * 0.2, w),
    shape(pathOf([[cx - bw * 0.62, top + s * 0.8], [cx + bw * 0.62, top + s * 0.8], [cx + bw * 0.55, top + s * 0.95], [cx - bw * 0.55, top + s * 0.95]], true, false), w, '#8a8a8a'),
  ];
  return parts.join('') + rays(cx, top + s * 0.52, s * 0.34, s * 0.5, w);
}

function drawTorch({ cx, cy, s, w, fill }: Pen): string {
  const len = s * 0.8;
  return (
    shape(pathOf([[cx - len / 2, cy + s * 0.25], [cx + len / 2, cy - s * 0.05], [cx + len / 2 + s * 0.03, cy - s * 0.01], [cx - len / 2 + s * 0.02, cy + s * 0.29]], true, false), w, fill) +
    `<ellipse cx="${n(cx + len / 2)}" cy="${n(cy - s * 0.03)}" rx="${n(s * 0.045)}" ry="${n(s * 0.06)}" fill="#555" stroke="${INK}" stroke-width="${n(w)}"/>` +
    flame(cx + len / 2 + s * 0.03, cy - s * 0.2, s * 0.22, w) +
    rays(cx + len / 2, cy - s * 0.18, s * 0.2, s * 0.34, w)
  );
}

function drawPaper({ cx, cy, s, top, w, variant }: Pen): string {
  const pw = s * 0.72;
  const ph = s * 0.95;
  const lines: string[] = [];
  for (let i = 0; i < 7; i++) {
    const ly = top + ph * (0.22 + i * 0.1);
    lines.push(`M${n(cx - pw * 0.36)} ${n(ly)}L${n(cx + pw * (0.36 - (i % 3) * 0.1))} ${n(ly)}`);
  }
  return (
    `<rect x="${n(cx - pw / 2)}" y="${n(top)}" width="${n(pw)}" height="${n(ph)}" fill="#ffffff" stroke="${INK}" stroke-width="${n(w)}" transform="rotate(${variant * 3 - 4} ${n(cx)} ${n(cy)})"/>` +
    `<rect x="${n(cx - pw * 0.18)}" y="${n(top - s * 0.03)}" width="${n(pw * 0.36)}" height="${n(s * 0.08)}" rx="${n(s * 0.02)}" fill="#8a8a8a" stroke="${INK}" stroke-width="${n(w)}" transform="rotate(${variant * 3 - 4} ${n(cx)} ${n(cy)})"/>` +
    `<g transform="rotate(${variant * 3 - 4} ${n(cx)} ${n(cy)})">${shape(lines.join(''), w * 0.7, 'none', { color: '#777' })}</g>`
  );
}

function drawPhone({ cx, s, top, w, fill }: Pen): string {
  return (
    `<rect x="${n(cx - s * 0.22)}" y="${n(top + s * 0.2)}" width="${n(s * 0.44)}" height="${n(s * 0.78)}" rx="${n(s * 0.05)}" fill="${fill}" stroke="${INK}" stroke-width="${n(w)}"/>` +
    shape(`M${n(cx + s * 0.12)} ${n(top + s * 0.2)}L${n(cx + s * 0.16)} ${n(top)}`, w * 1.6) +
    `<rect x="${n(cx - s * 0.15)}" y="${n(top + s * 0.3)}" width="${n(s * 0.3)}" height="${n(s * 0.2)}" fill="#bbb" stroke="${INK}" stroke-width="${n(w * 0.8)}"/>` +
    shape(pathOf([[cx - s * 0.12, top + s * 0.62], [cx + s * 0.12, top + s * 0.62]], false, false) + pathOf([[cx - s * 0.12, top + s * 0.72], [cx + s * 0.12, top + s * 0.72]], false, false), w * 0.8)
  );
}

function drawKey({ cx, cy, s, w, fill }: Pen): string {
  return (
    `<circle cx="${n(cx - s * 0.25)}" cy="${n(cy)}" r="${n(s * 0.18)}" fill="${fill}" stroke="${INK}" stroke-width="${n(w * 1.2)}"/>` +
    `<circle cx="${n(cx - s * 0.25)}" cy="${n(cy)}" r="${n(s * 0.07)}" fill="${PAPER_HOLE}" stroke="${INK}" stroke-width="${n(w)}"/>` +
    shape(`M${n(cx - s * 0.07)} ${n(cy)}L${n(cx + s * 0.42)} ${n(cy)}M${n(cx + s * 0.3)} ${n(cy)}L${n(cx + s * 0.3)} ${n(cy + s * 0.12)}M${n(cx + s * 0.4)} ${n(cy)}L${n(cx + s * 0.4)} ${n(cy + s * 0.09)}`, w * 2)
  );
}

function drawVessel({ cx, s, top, w, fill }: Pen): string {
  return (
    shape(pathOf([[cx - s * 0.22, top + s * 0.2], [cx + s * 0.22, top + s * 0.2], [cx + s * 0.2, top + s * 0.95], [cx - s * 0.2, top + s * 0.95]], true, false), w, fill) +
    `<ellipse cx="${n(cx)}" cy="${n(top + s * 0.2)}" rx="${n(s * 0.22)}" ry="${n(s * 0.05)}" fill="#bbb" stroke="${INK}" stroke-width="${n(w)}"/>` +
    shape(`M${n(cx + s * 0.21)} ${n(top + s * 0.35)}C${n(cx + s * 0.42)} ${n(top + s * 0.35)} ${n(cx + s * 0.42)} ${n(top + s * 0.7)} ${n(cx + s * 0.2)} ${n(top + s * 0.7)}`, w * 1.4)
  );
}

function drawBlade({ cx, cy, s, w }: Pen): string {
  return (
    shape(pathOf([[cx - s * 0.45, cy + s * 0.05], [cx + s * 0.25, cy - s * 0.06], [cx + s * 0.45, cy - s * 0.02], [cx + s * 0.25, cy + s * 0.08], [cx - s * 0.45, cy + s * 0.1]], true, false), w, '#ffffff') +
    `<rect x="${n(cx - s * 0.5)}" y="${n(cy - s * 0.04)}" width="${n(s * 0.22)}" height="${n(s * 0.2)}" rx="${n(s * 0.04)}" fill="#555" stroke="${INK}" stroke-width="${n(w)}"/>`
  );
}

function drawBoat({ cx, cy, s, w }: Pen): string {
  return (
    shape(pathOf([[cx - s * 0.5, cy], [cx + s * 0.5, cy], [cx + s * 0.35, cy + s * 0.22], [cx - s * 0.38, cy + s * 0.22]], true, false), w, '#8a8a8a') +
    shape(`M${n(cx)} ${n(cy)}L${n(cx)} ${n(cy - s * 0.55)}`, w * 1.3) +
    shape(pathOf([[cx + s * 0.03, cy - s * 0.5], [cx + s * 0.3, cy - s * 0.06], [cx + s * 0.03, cy - s * 0.06]], true, false), w, '#ffffff')
  );
}

function drawSuitcase({ cx, cy, s, w, variant }: Pen): string {
  // A suitcase standing on its long side: body, handle on top, two straps.
  const bw = s * 0.8;
  const bh = s * 0.55;
  const x0 = cx - bw / 2;
  const y0 = cy - bh / 2 + s * 0.1;
  return (
    shape(`M${n(cx - bw * 0.14)} ${n(y0)}L${n(cx - bw * 0.14)} ${n(y0 - s * 0.1)}L${n(cx + bw * 0.14)} ${n(y0 - s * 0.1)}L${n(cx + bw * 0.14)} ${n(y0)}`, w * 2.2, 'none') +
    `<rect data-prop="case" x="${n(x0)}" y="${n(y0)}" width="${n(bw)}" height="${n(bh)}" rx="${n(s * 0.05)}" fill="${['#b59f84', '#9d9a93', '#c9c4b8', '#8a7f70'][variant % 4]}" stroke="${INK}" stroke-width="${n(w)}"/>` +
    shape(`M${n(x0 + bw * 0.28)} ${n(y0)}L${n(x0 + bw * 0.28)} ${n(y0 + bh)}M${n(x0 + bw * 0.72)} ${n(y0)}L${n(x0 + bw * 0.72)} ${n(y0 + bh)}`, w * 1.6, 'none', { color: '#5a5044' })
  );
}

function drawBox({ cx, s, top, w, fill }: Pen): string {
  return (
    shape(pathOf([[cx - s * 0.35, top + s * 0.35], [cx + s * 0.15, top + s * 0.35], [cx + s * 0.15, top + s * 0.95], [cx - s * 0.35, top + s * 0.95]], true, false), w, fill) +
    shape(pathOf([[cx - s * 0.35, top + s * 0.35], [cx - s * 0.15, top + s * 0.2], [cx + s * 0.35, top + s * 0.2], [cx + s * 0.15, top + s * 0.35]], true, false), w, '#ffffff') +
    shape(pathOf([[cx + s * 0.15, top + s * 0.35], [cx + s * 0.35, top + s * 0.2], [cx + s * 0.35, top + s * 0.8], [cx + s * 0.15, top + s * 0.95]], true, false), w, '#b5b5b5')
  );
}

const SKETCHES: Record<PropShape, (pen: Pen) => string> = {
  lantern: drawLantern,
  flame: drawTorch,
  paper: drawPaper,
  phone: drawPhone,
  key: drawKey,
  vessel: drawVessel,
  blade: drawBlade,
  boat: drawBoat,
  case: drawSuitcase,
  box: drawBox,
};

const PAPER_HOLE = '#f6f4ee';

/** A teardrop flame of height `h` whose base sits on (cx, cy + h/2). */
function flame(cx: number, cy: number, h: number, w: number): string {
  const d = `M${n(cx)} ${n(cy - h / 2)}C${n(cx + h * 0.35)} ${n(cy)} ${n(cx + h * 0.3)} ${n(cy + h / 2)} ${n(cx)} ${n(cy + h / 2)}C${n(cx - h * 0.3)} ${n(cy + h / 2)} ${n(cx - h * 0.35)} ${n(cy)} ${n(cx)} ${n(cy - h / 2)}Z`;
  return shape(d, w, '#ffffff') + `<ellipse cx="${n(cx)}" cy="${n(cy + h * 0.22)}" rx="${n(h * 0.08)}" ry="${n(h * 0.14)}" fill="#999"/>`;
}

/** Short strokes radiating from a light source. */
function rays(cx: number, cy: number, r1: number, r2: number, w: number): string {
  const ds: string[] = [];
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * Math.PI * 2 + 0.2;
    ds.push(`M${n(cx + Math.cos(a) * r1)} ${n(cy + Math.sin(a) * r1)}L${n(cx + Math.cos(a) * r2)} ${n(cy + Math.sin(a) * r2)}`);
  }
  return shape(ds.join(''), w * 0.8, 'none', { color: '#8a8a8a' });
}
