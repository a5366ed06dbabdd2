/**
 * What the script says about a character, a location or a prop: where it first appears, the
 * lines that describe it, the scenes it is in and with whom. Read from the screenplay's own
 * structure, so every sheet starts from the page rather than from a model's memory.
 */
import type { Screenplay } from '../../fountain/types';
import type { Scene } from '../../model/types';
import { sceneElements } from '../breakdown/beats';
import { castIndex } from '../breakdown/cast';
import { castNamed, hasPronoun, introductions, names, propsNamed, sentences } from '../breakdown/mentions';
import type { Mention, SheetFacts } from './types';

const MAX_MENTIONS = 6;

interface Located {
  scene: Scene;
  line: number;
  text: string;
  type: 'action' | 'character' | 'dialogue';
  name?: string;
}

function located(screenplay: Screenplay, scenes: readonly Scene[]): Located[] {
  const out: Located[] = [];
  const { canonical } = castIndex(screenplay);
  for (const scene of scenes) {
    for (const e of sceneElements(screenplay, scene)) {
      if (e.type === 'action') out.push({ scene, line: e.line, text: e.text.replace(/\s+/g, ' ').trim(), type: 'action' });
      else if (e.type === 'character') out.push({ scene, line: e.line, text: e.name, type: 'character', name: canonical(e.name) });
      else if (e.type === 'dialogue') out.push({ scene, line: e.line, text: e.text.replace(/\s+/g, ' ').trim(), type: 'dialogue' });
    }
  }
  return out;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** The facts of a character, by name as written (`MARA`). */
export function characterFacts(screenplay: Screenplay, scenes: readonly Scene[], cast: readonly string[], name: string): SheetFacts {
  const all = located(screenplay, scenes);
  const appears = all.filter((l) => (l.type === 'character' && l.name === name) || (l.type === 'action' && names(l.text, name)));
  const inScenes = unique(appears.map((l) => l.scene.id));
  const { canonical } = castIndex(screenplay);
  const intro = all.filter((l) => l.type === 'action').flatMap((l) => introductions(l.text)).find((i) => canonical(i.name) === name);
  const mentions: Mention[] = appears
    .filter((l) => l.type === 'action')
    .slice(0, MAX_MENTIONS)
    .map((l) => ({ scene: l.scene.id, line: l.line, text: l.text }));

  // Pronouns in the lines that name them and in the action right after.
  let she = 0;
  let he = 0;
  const actions = all.filter((l) => l.type === 'action');
  actions.forEach((l, i) => {
    if (!names(l.text, name)) return;
    if (castNamed(l.text, cast).some((c) => c !== name)) return; // whose pronoun would it be?
    const next = actions[i + 1];
    const window = next && castNamed(next.text, cast).length === 0 ? `${l.text} ${next.text}` : l.text;
    she += (window.match(/\b(she|her|hers|herself)\b/gi) ?? []).length;
    he += (window.match(/\b(he|him|his|himself)\b/gi) ?? []).length;
  });

  const speeches: string[] = [];
  all.forEach((l, i) => {
    if (l.type === 'character' && l.name === name) {
      const next = all[i + 1];
      if (next?.type === 'dialogue') speeches.push(next.text);
    }
  });
  const sharing = unique(
    scenes
      .filter((s) => inScenes.includes(s.id))
      .flatMap((s) => all.filter((l) => l.scene.id === s.id))
      .flatMap((l) => (l.type === 'character' ? [l.name!] : l.type === 'action' ? castNamed(l.text, cast) : []))
      .filter((c) => c !== name),
  );
  const first = appears[0];
  return {
    ...(first ? { firstAppearance: { scene: first.scene.id, line: first.line } } : {}),
    scenes: inScenes,
    mentions,
    ...(intro ? { introduction: intro.description } : {}),
    ...(she > he ? { pronoun: 'she' as const } : he > she ? { pronoun: 'he' as const } : {}),
    sharesScenesWith: sharing,
    speeches: speeches.length,
    sampleLines: speeches.slice(0, 3),
  };
}

/** The facts of a location, by its name as written in headings (`LIGHTHOUSE - LAMP ROOM`). */
export function locationFacts(screenplay: Screenplay, scenes: readonly Scene[], cast: readonly string[], location: string): SheetFacts {
  const here = scenes.filter((s) => (s.location ?? s.heading) === location);
  const all = located(screenplay, here);
  // Sentences that name no one describe the place itself.
  const mentions: Mention[] = all
    .filter((l) => l.type === 'action')
    .flatMap((l) =>
      sentences(l.text)
        .filter((s) => castNamed(s, cast).length === 0 && !hasPronoun(s))
        .map((text) => ({ scene: l.scene.id, line: l.line, text })),
    )
    .slice(0, MAX_MENTIONS);
  const interiors = unique(here.map((s) => s.interior).filter((x): x is boolean => x !== undefined));
  const first = here[0];
  return {
    ...(first ? { firstAppearance: { scene: first.id, line: first.line } } : {}),
    scenes: here.map((s) => s.id),
    mentions,
    headings: unique(here.map((s) => s.heading)),
    ...(interiors.length === 1 ? { interior: interiors[0] } : {}),
    timesOfDay: unique(here.map((s) => s.timeOfDay).filter((x): x is string => Boolean(x))),
  };
}

/** The facts of a prop, by its name as written in capitals (`LANTERN`). */
export function propFacts(screenplay: Screenplay, scenes: readonly Scene[], cast: readonly string[], prop: string): SheetFacts {
  const all = located(screenplay, scenes).filter((l) => l.type === 'action' && propsNamed(l.text, cast).includes(prop));
  const naming: Mention[] = all.flatMap((l) => sentences(l.text).filter((s) => s.includes(prop)).map((text) => ({ scene: l.scene.id, line: l.line, text })));
  const mentions = naming.slice(0, MAX_MENTIONS);
  const first = all[0];
  return {
    ...(first ? { firstAppearance: { scene: first.scene.id, line: first.line } } : {}),
    scenes: unique(all.map((l) => l.scene.id)),
    mentions,
    // Who handles it: the people named in the sentences that name it.
    handledBy: unique(naming.flatMap((m) => castNamed(m.text, cast))),
  };
}

/** Every prop named in capitals in the action, in order of first mention. */
export function propsOf(screenplay: Screenplay, cast: readonly string[]): string[] {
  const out: string[] = [];
  for (const e of screenplay.elements) if (e.type === 'action') for (const p of propsNamed(e.text, cast)) if (!out.includes(p)) out.push(p);
  return out;
}
