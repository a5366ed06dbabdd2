/**
 * What an action paragraph is about, read with an English part-of-speech tagger (compromise,
 * offline and deterministic): the objects in it that are props, and how the script phrases them.
 *
 * Screenwriters put in capitals whatever the camera must catch: props, but also sounds
 * (`BANG`), verbs (`SLAMS`, `APPLAUDS`), camera words (`FREEZE-FRAME`) and emphasis
 * (`EXTREMELY`). Capitals are therefore candidates; a candidate is a prop when the tagger reads
 * it as the head of a noun phrase, and it is not a person, a sound, a body part or a camera word.
 * An object a character handles (`opens her suitcase`) is a prop even in lower case.
 */
import type nlpType from 'compromise/two';
import { taggingMemo, type StoryObject } from './tagging-memo';

export type { StoryObject } from './tagging-memo';

let loadedTagger: typeof nlpType | undefined;
/** The tagger, loaded when a word is first tagged: a run whose tagging is all remembered never loads it. */
function nlp(text: string): ReturnType<typeof nlpType> {
  // Required here, not imported (its package's CommonJS build exports the function itself).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedTagger ??= require('compromise/two') as typeof nlpType;
  return loadedTagger(text);
}

interface Term {
  text: string;
  /** Punctuation after the word: a comma ends a noun phrase. */
  post: string;
  tags: Set<string>;
  /** Written in capitals in the script. */
  caps: boolean;
}

const CAPS_WORD = /^[A-Z][A-Z'’.-]*[A-Z]$/;

/** Capitalised words that are the screenplay's own vocabulary: camera, editing, sounds. */
const NOT_OBJECTS = new Set([
  'int', 'ext', 'cont', "cont'd", 'pov', 'cut', 'fade', 'dissolve', 'smash', 'match', 'end', 'close', 'closeup', 'angle', 'insert',
  'back', 'scene', 'later', 'continuous', 'super', 'title', 'intercut', 'montage', 'flashback', 'reverse', 'freeze', 'frame',
  'shot', 'wide', 'series', 'shots', 'aka', 'o.s', 'v.o', 'o.c', 'tv', 'ok', 'beat', 'silence', 'moment', 'noise', 'sound',
  // sounds the camera cannot hold
  'bang', 'boom', 'crash', 'thud', 'thump', 'click', 'clang', 'clank', 'creak', 'beep', 'buzz', 'ring', 'knock', 'cough', 'laugh',
  'laughs', 'scream', 'screams', 'shout', 'yell', 'gasp', 'sigh', 'whistle', 'honk', 'roar', 'slam', 'smack', 'pop', 'pops', 'snap',
  'inches', 'inch', 'feet', 'yards', 'miles', 'seconds', 'minutes', 'hours',
  'gunshot', 'gunshots', 'explosion', 'thunder', 'applause', 'silence', 'music', 'rumble', 'hiss', 'whoosh', 'splash',
]);
const BODY = new Set([
  'hand', 'hands', 'face', 'eye', 'eyes', 'head', 'hair', 'arm', 'arms', 'leg', 'legs', 'foot', 'feet', 'finger', 'fingers', 'lip', 'lips',
  'mouth', 'shoulder', 'shoulders', 'back', 'chest', 'breath', 'voice', 'tears', 'tear', 'heart', 'knee', 'knees', 'neck', 'cheek', 'fist',
]);
/** Nouns that are places, time or people in general: never a prop. */
const NOT_THINGS = new Set([
  'room', 'floor', 'wall', 'walls', 'ceiling', 'sky', 'sea', 'ground', 'air', 'night', 'day', 'morning', 'evening', 'time', 'way', 'side',
  'man', 'woman', 'men', 'women', 'boy', 'girl', 'people', 'crowd', 'audience', 'everyone', 'someone', 'something', 'nothing', 'anything',
  'other', 'others', 'another', 'one', 'ones', 'the', 'this', 'that', 'these', 'those',
  // read as nouns by the tagger after an object: `sets the clocks upright`
  'upright', 'aside', 'apart', 'ajar', 'askew', 'sideways', 'overhead', 'upstairs', 'downstairs', 'backwards', 'forwards',
  'headline', 'headlines', 'name', 'names', 'number', 'numbers', 'figures', 'instructions', 'bend',
  'look', 'glance', 'step', 'steps', 'turn', 'word', 'words', 'past', 'home', 'inside', 'outside', 'forward', 'front', 'rest', 'beat', 'light', 'dark', 'darkness', 'rain', 'wind', 'distance', 'edge', 'middle',
]);
/** Parts of a set a character handles: not props unless the writer puts them in capitals. */
const SET_PIECES = new Set(['door', 'doors', 'window', 'windows', 'hatch', 'grille', 'gate', 'gates', 'shutter', 'shutters', 'curtain', 'curtains', 'drawer', 'cupboard', 'bridge', 'stair', 'stairs', 'skylight', 'press', 'counter', 'desk', 'table', 'bench', 'shelf', 'shelves', 'wall', 'fence', 'pocket', 'pockets']);
/** What a thing is made of: a modifier before its noun, not part of its name. */
const MATERIALS = new Set(['brass', 'iron', 'steel', 'tin', 'copper', 'silver', 'gold', 'bronze', 'leather', 'glass', 'paper', 'plastic', 'stone', 'wood', 'rubber', 'canvas', 'wool', 'silk', 'cotton', 'velvet', 'lead', 'clay', 'bone', 'ivory', 'crystal', 'porcelain', 'chrome', 'metal', 'cardboard']);
const PERSON_TAGS = ['Person', 'FirstName', 'LastName', 'Pronoun', 'Actor', 'FamilyRelation', 'Honorific', 'Place', 'Organization', 'Value', 'Date'];

/** Verbs of handling, as lemmas: their object is something in a character's hands. */
const HANDLING = new Set([
  'hold', 'grab', 'pick', 'lift', 'carry', 'open', 'close', 'clutch', 'pocket', 'hand', 'give', 'drop', 'throw', 'toss', 'raise', 'load',
  'unlock', 'lock', 'pack', 'unpack', 'drag', 'wield', 'brandish', 'cock', 'pour', 'sign', 'fold', 'unfold', 'wrap', 'unwrap', 'grip',
  'shut', 'slam', 'swing', 'aim', 'draw', 'wave', 'set', 'put', 'place', 'take', 'pull', 'push', 'hide', 'read', 'check', 'dial',
  'pass', 'offer', 'clean', 'polish', 'light', 'shake', 'catch', 'empty', 'tear', 'rip', 'crumple', 'stuff', 'snatch',
]);
/** A handling verb and a noun that together are an action, not a thing in the hands: a rower `catches a crab`. */
const IDIOMS: Record<string, ReadonlySet<string>> = {
  catch: new Set(['crab', 'breath', 'sight', 'glimpse']),
  draw: new Set(['breath']),
  hold: new Set(['water', 'breath']),
  take: new Set(['breath', 'turn', 'turns', 'aim']),
};
const IRREGULAR: Record<string, string> = {
  held: 'hold', gave: 'give', given: 'give', threw: 'throw', thrown: 'throw', took: 'take', taken: 'take', drew: 'draw', drawn: 'draw',
  swung: 'swing', hid: 'hide', hidden: 'hide', shook: 'shake', caught: 'catch', tore: 'tear', torn: 'tear', lit: 'light',
};

/** The verb's lemma by its regular endings: enough for the handling verbs above. */
function lemma(word: string): string {
  const w = word.toLowerCase();
  if (IRREGULAR[w]) return IRREGULAR[w]!;
  if (HANDLING.has(w)) return w;
  for (const [suffix, add] of [['ies', 'y'], ['ied', 'y'], ['ing', ''], ['ing', 'e'], ['es', ''], ['ed', ''], ['ed', 'e'], ['s', '']] as const) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    for (const s of [stem + add, stem.replace(/(.)\1$/, '$1') + add]) if (HANDLING.has(s)) return s;
  }
  return w;
}

const verbCache = new Map<string, boolean>();
/** Whether a word reads as a verb after a subject (`she applauds`): capitals put it in doubt. */
function readsAsVerb(word: string): boolean {
  const w = word.toLowerCase();
  let v = verbCache.get(w);
  if (v === undefined) {
    const terms = nlp(`she ${w}`).json({ terms: { tags: true } }) as { terms: { tags: string[] }[] }[];
    v = terms[0]?.terms[1]?.tags.includes('Verb') ?? false;
    verbCache.set(w, v);
  }
  return v;
}

/** The paragraph's terms, sentence by sentence, tagged with capitals lowered so the tagger reads words, not shouting. */
function tagged(text: string, cast: readonly string[]): Term[][] {
  const castWords = new Set([...cast, ...introduced(text)].flatMap((c) => c.toLowerCase().split(/\s+/)));
  const caps = new Set<string>();
  const plain = text
    .replace(/\([^)]*\)/g, ' ') // a character's description is not action
    .replace(/:\s+[A-Z0-9][A-Z0-9 '’.,!?—–-]{5,}[A-Z0-9.!?]/g, ': ') // capitals after a colon are written words: a sign, a headline
    .replace(/[A-Za-z][A-Za-z'’.-]*/g, (word) => {
      const bare = word.replace(/[.'’]+$/, '');
      if (!CAPS_WORD.test(bare) || bare.length < 2) return word;
      const lower = word.toLowerCase();
      if (castWords.has(bare.toLowerCase().replace(/['’]s$/, ''))) return lower.charAt(0).toUpperCase() + lower.slice(1);
      for (const part of bare.toLowerCase().split(/[-'’]/)) caps.add(part);
      return lower;
    });
  const doc = nlp(plain).json({ terms: { tags: true, normal: true } }) as { terms: { text: string; post: string; normal: string; tags: string[] }[] }[];
  return doc.map((s) =>
    s.terms.map((t) => {
      const norm = t.normal.replace(/['’]s$/, '');
      return { text: t.text, post: t.post, tags: new Set(t.tags), caps: caps.has(norm) || caps.has(t.normal) };
    }),
  );
}

/** Names in capitals right before a parenthesised description: `IRIS OKAFOR (40s, …)` is a person. */
function introduced(text: string): string[] {
  return [...text.matchAll(/\b([A-Z][A-Z'’.-]*[A-Z](?: [A-Z][A-Z'’.-]*[A-Z])*)\s*\(/g)].map((m) => m[1]!);
}

/** Kinds of place or craft a proper name may follow: `the research station HALCYON` names the station. */
const NAMED_KINDS = new Set(['station', 'ship', 'spaceship', 'starship', 'vessel', 'craft', 'boat', 'yacht', 'planet', 'town', 'city', 'village', 'hotel', 'named', 'called']);

/** A body part or a general word the writer put in capitals after a capitalised noun: `ROBOT ARM`. */
function isCapsTail(t: Term): boolean {
  const w = t.text.toLowerCase().replace(/['’]s$/, '');
  return t.caps && t.tags.has('Noun') && (BODY.has(w) || NOT_THINGS.has(w)) && /^[a-z][a-z-]*[a-z]$/.test(w);
}

/** A word in capitals the tagger read as a verb in its base form (`WATCH`, `LOCK`), never `SLAMS`, `OPENED`. */
function isCapsBaseVerb(t: Term): boolean {
  const w = t.text.toLowerCase();
  return t.caps && t.tags.has('Verb') && /^[a-z]+$/.test(w) && !/(?:s|ed|ing)$/.test(w) && !NOT_OBJECTS.has(w);
}

/** `TIME LOCK`: a general word in capitals (`time`) that opens a compound with the next word in capitals. */
function opensCapsCompound(terms: readonly Term[], i: number): boolean {
  const t = terms[i]!;
  const next = terms[i + 1];
  return t.caps && t.tags.has('Noun') && NOT_THINGS.has(t.text.toLowerCase()) && next !== undefined && !/[,.;:!?]/.test(t.post) && (isObjectNoun(next) || isCapsBaseVerb(next)) && next.caps;
}

function isObjectNoun(t: Term): boolean {
  const w = t.text.toLowerCase().replace(/['’]s$/, '');
  return t.tags.has('Noun') && !t.tags.has('Determiner') && !PERSON_TAGS.some((p) => t.tags.has(p)) && !t.tags.has('Possessive') && !NOT_OBJECTS.has(w) && !BODY.has(w) && !NOT_THINGS.has(w) && /^[a-z][a-z-]*[a-z]$/.test(w);
}

/** Words a noun phrase may open with before its nouns. */
function isModifier(t: Term): boolean {
  return t.tags.has('Adjective') && !t.tags.has('Verb');
}

/** The props in a paragraph of action, in order of first mention. */
export function storyObjects(text: string, cast: readonly string[]): StoryObject[] {
  // Sheets ask the same paragraph once per prop, and every run asks the whole script: tag it once (tagging-memo.ts).
  return taggingMemo.objectsOf(text, cast, () => findObjects(text, cast));
}

/** An insert's sentence: `Insert: the old brass LANTERN.`, `Insert: Dom's PORSCHE.` */
export function insertSentence(object: StoryObject): string {
  return `Insert: ${object.owner ?? 'the'} ${object.phrase}.`;
}

function findObjects(text: string, cast: readonly string[]): StoryObject[] {
  const found: StoryObject[] = [];
  const castWords = new Set(cast.flatMap((c) => c.toLowerCase().split(/\s+/)));
  for (const terms of tagged(text, cast)) {
    const byCharacter = subjectIsCharacter(terms, castWords);
    for (let i = 0; i < terms.length; i++) {
      // `gives Teo a box`: a character the tagger does not know as a name is still not a prop.
      if (!(isObjectNoun(terms[i]!) || opensCapsCompound(terms, i)) || castWords.has(terms[i]!.text.toLowerCase().replace(/['’]s$/, ''))) continue;
      // The noun run i..j; its head is the last noun.
      let j = i;
      while (j + 1 < terms.length && isObjectNoun(terms[j + 1]!) && !/[,.;:!?]/.test(terms[j]!.post)) j++;
      if (terms[j]!.caps && j + 1 < terms.length && isCapsTail(terms[j + 1]!) && !/[,.;:!?]/.test(terms[j]!.post)) j++;
      // `POCKET WATCH`: a base-form verb in capitals right after a noun in capitals ends the compound.
      if (terms[j]!.caps && j + 1 < terms.length && isCapsBaseVerb(terms[j + 1]!) && !/[,.;:!?]/.test(terms[j]!.post)) j++;
      const head = terms[j]!;
      // `INCHES-AWAY`: a hyphenated word is a thing only if its last part is one.
      const hyphenTail = terms[j + 1];
      if (hyphenTail && head.post.includes('-') && !isObjectNoun(hyphenTail)) {
        i = j;
        continue;
      }
      const run = terms.slice(i, j + 1);
      let k = i - 1;
      while (k >= 0 && isModifier(terms[k]!)) k--;
      const before = terms[k];
      const owner = before?.tags.has('Possessive') && !before.tags.has('Pronoun') ? before.text : undefined;
      const handled = byCharacter && isHandledAt(terms, k, head.text);
      const subjectBefore = before !== undefined && before.tags.has('Noun') && !before.tags.has('Possessive') && k === i - 1 && !/[,;:.]/.test(before.post);
      // `the research station HALCYON`: the capitals name the station, they are not a prop.
      const kindBefore = j > i ? terms[j - 1] : k === i - 1 ? before : undefined;
      const namesTheKind = head.caps && kindBefore !== undefined && !kindBefore.caps && NAMED_KINDS.has(kindBefore.text.toLowerCase());
      const emphasised = head.caps && !namesTheKind && !(subjectBefore && readsAsVerb(head.text)) && !(i === 0 && readsAsVerb(head.text) && run.length === 1);
      i = j;
      // A door opened or a bridge crossed is the set's, not the props master's; one in capitals is a prop.
      if (!emphasised && (!handled || SET_PIECES.has(head.text.toLowerCase()))) continue;
      // Emphasised: the words in capitals; handled: the whole noun (`frying pan`, `balance wheel`)
      // but for what it is made of (`brass lantern` is a LANTERN).
      const named = emphasised ? run.filter((t) => t.caps) : run.filter((t, n) => n === run.length - 1 || !MATERIALS.has(t.text.toLowerCase()));
      const name = named.map((t) => t.text.toUpperCase().replace(/[,.;:!?]+$/, '')).join(' ');
      if (!name || found.some((f) => f.name === name)) continue;
      const mods = terms.slice(k + 1, i - run.length + 1).map((t) => t.text);
      const phrase = [...mods, ...run.map((t) => (t.caps ? t.text.toUpperCase() : t.text))].join(' ').replace(/[,.;:!?]+$/, '');
      found.push({ name, phrase, ...(owner ? { owner } : {}), emphasised, handled });
    }
  }
  return found;
}

const PERSONAL = new Set(['he', 'she', 'they', 'i', 'we', 'you']);

/** Whether the sentence's subject (its first noun before a verb) is a person: only people handle props. */
function subjectIsCharacter(terms: readonly Term[], castWords: ReadonlySet<string>): boolean {
  for (const t of terms) {
    if (t.tags.has('Verb')) return false;
    if (!t.tags.has('Noun')) continue;
    const w = t.text.toLowerCase().replace(/['’]s$/, '');
    return castWords.has(w) || PERSONAL.has(w) || t.tags.has('Person') || t.tags.has('FirstName');
  }
  return false;
}

/** Whether the phrase that ends before index `k + 1` is the object of a handling verb. */
function isHandledAt(terms: readonly Term[], k: number, head: string): boolean {
  let v = k;
  while (v >= 0 && (terms[v]!.tags.has('Determiner') || terms[v]!.tags.has('Possessive') || terms[v]!.tags.has('Particle') || terms[v]!.tags.has('Value'))) v--;
  const verb = terms[v];
  if (verb === undefined || !verb.tags.has('Verb')) return false;
  const l = lemma(verb.text);
  return HANDLING.has(l) && !IDIOMS[l]?.has(head.toLowerCase());
}

/** Whether a capitalised name reads as a name (a noun) rather than a shouted adverb or verb (`EXTREMELY`). */
export function readsAsName(name: string): boolean {
  return taggingMemo.readsAsName(name, () => tagsAsName(name));
}

function tagsAsName(name: string): boolean {
  const words = name.split(/\s+/);
  if (words.length > 1) return true;
  const titled = name.charAt(0).toUpperCase() + name.slice(1).toLowerCase();
  const terms = nlp(`${titled} waits.`).json({ terms: { tags: true } }) as { terms: { tags: string[] }[] }[];
  const tags = terms[0]?.terms[0]?.tags ?? [];
  return tags.includes('Noun') && !tags.includes('Adverb') && !tags.includes('Adjective');
}
