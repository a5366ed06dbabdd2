/**
 * Where things live in a production, by convention. One place, so the planner, the crew,
 * the git layer and the storyboard agree on every path.
 */
import type { ShotData } from './types';

export const PRODUCTION_FILE = 'production.md';
export const SCRIPT_FILES = ['script.fountain', 'script.md'] as const;
export const LOCKFILE = 'filmcrew.lock';
export const STATE_DIR = '.filmcrew';
export const RUNS_DIR = '.filmcrew/runs';
/** The producer's own journals (its paid calls): not runs, so never the newest run nor resumed. */
export const PRODUCER_RUNS_DIR = '.filmcrew/producer';

export const shotFile = (shotId: string) => `shots/${shotId}.md`;
export const characterFile = (id: string) => `characters/${id}.md`;
export const costumeFile = (characterId: string) => `costumes/${characterId}.md`;
export const locationFile = (id: string) => `locations/${id}.md`;
export const propFile = (id: string) => `props/${id}.md`;
export const agentFile = (role: string) => `agents/${role}/agent.md`;
export const feedbackFile = (role: string) => `agents/${role}/feedback.md`;
/** The DOP's work on a scene: lens, light, camera and generation prompt per shot. */
export const photographyFile = (scene: string) => `photography/${scene}.md`;
export const reviewFile = (id: string) => `reviews/${id}.md`;
/** `x.proposed.md`, `x.alt2.svg`: a proposal beside the file it would replace (a write conflict, a role's alternative), never an artifact itself. */
export const isBesideProposal = (path: string): boolean => /\.(proposed|alt\d+)(\.[^./]+)?$/.test(path);

/** The storyboard frame of a shot: its `frame` field when a person set one, else the convention. */
export function framePath(shot: Pick<ShotData, 'id' | 'frame'>, ext = 'svg'): string {
  return shot.frame ?? `media/frames/${shot.id}.${ext}`;
}
export const clipPath = (shotId: string, ext = 'mp4') => `media/clips/${shotId}.${ext}`;
/** An asset option's card or image: media/options/<folder>/<asset>-<option>.<ext>. */
export const optionImagePath = (folder: 'characters' | 'costumes' | 'locations' | 'props', assetId: string, optionId: string, ext = 'svg') =>
  `media/options/${folder}/${assetId}-${optionId}.${ext}`;

export const EDIT_DIR = 'edit';
export const timelineFiles = { otio: 'edit/cut.otio', edl: 'edit/cut.edl', animatic: 'edit/animatic.html' } as const;
/** What the editor makes besides the timelines: the rough cut and the files other editors import. */
export const cutFiles = { roughcut: 'edit/roughcut.mp4', fcpxml: 'edit/cut.fcpxml', shotlist: 'edit/shotlist.csv', storyboard: 'edit/storyboard.pdf' } as const;

/** Lower-case, ascii, dash-separated: `MARA` → `mara`, `LIGHTHOUSE - LAMP ROOM` → `lighthouse-lamp-room`. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
