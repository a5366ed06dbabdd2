/**
 * An option card for an asset (character, costume, location, prop): a pencil sketch fitting the
 * kind, the option's label and id, its prompt, and a plain "OFFLINE SKETCH" mark. Four options of
 * one asset are drawn visibly different (build and age, garment; a place's hour, weather and
 * condition as its option asks, see location-card.ts; a prop's design),
 * so a person can tell them apart before any image model is paid for. Pure and deterministic.
 */
import { ADULT, FIGURE_STYLE, figure, type Build, type FigureStyle } from '../storyboard/figure';
import { lookOf } from '../storyboard/frame';
import { dressOf } from '../storyboard/posture';
import { propShape, propSketch } from '../storyboard/props';
import { locationSketch } from './location-card';
import { ACCENT, INK, PAPER, esc, fit, idPrefix, n, pencilDefs, randomFrom, seedOf, shape, text, textWidth, wrap } from '../storyboard/sketch';

export type OptionKind = 'character' | 'costume' | 'location' | 'prop';

export interface OptionCardInput {
  kind: OptionKind;
  /** Asset id, e.g. `mara`. */
  asset: string;
  /** Display name, e.g. `MARA`. */
  name: string;
  /** Option id as written in the sheet, e.g. `a` or `mara-1`. */
  option: string;
  /** 0-based position among the asset's options: decides which variant is drawn. */
  index: number;
  label?: string;
  prompt: string;
  /** What the script says (used for cues: age, hair, coat). */
  description?: string;
  /** Locations: interior or exterior, and time of day (`NIGHT`). */
  interior?: boolean;
  time?: string;
}

const KINDS: readonly OptionKind[] = ['character', 'costume', 'location', 'prop'];

/** Whether a request's structured input is an OptionCardInput (the offline provider checks before drawing). */
export function isOptionCardInput(value: unknown): value is OptionCardInput {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    KINDS.includes(v.kind as OptionKind) &&
    ['asset', 'name', 'option', 'prompt'].every((k) => typeof v[k] === 'string') &&
    typeof v.index === 'number' &&
    ['label', 'description', 'time'].every((k) => v[k] === undefined || typeof v[k] === 'string') &&
    (v.interior === undefined || typeof v.interior === 'boolean')
  );
}

const W = 480;
const H = 680;
const SKETCH = { x: 20, y: 64, w: 440, h: 370 };

/** Four builds that read apart at a glance: age, weight, height, hair. */
const BUILDS: readonly (Build & { cue: string })[] = [
  { ...ADULT, width: 1, heads: 7.5, stoop: 0, hair: 'short', cue: 'medium build' },
  { ...ADULT, width: 1.28, heads: 7.1, stoop: 0.15, hair: 'cap', coat: 5.6, cue: 'heavy-set, coat' },
  { ...ADULT, width: 0.84, heads: 8, stoop: 0, hair: 'long', cue: 'tall, slight' },
  { ...ADULT, width: 0.98, heads: 7, stoop: 0.7, hair: 'bun', cue: 'older, stooped' },
];

/** The card as SVG text. Every piece of production text in it is escaped. */
export function drawOptionCard(input: OptionCardInput): string {
  const index = ((Math.trunc(input.index) % 4) + 4) % 4;
  const seed = seedOf(`${input.kind}|${input.asset}|${input.option}|${index}`);
  const rand = randomFrom(seed);
  const ids = idPrefix(`card-${input.kind}`, `${input.asset}-${input.option}`);
  let sketch: string;
  switch (input.kind) {
    case 'character':
      sketch = character(input, index);
      break;
    case 'costume':
      sketch = costume(index);
      break;
    case 'location':
      sketch = locationSketch(input, index, SKETCH.w, SKETCH.h, rand, ids);
      break;
    case 'prop':
      sketch = prop(input, index);
      break;
  }

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" data-kind="${input.kind}" data-asset="${esc(input.asset)}" data-option="${esc(input.option)}" data-variant="${index}" data-offline="true">`);
  out.push(`<title>${esc(`${input.kind} ${input.name}, option ${input.option}: ${input.label ?? ''}`)}</title>`);
  out.push(`<defs>${pencilDefs(ids, seed, 0.6)}</defs>`);
  out.push(`<rect width="${W}" height="${H}" fill="${PAPER}"/>`);
  out.push(`<rect x="6" y="6" width="${W - 12}" height="${H - 12}" fill="none" stroke="${INK}" stroke-width="2"/>`);
  // Header: kind and name, the option id in the accent badge.
  const badge = fit(`OPTION ${input.option.toUpperCase()}`, 150, 15);
  const bw = textWidth(badge, 15) + 16;
  // The title stops short of the badge (letter spacing widens it by ~0.8 per character).
  const title = `${input.kind.toUpperCase()} · ${input.name.toUpperCase()}`;
  const room = W - 52 - bw - title.length * 0.8;
  const size = [20, 18, 16].find((s) => textWidth(title, s) <= room) ?? 16;
  out.push(text(20, 42, fit(title, room, size), size, { weight: 700, spacing: 0.8 }));
  out.push(`<rect x="${n(W - 20 - bw)}" y="24" width="${n(bw)}" height="24" rx="4" fill="${ACCENT}"/>`);
  out.push(text(W - 20 - bw / 2, 41, badge, 15, { anchor: 'middle', weight: 700, fill: '#ffffff' }));
  // The sketch, clipped to its box.
  out.push(`<svg x="${SKETCH.x}" y="${SKETCH.y}" width="${SKETCH.w}" height="${SKETCH.h}" viewBox="0 0 ${SKETCH.w} ${SKETCH.h}" overflow="hidden"><g filter="url(#${ids}-pencil)">${sketch}</g></svg>`);
  out.push(`<rect x="${SKETCH.x}" y="${SKETCH.y}" width="${SKETCH.w}" height="${SKETCH.h}" fill="none" stroke="${INK}" stroke-width="2"/>`);
  // Label, prompt, and the honest mark.
  let y = SKETCH.y + SKETCH.h + 36;
  for (const l of wrap(input.label?.trim() || `Option ${input.option}`, W - 40, 21, 2)) {
    out.push(text(20, y, l, 21, { weight: 700 }));
    y += 26;
  }
  y += 4;
  const promptLines = wrap(input.prompt, W - 40, 14.5, Math.max(2, Math.floor((H - 54 - y) / 19)));
  for (const l of promptLines) {
    out.push(text(20, y, l, 14.5, { fill: '#3d3d3d' }));
    y += 19;
  }
  out.push(`<line x1="20" y1="${H - 44}" x2="${W - 20}" y2="${H - 44}" stroke="#b5b2aa" stroke-width="1"/>`);
  out.push(text(20, H - 20, 'OFFLINE SKETCH', 14, { weight: 700, fill: ACCENT, spacing: 2 }));
  out.push(text(W - 20, H - 20, 'not a generated image', 13, { anchor: 'end', fill: '#7a7a7a' }));
  out.push('</svg>');
  return out.join('\n');
}

/** Full figure on the left, head-and-shoulders portrait on the right. */
function character(input: OptionCardInput, index: number): string {
  const base = BUILDS[index]!;
  const desc = (input.description ?? '').toLowerCase();
  // The script's own cues win for the first option: a braid in the script is a braid on the card.
  // Headwear the script or this option names (a headscarf, a hat) is on every card that names it.
  const dress = dressOf(`${desc} ${input.prompt.split(' Style: ')[0]!.toLowerCase()}`);
  const hair = index === 0 && /braid/.test(desc) ? 'braid' : index === 0 && /bald/.test(desc) ? 'bald' : base.hair;
  const build: Build = { ...base, hair: dress.headwear === 'scarf' ? 'short' : hair, ...dress };
  const tone = ['#ecebe7', '#dcdad4', '#f4f3ef', '#e4e2dc'][index]!;
  // What the script fixes (a character in their 60s is grey in every option) holds for all four.
  const grey = lookOf(input.name, input.description).grey;
  const hairTone = (grey ? ['#b9b9b9', '#a3a3a3', '#cfcfcf', '#dadada'] : ['#5a5a5a', '#3a3a3a', '#7a7a7a', '#bdbdbd'])[index]!;
  const style: FigureStyle = { ...FIGURE_STYLE, fill: tone, hair: hairTone, line: 2 };
  const h = 335 / build.heads;
  const body = figure(105, 16, h, 'front', build, { ...style, detail: false });
  // Age shows in the stance: the stooped option leans on a stick.
  const cane = build.stoop > 0.5 ? `<path d="M${n(105 + 0.95 * h * build.width * 1.05 + 4)} ${n(16 + 4.1 * h * (build.heads / 7.5))}L${n(105 + 0.95 * h * build.width * 1.05 + 14)} ${n(16 + build.heads * h)}" stroke="${INK}" stroke-width="4" stroke-linecap="round"/>` : '';
  const portrait = figure(318, 60, 92, index % 2 ? 'left' : 'right', build, style);
  return (
    `<rect width="${SKETCH.w}" height="${SKETCH.h}" fill="#f1efe9"/>` +
    `<line x1="0" y1="${SKETCH.h - 12}" x2="${SKETCH.w}" y2="${SKETCH.h - 12}" stroke="#9a978f" stroke-width="1.5"/>` +
    heightMarks(h * 7.5 > 0 ? 16 : 0, 16 + build.heads * h) +
    body +
    cane +
    `<g>${portrait}</g>` +
    `<rect x="${SKETCH.w - 150}" y="8" width="142" height="22" rx="3" fill="#ffffff" stroke="#9a978f"/>` +
    text(SKETCH.w - 79, 23, base.cue.toUpperCase(), 11.5, { anchor: 'middle', fill: '#444', spacing: 0.8, weight: 600 })
  );
}

function heightMarks(top: number, foot: number): string {
  const marks: string[] = [];
  for (let y = top; y <= foot + 0.5; y += (foot - top) / 7.5) marks.push(`M8 ${n(y)}L16 ${n(y)}`);
  return `<path d="M12 ${n(top)}L12 ${n(foot)}${marks.join('')}" stroke="#9a978f" stroke-width="1"/>`;
}

/** A garment on a dress form: long coat, jacket and trousers, knit and scarf, dress or overalls. */
function costume(index: number): string {
  const cx = SKETCH.w / 2;
  const h = 40;
  const top = 12;
  const form: FigureStyle = { fill: '#f4f3ef', ink: '#a5a29a', hair: '#d5d3cd', line: 1.5, detail: false };
  const parts = [`<rect width="${SKETCH.w}" height="${SKETCH.h}" fill="#f1efe9"/>`, figure(cx, top, h, 'front', { ...ADULT, hair: 'bald' }, form)];
  const y = (heads: number) => top + heads * h;
  const cloth = ['#8d8b86', '#b9b6ae', '#d9d6ce', '#6f6d69'][index]!;
  const w = 2.2;
  switch (index) {
    case 0: // long oilskin coat: wide shoulders, hem below the knee, big collar
      parts.push(shape(`M${n(cx - 45)} ${n(y(1.3))}L${n(cx - 58)} ${n(y(6.1))}L${n(cx + 58)} ${n(y(6.1))}L${n(cx + 45)} ${n(y(1.3))}Q${n(cx)} ${n(y(1.1))} ${n(cx - 45)} ${n(y(1.3))}Z`, w, cloth));
      parts.push(shape(`M${n(cx - 45)} ${n(y(1.35))}L${n(cx - 52)} ${n(y(4.1))}M${n(cx + 45)} ${n(y(1.35))}L${n(cx + 52)} ${n(y(4.1))}M${n(cx)} ${n(y(1.6))}L${n(cx)} ${n(y(6.1))}`, w));
      parts.push(shape(`M${n(cx - 22)} ${n(y(1.15))}L${n(cx)} ${n(y(1.9))}L${n(cx + 22)} ${n(y(1.15))}L${n(cx + 28)} ${n(y(0.95))}L${n(cx)} ${n(y(1.55))}L${n(cx - 28)} ${n(y(0.95))}Z`, w, '#5d5b57'));
      for (let i = 0; i < 5; i++) parts.push(`<circle cx="${n(cx + 6)}" cy="${n(y(2 + i * 0.8))}" r="2.5" fill="${INK}"/>`);
      break;
    case 1: // jacket and trousers: hip-length, lapels, a clipboard pocket
      parts.push(shape(`M${n(cx - 24)} ${n(y(3.9))}L${n(cx - 22)} ${n(y(7.3))}L${n(cx - 4)} ${n(y(7.3))}L${n(cx)} ${n(y(4.4))}L${n(cx + 4)} ${n(y(7.3))}L${n(cx + 22)} ${n(y(7.3))}L${n(cx + 24)} ${n(y(3.9))}Z`, w, '#8f8c86'));
      parts.push(shape(`M${n(cx - 42)} ${n(y(1.3))}L${n(cx - 34)} ${n(y(4.3))}L${n(cx + 34)} ${n(y(4.3))}L${n(cx + 42)} ${n(y(1.3))}Q${n(cx)} ${n(y(1.15))} ${n(cx - 42)} ${n(y(1.3))}Z`, w, cloth));
      parts.push(shape(`M${n(cx - 14)} ${n(y(1.2))}L${n(cx - 4)} ${n(y(2.6))}L${n(cx)} ${n(y(4.3))}M${n(cx + 14)} ${n(y(1.2))}L${n(cx + 4)} ${n(y(2.6))}`, w));
      parts.push(`<rect x="${n(cx + 12)}" y="${n(y(2.8))}" width="16" height="14" fill="none" stroke="${INK}" stroke-width="1.6"/>`);
      break;
    case 2: // heavy knit jumper and a scarf: ribbing shows the texture
      parts.push(shape(`M${n(cx - 44)} ${n(y(1.35))}L${n(cx - 40)} ${n(y(3.9))}L${n(cx + 40)} ${n(y(3.9))}L${n(cx + 44)} ${n(y(1.35))}Q${n(cx)} ${n(y(1.1))} ${n(cx - 44)} ${n(y(1.35))}Z`, w, cloth));
      for (let i = -3; i <= 3; i++) parts.push(shape(`M${n(cx + i * 10)} ${n(y(1.5))}q4 12 0 24t0 24t0 24t0 24`, 1.3, 'none', { color: '#8a8780' }));
      parts.push(shape(`M${n(cx - 26)} ${n(y(1.15))}Q${n(cx)} ${n(y(1.6))} ${n(cx + 26)} ${n(y(1.15))}L${n(cx + 22)} ${n(y(1.45))}L${n(cx + 16)} ${n(y(3.2))}L${n(cx + 4)} ${n(y(3.1))}L${n(cx + 8)} ${n(y(1.6))}Q${n(cx)} ${n(y(1.7))} ${n(cx - 22)} ${n(y(1.45))}Z`, w, '#55534f'));
      parts.push(shape(`M${n(cx - 24)} ${n(y(3.9))}L${n(cx - 22)} ${n(y(7.3))}L${n(cx - 4)} ${n(y(7.3))}L${n(cx)} ${n(y(4.4))}L${n(cx + 4)} ${n(y(7.3))}L${n(cx + 22)} ${n(y(7.3))}L${n(cx + 24)} ${n(y(3.9))}Z`, w, '#6f6d69'));
      break;
    default: // work overalls / pinafore over a shirt: bib, straps, A-line
      parts.push(shape(`M${n(cx - 40)} ${n(y(1.3))}L${n(cx - 36)} ${n(y(3.2))}L${n(cx + 36)} ${n(y(3.2))}L${n(cx + 40)} ${n(y(1.3))}Q${n(cx)} ${n(y(1.15))} ${n(cx - 40)} ${n(y(1.3))}Z`, w, '#e9e7e1'));
      parts.push(shape(`M${n(cx - 20)} ${n(y(2.2))}L${n(cx + 20)} ${n(y(2.2))}L${n(cx + 26)} ${n(y(3.6))}L${n(cx + 50)} ${n(y(6.6))}L${n(cx - 50)} ${n(y(6.6))}L${n(cx - 26)} ${n(y(3.6))}Z`, w, cloth));
      parts.push(shape(`M${n(cx - 18)} ${n(y(2.2))}L${n(cx - 28)} ${n(y(1.25))}M${n(cx + 18)} ${n(y(2.2))}L${n(cx + 28)} ${n(y(1.25))}`, w * 1.6));
      parts.push(`<rect x="${n(cx - 12)}" y="${n(y(2.5))}" width="24" height="18" fill="none" stroke="#d9d6ce" stroke-width="1.6"/>`);
      break;
  }
  return parts.join('');
}

/** The prop in four designs, on a surface with a shadow and a scale bar. */
function prop(input: OptionCardInput, index: number): string {
  const kind = propShape(`${input.name} ${input.asset}`);
  const size = [230, 200, 250, 180][index]!;
  const cx = SKETCH.w * [0.5, 0.45, 0.55, 0.5][index]!;
  const cy = SKETCH.h * 0.5;
  return (
    `<rect width="${SKETCH.w}" height="${SKETCH.h}" fill="#f1efe9"/>` +
    `<ellipse cx="${n(cx)}" cy="${n(cy + size * 0.48)}" rx="${n(size * 0.38)}" ry="${n(size * 0.06)}" fill="#000" fill-opacity="0.12"/>` +
    propSketch(kind, cx, cy, size, 2.2, index) +
    `<path d="M${n(SKETCH.w - 70)} ${n(SKETCH.h - 18)}h50M${n(SKETCH.w - 70)} ${n(SKETCH.h - 22)}v8M${n(SKETCH.w - 20)} ${n(SKETCH.h - 22)}v8" stroke="#777" stroke-width="1.2"/>` +
    text(SKETCH.w - 45, SKETCH.h - 26, '10 cm', 10, { anchor: 'middle', fill: '#777' })
  );
}
