/**
 * The subjects of a storyboard frame: who is in the picture (the cast of the shot size), where
 * each stands and faces, their figures and name tags, the prop in the picture, and the blurred
 * foreground shoulder of an over-the-shoulder. frame.ts lays out the frame around them.
 */
import type { ShotSize } from '../../model/types';
import { FIGURE_STYLE, figure, head, type Facing, type FigureStyle } from './figure';
import { lookOf, postureOf } from './posture';
import { propShape, propSketch } from './props';
import { INK, dec, esc, fit, n, nameTag } from './sketch';

/** The picture in px, its unit (1 at 960 px) and its SVG id prefix. */
export interface Canvas {
  PW: number;
  PH: number;
  u: number;
  line: number;
  ids: string;
}

/** Where the subjects stand: the shot size, the figure scale, head height and top in px, the horizon and each subject's x. */
export interface Blocking {
  size: ShotSize;
  scale: number;
  h: number;
  top: number;
  horizon: number;
  xs: number[];
}

/** Who is drawn where. OTS: the speaker faces camera; POV: the viewer is not in the picture. */
export interface Cast {
  onScreen: string[];
  foreground?: string;
  viewer?: string;
}

export function castOf(size: ShotSize, characters: string[], dialogue: readonly { character: string }[] | undefined): Cast {
  if (size === 'OTS') {
    const speaker = dialogue?.find((d) => characters.some((c) => sameName(c, d.character)))?.character;
    const facing = characters.find((c) => speaker && sameName(c, speaker)) ?? characters[0];
    return { onScreen: facing ? [facing] : [], foreground: characters.find((c) => c !== facing) };
  }
  if (size === 'POV') return { onScreen: characters.slice(1), viewer: characters[0] };
  if (size === 'CU' || size === 'ECU') return { onScreen: characters.slice(0, 1) };
  if (size === 'INSERT') return { onScreen: [] };
  return { onScreen: characters };
}

type Looks = Record<string, string> | undefined;

/** The subjects' layers, back to front, and their name tags (drawn over everything). */
export function drawSubjects(canvas: Canvas, b: Blocking, onScreen: string[], props: string[], action: string, looks: Looks): { layers: string[]; tags: string[] } {
  const { PW, PH, u, line } = canvas;
  const style: FigureStyle = { ...FIGURE_STYLE, line: Math.max(line, Math.min(b.h * 0.025, 6 * u)) };
  const tags: string[] = [];
  const tagSize = 17 * u;
  const layers: string[] = [];
  if (b.size === 'ECU') {
    const name = onScreen[0];
    const eh = PH * 2.1;
    const look = lookOf(name ?? '', looks?.[name ?? '']);
    layers.push(`<g class="subject" data-role="eyes" data-subject="${esc(name ?? '')}" data-subject-scale="${dec(b.scale, 3)}">${head(PW / 2, PH * 0.48 - 0.02 * eh, eh, 'front', look, styleFor(look, { ...style, line: 4 * u }))}</g>`);
    if (name) tags.push(nameTag(PW * 0.12, PH * 0.9, name, tagSize));
    if (!name && props[0]) layers.push(propGroup(props[0], PW / 2, PH / 2, PH * 1.1, 4 * u, tags, tagSize, PW, PH));
  } else if (b.size === 'INSERT') {
    const prop = props[0] ?? (fit(action, 200, 10) || 'INSERT');
    layers.push(propGroup(prop, PW / 2, PH * 0.5, PH * 0.78, 3.5 * u, tags, tagSize, PW, PH));
  } else {
    layers.push(...drawFigures(canvas, b, onScreen, action, looks, style, tags));
    // Props in the picture: held by the first figure, or standing in the set when nobody is there.
    if (props.length && b.size !== 'EWS') {
      const { h, top, xs } = b;
      const ps = b.size === 'WS' || b.size === 'POV' ? h * 1.4 : Math.min(h * 1.2, PH * 0.42);
      const px = onScreen.length ? Math.min(PW - ps * 0.5, xs[0]! + h * 1.25) : PW * 0.5;
      const py = onScreen.length ? Math.min(PH - ps * 0.55, top + h * 4.2) : PH * 0.62;
      layers.push(propGroup(props[0]!, px, py, ps, style.line, tags, tagSize * 0.85, PW, PH));
    }
  }
  return { layers, tags };
}

/** The figures, back to front: staggered figures further away are smaller and drawn first. */
function drawFigures(canvas: Canvas, b: Blocking, onScreen: string[], action: string, looks: Looks, style: FigureStyle, tags: string[]): string[] {
  const { PW, PH, u } = canvas;
  const { size, h, top, xs } = b;
  const tagSize = 17 * u;
  const layers: string[] = [];
  const depth = onScreen.length > 1 && h * 1.9 * onScreen.length > PW * 0.85 ? 0.78 : 1;
  const order = onScreen.map((name, i) => ({ name, i })).reverse();
  for (const { name, i } of order) {
    const far = i > 0 ? depth : 1;
    const hh = h * far;
    const tt = top + (far < 1 ? h * 0.35 : 0);
    const x = xs[i]!;
    const facing = facingOf(i, onScreen.length, x, PW, size);
    const look = lookOf(name, looks?.[name]);
    const posture = size === 'POV' ? 'stand' : postureOf(name, action, onScreen.length === 1);
    layers.push(`<g class="subject" data-role="figure" data-subject="${esc(name)}" data-subject-scale="${dec(b.scale * far, 3)}" data-x="${n(x)}" data-hair="${look.hair}" data-posture="${posture}"${look.headwear ? ` data-headwear="${look.headwear}"` : ''}>${figure(x, tt, hh, facing, look, styleFor(look, style), posture, size === 'CU' ? undefined : Math.min(tt + hh * look.heads, PH * 0.82))}</g>`);
    tags.push(nameTagFor(size, name, x, posture === 'sit' ? tt + 1.7 * hh : tt, hh, PW, PH, tagSize, b.horizon));
  }
  return layers;
}

/**
 * The foreground shoulder: dark, blurred, cut by the frame edge, back to camera. Back of the
 * head and the near shoulder, large, at the edge opposite the speaker.
 */
export function otsShoulder(canvas: Canvas, speakerX: number, foreground: string | undefined, looks: Looks, tags: string[]): string {
  const { PW, PH, u, ids } = canvas;
  const fx = speakerX > PW / 2 ? Math.min(PW * 0.14, PH * 0.2) : PW - Math.min(PW * 0.14, PH * 0.2);
  const fh = PH * 0.5;
  const dark: FigureStyle = { fill: '#2e2f31', ink: '#1c1c1e', hair: '#1c1c1e', line: 3 * u, detail: false };
  if (foreground) tags.push(nameTag(fx + (fx > PW / 2 ? -1 : 1) * PW * 0.06, PH * 0.93, `${foreground} (fg)`, 17 * u, { dark: true }));
  return `<g class="subject" data-role="ots-foreground" data-subject="${esc(foreground ?? '')}" data-subject-scale="${dec((fh * 7.5) / PH, 3)}" filter="url(#${ids}-soft)">${figure(fx, PH * 0.2, fh, 'back', lookOf(foreground ?? '', looks?.[foreground ?? '']), dark)}</g>`;
}

function styleFor(look: { grey: boolean }, style: FigureStyle): FigureStyle {
  return look.grey ? { ...style, hair: '#b4b4b4' } : style;
}

function sameName(a: string, b: string): boolean {
  const k = (s: string) => s.toLowerCase().replace(/\s*\(.*\)\s*$/, '').trim();
  return k(a) === k(b);
}

/** x of each subject: one on a third (centred when close), two facing each other, more spread. */
export function placements(count: number, size: ShotSize, PW: number, rand: () => number): number[] {
  if (count === 0) return [PW / 2];
  if (count === 1) {
    if (size === 'CU' || size === 'ECU' || size === 'MCU') return [PW * (rand() < 0.5 ? 0.44 : 0.56)];
    if (size === 'OTS') return [PW * 0.64];
    return [PW * (rand() < 0.5 ? 0.38 : 0.62)];
  }
  if (count === 2) return [PW * 0.32, PW * 0.68];
  return Array.from({ length: count }, (_, i) => PW * (0.18 + (0.64 * i) / (count - 1)));
}

function facingOf(i: number, count: number, x: number, PW: number, size: ShotSize): Facing {
  if (size === 'OTS') return x > PW / 2 ? 'left' : 'right';
  if (count === 2) return i === 0 ? 'right' : 'left';
  if (count > 2) return 'front';
  // A single subject looks into the open side of the frame.
  return x < PW / 2 ? 'right' : 'left';
}

function nameTagFor(size: ShotSize, name: string, x: number, top: number, h: number, PW: number, PH: number, fs: number, horizon: number): string {
  if (size === 'EWS') {
    // Tiny figures: the name floats above with a leader line down to the head.
    const ty = Math.max(fs * 1.5, Math.min(top - PH * 0.12, horizon - PH * 0.1));
    return `<path d="M${n(x)} ${n(ty + fs * 0.7)}L${n(x)} ${n(top - h * 0.2)}" stroke="${INK}" stroke-width="${n(fs * 0.08)}"/>` + nameTag(x, ty, name, fs);
  }
  if (size === 'WS' || size === 'POV') return nameTag(x, Math.max(fs, top - fs * 1.3), name, fs);
  // Close shots: the name sits on the chest, inside the frame.
  return nameTag(Math.min(Math.max(x, PW * 0.1), PW * 0.9), Math.min(PH - fs * 1.4, top + h * 2.3), name, fs);
}

function propGroup(name: string, cx: number, cy: number, size: number, line: number, tags: string[], fs: number, PW: number, PH: number): string {
  const kind = propShape(name);
  tags.push(nameTag(Math.min(Math.max(cx, PW * 0.1), PW * 0.9), Math.min(cy + size * 0.55 + fs, PH - fs * 1.2), name, fs));
  return `<g class="subject" data-role="prop" data-subject="${esc(name)}" data-prop-shape="${kind}" data-subject-scale="${dec((size / PH), 3)}">${propSketch(kind, cx, cy, size, line)}</g>`;
}

