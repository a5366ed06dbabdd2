/**
 * What the English tagger made of the script, kept between processes: the props of each action
 * paragraph (`storyObjects`) and whether a capitalised name reads as a name (`readsAsName`).
 * Both depend only on the words they read (the paragraph and the cast, or the name) and on the
 * tagging code, so an entry is keyed by a hash of exactly those words and the file by the code's
 * version: a changed paragraph misses and is tagged again, the rest of the script is not. A run
 * with nothing to do then never loads the tagger (about 0.3 MB of code and its lexicon).
 *
 * Kept in `.filmcrew/tagging.json` (run state, ignored by git and by the hosts' watchers like the
 * other caches there), written by temp + rename; a file that is unreadable, of another version
 * or of the wrong shape is ignored, and an entry of the wrong shape is tagged again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../artifact/atomic';
import { STATE_DIR } from '../../model/paths';

export const TAGGING_FILE = `${STATE_DIR}/tagging.json`;
const FORMAT = 'filmcrew-tagging/1';
/**
 * The version of what `language.ts` derives: the hash of its source and the tagger's version
 * (test/crew/tagging-memo.test.ts fails until this is brought up to date when either changes).
 */
export const TAGGING_VERSION = 'language.ts:188e9b50820f0a0a compromise:14.17.0';

/** A prop in a paragraph, as `language.ts` finds it (kept here so the memo needs no tagger). */
export interface StoryObject {
  /** In capitals, as the sheets name props: `SCREEN DOOR`, `SUITCASE`. */
  name: string;
  /** The noun phrase as the script has it, for an insert's sentence: `old brass LANTERN`. */
  phrase: string;
  /** Whose it is, when the script says (`Dom's`): the insert reads `Dom's PORSCHE`. */
  owner?: string;
  /** The writer put it in capitals: it matters to the story enough for an insert. */
  emphasised: boolean;
  /** A character handles it (the object of holds, opens, picks up…). */
  handled: boolean;
}

interface MemoFile {
  format: string;
  version: string;
  objects: Record<string, unknown>;
  names: Record<string, unknown>;
}

/** Entries of the file kept beyond the ones this process used (older paragraphs a script may come back to). */
const SPARE = 2000;
/** Paragraphs remembered in memory at most (a feature film has a few thousand). */
const LIMIT = 50_000;

/** The memo of one process; attached to at most one production's file at a time. */
class TaggingMemo {
  private objects = new Map<string, StoryObject[]>();
  private names = new Map<string, boolean>();
  /** Keys looked up or added since the file was attached: what the next save must keep. */
  private readonly used = new Set<string>();
  /** Keys the attached file held: kept too, up to SPARE (another production's answers never go in it). */
  private readonly fromFile = new Set<string>();
  private file: string | undefined;
  private loaded = false;
  private dirty = false;
  /** Answers found in the memo and answers the tagger had to work out, since the process started. */
  readonly counts = { remembered: 0, tagged: 0 };

  /** Keeps the memo in `root`'s `.filmcrew/` (read when first needed); the previous file is saved first. */
  async attach(root: string): Promise<void> {
    const file = join(root, TAGGING_FILE);
    if (file === this.file) return;
    await this.save();
    this.file = file;
    this.loaded = false;
    this.used.clear();
    this.fromFile.clear();
  }

  objectsOf(text: string, cast: readonly string[], find: () => StoryObject[]): StoryObject[] {
    const key = `o:${digest(`${cast.join('\u0000')}\u0001${text}`)}`;
    this.load();
    this.used.add(key);
    const known = this.objects.get(key.slice(2));
    if (known) {
      this.counts.remembered++;
      return known;
    }
    this.counts.tagged++;
    const found = find();
    // A long session (the extension) keeps tagging edited paragraphs: forget the oldest past a bound.
    if (this.objects.size >= LIMIT) this.objects.delete(this.objects.keys().next().value!);
    this.objects.set(key.slice(2), found);
    this.dirty = true;
    return found;
  }

  readsAsName(name: string, read: () => boolean): boolean {
    this.load();
    this.used.add(`n:${name}`);
    const known = this.names.get(name);
    if (known !== undefined) {
      this.counts.remembered++;
      return known;
    }
    this.counts.tagged++;
    const v = read();
    this.names.set(name, v);
    this.dirty = true;
    return v;
  }

  /** Forgets everything held in memory and the file attached, as a new process starts (unsaved answers are lost). */
  forget(): void {
    this.objects = new Map();
    this.names = new Map();
    this.used.clear();
    this.fromFile.clear();
    this.file = undefined;
    this.loaded = false;
    this.dirty = false;
    this.counts.remembered = this.counts.tagged = 0;
  }

  /** Writes what was tagged since the file was read; nothing when nothing is new. */
  async save(): Promise<void> {
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    const keep = <T>(m: Map<string, T>, prefix: string): Record<string, T> => {
      const out: Record<string, T> = {};
      let spare = SPARE;
      for (const [k, v] of m) if (this.used.has(prefix + k) || (this.fromFile.has(prefix + k) && spare-- > 0)) out[k] = v;
      return out;
    };
    const body: MemoFile = { format: FORMAT, version: TAGGING_VERSION, objects: keep(this.objects, 'o:'), names: keep(this.names, 'n:') };
    try {
      await writeFileAtomic(this.file, JSON.stringify(body));
    } catch {
      // A memo that cannot be written is tagged again next time; nothing else depends on it.
    }
  }

  /** Reads the attached file once, taking only well-formed entries; anything else is tagged again. */
  private load(): void {
    if (this.loaded || !this.file) return;
    this.loaded = true;
    let parsed: Partial<MemoFile>;
    try {
      parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<MemoFile>;
    } catch {
      return;
    }
    if (!parsed || parsed.format !== FORMAT || parsed.version !== TAGGING_VERSION) return;
    if (isPlainRecord(parsed.objects)) {
      for (const [k, v] of Object.entries(parsed.objects)) {
        if (!isObjectList(v)) continue;
        if (!this.objects.has(k)) this.objects.set(k, v);
        this.fromFile.add(`o:${k}`);
      }
    }
    if (isPlainRecord(parsed.names)) {
      for (const [k, v] of Object.entries(parsed.names)) {
        if (typeof v !== 'boolean') continue;
        if (!this.names.has(k)) this.names.set(k, v);
        this.fromFile.add(`n:${k}`);
      }
    }
  }
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('base64url');
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isObjectList(v: unknown): v is StoryObject[] {
  return (
    Array.isArray(v) &&
    v.every(
      (o) =>
        isPlainRecord(o) &&
        typeof o.name === 'string' &&
        typeof o.phrase === 'string' &&
        typeof o.emphasised === 'boolean' &&
        typeof o.handled === 'boolean' &&
        (o.owner === undefined || typeof o.owner === 'string'),
    )
  );
}

/** The process's memo: `language.ts` reads through it, a run attaches it to its production and saves it. */
export const taggingMemo = new TaggingMemo();
