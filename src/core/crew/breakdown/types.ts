/**
 * The director's assistant's contract with any text model: the structured input a scene task
 * sends (what the screenplay says, beat by beat) and the JSON answer it expects back (shot
 * proposals). The offline crew and a real model answer the same schema:
 * schemas/answers/directors-assistant.schema.json.
 */
import type { ShotSize } from '../../model/types';

export interface Speech {
  /** As written in the script, without extensions: `MARA`. */
  character: string;
  /** `O.S.`, `V.O.`, `CONT'D`… */
  extensions: string[];
  parenthetical?: string;
  line: string;
}

/** A unit of the screenplay that coverage is planned from. */
export interface Beat {
  /** Position in the scene, 0 = the scene heading. */
  index: number;
  kind: 'heading' | 'action' | 'dialogue';
  /** The beat's text, whitespace collapsed: what a shot's `source.text_hash` is computed from. */
  text: string;
  line: number;
  endLine: number;
  /** Dialogue beats: one speech, or two when the second is dual dialogue (`^`). */
  speeches?: Speech[];
}

export interface SceneFacts {
  id: string;
  heading: string;
  location?: string;
  interior?: boolean;
  timeOfDay?: string;
  act?: string;
}

export interface BreakdownInput {
  title: string;
  style: string;
  scene: SceneFacts;
  /** Location of the scene before this one: a scene in a new location opens on an establishing shot. */
  previousLocation?: string;
  /** Every character of the screenplay (speakers and characters introduced in action), as written. */
  cast: string[];
  beats: Beat[];
}

export type Coverage =
  | 'establishing'
  | 'introduction'
  | 'action'
  | 'group'
  | 'detail'
  | 'pov'
  | 'place'
  | 'insert'
  | 'single'
  | 'over-the-shoulder'
  | 'closing-single'
  | 'reaction'
  | 'two-shot';

export interface ShotProposal {
  /** Index of the beat this shot covers. */
  beat: number;
  coverage: Coverage;
  size: ShotSize;
  angle: string;
  movement: string;
  /** Seconds. */
  duration: number;
  /** Character names as written in the script. Over-the-shoulder: [the speaker we face, the shoulder]. */
  characters: string[];
  /** Prop names as written in the script. */
  props: string[];
  action: string;
  /** Speeches the shot plays (empty for action); `parenthetical` is '' when there is none. */
  dialogue: { character: string; line: string; parenthetical: string }[];
  /** Why this shot, in a sentence: goes into the shot's body. */
  reason: string;
}

export interface BreakdownAnswer {
  shots: ShotProposal[];
}
