/**
 * A scene as beats: its heading, each action paragraph, each speech (a dual-dialogue speech
 * joins the one it overlaps). Notes, synopses, sections, lyrics, transitions and page breaks
 * are not beats: nothing is shot from them.
 */
import type { Screenplay, ScriptElement } from '../../fountain/types';
import type { Scene } from '../../model/types';
import { castIndex } from './cast';
import type { Beat, Speech } from './types';

/** Whitespace collapsed: reflowing a paragraph is not an edit. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function speechText(s: Speech): string {
  const ext = s.extensions.length ? ` (${s.extensions.join(') (')})` : '';
  const paren = s.parenthetical ? ` ${s.parenthetical}` : '';
  return `${s.character}${ext}:${paren} ${s.line}`;
}

/** The elements of one scene, heading included. */
export function sceneElements(screenplay: Screenplay, scene: Pick<Scene, 'line' | 'endLine'>): ScriptElement[] {
  return screenplay.elements.filter((e) => e.line >= scene.line && e.line <= scene.endLine);
}

/** The beats of a scene, in script order; beat 0 is the heading. */
export function sceneBeats(screenplay: Screenplay, scene: Scene, canonical: (name: string) => string = (n) => n): Beat[] {
  const elements = sceneElements(screenplay, scene);
  const beats: Beat[] = [{ index: 0, kind: 'heading', text: normalizeText(scene.heading), line: scene.line, endLine: scene.line }];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!;
    if (e.type === 'action') {
      beats.push({ index: beats.length, kind: 'action', text: normalizeText(e.text), line: e.line, endLine: e.endLine });
      continue;
    }
    if (e.type !== 'character') continue;
    const speech: Speech = { character: canonical(e.name), extensions: e.extensions, line: '' };
    const lines: string[] = [];
    let end = e.endLine;
    let j = i + 1;
    for (; j < elements.length; j++) {
      const next = elements[j]!;
      if (next.type === 'note' || next.type === 'boneyard') continue; // written beside the speech, not in it
      if (next.type === 'parenthetical') {
        if (lines.length === 0 && !speech.parenthetical) speech.parenthetical = normalizeText(next.text);
        else lines.push(normalizeText(next.text));
      } else if (next.type === 'dialogue') {
        lines.push(normalizeText(next.text));
      } else break;
      end = next.endLine;
    }
    i = j - 1;
    speech.line = lines.join(' ');
    const previous = beats[beats.length - 1]!;
    if (e.dual && previous.kind === 'dialogue' && previous.speeches) {
      previous.speeches.push(speech);
      previous.text = previous.speeches.map(speechText).join(' / ');
      previous.endLine = end;
    } else {
      beats.push({ index: beats.length, kind: 'dialogue', text: speechText(speech), line: e.line, endLine: end, speeches: [speech] });
    }
  }
  return beats;
}

/** Written as action by many writers, but transitions all the same (the spec wants a `>`). */
const UNFORCED_TRANSITION = /^(?:FADE OUT|FADE TO BLACK|CUT TO BLACK|SMASH TO BLACK|IRIS OUT|FADE TO WHITE)[.:]?$/;

/**
 * The transition the script writes after a scene (`CUT TO:`, `> FADE OUT.`), as written: the
 * last one between the scene's last beat and the next heading.
 */
export function sceneTransition(screenplay: Screenplay, scene: Pick<Scene, 'line' | 'endLine'>): string | undefined {
  let found: string | undefined;
  for (const e of sceneElements(screenplay, scene)) {
    if (e.type === 'transition') found = e.text;
    else if (e.type === 'action' && UNFORCED_TRANSITION.test(e.text.trim())) found = e.text.trim();
    else if (e.type === 'action' || e.type === 'dialogue' || e.type === 'character') found = undefined;
  }
  return found;
}

/** Every character of the screenplay once: speakers, then people introduced in action only (cast.ts). */
export function castOf(screenplay: Screenplay, aliases?: Readonly<Record<string, readonly string[]>>): string[] {
  return castIndex(screenplay, aliases).cast;
}
