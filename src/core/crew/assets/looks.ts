/**
 * What the offline art department reads out of a film's own words: the light the style block
 * asks for, its colours, the weather the script writes, and what a prop is made of given what it
 * is. Nothing here belongs to one film: every value comes from the text it is given, or is a
 * neutral choice any film could take.
 */

/** The style block's clause about light (`Cold blue night exteriors against warm amber practicals`). */
export function styleLight(style: string): string | undefined {
  const clauses = style.split(/(?<=[.;])\s+|\s*;\s*/).map((c) => c.replace(/[.;]+$/, '').trim()).filter(Boolean);
  return clauses.find((c) => /\b(light|lit|lighting|sun|sunlight|dawn|dusk|night|daylight|neon|lamp|lamplight|practicals?|shadows?|glow|golden hour|blue hour|moon)/i.test(c));
}

/** The time of day the style block sets, when it names one. */
export function styleTime(style: string): 'dawn' | 'dusk' | 'night' | 'day' | undefined {
  const s = style.toLowerCase();
  if (/\bdawn|sunrise|first light|daybreak/.test(s)) return 'dawn';
  if (/\bdusk|sunset|golden hour|twilight|blue hour/.test(s)) return 'dusk';
  if (/\bnight|midnight|moonlight/.test(s)) return 'night';
  if (/\bday|daylight|noon|midday|sunlit/.test(s)) return 'day';
  return undefined;
}

/** Portrait lights for casting: the style's own first, then neutral ones that fit its time of day. */
export function portraitLights(style: string): string[] {
  const own = styleLight(style);
  const time = styleTime(style);
  const byTime: Record<string, string[]> = {
    dawn: ['soft dawn light low from one side', 'grey pre-dawn light, no shadow', 'first sun through a window, warm rim', 'cool shade with warm bounce'],
    dusk: ['low evening sun, warm rim light', 'blue hour ambience, soft and cool', 'practical lamps coming on, warm on the face', 'last light through a window'],
    night: ['a single practical lamp, deep shadow', 'cool moonlight with a warm practical', 'street light through a window', 'hard top light, dark surround'],
    day: ['soft window light from one side', 'open shade, even daylight', 'hard midday sun, crisp shadows', 'overcast daylight, desaturated'],
  };
  const neutral = byTime[time ?? 'day']!;
  return own ? [`lit as the style asks: ${own.charAt(0).toLowerCase()}${own.slice(1)}`, ...neutral.slice(0, 3)] : neutral;
}

const COLOURS = /\b(black|white|grey|gray|silver|red|crimson|scarlet|orange|amber|yellow|ochre|mustard|gold|golden|green|olive|teal|turquoise|blue|navy|indigo|violet|purple|pink|brown|tan|beige|cream|rust|bone|charcoal|sepia)s?\b/gi;

/**
 * Colours the style block names for the picture, in order, once each: from its palette clause
 * when it has one (`Muted greens and greys, one red accent`), not from its light (`pale gold`).
 */
export function styleColours(style: string): string[] {
  const clauses = style.split(/(?<=[.;])\s+/);
  const palette = clauses.find((c) => /palette|colou?rs?|tones|accent|muted|saturated/i.test(c) && [...c.matchAll(COLOURS)].length > 0);
  return [...new Set([...(palette ?? style).matchAll(COLOURS)].map((m) => m[1]!.toLowerCase()))];
}

/**
 * Wardrobe palettes: the style's colours first when it names some, then neutral ones. `who`
 * turns the style's colours so each character leads with a different one of them.
 */
export function palettes(style: string, who = ''): { text: string; label: string }[] {
  const named = styleColours(style).filter((c) => !/^(black|white)$/.test(c));
  let turn = 0;
  for (const ch of who) turn = (turn * 31 + ch.charCodeAt(0)) >>> 0;
  const colours = named.map((_, i) => named[(i + turn) % named.length]!);
  const neutral = [
    { text: 'muted earth tones: olive, tan and brown', label: 'earth tones' },
    { text: 'greys with one saturated accent', label: 'greys, one accent' },
    { text: 'navy and cream', label: 'navy & cream' },
    { text: 'black and white, no colour', label: 'black & white' },
  ];
  if (colours.length === 0) return neutral;
  const own = colours.slice(0, 3).join(', ');
  return [{ text: `the style's colours: ${own}`, label: own.replace(/, /g, ' & ') }, ...neutral.slice(0, 3)];
}

/** Weather the script writes for a place (rain, snow, fog, wind, heat), if any. */
export function writtenWeather(text: string): { text: string; label: string } | undefined {
  const t = text.toLowerCase();
  if (/\b(rain|raining|downpour|drizzle|storm)\b/.test(t)) return { text: 'rain, as written', label: 'rain' };
  if (/\b(snow|snowing|blizzard|sleet)\b/.test(t)) return { text: 'snow, as written', label: 'snow' };
  if (/\b(fog|mist|misty|haze)\b/.test(t)) return { text: 'fog, as written', label: 'fog' };
  if (/\b(wind|gale|gust)\w*\b/.test(t)) return { text: 'a hard wind, as written', label: 'wind' };
  if (/\b(heat|scorching|dust|sweltering)\b/.test(t)) return { text: 'heat and dust, as written', label: 'heat' };
  return undefined;
}

const KINDS: { test: RegExp; materials: string[] }[] = [
  { test: /suitcase|case|bag|satchel|valise|trunk|backpack|briefcase|holdall/, materials: ['scuffed brown leather with brass clasps', 'canvas over a wooden frame', 'hard plastic shell, dented', 'cheap cardboard, held with a strap'] },
  { test: /gun|pistol|revolver|rifle|shotgun|colt/, materials: ['blued steel, worn at the edges', 'nickel-plated, a chipped wooden grip', 'matte black polymer', 'old, oiled and wrapped in cloth'] },
  { test: /knife|blade|dagger|razor/, materials: ['a folding knife with a horn handle', 'a kitchen knife, stainless steel', 'a hunting knife in a leather sheath', 'a cheap blade, taped handle'] },
  { test: /letter|note|envelope|ticket|photo|photograph|map|paper|file|folder|document|book|notebook|diary|card|telegram|newspaper|passport|poster/, materials: ['creased paper, folded many times', 'crisp and printed, still new', 'yellowed with age, soft at the folds', 'stained and torn at one corner'] },
  { test: /spoon|ladle|fork|whisk|spatula|cutlery/, materials: ['wood, stained with use', 'stainless steel', 'silver, tarnished', 'enamel handle, chipped'] },
  { test: /lobster|fish|soup|bread|cake|apple|cream|onion|meat|cheese|egg|pie|fruit|stew|cabbage/, materials: ['fresh and glistening', 'cooked and steaming', 'raw, on ice', 'half eaten'] },
  { test: /phone|radio|walkie|tablet|laptop|computer|screen|camera|recorder|pager/, materials: ['a current model, scratched screen', 'an older model, taped together', 'rugged, rubberised casing', 'sleek and new, still in its film'] },
  { test: /car|truck|van|bus|motorbike|bike|porsche|taxi|cab|tractor|wagon/, materials: ['faded paint, dented panels', 'freshly washed, chrome shining', 'dusty, one mismatched door', 'rusting at the wheel arches'] },
  { test: /cup|mug|glass|bottle|flask|jar|jug|teapot|kettle|pot|pan|plate|bowl|canteen/, materials: ['chipped enamel', 'heavy glass', 'plain white ceramic', 'dented tin'] },
  { test: /lamp|lantern|torch|flashlight|candle/, materials: ['brass, dark with use', 'painted metal, chipped', 'glass and tin', 'modern plastic, bright'] },
  { test: /key|keys|lock|padlock|chain/, materials: ['brass, worn smooth', 'steel on a ring', 'an old iron key', 'a modern key card'] },
  { test: /ring|necklace|watch|bracelet|locket|earring|jewel/, materials: ['gold, thin and worn', 'silver, tarnished', 'cheap plated metal', 'an heirloom, carefully kept'] },
  { test: /hat|scarf|coat|jacket|glove|shoe|boot|dress|shirt|uniform|badge|helmet/, materials: ['wool, well worn', 'leather, cracked with age', 'synthetic, bright and new', 'cotton, faded by washing'] },
  { test: /box|crate|package|parcel|chest|tin/, materials: ['rough wood, stencilled', 'brown cardboard, taped', 'painted tin, scratched', 'a lacquered box with a clasp'] },
  { test: /flower|bouquet|rose|plant/, materials: ['fresh, just cut', 'wilting, petals falling', 'wrapped in paper', 'dried and pressed'] },
  { test: /clock|meter|gauge|dial|timer|bomb|device/, materials: ['brass and glass', 'painted steel, chipped', 'black plastic with a digital face', 'improvised: wires and tape'] },
];

/** What a prop could be made of, given what the script calls it. */
export function propMaterials(name: string): string[] {
  const n = name.toLowerCase();
  return KINDS.find((k) => k.test.test(n))?.materials ?? ['wood, worn by hands', 'painted metal', 'plain plastic', 'leather and cloth'];
}
