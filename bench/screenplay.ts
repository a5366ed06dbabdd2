/**
 * Writes a feature-length production that has only been written, not yet broken down: the
 * example's production.md and crew, and a generated Fountain screenplay of many scenes (each
 * scene a heading, action paragraphs and speeches — twelve beats, so twelve shots — with
 * its own mix of a 24-person cast, 16 locations and 12 props), for `filmcrew run --yes` to take
 * through the whole spine. Scenes differ in their words, not only in their numbers.
 *
 *   npx tsx bench/screenplay.ts <dir> [shots=200]
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const EXAMPLE = join(__dirname, '..', 'examples', 'lighthouse');
/** What the offline breakdown makes of one generated scene. */
export const SHOTS_PER_SCENE = 12;

/** Names the offline breakdown reads as names (it takes Kirsty and Hamish for adjectives, so they are not cast). */
const CAST = [
  'MARA', 'JONAH', 'INES', 'TOMAS', 'RUTH', 'ADE', 'FERGUS', 'NELL', 'CALLUM', 'ISLA', 'DUNCAN', 'MORAG',
  'EWAN', 'FIONA', 'ANGUS', 'KATRINA', 'ROSS', 'AILSA', 'GORDON', 'SHONA', 'HECTOR', 'CATRIONA', 'LACHLAN', 'EILIDH',
];
const PLACES: [string, string][] = [
  ['INT', 'LIGHTHOUSE - LAMP ROOM'], ['EXT', 'ROCKY BEACH'], ['EXT', 'HARBOUR'], ['INT', "KEEPER'S COTTAGE"],
  ['INT', 'HARBOUR BOARD OFFICE'], ['EXT', 'CLIFF PATH'], ['INT', 'FISHING BOAT - WHEELHOUSE'], ['EXT', 'PIER'],
  ['INT', 'VILLAGE PUB'], ['EXT', 'CHURCHYARD'], ['INT', 'RADIO HUT'], ['EXT', 'MOORLAND ROAD'],
  ['INT', 'FERRY - CAR DECK'], ['EXT', 'SEA STACK'], ['INT', 'SCHOOLHOUSE'], ['EXT', 'BOATYARD'],
];
const PROPS = ['LANTERN', 'CLIPBOARD', 'RADIO', 'OILSKIN', 'LOGBOOK', 'FLARE GUN', 'TELESCOPE', 'KETTLE', 'ROPE', 'MAP', 'BELL', 'PHOTOGRAPH'];
const TIMES = ['NIGHT', 'DAWN', 'DAY', 'DUSK', 'CONTINUOUS'];
const VERBS = ['crosses to', 'stares at', 'picks up', 'sets down', 'circles', 'wipes', 'checks', 'pockets', 'studies', 'drops'];
const WEATHER = ['Wind hammers the glass.', 'Rain sweeps in off the sea.', 'Fog rolls over the water.', 'A gull screams overhead.', 'The sea is flat and grey.', 'Thunder, far out.'];
const LINES = [
  'One more night, old friend.', "They switch on the new beacon at midnight.", 'Somebody should see it go out.',
  "The boat's not coming in.", 'It is. It always does.', "It's only a lantern.", "It's enough.",
  'You kept the log all these years?', 'Every night. Every ship.', 'Nobody reads it now.', 'I read it.',
  'The board wants the keys by morning.', 'Then they can come and take them.', 'Listen. Do you hear it?',
  "That's the bell on the rocks.", 'Get your coat. We are going down.',
];

const pick = <T>(list: readonly T[], n: number): T => list[((n % list.length) + list.length) % list.length]!;

/** How each of the cast is introduced the first time the script shows them (casting asks when the script never says). */
const LOOKS = ['60s, weathered oilskin', '30s, harbour-board suit', '20s, rain-soaked parka', '40s, fisherman\'s jumper', '70s, stooped, sharp-eyed', '50s, cardigan and reading glasses'];

/** What the script has shown so far: each person is introduced once, each place first seen at a time of day. */
interface Seen {
  cast: Set<string>;
  places: Set<string>;
}

function introduce(name: string, seen: Seen): string {
  if (seen.cast.has(name)) return name;
  seen.cast.add(name);
  return `${name} (${pick(LOOKS, CAST.indexOf(name))})`;
}

/** One scene of twelve beats (the offline breakdown makes a shot of each): heading, three action paragraphs, six speeches, and the parenthetical or a second line. */
function scene(s: number, seen: Seen): string[] {
  const [ie, place] = pick(PLACES, s * 7 + (s >> 3));
  const a = pick(CAST, s * 5);
  const b = pick(CAST, s * 5 + 3 + (s % 4));
  const prop = pick(PROPS, s * 3 + 1);
  const other = pick(PROPS, s * 5 + 4);
  // A place's first heading names a time of day (production design asks when no heading does).
  const time = seen.places.has(place) || pick(TIMES, s) !== 'CONTINUOUS' ? pick(TIMES, s) : 'NIGHT';
  seen.places.add(place);
  const out = [`${ie}. ${place} - ${time}`, ''];
  out.push(`${pick(WEATHER, s)} ${introduce(a, seen)} ${pick(VERBS, s)} the ${prop} while ${introduce(b, seen)} waits by the ${other}.`, '');
  for (let k = 0; k < 6; k++) {
    const speaker = k % 2 === 0 ? a : b;
    out.push(speaker);
    if (k === 1 && s % 3 === 0) out.push('(quietly)');
    out.push(pick(LINES, s * 11 + k * 3), '');
    if (k === 2) out.push(`${b} ${pick(VERBS, s + k)} the ${other}. Scene ${s + 1}: the light turns across the water.`, '');
    if (k === 4) out.push(`${a} ${pick(VERBS, s + k + 2)} the ${prop}, and does not look back.`, '');
  }
  return out;
}

/** A screenplay of `scenes` scenes in two acts. */
export function featureScript(scenes: number): string {
  const out = ['Title: The Long Night', 'Author: filmcrew bench', '', '# ACT ONE', ''];
  const seen: Seen = { cast: new Set(), places: new Set() };
  for (let s = 0; s < scenes; s++) {
    if (s === Math.floor(scenes / 2)) out.push('# ACT TWO', '');
    out.push(...scene(s, seen));
  }
  return out.join('\n');
}

/** Writes the example's production and crew with a generated screenplay of about `shots` shots into `dir` (emptied first). */
export function writeFeature(dir: string, shots: number): { scenes: number } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(EXAMPLE, 'agents'), join(dir, 'agents'), { recursive: true });
  const production = readFileSync(join(EXAMPLE, 'production.md'), 'utf8')
    .replace(/^title: .*$/m, 'title: The Long Night')
    .replace(/^target_duration: .*$/m, `target_duration: ${shots * 3}`);
  writeFileSync(join(dir, 'production.md'), production);
  const scenes = Math.max(1, Math.round(shots / SHOTS_PER_SCENE));
  writeFileSync(join(dir, 'script.fountain'), featureScript(scenes));
  return { scenes };
}

if (require.main === module) {
  const [dir, n] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: npx tsx bench/screenplay.ts <dir> [shots=200]');
    process.exit(2);
  }
  const { scenes } = writeFeature(dir, Number(n ?? 200));
  console.log(`wrote a ${scenes}-scene screenplay to ${dir}`);
}
