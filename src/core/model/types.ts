/**
 * The film's data, in the film's words. These are the typed shapes of the files on disk
 * (frontmatter) plus what the loader adds (path, hash, key lines). The JSON Schemas in
 * `schemas/` validate the same shapes; unknown keys are allowed and kept on rewrite.
 */
import type { Screenplay } from '../fountain/types';
import type { Diagnostic } from '../diagnostics';

export type ArtifactKind = 'production' | 'shot' | 'character' | 'costume' | 'location' | 'prop' | 'agent' | 'review' | 'photography';

/** Written to files. `stale` and `failed` are never written: they are computed (see DisplayStatus). */
export type ArtifactStatus = 'draft' | 'proposed' | 'approved' | 'locked' | 'rejected';
export type DisplayStatus = ArtifactStatus | 'stale' | 'failed';

export type ShotSize = 'EWS' | 'WS' | 'MS' | 'MCU' | 'CU' | 'ECU' | 'OTS' | 'POV' | 'INSERT';
export const SHOT_SIZES: readonly ShotSize[] = ['EWS', 'WS', 'MS', 'MCU', 'CU', 'ECU', 'OTS', 'POV', 'INSERT'];

export type Modality = 'text' | 'image' | 'video';

/** Where an agent-written artifact came from: enough to cache, resume, lock and judge staleness. */
export interface Provenance {
  run: string;
  task: string;
  role: string;
  model: string;
  /** Provider that made it, e.g. `offline`. The offline provider always says so. */
  provider: string;
  /** Production-relative path → input hash (see artifact/hash.ts) of every input the task read. */
  inputs: Record<string, string>;
  cost?: number;
  at?: string;
}

interface ArtifactData {
  kind: ArtifactKind;
  status?: ArtifactStatus;
  provenance?: Provenance;
  /** A person's own keys are allowed and preserved. */
  [key: string]: unknown;
}

export interface ProductionData extends ArtifactData {
  kind: 'production';
  title: string;
  format?: { aspect?: string; fps?: number; resolution?: string };
  /** The style block: a paragraph every specialist sees. */
  style?: string;
  /** The treatment: what the film is meant to be; the checker compares the cut against it. */
  treatment?: string;
  approval?: 'always-ask' | 'auto';
  budget?: { cap: number; currency?: string };
  /** Target running time in seconds. */
  target_duration?: number;
  acts?: { id: string; title?: string }[];
  /** Role → modality → ordered model names (first preferred, rest fallbacks). Overrides agent.md. */
  models?: Record<string, Partial<Record<Modality, string[]>>>;
  /** Model → price overrides (see providers/costs). */
  prices?: Record<string, unknown>;
  /** Output concurrency of a run. */
  concurrency?: number;
  /** What the editor makes besides the timelines: the rough cut MP4 (default on), its slate and scratch audio (off). */
  edit?: { roughcut?: boolean; slate?: boolean; scratch_audio?: boolean };
  /** Where a run's proposals go: into the production's files (default) or to `crew/<role>/<run>` branches. */
  proposals?: 'files' | 'branches';
}

export interface DialogueLine {
  character: string;
  line: string;
  parenthetical?: string;
}

export interface ShotData extends ArtifactData {
  kind: 'shot';
  id: string;
  scene: string;
  order: number;
  act?: string;
  size?: ShotSize;
  angle?: string;
  movement?: string;
  lens?: string;
  light?: string;
  duration?: number;
  characters?: string[];
  location?: string;
  /** From the scene heading (INT./EXT.): the storyboard draws walls and a window, or sky and horizon. */
  interior?: boolean;
  /** From the scene heading (`NIGHT`, `DAY`, `DUSK`…): the storyboard lights the frame by it. */
  time?: string;
  props?: string[];
  action?: string;
  dialogue?: DialogueLine[];
  sound?: string;
  /**
   * The script's transition that follows this shot, as written (`DISSOLVE TO:`, `FADE OUT.`,
   * `CUT TO:`): set by the breakdown on a scene's last shot; the editor and the exports read it.
   */
  transition?: string;
  /** Storyboard image path, production-relative. */
  frame?: string;
  /** Generated video path, production-relative. */
  clip?: string;
  model?: string;
  /** Where in the script the shot comes from, for stable ids and go-to-source. */
  source?: { file: string; line: number; end_line?: number; text_hash?: string };
}

/** One shot as the DOP photographs it: what generation adds to a locked shot, kept out of the shot's file. */
export interface ShotPhotography {
  id: string;
  lens?: string;
  light?: string;
  camera?: { support?: string; move?: string };
  generation?: Record<string, unknown>;
  /** Generated video path, production-relative. */
  clip?: string;
  model?: string;
}

/** `photography/<scene>.md`: the DOP's work on one scene (its own file: a locked shot is never rewritten). */
export interface PhotographyData extends ArtifactData {
  kind: 'photography';
  scene: string;
  /** The scene's light key. */
  key?: string;
  shots: ShotPhotography[];
}

export interface AssetOption {
  id: string;
  label?: string;
  prompt: string;
  /** Option card or generated image, production-relative. */
  image?: string;
  model?: string;
  seed?: number;
  cost?: number;
}

interface AssetData extends ArtifactData {
  id: string;
  name: string;
  description?: string;
  options?: AssetOption[];
  /** Id of the chosen option; empty until a person chooses. */
  chosen?: string | null;
  first_appearance?: { scene: string; line: number };
  scenes?: string[];
}

export interface CharacterData extends AssetData {
  kind: 'character';
  shares_scenes_with?: string[];
}
export interface CostumeData extends AssetData {
  kind: 'costume';
  /** The character id this wardrobe dresses. */
  character: string;
}
export interface LocationData extends AssetData {
  kind: 'location';
  interior?: boolean;
  time_of_day?: string[];
}
export interface PropData extends AssetData {
  kind: 'prop';
}
export type AssetSheetData = CharacterData | CostumeData | LocationData | PropData;

export interface AgentData extends ArtifactData {
  kind: 'agent';
  role: string;
  name?: string;
  /** Exactly one sentence. */
  responsibility: string;
  stage: string;
  /** Production-relative paths or globs this role may read. */
  reads: string[];
  /** Production-relative paths or globs this role writes. */
  writes: string[];
  models?: Partial<Record<Modality, string[]>>;
  /** How many options per asset (asset roles); 4 by default. */
  options?: number;
  /** `per-scene` for a DOP per scene; a number for N alternatives. */
  instances?: 'single' | 'per-scene' | number;
}

export interface ReviewNote {
  id: string;
  severity: 'error' | 'warning' | 'info';
  /** The role that owns the fix (a continuity error in a character goes to casting). */
  role: string;
  shot?: string;
  asset?: string;
  message: string;
}

export interface ReviewData extends ArtifactData {
  kind: 'review';
  id: string;
  run?: string;
  cut?: string;
  notes: ReviewNote[];
}

export type FrontmatterData =
  | ProductionData
  | ShotData
  | CharacterData
  | CostumeData
  | LocationData
  | PropData
  | AgentData
  | ReviewData
  | PhotographyData;

/** A markdown artifact as loaded: frontmatter data, body, and where things are in the file. */
export interface Artifact<D extends FrontmatterData = FrontmatterData> {
  /** Production-relative, forward slashes. */
  path: string;
  data: D;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** 1-based line of each frontmatter key (for diagnostics): top-level by name, nested by path (`format.fps`, `options[2].image`). */
  keyLines: Record<string, number>;
  /** sha256 hex of the file's bytes as read (the writer's "changed on disk" check). */
  fileHash: string;
}

export interface Scene {
  /** `s01`, `s02`… in script order, or the forced scene number when given (`#1A#` → `s1A`). */
  id: string;
  number: number;
  heading: string;
  /** Act id from the enclosing Fountain section, if any. */
  act?: string;
  line: number;
  endLine: number;
  location?: string;
  interior?: boolean;
  timeOfDay?: string;
  characters: string[];
}

export interface AgentSpec extends Artifact<AgentData> {
  /** `agents/<role>/feedback.md` contents, only ever given to this role. */
  feedback?: string;
}

/** The whole production, loaded and cross-checked. */
export interface Production {
  /** Absolute path of the production folder. */
  root: string;
  production?: Artifact<ProductionData>;
  /** Path of the screenplay (`script.fountain` or `script.md`), production-relative. */
  scriptPath?: string;
  script?: Screenplay;
  scenes: Scene[];
  shots: Artifact<ShotData>[];
  characters: Artifact<CharacterData>[];
  costumes: Artifact<CostumeData>[];
  locations: Artifact<LocationData>[];
  props: Artifact<PropData>[];
  agents: AgentSpec[];
  reviews: Artifact<ReviewData>[];
  /** The DOP's sheets, one per scene (read through model/photography.ts). */
  photography?: Artifact<PhotographyData>[];
  diagnostics: Diagnostic[];
}
