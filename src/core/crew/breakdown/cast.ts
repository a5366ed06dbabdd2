/**
 * Who is who: one name per character however the script writes the cue. `MR. STEEL` and
 * `STEEL` are one man when the script has both, `MARA (V.O.)` and `MARA (CONT'D)` are Mara, and a
 * character sheet can declare other names for the same person (`aliases:`).
 */
import type { Screenplay } from '../../fountain/types';
import type { Artifact } from '../../model/types';
import { introductions } from './mentions';

/** The `aliases:` the character sheets declare, by the sheet's name. */
export function aliasesOf(sheets: readonly Artifact[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of sheets) {
    const d = s.data as { kind?: string; name?: unknown; aliases?: unknown };
    if (d.kind !== 'character' || typeof d.name !== 'string' || !Array.isArray(d.aliases)) continue;
    const names = d.aliases.filter((a): a is string => typeof a === 'string' && a.trim() !== '');
    if (names.length) out[d.name] = names;
  }
  return out;
}

/** Titles that come before a surname; only dropped when the bare name is also in the script. */
const HONORIFIC = /^(?:MR|MRS|MS|MISS|MX|DR|SIR|DAME|PROF|PROFESSOR|MADAM|MME|MLLE|CAPT|CAPTAIN|SGT|SERGEANT|DET|DETECTIVE|OFFICER|AGENT|LT|LIEUTENANT|AUNT|UNCLE|SHERIFF|DEPUTY|MARSHAL|JUDGE|MAYOR|REVEREND|REV|FATHER|SISTER|NURSE|DOC|COACH)\.?\s+(.+)$/;

/** A cue's name without extensions, dual marks or extra spaces, in capitals: `MARA (V.O.) ^` → `MARA`. */
export function bareName(cue: string): string {
  return cue.replace(/\([^)]*\)?/g, ' ').replace(/\^/g, ' ').replace(/\s+/g, ' ').trim().toUpperCase();
}

export interface CastIndex {
  /** Every character once, by the name their sheet has, speakers first, in order of first line. */
  cast: string[];
  /** The cast name for a name as written anywhere in the script. */
  canonical(name: string): string;
}

/**
 * The cast of a screenplay. `aliases` maps a sheet's name to the other names the script uses
 * for that character (from the sheets' `aliases:`).
 */
export function castIndex(screenplay: Screenplay, aliases: Readonly<Record<string, readonly string[]>> = {}): CastIndex {
  const alias = new Map<string, string>();
  for (const [name, others] of Object.entries(aliases)) for (const o of others) alias.set(bareName(o), bareName(name));
  const written: string[] = [];
  for (const e of screenplay.elements) if (e.type === 'character') written.push(bareName(e.name));
  for (const e of screenplay.elements) if (e.type === 'action') for (const i of introductions(e.text)) written.push(bareName(i.name));
  const all = new Set(written.map((w) => alias.get(w) ?? w));
  // The names they speak under: `JUNE HOLLIS (30s…)` in the action is the `JUNE` of the cues.
  const speakers = new Set(screenplay.elements.flatMap((e) => (e.type === 'character' ? [alias.get(bareName(e.name)) ?? bareName(e.name)] : [])));
  // `AUGUST STERNE (60s…)` is the `STERNE` of the cues, unless two people introduced share the surname.
  const surnames = new Map<string, number>();
  for (const n of all) {
    const last = n.includes(' ') ? n.split(' ').at(-1)! : undefined;
    if (last) surnames.set(last, (surnames.get(last) ?? 0) + 1);
  }
  const canonical = (name: string): string => {
    const bare = bareName(name);
    const named = alias.get(bare) ?? bare;
    const m = HONORIFIC.exec(named);
    if (m && all.has(m[1]!)) return m[1]!;
    if (!named.includes(' ') || speakers.has(named)) return named;
    // `DR NISHA SANDHU (40s…)` is the `NISHA` of the cues: a title does not start the name.
    const words = (m ? m[1]! : named).split(' ');
    if (speakers.has(words[0]!)) return words[0]!;
    const last = words.at(-1)!;
    return speakers.has(last) && surnames.get(last) === 1 ? last : named;
  };
  const cast: string[] = [];
  for (const w of written) {
    const c = canonical(w);
    if (c && !cast.includes(c)) cast.push(c);
  }
  return { cast, canonical };
}
