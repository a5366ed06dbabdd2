/**
 * What a frame reads from the words about a character: how they hold their body (the action's
 * last posture verb for them), what they wear on their head and the colour of their clothes.
 */
import { ADULT, type Build, type Posture } from './figure';
import { randomFrom, seedOf } from './sketch';

const POSTURES: { posture: Posture; verbs: RegExp }[] = [
  { posture: 'lie', verbs: /\b(lies|lying|lays? (?:down|flat|back)|sprawl(?:s|ed)?|slumped on the floor)\b/gi },
  { posture: 'sit', verbs: /\b(sits|sitting|seated|sat|kneels|kneeling|crouch(?:es|ing)?|squats?)\b/gi },
  { posture: 'run', verbs: /\b(runs|running|sprints?|sprinting|races|dashes|flees|charges|bolts)\b/gi },
  { posture: 'stand', verbs: /\b(stands|standing|stood|rises|gets up|steps (?:in|out|down|off)|walks)\b/gi },
];

/**
 * The posture the action gives a character: of the sentences that name them (or all, when they
 * are the only one in the shot), the posture verb written last wins (`sits… then stands` stands).
 */
export function postureOf(name: string, action: string, alone: boolean): Posture {
  const first = name.split(/\s+/)[0]!.toLowerCase();
  const sentences = action.split(/(?<=[.!?])\s+/).filter((s) => alone || new RegExp(`\\b${first.replace(/[^a-z0-9]/g, '')}\\b`, 'i').test(s));
  const text = sentences.join(' ');
  let best: { posture: Posture; at: number } | undefined;
  for (const p of POSTURES) {
    for (const m of text.matchAll(p.verbs)) if (!best || m.index > best.at) best = { posture: p.posture, at: m.index };
  }
  return best?.posture ?? 'stand';
}

const TINTS: Record<string, string> = {
  red: '#e8c4c0', crimson: '#e4bcbc', scarlet: '#ecc2bc', orange: '#f0d2b4', amber: '#f0dab0', yellow: '#f2e6b4', ochre: '#e8d8b0', mustard: '#e8dcae',
  gold: '#eee0b0', green: '#cfdcc8', olive: '#d8dac0', teal: '#c4dcd8', blue: '#c8d4e4', navy: '#bcc4d4', indigo: '#c4c4dc', purple: '#d8c8dc', violet: '#dccce0',
  pink: '#f0d0d8', brown: '#d8ccbc', tan: '#e4d8c4', beige: '#ece4d4', cream: '#f2eee2', rust: '#e0c4b4', grey: '#d4d4d2', gray: '#d4d4d2', charcoal: '#b8b8b6',
  black: '#a8a8a6', white: '#f6f6f4',
};
const GARMENT = '(?:coat|overcoat|jacket|dress|uniform|shirt|overalls|suit|apron|duster|waistcoat|cloak|sweater|jumper|cardigan|robe|gown|blouse|skirt|trousers|parka|raincoat|frock coat|scarf)';
const COLOUR = `(${Object.keys(TINTS).join('|')})`;

/** Headwear and the clothes' colour from what casting and costume say (the chosen options first). */
export function dressOf(description: string): Pick<Build, 'headwear' | 'clothes'> {
  const d = description.toLowerCase();
  const headwear = /\b(head ?scarf|headcloth|kerchief|hijab|shawl over (?:her|his) head)\b/.test(d)
    ? ('scarf' as const)
    : /\b(hat|stetson|bowler|fedora|wide-brimmed|sombrero|top hat)\b/.test(d)
      ? ('hat' as const)
      : undefined;
  const garment = new RegExp(`\\b${COLOUR}(?:[ -][a-z]+)? ${GARMENT}\\b`).exec(d) ?? new RegExp(`\\b(?:colours?|palette|tones?):? (?:[a-z]+ )?${COLOUR}\\b`).exec(d);
  const clothes = garment ? TINTS[garment[1]!] : undefined;
  return { ...(headwear ? { headwear } : {}), ...(clothes ? { clothes } : {}) };
}

const HAIR: readonly Build['hair'][] = ['short', 'long', 'bun', 'short', 'braid'];
// When the sheet says who they are but not their hair: the usual, not a coin toss.
const HIS_HAIR: readonly Build['hair'][] = ['short', 'short', 'bald', 'short'];
const HER_HAIR: readonly Build['hair'][] = ['long', 'bun', 'braid', 'short'];

/**
 * A character's look, the same in every frame: from what the sheet says (hair, age, build)
 * when it says it, else hair and build follow from the name.
 */
export function lookOf(name: string, description = ''): Build & { grey: boolean } {
  const r = randomFrom(seedOf(name.toLowerCase().trim()));
  const d = description.toLowerCase();
  const hair: Build['hair'] = /braid|plait/.test(d)
    ? 'braid'
    : /\bbald|shaved head/.test(d)
      ? 'bald'
      : /\bbun\b|hair up/.test(d)
        ? 'bun'
        : /\b(cap|beanie|hood)\b/.test(d)
          ? 'cap'
          : /long hair|shoulder-length|mane/.test(d)
            ? 'long'
            : /short hair|crew cut|cropped/.test(d)
              ? 'short'
              : pickHair(d, r());
  const width = /heavy|stout|broad|burly|big\b|large/.test(d) ? 1.2 : /slight|thin|slender|wiry|small\b/.test(d) ? 0.86 : 0.9 + r() * 0.25;
  const age = /\b([6-9]0s|sixties|seventies|eighties|old|elderly|aged|grey|gray|silver|white hair)\b/.test(d);
  const child = /\b(child|kid|boy|girl|toddler|infant)\b/.test(d);
  const coat = /coat|oilskin|mac\b|raincoat|trench|cloak|robe|gown|dress/.test(d) ? 5.8 : undefined;
  const dress = dressOf(d);
  // Under a headscarf the hair does not show; a braid would hang out of it.
  const shown: Build['hair'] = dress.headwear === 'scarf' ? 'short' : hair;
  return { ...ADULT, hair: shown, width, heads: child ? 5.8 : 7.5, stoop: age ? 0.25 : 0, grey: age, ...(coat ? { coat } : {}), ...dress };
}

function pickHair(d: string, r: number): Build['hair'] {
  const set = /\b(a man|his|he|him)\b/.test(d) ? HIS_HAIR : /\b(a woman|her|she)\b/.test(d) ? HER_HAIR : HAIR;
  return set[Math.floor(r * set.length)]!;
}

