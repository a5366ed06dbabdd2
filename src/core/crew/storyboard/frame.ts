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
import { castOf, drawSubjects, otsShoulder, placements, type Blocking, type Canvas, type Cast } from './subjects';
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
  const canvas = canvasOf(ratio, input.shot);
  const { PW, PH } = canvas;
  const seed = seedOf(`${input.shot}|${size}|${input.scene ?? ''}`);
  const rand = randomFrom(seed);
  const light = lightOf(input.time);
  const angle = (input.angle ?? '').toLowerCase();
  const move = cameraMove(input.movement);
  const props = (input.props ?? []).filter((p) => p.trim());
  const action = input.action ?? '';
  const framing = FRAMING[size];
  const cast = castOf(
    size,
    (input.characters ?? []).filter((c) => c.trim()),
    input.dialogue,
  );
  const h = (framing.scale * PH) / 7.5; // head height in px
  const top = framing.top * PH;
  const horizon = horizonOf(size, angle, cast.onScreen.length > 0, top + 0.5 * h, PH);
  // The random draws happen in this order (placements, then the set): the same shot, the same picture.
  const xs = placements(cast.onScreen.length, size, PW, rand);
  const set: SetOptions = {
    width: PW,
    height: PH,
    interior: input.interior ?? false,
    light,
    horizon,
    zoom: framing.zoom,
    focusX: xs[0] ?? PW / 2,
    location: input.location ?? '',
    ...(input.world ? { world: input.world } : {}),
    weather: { rain: /\brain|storm|downpour|drizzle/i.test(action), fog: /\bfog|mist|haze/i.test(action) },
    landmarks: action,
    rand,
    line: canvas.line,
    ids: canvas.ids,
  };
  const background = size === 'INSERT' ? insertSet(set, PW, PH) : scenery(set);
  const blocking: Blocking = { size, scale: framing.scale, h, top, horizon, xs };
  const { layers, tags } = drawSubjects(canvas, blocking, cast.onScreen, props, action, input.looks);
  if (cast.foreground !== undefined || size === 'OTS') layers.push(otsShoulder(canvas, xs[0]!, cast.foreground, input.looks, tags));
  const picture = pictureOf(canvas, { background, layers, set, angle }) + overlaysOf(canvas, blocking, cast, move, tags);
  const subjectScale = size === 'INSERT' ? 0 : framing.scale;
  return panel(input, { PW, PH, u: canvas.u, size, ids: canvas.ids, seed, subjectScale, ratio, move: move.label, moveKind: move.kind, light, picture });
}

/** The picture's size: 960 px on its long side. */
function canvasOf(ratio: number, shot: string): Canvas {
  const PW = ratio >= 1 ? 960 : Math.round(960 * ratio);
  const PH = ratio >= 1 ? Math.round(960 / ratio) : 960;
  const u = Math.max(PW, PH) / 960;
  return { PW, PH, u, line: 2 * u, ids: idPrefix('frame', shot) };
}

/** Eye level sits on the subjects' eyes; low angles drop the horizon, high angles raise it. */
function horizonOf(size: ShotSize, angle: string, anyone: boolean, eyes: number, PH: number): number {
  let horizon = anyone && size !== 'ECU' ? eyes : PH * 0.45;
  if (size === 'EWS' || size === 'POV') horizon = PH * (size === 'EWS' ? 0.6 : 0.5);
  if (/low|worm/.test(angle)) horizon = Math.min(PH * 0.92, horizon + PH * 0.3);
  else if (/overhead|bird|top/.test(angle)) horizon = -PH * 0.2;
  else if (/high/.test(angle)) horizon = Math.max(PH * 0.05, horizon - PH * 0.3);
  return horizon;
}

/** The set and the subjects in pencil, and the weather; a Dutch angle tilts it all (scaled up so no corner shows paper). */
function pictureOf(canvas: Canvas, p: { background: string; layers: string[]; set: SetOptions; angle: string }): string {
  const { PW, PH, ids } = canvas;
  const dutch = /dutch|canted|tilted/.test(p.angle);
  return (
    `<g class="set"${dutch ? ` transform="rotate(-8 ${n(PW / 2)} ${n(PH / 2)}) translate(${n(PW / 2)} ${n(PH / 2)}) scale(1.22) translate(${n(-PW / 2)} ${n(-PH / 2)})"` : ''}>` +
    `<g filter="url(#${ids}-pencil)">${p.background}</g>` +
    `<g filter="url(#${ids}-pencil)">${p.layers.join('')}</g>` +
    weather(p.set) +
    `</g>`
  );
}

/** Over the picture: a POV's vignette and label, the camera move's arrows, then the names (readable over the arrows). */
function overlaysOf(canvas: Canvas, b: Blocking, cast: Cast, move: ReturnType<typeof cameraMove>, tags: string[]): string {
  const { PW, PH, u, ids } = canvas;
  const overlays: string[] = [];
  if (b.size === 'POV') {
    overlays.push(`<rect x="0" y="0" width="${n(PW)}" height="${n(PH)}" fill="url(#${ids}-vignette)"/>`);
    overlays.push(nameTag(PW / 2, PH * 0.93, `${cast.viewer ?? 'CHARACTER'}'S POV`, 17 * u, { dark: true }));
  }
  const subjectY = b.size === 'INSERT' || b.size === 'ECU' || !cast.onScreen.length ? PH / 2 : Math.min(PH * 0.7, b.top + b.h * 1.2);
  overlays.push(drawMove(move, PW, PH, b.xs[0] ?? PW / 2, subjectY));
  overlays.push(...tags);
  return overlays.join('');
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
