/**
 * The sketch of a location option: the set at the hour the option asks for (its own sky and
 * light: day, dusk, dawn or night), in its weather (rain streaks, fog bands), dressed in the
 * condition it names (kept, worn, stripped, tended) and seen from its viewpoint. The option's
 * words decide; where they say nothing the option's position does, so four options differ.
 * Pure and deterministic; every value written into the SVG is a number or a fixed word.
 */
import { placeKind, worldOf } from '../storyboard/places';
import { scenery, type Light } from '../storyboard/scenery';
import { INK, dec, n, pathOf, shape } from '../storyboard/sketch';

export type Hour = 'day' | 'dusk' | 'dawn' | 'night';
export type Condition = 'kept' | 'worn' | 'stripped' | 'tended';
export type Viewpoint = 'eye' | 'high' | 'low' | 'frame';

export interface LocationLook {
  hour: Hour;
  rain: boolean;
  fog: boolean;
  condition: Condition;
  view: Viewpoint;
  /** A moon low on the horizon (`under a low moon`). */
  lowMoon: boolean;
}

export interface LocationSketchInput {
  name: string;
  asset: string;
  label?: string;
  prompt: string;
  description?: string;
  interior?: boolean;
  time?: string;
}

/** The hour a time of day names (`NIGHT`, `pre-dawn grey`, `blue hour`), or undefined. */
export function hourOf(text: string | undefined): Hour | undefined {
  const t = (text ?? '').toLowerCase();
  if (/dawn|sunrise|daybreak|first light/.test(t)) return 'dawn';
  if (/dusk|sunset|twilight|evening|blue hour|gloaming/.test(t)) return 'dusk';
  if (/night|midnight|moon/.test(t)) return 'night';
  if (/\bday\b|daylight|afternoon|morning|noon|sunny|sunlit/.test(t)) return 'day';
  return undefined;
}

/** The option's own words: its label and prompt without the script's quote and the style block. */
function ownWords(input: LocationSketchInput): string {
  const body = input.prompt.split(/\s(?:The script:|Style:)/)[0] ?? input.prompt;
  return `${input.label ?? ''} ${body}`.toLowerCase();
}

/** What an option asks of the place; the index fills in what its words leave open. */
export function lookOf(input: LocationSketchInput, index: number): LocationLook {
  const words = ownWords(input);
  const i = ((index % 4) + 4) % 4;
  const hour = hourOf(input.time) ?? hourOf(words) ?? (['day', 'dusk', 'night', 'dawn'] as const)[i]!;
  const clear = /\bclear\b|\bdry\b|cloudless/.test(words);
  const rain = !clear && /\brain|drizzle|downpour|squall|storm|shower|sleet|deluge/.test(words);
  const fog = !clear && /\bfog|\bmist|\bhaze|\bhazy|murk|sea fret/.test(words);
  const condition: Condition = /stripped|abandon|about to be left|derelict|\bbare\b|empty|boarded|gutted/.test(words)
    ? 'stripped'
    : /tended|cared for|fresh paint|restored|spotless|polished|loved/.test(words)
      ? 'tended'
      : /\bworn\b|flak|peel|decay|crumbl|dilapidat|neglect|rott|rust/.test(words)
        ? 'worn'
        : /always been|as built|as it is|unchanged/.test(words)
          ? 'kept'
          : (['kept', 'worn', 'stripped', 'tended'] as const)[i]!;
  const view: Viewpoint = /doorway|through a window|through the window|framed by|door frame/.test(words)
    ? 'frame'
    : /looking down|high corner|high angle|from above|overhead|bird/.test(words)
      ? 'high'
      : /looking up|low angle|from below|\bseen low\b|ground level/.test(words)
        ? 'low'
        : /eye level|\bwide\b/.test(words)
          ? 'eye'
          : (['eye', 'high', 'low', 'frame'] as const)[i]!;
  return { hour, rain, fog, condition, view, lowMoon: hour === 'night' && /low moon|moon low|moonrise|rising moon/.test(words) };
}

const GEOMETRY: Record<Viewpoint, { horizon: number; zoom: number; focus: number }> = {
  eye: { horizon: 0.5, zoom: 0.75, focus: 0.5 },
  high: { horizon: 0.3, zoom: 0.85, focus: 0.6 },
  low: { horizon: 0.72, zoom: 1.05, focus: 0.4 },
  frame: { horizon: 0.52, zoom: 1.1, focus: 0.5 },
};

/** Sky colour at the top, the glow at the horizon, and a wash laid over the land. */
const SKY: Record<Hour, { top: string; glow: string; glowOpacity: number; wash: string; washOpacity: number; pane: [string, string] }> = {
  day: { top: '#dde2e6', glow: '#fbfbf8', glowOpacity: 0.9, wash: '#ffffff', washOpacity: 0, pane: ['#e9edf0', '#fbfbfa'] },
  dusk: { top: '#505668', glow: '#e2a36b', glowOpacity: 0.85, wash: '#b8692e', washOpacity: 0.13, pane: ['#5a6072', '#e0a570'] },
  dawn: { top: '#9aa3b1', glow: '#f1ddd2', glowOpacity: 0.9, wash: '#8fa6c4', washOpacity: 0.12, pane: ['#a3abb8', '#f0e2d8'] },
  night: { top: '#14161c', glow: '#343945', glowOpacity: 0.9, wash: '#0b0e16', washOpacity: 0.32, pane: ['#101218', '#2c313b'] },
};

/** What scenery can light: dawn borrows dusk's tones, then gets its own sky and wash. */
const SCENERY_LIGHT: Record<Hour, Light> = { day: 'day', dusk: 'dusk', dawn: 'dusk', night: 'night' };
const SCENERY_PANE: Record<Light, string> = { day: '#fbfbfa', dusk: '#d9d7d2', night: '#3a3d42' };

/** The location option's sketch, `w`×`h`, with data-* attributes saying what it drew. */
export function locationSketch(input: LocationSketchInput, index: number, w: number, h: number, rand: () => number, ids: string): string {
  const look = lookOf(input, index);
  const g = GEOMETRY[look.view];
  const interior = input.interior ?? /\bint\b|room|kitchen|hall|office|house|inside/i.test(input.name);
  const hz = h * g.horizon;
  const light = SCENERY_LIGHT[look.hour];
  const sky = SKY[look.hour];
  const location = `${input.name} ${input.asset}`;
  const world = worldOf(input.prompt);
  let set = scenery({
    width: w,
    height: h,
    interior,
    light,
    horizon: hz,
    zoom: g.zoom,
    focusX: w * g.focus,
    location,
    // What the script says is in view (the lighthouse standing over the beach).
    landmarks: `${input.description ?? ''} ${input.prompt}`,
    weather: { rain: false, fog: false },
    rand,
    line: 1.6,
    ids,
    variant: index,
    ...(world ? { world } : {}),
  });
  const defs: string[] = [
    `<linearGradient id="${ids}-glow" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky.glow}" stop-opacity="0"/><stop offset="1" stop-color="${sky.glow}" stop-opacity="${sky.glowOpacity}"/></linearGradient>`,
    `<linearGradient id="${ids}-pane" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky.pane[0]}"/><stop offset="1" stop-color="${sky.pane[1]}"/></linearGradient>`,
    `<linearGradient id="${ids}-fog" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f4f4f2" stop-opacity="0"/><stop offset="0.5" stop-color="#f4f4f2" stop-opacity="1"/><stop offset="1" stop-color="#f4f4f2" stop-opacity="0"/></linearGradient>`,
  ];
  const parts: string[] = [`<defs>${defs.join('')}</defs>`];
  if (interior) {
    // The room's windows show the hour's sky, and the weather is outside them: rain runs down the
    // glass, fog whitens the view. Drawn right after the last pane, so the lens stands in front.
    set = set.split(`fill="${SCENERY_PANE[light]}"`).join(`fill="url(#${ids}-pane)" data-pane="${look.hour}"`);
    const paneRe = new RegExp(`<rect x="([\\d.-]+)" y="([\\d.-]+)" width="([\\d.-]+)" height="([\\d.-]+)" fill="url\\(#${ids}-pane\\)"[^>]*/>`, 'g');
    const panes = [...set.matchAll(paneRe)];
    const last = panes[panes.length - 1];
    const cut = last ? last.index + last[0].length : set.length;
    const clip = panes.length ? ` clip-path="url(#${ids}-glass)"` : '';
    const outside: string[] = [];
    if (panes.length) outside.push(`<clipPath id="${ids}-glass">${panes.map((m) => `<rect x="${m[1]}" y="${m[2]}" width="${m[3]}" height="${m[4]}"/>`).join('')}</clipPath>`);
    if (look.fog) outside.push(`<g${clip}><rect width="${n(w)}" height="${n(h)}" fill="#eeeeeb" fill-opacity="0.7" data-fog="glass"/>${fogBands(w, h, hz, false, ids)}</g>`);
    if (look.rain) outside.push(`<g${clip}>${rainStreaks(look.hour, !panes.length, w, h, rand)}</g>`);
    parts.push(set.slice(0, cut), outside.join(''), set.slice(cut));
    parts.push(`<rect width="${n(w)}" height="${n(h)}" fill="${sky.wash}" fill-opacity="${dec(sky.washOpacity, 2)}" data-light="${look.hour}"/>`);
    if (look.hour === 'day') parts.push(shafts(w, h, g.focus));
    parts.push(dressing(look.condition, interior, w, h, hz, rand));
  } else if (placeKind(location, interior, world) === 'orbit') {
    // Open space has no sky, weather or ground to redraw: the set is the whole view.
    parts.push(set);
  } else {
    // The set's own sky goes: this hour's sky is drawn instead, under the land.
    const ground = set.indexOf(`<rect x="0" y="${n(hz)}"`);
    parts.push(skyOf(look, w, hz, rand, ids));
    parts.push(ground >= 0 ? set.slice(ground) : set);
    parts.push(`<rect y="${n(hz)}" width="${n(w)}" height="${n(Math.max(0, h - hz))}" fill="${sky.wash}" fill-opacity="${dec(sky.washOpacity, 2)}" data-light="${look.hour}"/>`);
    if (look.lowMoon) parts.push(moonPath(w, h, hz));
    if (look.fog) parts.push(fogBands(w, h, hz, interior, ids));
    parts.push(dressing(look.condition, interior, w, h, hz, rand));
    if (look.rain) parts.push(rainStreaks(look.hour, interior, w, h, rand));
  }
  if (look.view === 'frame') parts.push(doorway(w, h, look.hour));
  return `<g data-hour="${look.hour}" data-weather="${[look.rain ? 'rain' : '', look.fog ? 'fog' : ''].filter(Boolean).join(' ') || 'clear'}" data-design="${look.condition}" data-view="${look.view}">${parts.join('')}</g>`;
}

/** The sky down to the horizon: its colour, the glow at the horizon, and sun, moon or stars. */
function skyOf(look: LocationLook, w: number, hz: number, rand: () => number, ids: string): string {
  const s = SKY[look.hour];
  const out = [
    `<rect width="${n(w)}" height="${n(hz)}" fill="${s.top}" data-sky="${look.hour}"/>`,
    `<rect y="${n(hz * 0.35)}" width="${n(w)}" height="${n(hz * 0.65 + 1)}" fill="url(#${ids}-glow)"/>`,
  ];
  const r = Math.min(w, hz) * 0.09;
  switch (look.hour) {
    case 'night': {
      const stars: string[] = [];
      for (let i = 0; i < 60; i++) stars.push(`<circle cx="${n(rand() * w)}" cy="${n(rand() * hz * 0.85)}" r="${n(0.5 + rand() * 1.1)}" fill="#f2f2ee" fill-opacity="${dec(0.4 + rand() * 0.6, 2)}"/>`);
      out.push(stars.join(''));
      // A high crescent, or a full moon low on the horizon (its light on the water is drawn later).
      if (look.lowMoon) out.push(`<circle cx="${n(w * 0.3)}" cy="${n(hz - r * 0.6)}" r="${n(r * 1.5)}" fill="#f1efe6" data-moon="low"/>`);
      else out.push(`<circle cx="${n(w * 0.82)}" cy="${n(hz * 0.22)}" r="${n(r * 0.7)}" fill="#eeece4" data-moon="high"/><circle cx="${n(w * 0.82 + r * 0.32)}" cy="${n(hz * 0.22 - r * 0.14)}" r="${n(r * 0.63)}" fill="${s.top}"/>`);
      break;
    }
    case 'dusk':
      out.push(`<circle cx="${n(w * 0.78)}" cy="${n(hz)}" r="${n(r * 1.3)}" fill="#f4c48f" data-sun="setting"/>`);
      out.push(shape(`M${n(w * 0.05)} ${n(hz * 0.55)}h${n(w * 0.45)}M${n(w * 0.35)} ${n(hz * 0.7)}h${n(w * 0.5)}`, 3, 'none', { color: '#3b3f4c', opacity: 0.7 }));
      break;
    case 'dawn':
      out.push(`<circle cx="${n(w * 0.3)}" cy="${n(hz - r * 0.1)}" r="${n(r * 1.2)}" fill="#fbf1e4" stroke="#c9b9ad" stroke-width="1.2" data-sun="rising"/>`);
      // Low banks of cloud catching the first light.
      out.push(`<path d="M0 ${n(hz * 0.78)}h${n(w * 0.6)}M${n(w * 0.45)} ${n(hz * 0.9)}h${n(w * 0.55)}" stroke="#f6ece4" stroke-opacity="0.55" stroke-width="${n(Math.max(4, hz * 0.05))}" stroke-linecap="round" fill="none"/>`);
      break;
    case 'day': {
      out.push(`<circle cx="${n(w * 0.18)}" cy="${n(hz * 0.25)}" r="${n(r * 0.6)}" fill="#ffffff" stroke="#9a9a9a" stroke-width="1.2" data-sun="high"/>`);
      for (let i = 0; i < 3; i++) {
        const cx = w * (0.35 + i * 0.22 + rand() * 0.06);
        const cy = hz * (0.25 + rand() * 0.35);
        const c = r * 0.7;
        out.push(shape(`M${n(cx - 2 * c)} ${n(cy)}q${n(c * 0.5)} ${n(-c)} ${n(c)} ${n(-c * 0.4)}q${n(c * 0.6)} ${n(-c * 0.9)} ${n(c * 1.4)} ${n(-c * 0.1)}q${n(c * 0.8)} ${n(-c * 0.3)} ${n(c)} ${n(c * 0.5)}Z`, 1.1, '#ffffff', { color: '#9a9a9a' }));
      }
      break;
    }
  }
  return out.join('');
}

/** The low moon's light laid on the water below it. */
function moonPath(w: number, h: number, hz: number): string {
  const d: string[] = [];
  for (let i = 0; i < 9; i++) {
    const y = hz + 4 + i * i * ((h - hz) / 110);
    const half = 8 + i * 4;
    d.push(`M${n(w * 0.3 - half)} ${n(y)}h${n(half * 2)}`);
  }
  return shape(d.join(''), 2, 'none', { color: '#f1efe6', opacity: 0.8 });
}

/** Daylight falling through the windows across the floor. */
function shafts(w: number, h: number, focus: number): string {
  const x = w * focus;
  return `<path d="M${n(x - w * 0.2)} ${n(h * 0.15)}L${n(x - w * 0.05)} ${n(h * 0.15)}L${n(x + w * 0.25)} ${n(h)}L${n(x - w * 0.15)} ${n(h)}Z" fill="#ffffff" fill-opacity="0.3" data-light="shaft"/>`;
}

/** Slanting streaks over the whole picture: pale against a night sky, dark against day. */
function rainStreaks(hour: Hour, interior: boolean, w: number, h: number, rand: () => number): string {
  const d: string[] = [];
  const count = interior ? 70 : 150;
  for (let i = 0; i < count; i++) {
    const x = rand() * w * 1.15;
    const y = rand() * h;
    const l = h * (0.04 + rand() * 0.05);
    d.push(`M${n(x)} ${n(y)}l${n(-l * 0.28)} ${n(l)}`);
  }
  const color = hour === 'night' || hour === 'dusk' ? '#dfe3e8' : '#4f555c';
  return `<path d="${d.join('')}" stroke="${color}" stroke-opacity="${interior ? 0.45 : 0.75}" stroke-width="1.3" stroke-linecap="round" fill="none" data-rain="true"/>`;
}

/** Soft white bands lying along and below the horizon, thicker near the ground. */
function fogBands(w: number, h: number, hz: number, interior: boolean, ids: string): string {
  const bands = interior ? [[0.15, 0.2], [0.5, 0.25]] : [[-0.12, 0.18], [0.08, 0.22], [0.35, 0.28], [0.7, 0.3]];
  return bands
    .map(([at, tall]) => `<rect x="0" y="${n(hz + (h - hz) * at! - h * tall! * 0.5)}" width="${n(w)}" height="${n(h * tall!)}" fill="url(#${ids}-fog)" fill-opacity="${interior ? 0.5 : 0.8}" data-fog="band"/>`)
    .join('');
}

/** The set's condition, shown in what stands in the foreground. */
function dressing(condition: Condition, interior: boolean, w: number, h: number, hz: number, rand: () => number): string {
  const base = h - 8;
  const parts: string[] = [];
  if (interior) {
    switch (condition) {
      case 'kept': // a chair and a worktable, used every day
        parts.push(shape(`M${n(w * 0.7)} ${n(base - 60)}h90M${n(w * 0.72)} ${n(base - 60)}v60M${n(w * 0.7 + 86)} ${n(base - 60)}v60`, 4, 'none'));
        parts.push(shape(`M${n(w * 0.12)} ${n(base - 70)}v70M${n(w * 0.12)} ${n(base - 36)}h34v36M${n(w * 0.12 + 34)} ${n(base - 36)}v0`, 3.5, 'none'));
        break;
      case 'worn': // cracks and peeling plaster on the walls, a stain, a fallen slate
        for (const [x, y] of [[0.08, 0.2], [0.86, 0.3], [0.6, 0.12]] as const) {
          const pts: [number, number][] = [];
          let px = w * x;
          let py = h * y;
          for (let k = 0; k < 6; k++) {
            pts.push([px, py]);
            px += (rand() - 0.5) * 26;
            py += 12 + rand() * 14;
          }
          parts.push(shape(pathOf(pts, false, false), 2));
        }
        for (let k = 0; k < 5; k++) {
          const x = w * (0.05 + rand() * 0.9);
          const y = h * (0.1 + rand() * 0.4);
          parts.push(shape(pathOf([[x, y], [x + 18, y + 3], [x + 14, y + 14], [x + 3, y + 11]], true, false), 1.2, '#efe9dc'));
        }
        parts.push(`<ellipse cx="${n(w * 0.3)}" cy="${n(h * 0.12)}" rx="40" ry="22" fill="#6b5a42" fill-opacity="0.25"/>`);
        break;
      case 'stripped': // dust sheets over shapes, crates, a bare bulb
        parts.push(shape(`M${n(w * 0.05)} ${n(base)}Q${n(w * 0.1)} ${n(base - 70)} ${n(w * 0.2)} ${n(base - 64)}Q${n(w * 0.3)} ${n(base - 76)} ${n(w * 0.34)} ${n(base)}Z`, 2, '#ecebe6'));
        for (const [x, y, s] of [[0.66, 0, 56], [0.8, 0, 56], [0.73, 56, 50]] as const) parts.push(`<rect x="${n(w * x)}" y="${n(base - y - s)}" width="${s}" height="${s}" fill="#b69f7d" stroke="${INK}" stroke-width="2"/><path d="M${n(w * x)} ${n(base - y - s)}l${s} ${s}" stroke="${INK}" stroke-width="1.2"/>`);
        parts.push(`<path d="M${n(w * 0.5)} 0v${n(h * 0.16)}" stroke="${INK}" stroke-width="1.5"/><circle cx="${n(w * 0.5)}" cy="${n(h * 0.16 + 7)}" r="7" fill="#f3f1e8" stroke="${INK}" stroke-width="1.5"/>`);
        break;
      case 'tended': // curtains, a rug, a plant, a lamp lit
        parts.push(shape(`M0 0h${n(w * 0.1)}q-14 ${n(h * 0.3)} 6 ${n(h * 0.6)}H0Z`, 2, '#9c5b4a'));
        parts.push(shape(`M${n(w)} 0h${n(-w * 0.1)}q14 ${n(h * 0.3)} -6 ${n(h * 0.6)}H${n(w)}Z`, 2, '#9c5b4a'));
        parts.push(`<ellipse cx="${n(w * 0.5)}" cy="${n(base - 14)}" rx="${n(w * 0.3)}" ry="16" fill="#7d6a5c" fill-opacity="0.8" stroke="${INK}" stroke-width="1.5"/>`);
        parts.push(shape(`M${n(w * 0.83)} ${n(base)}l-8 -34h36l-8 34Z`, 2, '#a0724f') + shape(`M${n(w * 0.83 + 10)} ${n(base - 34)}q-20 -30 -6 -50M${n(w * 0.83 + 10)} ${n(base - 34)}q16 -28 4 -52M${n(w * 0.83 + 10)} ${n(base - 34)}q2 -30 18 -40`, 3, 'none', { color: '#4f6b45' }));
        parts.push(`<circle cx="${n(w * 0.16)}" cy="${n(base - 80)}" r="26" fill="#f3c98a" fill-opacity="0.45"/>` + shape(`M${n(w * 0.16)} ${n(base)}v-70M${n(w * 0.16 - 14)} ${n(base - 70)}h28l-6 -18h-16Z`, 2.5, '#e8d7b0'));
        break;
    }
  } else {
    const fy = Math.max(hz + 20, h * 0.8);
    switch (condition) {
      case 'kept': // a post-and-rope fence along the path
        for (let i = 0; i < 4; i++) parts.push(`<rect x="${n(w * (0.05 + i * 0.12))}" y="${n(fy - 10 + i * 4)}" width="8" height="${n(h - fy + 10)}" fill="#6d5b48" stroke="${INK}" stroke-width="1.5"/>`);
        parts.push(shape(`M${n(w * 0.05 + 4)} ${n(fy - 2)}q${n(w * 0.06)} 14 ${n(w * 0.12)} 4t${n(w * 0.12)} 4t${n(w * 0.12)} 4`, 2));
        break;
      case 'worn': // the fence broken and leaning, a cracked sign
        for (let i = 0; i < 4; i++) {
          const x = w * (0.05 + i * 0.12);
          const lean = [14, -10, 22, 0][i]!;
          parts.push(shape(`M${n(x)} ${n(h)}L${n(x + lean)} ${n(fy - 6 + i * 8)}`, 7, 'none', { color: '#5d4f40' }));
        }
        parts.push(shape(`M${n(w * 0.05)} ${n(fy + 30)}q${n(w * 0.1)} 40 ${n(w * 0.25)} 26`, 1.6));
        parts.push(`<rect x="${n(w * 0.72)}" y="${n(fy - 30)}" width="70" height="40" fill="#b9ab94" stroke="${INK}" stroke-width="2" transform="rotate(-8 ${n(w * 0.72 + 35)} ${n(fy - 10)})"/>` + shape(`M${n(w * 0.72 + 20)} ${n(fy - 30)}l8 14l-6 10l10 14`, 1.5) + shape(`M${n(w * 0.72 + 35)} ${n(fy + 10)}V${n(h)}`, 5, 'none', { color: '#5d4f40' }));
        break;
      case 'stripped': // a barrier across the way, crates stacked to go
        parts.push(`<rect x="${n(w * 0.08)}" y="${n(fy - 8)}" width="${n(w * 0.4)}" height="16" fill="#f4f2ec" stroke="${INK}" stroke-width="2"/>`);
        for (let i = 0; i < 6; i++) parts.push(`<path d="M${n(w * 0.08 + 8 + i * w * 0.066)} ${n(fy + 8)}l12 -16h8l-12 16Z" fill="${INK}"/>`);
        parts.push(shape(`M${n(w * 0.12)} ${n(fy + 8)}l-10 ${n(h - fy - 8)}M${n(w * 0.12)} ${n(fy + 8)}l10 ${n(h - fy - 8)}M${n(w * 0.44)} ${n(fy + 8)}l-10 ${n(h - fy - 8)}M${n(w * 0.44)} ${n(fy + 8)}l10 ${n(h - fy - 8)}`, 3));
        for (const [x, y, s] of [[0.68, 0, 48], [0.8, 0, 48], [0.74, 48, 44]] as const) parts.push(`<rect x="${n(w * x)}" y="${n(h - 4 - y - s)}" width="${s}" height="${s}" fill="#b69f7d" stroke="${INK}" stroke-width="2"/>`);
        break;
      case 'tended': // a painted picket fence, a bench, flowers
        for (let i = 0; i < 9; i++) parts.push(`<path d="M${n(w * 0.03 + i * 20)} ${n(h)}V${n(fy)}l6 -8l6 8V${n(h)}Z" fill="#ffffff" stroke="${INK}" stroke-width="1.5"/>`);
        parts.push(`<rect x="${n(w * 0.03)}" y="${n(fy + 12)}" width="${n(9 * 20)}" height="6" fill="#ffffff" stroke="${INK}" stroke-width="1.2"/>`);
        for (let i = 0; i < 10; i++) parts.push(`<circle cx="${n(w * 0.05 + rand() * 170)}" cy="${n(h - 6 - rand() * 16)}" r="4" fill="${['#d9480f', '#e8b93c', '#ffffff'][i % 3]}" stroke="${INK}" stroke-width="0.8"/>`);
        parts.push(shape(`M${n(w * 0.68)} ${n(fy + 10)}h96M${n(w * 0.68)} ${n(fy - 8)}h96M${n(w * 0.68 + 6)} ${n(fy + 10)}v${n(h - fy - 14)}M${n(w * 0.68 + 90)} ${n(fy + 10)}v${n(h - fy - 14)}`, 5, 'none', { color: '#6d5b48' }));
        break;
    }
  }
  return `<g data-design="${condition}">${parts.join('')}</g>`;
}

/** Seen through a doorway: the frame of the door, dark, around the view. */
function doorway(w: number, h: number, hour: Hour): string {
  const tone = hour === 'night' ? '#0f1014' : '#3a3936';
  const x0 = w * 0.1;
  const x1 = w * 0.9;
  const y0 = h * 0.07;
  return (
    `<path d="M0 0H${n(w)}V${n(h)}H0ZM${n(x0)} ${n(y0)}V${n(h)}H${n(x1)}V${n(y0)}Z" fill="${tone}" fill-rule="evenodd" data-view="frame"/>` +
    shape(`M${n(x0 + 8)} ${n(h)}V${n(y0 + 8)}H${n(x1 - 8)}V${n(h)}`, 2, 'none', { color: '#8a877f' })
  );
}
