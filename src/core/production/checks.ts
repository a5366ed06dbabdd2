/**
 * Cross-reference checks over a loaded production: what no single file can know about itself.
 * Duplicate ids, shots naming characters, locations, props, scenes or acts that exist nowhere,
 * media paths that are missing or lead outside the production, speakers without a sheet, and
 * crew roles whose responsibility is not one sentence. Each check returns diagnostics.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics';
import { isWithin, lexicalProblem } from '../artifact/paths';
import { slug } from '../model/paths';
import type { Artifact, AssetSheetData, Production, ShotData } from '../model/types';
import { assetSheets } from '../model/artifacts';

/** Looks media paths up by listing each folder once, not by a stat per file. */
class MediaShelf {
  private readonly folders = new Map<string, { names: Set<string>; links: Set<string>; problem?: string } | undefined>();
  private realRoot: string | undefined;

  constructor(private readonly root: string) {}

  private real(): string {
    if (this.realRoot === undefined) {
      try {
        this.realRoot = realpathSync(this.root);
      } catch {
        this.realRoot = this.root;
      }
    }
    return this.realRoot;
  }

  private folder(dir: string) {
    if (this.folders.has(dir)) return this.folders.get(dir);
    let entry: { names: Set<string>; links: Set<string>; problem?: string } | undefined;
    try {
      const abs = join(this.root, dir);
      const names = new Set<string>();
      const links = new Set<string>();
      for (const d of readdirSync(abs, { withFileTypes: true })) {
        names.add(d.name);
        if (d.isSymbolicLink()) links.add(d.name);
      }
      entry = { names, links };
      if (dir !== '.') {
        const real = realpathSync(abs);
        if (!isWithin(this.real(), real)) entry.problem = `leads outside the production folder (its folder ${dir} is a link to ${real})`;
      }
    } catch {
      entry = undefined;
    }
    this.folders.set(dir, entry);
    return entry;
  }

  /** `ok`, `missing`, or why the path may not be used. */
  check(rel: string): 'ok' | 'missing' | { problem: string } {
    const lexical = lexicalProblem(rel);
    if (lexical) return { problem: lexical };
    const norm = posix.normalize(rel.replace(/\\/g, '/'));
    const dir = posix.dirname(norm);
    const name = posix.basename(norm);
    const folder = this.folder(dir);
    if (folder?.problem) return { problem: folder.problem };
    if (!folder || !folder.names.has(name)) return 'missing';
    if (folder.links.has(name)) {
      try {
        const real = realpathSync(join(this.root, norm));
        if (!isWithin(this.real(), real)) return { problem: `leads outside the production folder (a link to ${real})` };
        statSync(real);
      } catch {
        return 'missing';
      }
    }
    return 'ok';
  }
}

/** Upper-case words and runs of them in the script's action (`MARA`, `BRASS LANTERN`), as slugs. */
function namedInAction(p: Production): Set<string> {
  const out = new Set<string>();
  for (const el of p.script?.elements ?? []) {
    if (el.type !== 'action') continue;
    for (const m of el.text.matchAll(/\b[A-Z][A-Z0-9'’-]+(?:\s+[A-Z][A-Z0-9'’-]+)*\b/g)) {
      out.add(slug(m[0]));
      for (const w of m[0].split(/\s+/)) out.add(slug(w));
    }
  }
  return out;
}

function sheetKeys(sheets: readonly Artifact<AssetSheetData>[]): Set<string> {
  const out = new Set<string>();
  for (const s of sheets) {
    if (typeof s.data.id === 'string') out.add(s.data.id);
    if (typeof s.data.name === 'string') out.add(slug(s.data.name));
  }
  return out;
}

function lineOf(a: Pick<Artifact, 'keyLines'>, key: string): number {
  return a.keyLines[key] ?? a.keyLines[key.replace(/\[\d+\]$/, '')] ?? 2;
}

function duplicateIds(kind: string, artifacts: readonly Artifact[]): Diagnostic[] {
  const first = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const a of artifacts) {
    const id = a.data.id;
    if (typeof id !== 'string') continue;
    const earlier = first.get(id);
    if (earlier) {
      out.push(diagnostic(a.path, lineOf(a, 'id'), 1, 'error', 'duplicate-id', `${kind} id \`${id}\` is also used by ${earlier}; give each ${kind} its own id`));
    } else first.set(id, a.path);
  }
  return out;
}

/** How many sentences `text` holds: a sentence ends at . ! or ? before a capital, a digit or the end. */
export function sentenceCount(text: string): number {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return 0;
  const ends = t.match(/[.!?]+["'’”)\]]*(?=\s+["'“(]?[A-Z0-9]|$)/g) ?? [];
  return ends.length + (/[.!?]["'’”)\]]*$/.test(t) ? 0 : 1);
}

function mediaDiagnostic(shelf: MediaShelf, a: Artifact, key: string, rel: unknown, what: string): Diagnostic | undefined {
  if (typeof rel !== 'string' || rel === '') return undefined;
  const r = shelf.check(rel);
  if (r === 'ok') return undefined;
  const line = lineOf(a, key);
  if (r === 'missing') {
    return diagnostic(a.path, line, 1, 'warning', 'media-missing', `${what} \`${rel}\` does not exist; generate it again or fix the path`);
  }
  return diagnostic(a.path, line, 1, 'error', 'path-escapes', `${what} \`${rel}\` ${r.problem}`);
}

function checkShot(
  shot: Artifact<ShotData>,
  known: { scenes: Set<string>; acts: Set<string>; characters: Set<string>; locations: Set<string>; props: Set<string> },
  p: Production,
  shelf: MediaShelf,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const d = shot.data;
  const script = p.scriptPath ?? 'the script';
  if (typeof d.scene === 'string' && !known.scenes.has(d.scene)) {
    const ids = p.scenes.map((s) => s.id);
    const have = ids.length === 0 ? 'it has no scenes yet' : ids.length <= 6 ? `it has ${ids.join(', ')}` : `it has ${ids.slice(0, 3).join(', ')} … ${ids[ids.length - 1]}`;
    out.push(diagnostic(shot.path, lineOf(shot, 'scene'), 1, 'error', 'unknown-scene', `\`scene: ${d.scene}\` is not a scene of ${script} (${have}); fix the scene id`));
  }
  if (typeof d.act === 'string' && !known.acts.has(d.act)) {
    const have = known.acts.size ? `the acts are ${[...known.acts].join(', ')}` : 'there are no acts';
    out.push(diagnostic(shot.path, lineOf(shot, 'act'), 1, 'error', 'unknown-act', `\`act: ${d.act}\` is not an act of this production (${have}); fix it, or add the act to production.md`));
  }
  if (Array.isArray(d.characters)) {
    d.characters.forEach((c, i) => {
      if (typeof c === 'string' && !known.characters.has(c) && !known.characters.has(slug(c))) {
        out.push(
          diagnostic(shot.path, lineOf(shot, `characters[${i}]`), 1, 'error', 'unknown-character', `character \`${c}\` is in neither ${script} nor characters/; fix the name or add characters/${slug(c) || c}.md`),
        );
      }
    });
  }
  if (typeof d.location === 'string' && !known.locations.has(d.location) && !known.locations.has(slug(d.location))) {
    out.push(
      diagnostic(shot.path, lineOf(shot, 'location'), 1, 'error', 'unknown-location', `location \`${d.location}\` is neither a scene heading's place nor in locations/; fix it or add locations/${slug(d.location) || d.location}.md`),
    );
  }
  if (Array.isArray(d.props)) {
    d.props.forEach((prop, i) => {
      if (typeof prop === 'string' && !known.props.has(prop) && !known.props.has(slug(prop))) {
        out.push(diagnostic(shot.path, lineOf(shot, `props[${i}]`), 1, 'error', 'unknown-prop', `prop \`${prop}\` is neither named in ${script} nor in props/; fix it or add props/${slug(prop) || prop}.md`));
      }
    });
  }
  for (const key of ['frame', 'clip'] as const) {
    const m = mediaDiagnostic(shelf, shot, key, d[key], key === 'frame' ? 'storyboard frame' : 'clip');
    if (m) out.push(m);
  }
  return out;
}

function checkSheet(sheet: Artifact<AssetSheetData>, shelf: MediaShelf): Diagnostic[] {
  const out: Diagnostic[] = [];
  const options = sheet.data.options;
  if (Array.isArray(options)) {
    options.forEach((o, i) => {
      const m = o && typeof o === 'object' ? mediaDiagnostic(shelf, sheet, `options[${i}].image`, o.image, `option \`${String(o.id)}\` image`) : undefined;
      if (m) out.push(m);
    });
    const chosen = sheet.data.chosen;
    if (typeof chosen === 'string' && chosen !== '' && !options.some((o) => o && o.id === chosen)) {
      out.push(diagnostic(sheet.path, lineOf(sheet, 'chosen'), 1, 'error', 'schema', `\`chosen: ${chosen}\` is not one of the options (${options.map((o) => o?.id).join(', ')}); choose one of them`));
    }
  }
  return out;
}

/** The acts a run can be narrowed to: production.md's `acts`, and the script's `# ACT` sections. */
export function actIds(p: Production): string[] {
  const listed = Array.isArray(p.production?.data.acts) ? p.production.data.acts.map((a) => a?.id).filter((x): x is string => typeof x === 'string') : [];
  return [...new Set([...listed, ...p.scenes.map((s) => s.act).filter((x): x is string => !!x)])];
}

/** No screenplay at all, or one with text but not one scene heading. */
function screenplayProblems(p: Production): Diagnostic[] {
  if (!p.production) return [];
  if (!p.scriptPath) {
    return [diagnostic(p.production.path, 1, 1, 'error', 'no-screenplay', 'this production has no screenplay: write it in script.fountain (Fountain, https://fountain.io) or script.md beside production.md')];
  }
  const story = (p.script?.elements ?? []).filter((e) => e.type !== 'note' && e.type !== 'boneyard' && e.type !== 'section' && e.type !== 'synopsis');
  if (p.scenes.length === 0 && story.length > 0) {
    return [diagnostic(p.scriptPath, story[0]!.line, 1, 'warning', 'no-scenes', 'the screenplay has no scene heading, so there is nothing to break down: start each scene with a line such as `INT. KITCHEN - NIGHT` after an empty line')];
  }
  return [];
}

/** Every cross-reference diagnostic of a loaded production. */
export function checkProduction(p: Production): Diagnostic[] {
  const out: Diagnostic[] = [...screenplayProblems(p)];
  const shelf = new MediaShelf(p.root);
  const speakers = new Map<string, { name: string; line: number }>();
  for (const el of p.script?.elements ?? []) {
    if (el.type === 'character' && !speakers.has(slug(el.name))) speakers.set(slug(el.name), { name: el.name, line: el.line });
  }
  const action = namedInAction(p);
  const characterSheets = sheetKeys(p.characters);

  const known = {
    scenes: new Set(p.scenes.map((s) => s.id)),
    acts: new Set<string>(actIds(p)),
    characters: new Set([...characterSheets, ...speakers.keys(), ...action]),
    locations: new Set<string>(sheetKeys(p.locations)),
    props: new Set([...sheetKeys(p.props), ...action]),
  };
  for (const s of p.scenes) {
    if (!s.location) continue;
    known.locations.add(slug(s.location));
    for (const part of s.location.split(/\s+[-–—]\s+/)) known.locations.add(slug(part));
  }

  out.push(...duplicateIds('shot', p.shots), ...duplicateIds('character', p.characters), ...duplicateIds('costume', p.costumes));
  out.push(...duplicateIds('location', p.locations), ...duplicateIds('prop', p.props), ...duplicateIds('review', p.reviews));

  for (const shot of p.shots) out.push(...checkShot(shot, known, p, shelf));
  for (const sheet of assetSheets(p)) out.push(...checkSheet(sheet, shelf));
  for (const costume of p.costumes) {
    const c = costume.data.character;
    if (typeof c === 'string' && !characterSheets.has(c) && !speakers.has(slug(c))) {
      out.push(diagnostic(costume.path, lineOf(costume, 'character'), 1, 'error', 'unknown-character', `\`character: ${c}\` is in neither the script nor characters/; fix the name`));
    }
  }

  let hasCharacterFolder = false;
  try {
    hasCharacterFolder = statSync(join(p.root, 'characters')).isDirectory();
  } catch {
    hasCharacterFolder = false;
  }
  if (p.scriptPath && (hasCharacterFolder || p.shots.length > 0)) {
    for (const [id, s] of speakers) {
      if (!characterSheets.has(id)) {
        out.push(diagnostic(p.scriptPath, s.line, 1, 'warning', 'character-without-sheet', `${s.name} speaks but has no character sheet; add characters/${id}.md (casting proposes one in the assets stage)`));
      }
    }
  }

  for (const agent of p.agents) {
    const r = agent.data.responsibility;
    if (typeof r !== 'string' || r.trim() === '') continue; // the schema says it is missing
    const n = sentenceCount(r);
    if (n !== 1) {
      out.push(
        diagnostic(agent.path, lineOf(agent, 'responsibility'), 1, 'error', 'responsibility-not-one-sentence', `\`responsibility\` must be exactly one sentence (it has ${n}); say in one sentence what this role is responsible for, and put the rest in the brief below`),
      );
    }
  }
  return out;
}
