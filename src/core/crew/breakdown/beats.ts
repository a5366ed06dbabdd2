/**
 * A scene as beats: its heading, each action paragraph, each speech (a dual-dialogue speech
 * joins the one it overlaps). Notes, synopses, sections, lyrics, transitions and page breaks
 * are not beats: nothing is shot from them.
 */
import type { Screenplay, ScriptElement } from '../../fountain/types';
import type { Scene } from '../../model/types';
import { introductions } from './mentions';
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
export function sceneBeats(screenplay: Screenplay, scene: Scene): Beat[] {
  const elements = sceneElements(screenplay, scene);
  const beats: Beat[] = [{ index: 0, kind: 'heading', text: normalizeText(scene.heading), line: scene.line, endLine: scene.line }];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!;
    if (e.type === 'action') {
      beats.push({ index: beats.length, kind: 'action', text: normalizeText(e.text), line: e.line, endLine: e.endLine });
      continue;
    }
    if (e.type !== 'character') continue;
    const speech: Speech = { character: e.name, extensions: e.extensions, line: '' };
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

/** Every character of the screenplay, as written: speakers, then people introduced in action only. */
export function castOf(screenplay: Screenplay): string[] {
  const cast: string[] = [];
  for (const e of screenplay.elements) if (e.type === 'character' && !cast.includes(e.name)) cast.push(e.name);
  for (const e of screenplay.elements) {
    if (e.type !== 'action') continue;
    for (const intro of introductions(e.text)) if (!cast.includes(intro.name)) cast.push(intro.name);
  }
  return cast;
}
