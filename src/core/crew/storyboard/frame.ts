/**
 * A storyboard frame drawn from a shot's metadata, as an SVG pencil sketch: the production's
 * aspect ratio, the set (interior/exterior, day/night), the subjects placed and scaled by shot
 * size, names on figures, the camera move as an accent arrow, and a margin with scene/shot
 * number, size, angle, duration and the action. Pure and deterministic: same input, same bytes.
 *
 * Framing rules (a figure is ~7.5 heads tall; "visible" is how much of it the frame shows):
 * EWS tiny figures (~13% of the picture height) in a big set · WS the full figure (~60%) ·
 * MS waist up (~4 heads visible) · MCU chest up (~2.5) · CU a head and shoulders (~1.7) ·
 * ECU the eyes · OTS the first character faces camera over the second's blurred shoulder ·
 * POV what the first character sees, in a vignette · INSERT the first prop filling the frame.
 */
import type { ShotSize } from '../../model/types';
import { cameraMove, drawMove } from './camera';
import { FIGURE_STYLE, figure, head, type Facing, type FigureStyle } from './figure';
import { lookOf, postureOf } from './posture';
import { propShape, propSketch } from './props';
import { scenery, weather, type Light, type SetOptions } from './scenery';
import { ACCENT, INK, PAPER, dec, esc, fit, idPrefix, n, nameTag, pencilDefs, randomFrom, seedOf, text, textWidth, wrap } from './sketch';

export interface FrameInput {
  /** Shot id, e.g. `s01-003`. */
  shot: string;
  /** Scene id, e.g. `s01`. */
  scene?: string;
  /** Shown in the margin; derived from the ids when absent. */
  sceneNumber?: number | string;
  shotNumber?: number | string;
  /** Defaults to MS. */
  size?: ShotSize;
  angle?: string;
  movement?: string;
  /** Seconds. */
  duration?: number;
  /** The production's aspect: `16:9`, `2.39:1`, `9:16`, `4:3`, `1.85`… Defaults to 16:9. */
  aspect?: string;
  /**
   * Display names in the shot. OTS: the first faces camera, the second is the foreground shoulder
   * (the speaker of the first dialogue line faces camera when named). POV: the first is the viewer.
   */
  characters?: string[];
  location?: string;
  interior?: boolean;
  /** `DAY`, `NIGHT`, `DUSK`, `DAWN`, `MIDNIGHT`… */
  time?: string;
  props?: string[];
  action?: string;
  dialogue?: { character: string; line: string }[];
  /**
   * What the sheets say a character looks like (display name → description or chosen option's
   * prompt): "60s, silver braid" draws grey hair in a braid, the same in every frame.
   */
  looks?: Record<string, string>;
  /** `space` when the style block sets the film aboard a spacecraft: sets become modules and orbit. */
  world?: 'space';
}

const isStrings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
const isOptional = (v: unknown, type: string) => v === undefined || typeof v === type;

/** Whether a request's structured input is a FrameInput (the offline provider checks before drawing). */
export function isFrameInput(value: unknown): value is FrameInput {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.shot === 'string' &&
    ['scene', 'angle', 'movement', 'aspect', 'location', 'time', 'action', 'size'].every((k) => isOptional(v[k], 'string')) &&
    isOptional(v.duration, 'number') &&
    isOptional(v.interior, 'boolean') &&
    (v.world === undefined || v.world === 'space') &&
    isStrings(v.characters) &&
    isStrings(v.props) &&
    (v.looks === undefined || (typeof v.looks === 'object' && v.looks !== null && Object.values(v.looks).every((x) => typeof x === 'string'))) &&
    (v.dialogue === undefined || (Array.isArray(v.dialogue) && v.dialogue.every((d) => d && typeof d === 'object' && typeof (d as Record<string, unknown>).line === 'string' && typeof (d as Record<string, unknown>).character === 'string')))
  );
}

interface Framing {
  /** Full figure height as a fraction of the picture height (data-subject-scale). */
  scale: number;
  /** Head top as a fraction of the picture height. */
  top: number;
  /** How far the set is magnified. */
  zoom: number;
}

const FRAMING: Record<ShotSize, Framing> = {
  EWS: { scale: 0.13, top: 0.71, zoom: 0.7 },
  WS: { scale: 0.6, top: 0.3, zoom: 1 },
  MS: { scale: (7.5 * 0.9) / 4.1, top: 0.09, zoom: 1.8 },
  MCU: { scale: (7.5 * 0.9) / 2.5, top: 0.08, zoom: 2.4 },
  CU: { scale: (7.5 * 0.9) / 1.7, top: 0.07, zoom: 3 },
  ECU: { scale: 7.5 * 2.1, top: -0.62, zoom: 4 },
  OTS: { scale: (7.5 * 0.9) / 2.8, top: 0.12, zoom: 2.2 },
  POV: { scale: 0.5, top: 0.36, zoom: 1.2 },
  INSERT: { scale: 0, top: 0, zoom: 4 },
};

/** `16:9` → 1.777…; `2.39:1`, `2.39`, `1920x1080` too; anything unreadable is 16:9. */
export function aspectRatio(aspect: string | undefined): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[:x×/]\s*(\d+(?:\.\d+)?))?\s*$/.exec(aspect ?? '');
  const r = m ? Number(m[1]) / (m[2] ? Number(m[2]) : 1) : NaN;
  return Number.isFinite(r) && r >= 0.3 && r <= 4 ? r : 16 / 9;
}

function lightOf(time: string | undefined): Light {
  const t = (time ?? '').toLowerCase();
  if (/night|midnight|late|evening/.test(t)) return 'night';
  if (/dusk|dawn|sunset|sunrise|twilight|magic/.test(t)) return 'dusk';
  return 'day';
}

function numberOf(id: string | undefined, fallback: string): string {
  const m = /(\d+[A-Z]?)\s*$/i.exec(id ?? '');
  return m ? m[1]!.replace(/^0+(?=\d)/, '') : fallback;
}

export { lookOf } from './posture';

/** The frame as SVG text. Every piece of production text in it is escaped. */
export function drawFrame(input: FrameInput): string {
  const size: ShotSize = input.size && input.size in FRAMING ? input.size : 'MS';
  const ratio = aspectRatio(input.aspect);
  const PW = ratio >= 1 ? 960 : Math.round(960 * ratio);
  const PH = ratio >= 1 ? Math.round(960 / ratio) : 960;
  const u = Math.max(PW, PH) / 960;
  const line = 2 * u;
  const seed = seedOf(`${input.shot}|${size}|${input.scene ?? ''}`);
  const rand = randomFrom(seed);
  const ids = idPrefix('frame', input.shot);
  const light = lightOf(input.time);
  const angle = (input.angle ?? '').toLowerCase();
  const move = cameraMove(input.movement);
  const characters = (input.characters ?? []).filter((c) => c.trim());
  const props = (input.props ?? []).filter((p) => p.trim());
  const action = input.action ?? '';
  const framing = FRAMING[size];

  // Who is drawn where. OTS: the speaker faces camera; POV: the viewer is not in the picture.
  let onScreen = characters;
  let foreground: string | undefined;
  let viewer: string | undefined;
  if (size === 'OTS') {
    const speaker = input.dialogue?.find((d) => characters.some((c) => sameName(c, d.character)))?.character;
    const facing = characters.find((c) => speaker && sameName(c, speaker)) ?? characters[0];
    foreground = characters.find((c) => c !== facing);
    onScreen = facing ? [facing] : [];
  } else if (size === 'POV') {
    viewer = characters[0];
    onScreen = characters.slice(1);
  } else if (size === 'CU' || size === 'ECU') {
    onScreen = characters.slice(0, 1);
  } else if (size === 'INSERT') {
    onScreen = [];
  }

  const h = (framing.scale * PH) / 7.5; // head height in px
  const top = framing.top * PH;
  // Eye level sits on the subjects' eyes; low angles drop the horizon, high angles raise it.
  let horizon = onScreen.length && size !== 'ECU' ? top + 0.5 * h : PH * 0.45;
  if (size === 'EWS' || size === 'POV') horizon = PH * (size === 'EWS' ? 0.6 : 0.5);
  if (/low|worm/.test(angle)) horizon = Math.min(PH * 0.92, horizon + PH * 0.3);
  else if (/overhead|bird|top/.test(angle)) horizon = -PH * 0.2;
  else if (/high/.test(angle)) horizon = Math.max(PH * 0.05, horizon - PH * 0.3);

  const xs = placements(onScreen.length, size, PW, rand);
  const focusX = xs[0] ?? PW / 2;
  const set: SetOptions = {
    width: PW,
    height: PH,
    interior: input.interior ?? false,
    light,
    horizon,
    zoom: framing.zoom,
    focusX,
    location: input.location ?? '',
    ...(input.world ? { world: input.world } : {}),
    weather: { rain: /\brain|storm|downpour|drizzle/i.test(action), fog: /\bfog|mist|haze/i.test(action) },
    landmarks: action,
    rand,
    line,
    ids,
  };

  const background = size === 'INSERT' ? insertSet(set, PW, PH) : scenery(set);
  const layers: string[] = [];

  const subjectScale = size === 'INSERT' ? 0 : framing.scale;
  const style: FigureStyle = { ...FIGURE_STYLE, line: Math.max(line, Math.min(h * 0.025, 6 * u)) };
  const tags: string[] = [];
  const tagSize = 17 * u;

  if (size === 'ECU') {
    const name = onScreen[0];
    const eh = PH * 2.1;
    layers.push(`<g class="subject" data-role="eyes" data-subject="${esc(name ?? '')}" data-subject-scale="${dec(framing.scale, 3)}">${head(PW / 2, PH * 0.48 - 0.02 * eh, eh, 'front', lookOf(name ?? '', input.looks?.[name ?? '']), styleFor(lookOf(name ?? '', input.looks?.[name ?? '']), { ...style, line: 4 * u }))}</g>`);
    if (name) tags.push(nameTag(PW * 0.12, PH * 0.9, name, tagSize));
    if (!name && props[0]) layers.push(propGroup(props[0], PW / 2, PH / 2, PH * 1.1, 4 * u, tags, tagSize, PW, PH));
  } else if (size === 'INSERT') {
    const prop = props[0] ?? (fit(action, 200, 10) || 'INSERT');
    layers.push(propGroup(prop, PW / 2, PH * 0.5, PH * 0.78, 3.5 * u, tags, tagSize, PW, PH));
  } else {
    const depth = onScreen.length > 1 && h * 1.9 * onScreen.length > PW * 0.85 ? 0.78 : 1;
    // Draw back to front: staggered figures further away are smaller and drawn first.
    const order = onScreen.map((name, i) => ({ name, i })).reverse();
    for (const { name, i } of order) {
      const far = i > 0 ? depth : 1;
      const hh = h * far;
      const tt = top + (far < 1 ? h * 0.35 : 0);
      const x = xs[i]!;
      const facing = facingOf(i, onScreen.length, x, PW, size);
      const look = lookOf(name, input.looks?.[name]);
      const posture = size === 'POV' ? 'stand' : postureOf(name, action, onScreen.length === 1);
      layers.push(`<g class="subject" data-role="figure" data-subject="${esc(name)}" data-subject-scale="${dec(framing.scale * far, 3)}" data-x="${n(x)}" data-hair="${look.hair}" data-posture="${posture}"${look.headwear ? ` data-headwear="${look.headwear}"` : ''}>${figure(x, tt, hh, facing, look, styleFor(look, style), posture, size === 'CU' ? undefined : Math.min(tt + hh * look.heads, PH * 0.82))}</g>`);
      tags.push(nameTagFor(size, name, x, posture === 'sit' ? tt + 1.7 * hh : tt, hh, PW, PH, tagSize, horizon));
    }
    // Props in the picture: held by the first figure, or standing in the set when nobody is there.
    if (props.length && size !== 'EWS') {
      const ps = size === 'WS' || size === 'POV' ? h * 1.4 : Math.min(h * 1.2, PH * 0.42);
      const px = onScreen.length ? Math.min(PW - ps * 0.5, xs[0]! + h * 1.25) : PW * 0.5;
      const py = onScreen.length ? Math.min(PH - ps * 0.55, top + h * 4.2) : PH * 0.62;
      layers.push(propGroup(props[0]!, px, py, ps, style.line, tags, tagSize * 0.85, PW, PH));
    }
  }

  if (foreground !== undefined || size === 'OTS') {
    // The foreground shoulder: dark, blurred, cut by the frame edge, back to camera.
    // Back of the head and the near shoulder, large, at the edge opposite the speaker.
    const fx = xs[0]! > PW / 2 ? Math.min(PW * 0.14, PH * 0.2) : PW - Math.min(PW * 0.14, PH * 0.2);
    const fh = PH * 0.5;
    const dark: FigureStyle = { fill: '#2e2f31', ink: '#1c1c1e', hair: '#1c1c1e', line: 3 * u, detail: false };
    layers.push(`<g class="subject" data-role="ots-foreground" data-subject="${esc(foreground ?? '')}" data-subject-scale="${dec((fh * 7.5) / PH, 3)}" filter="url(#${ids}-soft)">${figure(fx, PH * 0.2, fh, 'back', lookOf(foreground ?? '', input.looks?.[foreground ?? '']), dark)}</g>`);
    if (foreground) tags.push(nameTag(fx + (fx > PW / 2 ? -1 : 1) * PW * 0.06, PH * 0.93, `${foreground} (fg)`, tagSize, { dark: true }));
  }

  const overlays: string[] = [];
  if (size === 'POV') {
    overlays.push(`<rect x="0" y="0" width="${n(PW)}" height="${n(PH)}" fill="url(#${ids}-vignette)"/>`);
    overlays.push(nameTag(PW / 2, PH * 0.93, `${viewer ?? 'CHARACTER'}'S POV`, tagSize, { dark: true }));
  }
  const subjectY = size === 'INSERT' || size === 'ECU' || !onScreen.length ? PH / 2 : Math.min(PH * 0.7, top + h * 1.2);
  overlays.push(drawMove(move, PW, PH, focusX, subjectY));
  overlays.push(...tags); // names stay readable over the move's arrows

  // Dutch angle: the whole picture tilts (scaled up so no corner shows paper).
  const dutch = /dutch|canted|tilted/.test(angle);
  const picture =
    `<g class="set"${dutch ? ` transform="rotate(-8 ${n(PW / 2)} ${n(PH / 2)}) translate(${n(PW / 2)} ${n(PH / 2)}) scale(1.22) translate(${n(-PW / 2)} ${n(-PH / 2)})"` : ''}>` +
    `<g filter="url(#${ids}-pencil)">${background}</g>` +
    `<g filter="url(#${ids}-pencil)">${layers.join('')}</g>` +
    weather(set) +
    `</g>` +
    overlays.join('');

  return panel(input, { PW, PH, u, size, ids, seed, subjectScale, ratio, move: move.label, moveKind: move.kind, light, picture });
}

function styleFor(look: { grey: boolean }, style: FigureStyle): FigureStyle {
  return look.grey ? { ...style, hair: '#b4b4b4' } : style;
}

function sameName(a: string, b: string): boolean {
  const k = (s: string) => s.toLowerCase().replace(/\s*\(.*\)\s*$/, '').trim();
  return k(a) === k(b);
}

/** x of each subject: one on a third (centred when close), two facing each other, more spread. */
function placements(count: number, size: ShotSize, PW: number, rand: () => number): number[] {
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

/** An insert's set: a tabletop in front of a soft, darker wall. */
function insertSet(o: SetOptions, PW: number, PH: number): string {
  const wall = o.light === 'night' ? '#6b6b6d' : '#d9d6cf';
  const table = o.light === 'night' ? '#8a8782' : '#c9c3b6';
  const grain: string[] = [];
  for (let i = 0; i < 9; i++) {
    const y = PH * (0.6 + i * 0.045);
    grain.push(`M0 ${n(y)}C${n(PW * 0.3)} ${n(y - PH * 0.01)} ${n(PW * 0.6)} ${n(y + PH * 0.012)} ${n(PW)} ${n(y)}`);
  }
  return (
    `<rect x="0" y="0" width="${n(PW)}" height="${n(PH)}" fill="${wall}"/>` +
    `<rect x="0" y="${n(PH * 0.56)}" width="${n(PW)}" height="${n(PH * 0.44)}" fill="${table}" stroke="${INK}" stroke-width="${n(o.line)}"/>` +
    `<path d="${grain.join('')}" stroke="#7a756c" stroke-width="${n(o.line * 0.5)}" fill="none"/>`
  );
}

interface PanelParts {
  PW: number;
  PH: number;
  u: number;
  size: ShotSize;
  ids: string;
  seed: number;
  subjectScale: number;
  ratio: number;
  move: string;
  moveKind: string;
  light: Light;
  picture: string;
}

/** The storyboard panel: header (scene/shot, size, angle, duration), the picture, the caption. */
function panel(input: FrameInput, p: PanelParts): string {
  const { PW, PH, u } = p;
  const pad = 18 * u;
  const fs = 17 * u;
  const headerH = 46 * u;
  const width = PW + pad * 2;
  const textW = width - pad * 2;
  const captionLines = wrap(input.action ?? '', textW, fs, PW < PH ? 4 : 2);
  const dialogue = (input.dialogue ?? []).filter((d) => d.line.trim());
  const dialogueLines = dialogue.length ? wrap(dialogue.map((d) => `${d.character.toUpperCase()}: “${d.line.trim()}”`).join('  '), textW, fs, 2) : [];
  const footerH = fs * 2.4 + (captionLines.length + dialogueLines.length) * fs * 1.35 + pad;
  const height = headerH + PH + footerH;

  const sceneNo = input.sceneNumber !== undefined ? String(input.sceneNumber) : numberOf(input.scene, '?');
  const shotNo = input.shotNumber !== undefined ? String(input.shotNumber) : numberOf(input.shot, '?');
  const angle = input.angle?.trim() ? input.angle.trim().toUpperCase() : 'EYE LEVEL';
  const duration = typeof input.duration === 'number' && Number.isFinite(input.duration) ? `${input.duration.toFixed(1)}s` : '—';
  const badge = p.size;
  const badgeW = textWidth(badge, fs) + fs;
  const right = `${angle} · ${duration}`;
  const left = `SC ${sceneNo} · SHOT ${shotNo}`;
  // Bold and letter-spaced: wider than the plain estimate, or the shot id runs into it.
  const leftW = textWidth(left, fs * 1.1) * 1.12 + left.length * fs * 0.04;
  const idText = fit(input.shot, Math.max(0, textW - leftW - badgeW - textWidth(right, fs) - fs * 3), fs * 0.85);
  const place = [input.interior === undefined ? '' : input.interior ? 'INT.' : 'EXT.', (input.location ?? '').toUpperCase(), input.time ? `— ${input.time.toUpperCase()}` : '']
    .filter(Boolean)
    .join(' ');
  const meta = [place, p.moveKind === 'static' ? 'STATIC' : p.move].filter(Boolean).join('   ·   ');
  const hy = headerH * 0.62;
  const py = headerH;
  const fy = py + PH + fs * 1.6;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(width)} ${n(height)}" width="${n(width)}" height="${n(height)}" ` +
      `data-shot="${esc(input.shot)}" data-size="${p.size}" data-aspect="${esc(input.aspect ?? '16:9')}" data-move="${p.moveKind}" data-light="${p.light}" data-set="${input.interior ? 'interior' : 'exterior'}" data-subject-scale="${dec(p.subjectScale, 3)}" data-offline="true">`,
  );
  out.push(`<title>${esc(`${left} (${input.shot}) ${p.size} ${angle} ${duration}`)}</title>`);
  out.push(`<defs>${pencilDefs(p.ids, p.seed, u)}<radialGradient id="${p.ids}-vignette" cx="50%" cy="50%" r="65%"><stop offset="55%" stop-color="#000" stop-opacity="0"/><stop offset="100%" stop-color="#000" stop-opacity="0.82"/></radialGradient></defs>`);
  out.push(`<rect width="${n(width)}" height="${n(height)}" fill="${PAPER}"/>`);
  // Header.
  out.push(text(pad, hy, left, fs * 1.1, { weight: 700, spacing: fs * 0.04 }));
  out.push(text(pad + leftW + fs, hy, idText, fs * 0.85, { fill: '#6b6b6b' }));
  out.push(text(width - pad, hy, right, fs, { anchor: 'end', weight: 600 }));
  const bx = width - pad - textWidth(right, fs) - fs * 0.8 - badgeW;
  out.push(`<rect x="${n(bx)}" y="${n(hy - fs * 1.02)}" width="${n(badgeW)}" height="${n(fs * 1.4)}" rx="${n(fs * 0.2)}" fill="${ACCENT}"/>`);
  out.push(text(bx + badgeW / 2, hy, badge, fs, { anchor: 'middle', weight: 700, fill: '#ffffff' }));
  // Picture: its own viewport in the exact aspect ratio, clipped to the frame line.
  out.push(
    `<svg class="picture" x="${n(pad)}" y="${n(py)}" width="${n(PW)}" height="${n(PH)}" viewBox="0 0 ${PW} ${PH}" preserveAspectRatio="none" overflow="hidden" data-ratio="${dec(p.ratio, 3)}">${p.picture}</svg>`,
  );
  out.push(`<rect x="${n(pad)}" y="${n(py)}" width="${n(PW)}" height="${n(PH)}" fill="none" stroke="${INK}" stroke-width="${n(3 * u)}"/>`);
  // Footer: place and move, the action, the dialogue, and the honest mark.
  out.push(text(pad, fy, fit(meta, textW - fs * 9, fs * 0.85), fs * 0.85, { weight: 600, fill: '#555', spacing: fs * 0.05 }));
  out.push(text(width - pad, fy, 'OFFLINE SKETCH', fs * 0.7, { anchor: 'end', fill: '#8a8a8a', spacing: fs * 0.1 }));
  let y = fy + fs * 1.5;
  for (const l of captionLines) {
    out.push(text(pad, y, l, fs));
    y += fs * 1.35;
  }
  for (const l of dialogueLines) {
    out.push(text(pad, y, l, fs, { italic: true, fill: '#3d3d3d' }));
    y += fs * 1.35;
  }
  out.push('</svg>');
  return out.join('\n');
}
