/**
 * A Fountain screenplay as a flat list of elements, each with the 1-based line range it came
 * from. See https://fountain.io/syntax. Emphasis markers (`*`, `_`) are kept in `text`.
 */

export type ElementType =
  | 'scene_heading'
  | 'action'
  | 'character'
  | 'parenthetical'
  | 'dialogue'
  | 'transition'
  | 'centered'
  | 'section'
  | 'synopsis'
  | 'note'
  | 'page_break'
  | 'lyrics'
  | 'boneyard';

interface ElementBase {
  type: ElementType;
  /** Text with the forcing marker removed (`.`, `!`, `@`, `>`, `~`); emphasis marks are kept. */
  text: string;
  /** 1-based first line. */
  line: number;
  /** 1-based last line (multi-line action, dialogue and notes span lines). */
  endLine: number;
}

export interface SceneHeading extends ElementBase {
  type: 'scene_heading';
  /** `1A` from `#1A#`. */
  sceneNumber?: string;
  forced: boolean;
}
export interface Action extends ElementBase {
  type: 'action';
  forced: boolean;
}
export interface Character extends ElementBase {
  type: 'character';
  /** Name without extension or markers, e.g. `MARA`. */
  name: string;
  /** `V.O.`, `O.S.`, `CONT'D`… without parentheses. */
  extensions: string[];
  /** `^` after the name: this speaker talks at the same time as the previous one. */
  dual: boolean;
  forced: boolean;
}
export interface Parenthetical extends ElementBase {
  type: 'parenthetical';
}
export interface Dialogue extends ElementBase {
  type: 'dialogue';
}
export interface Transition extends ElementBase {
  type: 'transition';
  forced: boolean;
}
export interface Centered extends ElementBase {
  type: 'centered';
}
export interface Section extends ElementBase {
  type: 'section';
  /** Number of `#`: 1 is an act, 2 a sequence, and so on. */
  depth: number;
}
export interface Synopsis extends ElementBase {
  type: 'synopsis';
}
export interface Note extends ElementBase {
  type: 'note';
}
export interface PageBreak extends ElementBase {
  type: 'page_break';
}
export interface Lyrics extends ElementBase {
  type: 'lyrics';
}
/** Text the writer cut with `/* … *\/`: kept with its lines, never part of the story. */
export interface Boneyard extends ElementBase {
  type: 'boneyard';
}

export type ScriptElement =
  | SceneHeading
  | Action
  | Character
  | Parenthetical
  | Dialogue
  | Transition
  | Centered
  | Section
  | Synopsis
  | Note
  | PageBreak
  | Lyrics
  | Boneyard;

export interface TitlePageField {
  /** Lower-cased key, e.g. `title`, `credit`, `author`, `draft date`. */
  key: string;
  value: string;
  line: number;
}

export interface FountainProblem {
  line: number;
  column: number;
  message: string;
}

export interface Screenplay {
  titlePage: TitlePageField[];
  elements: ScriptElement[];
  /** Unclosed boneyard or note, and similar: reported, never thrown. */
  problems: FountainProblem[];
}
