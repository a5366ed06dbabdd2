/**
 * The offline director's assistant: covers a scene by the rules below, from the structure of the
 * screenplay alone. Deterministic: the same scene always gets the same shots. A real text model
 * gets the same rules in its brief (agents/directors-assistant/agent.md) and the same schema.
 *
 * | beat                                              | coverage          | size   | angle     | movement      | duration                    |
 * |---------------------------------------------------|-------------------|--------|-----------|---------------|-----------------------------|
 * | heading, location differs from the previous scene | establishing      | EWS ext / WS int | high ext / eye level int | static | 3 s             |
 * | action introducing a character `NAME (desc)`      | introduction      | MS     | eye level | track if moving, else static | words ÷ 2.5    |
 * | action, one character, a look verb (turns, looks) | pov               | POV    | eye level | pan if turning, else static | words ÷ 2.5     |
 * | action, one character, face/eyes/hands named      | detail            | CU     | eye level | static        | words ÷ 2.5                 |
 * | action, one character moving (walks, climbs…)     | action            | WS     | eye level | track         | words ÷ 2.5                 |
 * | action, one character                             | action            | MS     | eye level | static        | words ÷ 2.5                 |
 * | action, two or more characters                    | group             | WS     | eye level | static/track  | words ÷ 2.5                 |
 * | action naming no one (a sound, the weather)       | place             | WS     | eye level | static        | words ÷ 2.5                 |
 * | a prop in capitals, first time in the scene       | insert            | INSERT | high      | static        | 2 s                         |
 * | speech with no one to answer                      | single            | MCU    | eye level | static        | words ÷ 2.5 + 0.5 s         |
 * | speaker's first speech in an exchange             | over-the-shoulder | OTS    | eye level | static        | words ÷ 2.5 + 0.5 s         |
 * | speaker's later speech in an exchange             | single            | MCU    | eye level | static        | words ÷ 2.5 + 0.5 s         |
 * | last speech of an exchange or of the scene        | closing-single    | CU     | eye level | push in       | words ÷ 2.5 + 0.5 s         |
 * | speech off screen (O.S., V.O.)                    | reaction          | MS on the listener | eye level | static | words ÷ 2.5 + 0.5 s |
 * | dual dialogue (`^`)                               | two-shot          | MS     | eye level | static        | the longer speech           |
 *
 * Words are the words that play (a parenthesised description does not); every duration is at
 * least 2 s and rounded to the half second. A pronoun (she, his…) in an action line with no name
 * refers to the last character named; an action naming no one shows who is on screen.
 */
import type { ShotSize } from '../../model/types';
import { insertSentence, storyObjects } from './language';
import { castNamed, hasPronoun, introductions, playedWords, propsNamed, sentences } from './mentions';
import type { Beat, BreakdownAnswer, BreakdownInput, Coverage, ShotProposal, Speech } from './types';

const ACTION_WORDS_PER_SECOND = 2.5;
const SPEECH_WORDS_PER_SECOND = 2.5;
const SPEECH_PAD = 0.5;
const MIN_SECONDS = 2;
const ESTABLISHING_SECONDS = 3;
const INSERT_SECONDS = 2;

const MOVING = /\b(walks?|walking|runs?|running|climbs?|climbing|cross(es)?|enters?|exits?|follows?|paces?|hurries|strides?|wanders?|descends?|ascends?|moves?|approaches?|staggers?)\b/i;
const LOOKING = /\b(turns?|looks?|watches|stares?|sees|peers?|gazes?|glances?|spots?)\b/i;
const TURNING = /\bturns?\b/i;
const DETAIL = /\b(face|eyes?|hands?|fingers?|lips|tears?|mouth)\b/i;
const OFF_SCREEN = new Set(['O.S.', 'V.O.', 'O.C.', 'OS', 'VO', 'OC', 'O.S', 'V.O']);

/** Rounded to the half second, never under the minimum a viewer can read. */
export function seconds(raw: number): number {
  return Math.max(MIN_SECONDS, Math.round(raw * 2) / 2);
}

export function actionSeconds(text: string): number {
  return seconds(playedWords(text) / ACTION_WORDS_PER_SECOND);
}

export function speechSeconds(line: string): number {
  return seconds(playedWords(line) / SPEECH_WORDS_PER_SECOND + SPEECH_PAD);
}

function isOffScreen(s: Speech): boolean {
  return s.extensions.some((x) => OFF_SCREEN.has(x.toUpperCase()));
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

function display(name: string): string {
  return titleCase(name);
}

interface SceneState {
  /** On screen so far, in order of appearance. */
  present: string[];
  /** Last character named: whom a pronoun refers to. */
  last?: string;
  /** Props already given an insert in this scene. */
  inserted: Set<string>;
}

function shot(beat: Beat, coverage: Coverage, size: ShotSize, fields: Partial<ShotProposal> & { action: string; reason: string; duration: number }): ShotProposal {
  return {
    beat: beat.index,
    coverage,
    size,
    angle: fields.angle ?? 'eye level',
    movement: fields.movement ?? 'static',
    duration: fields.duration,
    characters: fields.characters ?? [],
    props: fields.props ?? [],
    action: fields.action,
    dialogue: fields.dialogue ?? [],
    reason: fields.reason,
  };
}

function establishing(input: BreakdownInput, beats: Beat[]): ShotProposal {
  const heading = beats[0]!;
  const exterior = input.scene.interior === false;
  // `LIGHTHOUSE - LAMP ROOM` reads as `Lighthouse, Lamp Room`.
  const place = titleCase(input.scene.location ?? input.scene.heading).replace(/\s+[-–—]\s+/g, ', ');
  const when = input.scene.timeOfDay ? `, ${input.scene.timeOfDay.toLowerCase()}` : '';
  // The opening action's sentences that name no one describe the place: the wide plays under them.
  const opening = beats.find((b) => b.kind === 'action');
  const atmosphere = opening
    ? sentences(opening.text).filter((s) => castNamed(s, input.cast).length === 0 && !hasPronoun(s) && propsNamed(s, input.cast).length === 0)
    : [];
  return shot(heading, 'establishing', exterior ? 'EWS' : 'WS', {
    angle: exterior ? 'high' : 'eye level',
    duration: ESTABLISHING_SECONDS,
    action: [`${place}${when}.`, ...atmosphere].join(' '),
    reason: input.previousLocation
      ? `Establishing: the scene moves from ${titleCase(input.previousLocation)} to ${place}.`
      : `Establishing: the film opens in ${place}.`,
  });
}

function coverAction(beat: Beat, input: BreakdownInput, state: SceneState): ShotProposal[] {
  const text = beat.text;
  let who = castNamed(text, input.cast);
  if (who.length === 0 && hasPronoun(text) && state.last) who = [state.last];
  for (const c of who) if (!state.present.includes(c)) state.present.push(c);
  if (who.length) state.last = who[who.length - 1];
  const objects = storyObjects(text, input.cast);
  const props = objects.map((o) => o.name);
  const moving = MOVING.test(text);
  const intro = introductions(text).find((i) => input.cast.includes(i.name));
  const duration = actionSeconds(text);
  const out: ShotProposal[] = [];
  const base = { duration, props, action: text };
  if (intro) {
    out.push(shot(beat, 'introduction', 'MS', { ...base, characters: who, movement: moving ? 'track' : 'static', reason: `Introduces ${display(intro.name)}: medium shot, so we meet them.` }));
  } else if (who.length === 1 && LOOKING.test(text)) {
    out.push(shot(beat, 'pov', 'POV', { ...base, characters: who, movement: TURNING.test(text) ? 'pan' : 'static', reason: `${display(who[0]!)} looks: we see what they see.` }));
  } else if (who.length === 1 && DETAIL.test(text)) {
    out.push(shot(beat, 'detail', 'CU', { ...base, characters: who, reason: `The line is about ${display(who[0]!)}'s face or hands: close-up.` }));
  } else if (who.length === 1) {
    out.push(shot(beat, 'action', moving ? 'WS' : 'MS', { ...base, characters: who, movement: moving ? 'track' : 'static', reason: moving ? `${display(who[0]!)} moves: a wide that follows them.` : `${display(who[0]!)} acts: medium shot.` }));
  } else if (who.length > 1) {
    out.push(shot(beat, 'group', 'WS', { ...base, characters: who, movement: moving ? 'track' : 'static', reason: `${who.map(display).join(' and ')} share the action: a wide holds them together.` }));
  } else {
    out.push(shot(beat, 'place', 'WS', { ...base, characters: [...state.present], reason: 'The line names no one: the room and whoever is in it.' }));
  }
  // Only what the writer put in capitals earns an insert: a handled cup is in the shot already.
  for (const object of objects) {
    const prop = object.name;
    if (!object.emphasised || state.inserted.has(prop)) continue;
    state.inserted.add(prop);
    out.push(
      shot(beat, 'insert', 'INSERT', {
        angle: 'high',
        duration: INSERT_SECONDS,
        props: [prop],
        action: insertSentence(object),
        reason: `The ${titleCase(prop)} is in capitals in the action, the first time in this scene: an insert.`,
      }),
    );
  }
  return out;
}

function dialogueOf(speeches: Speech[]) {
  return speeches.map((s) => ({ character: s.character, line: s.line, parenthetical: s.parenthetical ?? '' }));
}

/** Runs of speeches with no action between them: an exchange when two people on screen talk. */
function runs(beats: Beat[]): Beat[][] {
  const out: Beat[][] = [];
  let run: Beat[] = [];
  for (const b of beats) {
    if (b.kind === 'dialogue') run.push(b);
    else if (run.length) {
      out.push(run);
      run = [];
    }
  }
  if (run.length) out.push(run);
  return out;
}

function coverRun(run: Beat[], input: BreakdownInput, state: SceneState, lastSpeechOfScene: Beat | undefined): ShotProposal[] {
  const onScreenSpeakers = [...new Set(run.flatMap((b) => b.speeches!.filter((s) => !isOffScreen(s)).map((s) => s.character)))];
  const exchange = onScreenSpeakers.length >= 2;
  const spoken = new Set<string>();
  const out: ShotProposal[] = [];
  run.forEach((beat, k) => {
    const speeches = beat.speeches!;
    const first = speeches[0]!;
    const dialogue = dialogueOf(speeches);
    const duration = Math.max(...speeches.map((s) => speechSeconds(s.line)));
    if (speeches.length > 1) {
      const who = [...new Set(speeches.map((s) => s.character))];
      for (const c of who) if (!state.present.includes(c)) state.present.push(c);
      out.push(shot(beat, 'two-shot', 'MS', { duration, characters: who, dialogue, action: `${who.map(display).join(' and ')} together, speaking at once.`, reason: `${who.map(display).join(' and ')} speak at once (dual dialogue): a two-shot.` }));
      return;
    }
    if (isOffScreen(first)) {
      const listeners = state.present.filter((c) => c !== first.character);
      const on = listeners.length ? listeners.map(display).join(' and ') : 'the empty place';
      out.push(shot(beat, 'reaction', 'MS', { duration, characters: listeners, dialogue, action: `On ${on}, hearing ${display(first.character)} off screen.`, reason: `${display(first.character)} is heard off screen: we stay on ${listeners.length ? listeners.map(display).join(' and ') : 'the place'}.` }));
      return;
    }
    if (!state.present.includes(first.character)) state.present.push(first.character);
    state.last = first.character;
    const isLast = (exchange && k === run.length - 1) || beat === lastSpeechOfScene;
    if (isLast) {
      out.push(shot(beat, 'closing-single', 'CU', { duration, characters: [first.character], dialogue, action: `Close on ${display(first.character)} for the last word.`, movement: 'push in', reason: `The last word of the ${exchange ? 'exchange' : 'scene'}: close-up, pushing in.` }));
    } else if (exchange && !spoken.has(first.character)) {
      const listener = [...run.slice(0, k).reverse(), ...run.slice(k + 1)]
        .flatMap((b) => b.speeches!)
        .find((s) => s.character !== first.character && !isOffScreen(s))?.character;
      const over = listener ? `Over ${display(listener)}'s shoulder onto ${display(first.character)}, speaking.` : `${display(first.character)}, speaking.`;
      out.push(shot(beat, 'over-the-shoulder', 'OTS', { duration, characters: listener ? [first.character, listener] : [first.character], dialogue, action: over, reason: `${display(first.character)} opens their side of the exchange: over ${listener ? display(listener) + "'s" : 'the listener’s'} shoulder.` }));
    } else {
      const to = first.parenthetical ? ` ${first.parenthetical}` : '';
      out.push(shot(beat, 'single', 'MCU', { duration, characters: [first.character], dialogue, action: `${display(first.character)}, speaking${to}.`, reason: exchange ? `${display(first.character)} answers: a single.` : `${display(first.character)} speaks with no one to answer: a single.` }));
    }
    spoken.add(first.character);
  });
  return out;
}

/** Covers one scene: shots in sequence order, each pointing at the beat it comes from. */
export function coverScene(input: BreakdownInput): BreakdownAnswer {
  const beats = input.beats;
  const state: SceneState = { present: [], inserted: new Set() };
  const shots: ShotProposal[] = [];
  const newLocation = !input.previousLocation || input.previousLocation !== input.scene.location;
  if (newLocation && beats[0]?.kind === 'heading') shots.push(establishing(input, beats));
  const speechRuns = runs(beats);
  const lastSpeech = [...beats].reverse().find((b) => b.kind === 'dialogue');
  const runOf = new Map<Beat, Beat[]>(speechRuns.map((r) => [r[0]!, r]));
  for (const beat of beats) {
    if (beat.kind === 'action') shots.push(...coverAction(beat, input, state));
    const run = runOf.get(beat);
    if (run) shots.push(...coverRun(run, input, state, lastSpeech));
  }
  return { shots };
}
