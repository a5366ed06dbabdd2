/**
 * The offline casting, costume and production design: a description from what the script says
 * and N options that differ along axes a director chooses by — age, build, light and lens for a
 * look; cut, palette and wear for a wardrobe; time, weather, era and viewpoint for a place;
 * material, state and staging for a prop. Option i takes the i-th value of every axis, so no two
 * options share a prompt. The style block closes every prompt.
 */
import { drawOptionCard, isOptionCardInput } from '../cards/option-card';
import { cannotDraw, expectArrays, expectObject } from '../offline-input';
import type { GeneratedFile, ImageRequest } from '../../providers/types';
import { ProviderError } from '../../providers/types';
import type { OfflineAnswers } from '../role';
import type { OptionAnswer, SheetAnswer, SheetInput } from './types';
import { palettes, portraitLights, propMaterials, writtenWeather } from './looks';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function pick<T>(axis: readonly T[], i: number): T {
  return axis[i % axis.length]!;
}

/** `1970s Scottish coast` in the style block → `1970s`. */
function eraOf(style: string): string | undefined {
  return /\b(1[5-9]\d0s|20\d0s)\b/.exec(style)?.[1];
}

/** The introduction's age (`60s`) and the rest of it (`weathered oilskin, silver braid`). */
function splitIntroduction(intro: string | undefined): { decade?: number; cues: string[] } {
  if (!intro) return { cues: [] };
  const parts = intro.split(/\s*,\s*/).filter(Boolean);
  let decade: number | undefined;
  const cues: string[] = [];
  for (const p of parts) {
    const m = /^(?:early |mid |late )?(\d)0s$/i.exec(p) ?? /^(\d)0s\b/i.exec(p);
    if (m && decade === undefined) decade = Number(m[1]) * 10;
    else cues.push(p);
  }
  return { ...(decade !== undefined ? { decade } : {}), cues };
}

function ages(decade: number | undefined, their: string): { text: string; label: string }[] {
  if (decade === undefined) return [20, 30, 40, 60].map((d) => ({ text: `in ${their} ${d}s`, label: `${d}s` }));
  return [
    { text: `in ${their} early ${decade}s`, label: `early ${decade}s` },
    { text: `in ${their} mid ${decade}s`, label: `mid ${decade}s` },
    { text: `in ${their} late ${decade}s`, label: `late ${decade}s` },
    { text: `in ${their} ${decade + 10}s, cast older than written`, label: `${decade + 10}s (older)` },
  ];
}

// Builds in the order the option cards draw them (medium, heavy-set, tall and slight, stooped).
const BUILDS = ['medium build, wiry', 'heavy-set and broad-shouldered', 'tall and slight', 'small, stooped with age'];
const BUILD_LABELS = ['medium, wiry', 'heavy-set', 'tall, slight', 'stooped'];
const PORTRAIT_LENS = ['85mm portrait, shallow focus', '50mm at eye level', '35mm environmental portrait', '135mm compressed profile'];

// Neutral axes any film can take; what is particular comes from the script and the style block (looks.ts).
const CUTS = ['work clothes for what they do all day', 'their best: a good coat kept for occasions, a pressed collar', 'layers against the weather of their scenes'];
const CUT_LABELS = ['as written', 'working', 'their best', 'layered'];
const WEAR = ['lived-in and mended', 'clean and carefully pressed', 'creased from a long day', 'frayed at the cuffs and hems'];

const WEATHER = [
  { text: 'still and clear', label: 'clear' },
  { text: 'fog rolling in', label: 'fog' },
  { text: 'squalls between bright spells', label: 'squalls' },
  { text: 'overcast, flat light', label: 'overcast' },
];
const DRESSING = ['as it has always been', 'worn by years of use, paint flaking', 'stripped, about to be left', 'tended and cared for'];
const VIEWPOINTS = ['wide, locked off at eye level', 'from a high corner looking down', 'low, looking up', 'through a doorway or window'];

const STATES = ['well kept', 'old and repaired', 'new and out of place', 'worn by use'];
const STAGING = ['on a plain ground in soft light', 'on a worktable in daylight', 'held in a hand, close', 'in its place in the scene, lit as the style asks'];

function person(pronoun: SheetInput['facts']['pronoun']): string {
  return pronoun === 'she' ? 'a woman' : pronoun === 'he' ? 'a man' : 'a person';
}

function times(input: SheetInput): string[] {
  const written = input.facts.timesOfDay?.[0]?.toLowerCase();
  if (!written) return ['day', 'dusk', 'night', 'dawn'];
  const others = ['blue hour, the sky going dark', 'deep night under a low moon', 'pre-dawn grey', 'late afternoon, low sun'].filter((t) => !t.startsWith(written));
  return [`${written}, as written`, ...others];
}

function describe(input: SheetInput): string {
  const name = titleCase(input.name);
  const f = input.facts;
  const where = f.scenes.length ? ` In ${f.scenes.join(', ')}.` : '';
  switch (input.kind) {
    case 'character': {
      const intro = f.introduction ? ` (${f.introduction})` : '';
      const with_ = f.sharesScenesWith?.length ? ` With ${f.sharesScenesWith.map(titleCase).join(', ')}.` : '';
      const first = f.mentions[0] ? ` The script: “${f.mentions[0].text}”` : '';
      return `${name}${intro}.${where}${with_}${first}`;
    }
    case 'costume': {
      const cues = splitIntroduction(f.introduction).cues;
      return `What ${name} wears${cues.length ? `: the script gives ${cues.join(', ')}` : ': the script does not say'}.${where}`;
    }
    case 'location': {
      const said = f.mentions.map((m) => m.text).join(' ');
      return `${titleCase(input.name)} — ${f.headings?.join('; ') ?? input.name}.${where}${said ? ` The script: “${said}”` : ''}`;
    }
    case 'prop': {
      const said = f.mentions[0]?.text;
      return `The ${titleCase(input.name)}.${where}${f.handledBy?.length ? ` Handled by ${f.handledBy.map(titleCase).join(', ')}.` : ''}${said ? ` The script: “${said}”` : ''}`;
    }
  }
}

function option(i: number, label: string, prompt: string, style: string): OptionAnswer {
  return { id: LETTERS[i % 26]!, label, prompt: style.trim() ? `${prompt} Style: ${style.trim()}` : prompt };
}

function characterOptions(input: SheetInput, n: number): OptionAnswer[] {
  const { decade, cues } = splitIntroduction(input.facts.introduction);
  const their = input.facts.pronoun === 'she' ? 'her' : input.facts.pronoun === 'he' ? 'his' : 'their';
  const age = ages(decade, their);
  const name = titleCase(input.name);
  const lights = portraitLights(input.style);
  return Array.from({ length: n }, (_, i) => {
    const a = pick(age, i);
    const build = pick(BUILDS, i);
    const label = `${a.label} · ${pick(BUILD_LABELS, i)}`;
    const details = cues.length ? ` ${capital(cues.join(', '))}.` : '';
    return option(
      i,
      label,
      `Casting reference for "${input.title}": ${name}, ${person(input.facts.pronoun)} ${a.text}, ${build}.${details} Head-and-shoulders and full-length views on a plain ground. ${capital(pick(lights, i))}; ${pick(PORTRAIT_LENS, i)}.`,
      input.style,
    );
  });
}

function costumeOptions(input: SheetInput, n: number): OptionAnswer[] {
  const { cues } = splitIntroduction(input.facts.introduction);
  const cuts = [cues.length ? `as written: ${cues.join(', ')}` : 'plain everyday clothes for the period', ...CUTS];
  const era = eraOf(input.style);
  const name = titleCase(input.name);
  const colours = palettes(input.style, input.name);
  return Array.from({ length: n }, (_, i) => {
    const cut = pick(cuts, i);
    const palette = pick(colours, i).text;
    const label = `${pick(CUT_LABELS, i)} · ${pick(colours, i).label}`;
    return option(
      i,
      label,
      `Costume design for ${name} in "${input.title}"${era ? `, ${era}` : ''}: ${cut}; ${palette}; ${pick(WEAR, i)}. Full-length front and back views with fabric swatches.`,
      input.style,
    );
  });
}

function locationOptions(input: SheetInput, n: number): OptionAnswer[] {
  const time = times(input);
  const era = eraOf(input.style);
  const inside = input.facts.interior === true ? 'interior' : input.facts.interior === false ? 'exterior' : 'set';
  // The weather the script writes for this place comes first; the others are alternatives.
  const written = writtenWeather([...(input.facts.headings ?? []), ...input.facts.mentions.map((m) => m.text)].join(' '));
  const weathers = written ? [written, ...WEATHER.filter((w) => w.label !== written.label).slice(0, 3)] : WEATHER;
  return Array.from({ length: n }, (_, i) => {
    const t = pick(time, i);
    const w = pick(weathers, i);
    return option(
      i,
      `${t.split(',')[0]} · ${w.label}`,
      `Production design for "${input.title}": ${titleCase(input.name)}, ${inside}${era ? `, ${era}` : ''}. ${capital(t)}; ${w.text}; ${pick(DRESSING, i)}. Seen ${pick(VIEWPOINTS, i)}.${input.facts.mentions[0] ? ` The script: ${input.facts.mentions.map((m) => m.text).join(' ')}` : ''}`,
      input.style,
    );
  });
}

function propOptions(input: SheetInput, n: number): OptionAnswer[] {
  const era = eraOf(input.style);
  const materials = propMaterials(input.name);
  return Array.from({ length: n }, (_, i) => {
    const m = pick(materials, i);
    return option(
      i,
      `${m.split(/,|:/)[0]} · ${pick(STATES, i)}`,
      `Prop design for "${input.title}": the ${titleCase(input.name)}${era ? `, ${era}` : ''}, ${m}; ${pick(STATES, i)}. Shown ${pick(STAGING, i)}.${input.facts.mentions[0] ? ` The script: ${input.facts.mentions[0].text}` : ''}`,
      input.style,
    );
  });
}

/** The offline answer for an asset sheet: a description and `input.options` distinct options. */
export function proposeSheet(input: SheetInput): SheetAnswer {
  const n = Math.max(1, Math.min(26, Math.floor(input.options || 4)));
  const options =
    input.kind === 'character'
      ? characterOptions(input, n)
      : input.kind === 'costume'
        ? costumeOptions(input, n)
        : input.kind === 'location'
          ? locationOptions(input, n)
          : propOptions(input, n);
  // Past the axes' length, options would repeat: number them apart.
  const seen = new Set<string>();
  for (const o of options) {
    if (seen.has(o.prompt)) o.prompt = `${o.prompt} (Variation ${o.id}.)`;
    seen.add(o.prompt);
  }
  return { description: describe(input), options };
}

/** The offline sheet answer, from the input an asset role sent (kind, name, what the script says). */
function answerSheet(role: string, input: unknown): SheetAnswer {
  const i = expectObject(role, input);
  if (typeof i.name !== 'string' || typeof i.kind !== 'string' || typeof i.facts !== 'object' || i.facts === null) {
    throw new ProviderError('bad-request', `The offline ${role} needs kind, name and facts in its input.`, false);
  }
  expectArrays(role, i.facts as Record<string, unknown>, ['scenes', 'mentions']);
  return proposeSheet(i as unknown as SheetInput);
}

/** An option card per requested image, numbered on from the input's option. */
function drawOptionCards(role: string, request: ImageRequest): GeneratedFile[] {
  const input = request.input;
  if (!isOptionCardInput(input)) throw cannotDraw(role, 'an option card input (kind, asset, name, option, index, prompt)');
  const n = Math.max(1, Math.floor(request.n || 1));
  return Array.from({ length: n }, (_, i) => ({ ext: 'svg', data: drawOptionCard({ ...input, index: input.index + i }), mime: 'image/svg+xml' }));
}

/** What the offline crew answers for an asset role: the sheet, and its option cards. */
export function offlineSheets(role: string): OfflineAnswers {
  return { text: (input) => answerSheet(role, input), images: (request) => drawOptionCards(role, request) };
}
