/** What the DOP is given and what it answers: the contract of its text answer (answers/dop.schema.json). */

/** What the DOP sees of a shot. */
export interface DopShot {
  id: string;
  size?: string;
  angle?: string;
  movement?: string;
  duration?: number;
  characters: string[];
  props: string[];
  action?: string;
  dialogue: string[];
  /** The storyboard frame, when one was drawn. */
  frame?: string;
}

export interface DopInput {
  title: string;
  style: string;
  scene: string;
  location?: { id: string; name: string; interior?: boolean; time?: string; look?: string };
  /** The chosen looks of the scene's characters, costumes and props, when chosen. */
  looks: { id: string; kind: string; name: string; prompt: string }[];
  shots: DopShot[];
}

export interface DopAnswer {
  key: string;
  shots: { id: string; lens: string; light: string; camera: { support: string; move: string }; prompt: string }[];
}
