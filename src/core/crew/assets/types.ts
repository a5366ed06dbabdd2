/**
 * The asset roles' contract with any model (casting, costume, production design): what the
 * script says about one character, wardrobe, location or prop, and the answer expected back —
 * a description and N options, each with its own image prompt. Schemas:
 * schemas/answers/{casting,costume,production-design}.schema.json (the same shape).
 */

export type SheetKind = 'character' | 'costume' | 'location' | 'prop';

/** A place in the script that says something about the asset. */
export interface Mention {
  scene: string;
  line: number;
  text: string;
}

export interface SheetFacts {
  firstAppearance?: { scene: string; line: number };
  scenes: string[];
  /** Action lines (or sentences) that name the asset, in script order, a handful at most. */
  mentions: Mention[];
  /** Character: the description in parentheses where the script introduces them. */
  introduction?: string;
  /** Character: the pronoun the action uses for them, if it is clear. */
  pronoun?: 'she' | 'he';
  /** Character: the others in their scenes, as written. */
  sharesScenesWith?: string[];
  /** Character: how many speeches, and the first few. */
  speeches?: number;
  sampleLines?: string[];
  /** Location: headings as written, interior or not, times of day. */
  headings?: string[];
  interior?: boolean;
  timesOfDay?: string[];
  /** Prop: who handles it (characters named where it is). */
  handledBy?: string[];
}

export interface SheetInput {
  kind: SheetKind;
  id: string;
  /** As written in the script: `MARA`, `LIGHTHOUSE - LAMP ROOM`, `LANTERN`. */
  name: string;
  title: string;
  style: string;
  /** How many options to propose. */
  options: number;
  facts: SheetFacts;
}

export interface OptionAnswer {
  id: string;
  label: string;
  prompt: string;
}

export interface SheetAnswer {
  description: string;
  options: OptionAnswer[];
}
