/**
 * Pencil-sketch primitives shared by the storyboard frames and the option cards: XML escaping,
 * a seeded random source (frames are deterministic: same shot, same bytes), number formatting,
 * the paper-and-pencil SVG filters and text wrapping. Greyscale, with one accent colour.
 */

/** The one accent colour of the offline sketches: camera movement and the shot-size badge. */
export const ACCENT = '#d9480f';
export const INK = '#262626';
export const PAPER = '#f6f4ee';

// Characters XML 1.0 forbids even when escaped (a script pasted from anywhere may carry them).
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text made safe for SVG/XML/HTML character data and attribute values. */
export function esc(text: unknown): string {
  return String(text ?? '')
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A number as short, stable SVG text (one decimal). */
export function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A number with up to `digits` decimals, trailing zeros dropped (ratios, opacities). */
export function dec(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** FNV-1a: a stable 32-bit seed from text. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A deterministic random source (mulberry32): the same seed draws the same sketch. */
export function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An id usable in SVG `id=` and `url(#…)`, unique per drawing so inlined drawings never clash. */
export function idPrefix(kind: string, key: string): string {
  const clean = key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `${kind}-${clean || 'x'}-${seedOf(key).toString(36)}`;
}

/**
 * The pencil filters: `pencil` wobbles strokes like a hand-drawn line; `soft` blurs an
 * out-of-focus foreground; `grain` lays paper texture. `scale` follows the drawing size.
 */
export function pencilDefs(id: string, seed: number, scale: number): string {
  const wobble = n(1.7 * scale);
  return [
    `<filter id="${id}-pencil" x="-5%" y="-5%" width="110%" height="110%">`,
    `<feTurbulence type="fractalNoise" baseFrequency="${(0.022 / scale).toFixed(4)}" numOctaves="2" seed="${seed % 1000}" result="noise"/>`,
    `<feDisplacementMap in="SourceGraphic" in2="noise" scale="${wobble}" xChannelSelector="R" yChannelSelector="G"/>`,
    `</filter>`,
    `<filter id="${id}-soft" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${n(7 * scale)}"/></filter>`,
    `<pattern id="${id}-hatch" width="${n(7 * scale)}" height="${n(7 * scale)}" patternUnits="userSpaceOnUse" patternTransform="rotate(40)">`,
    `<line x1="0" y1="0" x2="0" y2="${n(7 * scale)}" stroke="${INK}" stroke-opacity="0.35" stroke-width="${n(1.1 * scale)}"/></pattern>`,
    `<pattern id="${id}-hatch2" width="${n(5 * scale)}" height="${n(5 * scale)}" patternUnits="userSpaceOnUse" patternTransform="rotate(-50)">`,
    `<line x1="0" y1="0" x2="0" y2="${n(5 * scale)}" stroke="${INK}" stroke-opacity="0.5" stroke-width="${n(1.2 * scale)}"/></pattern>`,
  ].join('');
}

/** Width of text in a sans-serif face, estimated (no font metrics offline). */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[A-Z0-9MW@#%]/.test(ch) ? 0.64 : /[il.,:;'|! ]/.test(ch) ? 0.3 : 0.52;
  return w * fontSize;
}

/** Text cut to fit a width, with an ellipsis when it had to be cut. */
export function fit(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  let out = text;
  while (out.length > 1 && textWidth(out + '…', fontSize) > width) out = out.slice(0, -1);
  return out.trimEnd() + '…';
}

/** Words wrapped into at most `maxLines` lines of `width`; the last line ends in … when cut. */
export function wrap(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let line = '';
  let i = 0;
  for (; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : words[i]!;
    if (textWidth(next, fontSize) <= width || !line) {
      line = next;
      continue;
    }
    lines.push(line);
    line = words[i]!;
    if (lines.length === maxLines) break;
  }
  if (lines.length < maxLines && line) {
    lines.push(line);
    line = '';
    i = words.length;
  }
  const cut = i < words.length || line !== '';
  if (cut && lines.length) lines[lines.length - 1] = fit(lines[lines.length - 1]! + ' …', width, fontSize).replace(/ …$/, '…');
  return lines.map((l) => fit(l, width, fontSize));
}

/** A `<text>` element with escaped content. */
export function text(
  x: number,
  y: number,
  content: string,
  size: number,
  opts: { anchor?: 'start' | 'middle' | 'end'; weight?: number; fill?: string; italic?: boolean; family?: string; spacing?: number } = {},
): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${n(size)}"`,
    `font-family="${opts.family ?? "'Helvetica Neue',Arial,sans-serif"}"`,
    opts.anchor && opts.anchor !== 'start' ? `text-anchor="${opts.anchor}"` : '',
    opts.weight ? `font-weight="${opts.weight}"` : '',
    opts.italic ? 'font-style="italic"' : '',
    opts.spacing ? `letter-spacing="${n(opts.spacing)}"` : '',
    `fill="${opts.fill ?? INK}"`,
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${esc(content)}</text>`;
}

/** A name tag: white box, dark capitals, so a figure's name reads over any background. */
export function nameTag(x: number, y: number, name: string, size: number, opts: { dark?: boolean } = {}): string {
  const label = name.toUpperCase();
  const w = textWidth(label, size) + size * 0.9;
  const h = size * 1.45;
  const fill = opts.dark ? INK : '#ffffff';
  const ink = opts.dark ? '#ffffff' : INK;
  return (
    `<g class="name-tag"><rect x="${n(x - w / 2)}" y="${n(y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="${n(size * 0.25)}" fill="${fill}" fill-opacity="0.92" stroke="${INK}" stroke-width="${n(size * 0.07)}"/>` +
    text(x, y + size * 0.36, label, size, { anchor: 'middle', weight: 700, fill: ink, spacing: size * 0.05 }) +
    `</g>`
  );
}

/** A slightly bowed line, drawn twice like a pencil going over it. */
export function stroke(rand: () => number, x1: number, y1: number, x2: number, y2: number, width: number, color = INK): string {
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const bow = (rand() - 0.5) * Math.min(len * 0.02, 6 * width);
  const mx = (x1 + x2) / 2 + ((y1 - y2) / len) * bow;
  const my = (y1 + y2) / 2 + ((x2 - x1) / len) * bow;
  const d1 = `M${n(x1)} ${n(y1)}Q${n(mx)} ${n(my)} ${n(x2)} ${n(y2)}`;
  const j = width * 0.8;
  const d2 = `M${n(x1 + (rand() - 0.5) * j)} ${n(y1 + (rand() - 0.5) * j)}Q${n(mx + (rand() - 0.5) * j * 2)} ${n(my + (rand() - 0.5) * j * 2)} ${n(x2 + (rand() - 0.5) * j)} ${n(y2 + (rand() - 0.5) * j)}`;
  return `<path d="${d1}" stroke="${color}" stroke-width="${n(width)}" fill="none" stroke-linecap="round"/><path d="${d2}" stroke="${color}" stroke-opacity="0.45" stroke-width="${n(width * 0.6)}" fill="none" stroke-linecap="round"/>`;
}

/** A closed or open path (d string) with pencil ink and optional fill. */
export function shape(d: string, width: number, fill = 'none', opts: { opacity?: number; color?: string; dash?: string } = {}): string {
  const extra = [
    opts.opacity !== undefined ? `fill-opacity="${dec(opts.opacity, 2)}"` : '',
    opts.dash ? `stroke-dasharray="${opts.dash}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return `<path d="${d}" fill="${fill}" stroke="${opts.color ?? INK}" stroke-width="${n(width)}" stroke-linejoin="round" stroke-linecap="round"${extra ? ' ' + extra : ''}/>`;
}

/** Points to an SVG path: smooth (Catmull-Rom through every point) or straight segments. */
export function pathOf(points: readonly (readonly [number, number])[], close = false, smooth = true): string {
  if (points.length < 2) return '';
  if (!smooth || points.length < 3) {
    return points.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)} ${n(y)}`).join('') + (close ? 'Z' : '');
  }
  const pts = close ? [points[points.length - 1]!, ...points, points[0]!, points[1]!] : [points[0]!, ...points, points[points.length - 1]!];
  let d = `M${n(pts[1]![0])} ${n(pts[1]![1])}`;
  for (let i = 1; i < pts.length - 2; i++) {
    const [x0, y0] = pts[i - 1]!;
    const [x1, y1] = pts[i]!;
    const [x2, y2] = pts[i + 1]!;
    const [x3, y3] = pts[i + 2]!;
    d += `C${n(x1 + (x2 - x0) / 6)} ${n(y1 + (y2 - y0) / 6)} ${n(x2 - (x3 - x1) / 6)} ${n(y2 - (y3 - y1) / 6)} ${n(x2)} ${n(y2)}`;
  }
  return d + (close ? 'Z' : '');
}
