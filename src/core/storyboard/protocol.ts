/**
 * The storyboard's one message protocol, shared by the web app (`webview/`) and both of its hosts
 * (the VS Code webview panel and `filmcrew preview`). Every message is a value of a discriminated
 * union named `scope/method` (cf. GitLens' webview ipc). The type guards below validate untrusted
 * input (a POST body, a postMessage) field by field, so neither side trusts the other's JSON.
 *
 * This file is imported by the browser bundle: it may import types only, and must stay pure.
 */
import type { DisplayStatus } from '../model/types';

// ---------------------------------------------------------------------------------------------
// What the app shows

export type AssetKind = 'character' | 'costume' | 'location' | 'prop';
export const ASSET_KINDS: readonly AssetKind[] = ['character', 'costume', 'location', 'prop'];
export const DISPLAY_STATUSES: readonly DisplayStatus[] = ['draft', 'proposed', 'approved', 'locked', 'rejected', 'stale', 'failed'];

export interface DialogueExcerpt {
  character: string;
  line: string;
  parenthetical?: string;
}

/** One shot as a card: everything the storyboard and the animatic need, nothing they don't. */
export interface ShotCard {
  id: string;
  /** Production-relative path of the shot file. */
  path: string;
  /** 1-based line to open the file at (the `id:` key). */
  line: number;
  act: string;
  scene: string;
  order: number;
  size?: string;
  angle?: string;
  movement?: string;
  lens?: string;
  /** Seconds; shots without a duration play for DEFAULT_SHOT_SECONDS. */
  duration: number;
  characters: string[];
  location?: string;
  /** The action, shortened to what a card can show. */
  action?: string;
  dialogue: DialogueExcerpt[];
  sound?: string;
  status: DisplayStatus;
  /** Why a shot is stale or failed, in a sentence. */
  reason?: string;
  /** A host URL of the storyboard frame, absent when no frame exists yet. */
  frameUrl?: string;
  /** A host URL of the generated clip, when one exists. */
  clipUrl?: string;
}

export interface SceneGroup {
  id: string;
  number: number;
  heading: string;
  location?: string;
  /** Shot ids in sequence order. */
  shots: string[];
}

export interface ActGroup {
  /** Empty for shots that belong to no act. */
  id: string;
  title: string;
  scenes: SceneGroup[];
}

export interface AssetOptionCard {
  id: string;
  label?: string;
  prompt: string;
  imageUrl?: string;
}

export interface AssetCard {
  kind: AssetKind;
  id: string;
  name: string;
  path: string;
  description?: string;
  status: DisplayStatus;
  reason?: string;
  options: AssetOptionCard[];
  chosen?: string;
}

export interface ProductionSnapshot {
  title: string;
  fps: number;
  /** Width / height of a frame, e.g. 16/9. */
  aspect: number;
  /** The grouping of shots: acts → scenes → shot ids, in sequence order. */
  acts: ActGroup[];
  /** Every shot, in sequence order. */
  shots: ShotCard[];
  assets: AssetCard[];
}

export const DEFAULT_SHOT_SECONDS = 3;

/** The production as of a version, carried in the HTML shell so the app paints without a round trip. */
export interface EmbeddedSnapshot {
  /** The host's snapshot counter: the app asks for changes since it, not for the snapshot again. */
  version: number;
  snapshot: ProductionSnapshot;
  /**
   * The snapshot carries the grouping of every shot but only the first cards in sequence order
   * (and no assets): the app paints those, then asks the host for the whole snapshot.
   */
  partial?: boolean;
}

/** The id of the shell's JSON data block (read with textContent, never executed). */
export const SNAPSHOT_BLOCK_ID = 'filmcrew-snapshot';

// ---------------------------------------------------------------------------------------------
// Host → app

export interface SnapshotMessage {
  type: 'production/snapshot';
  snapshot: ProductionSnapshot;
}

/** Only what changed since the last snapshot or change. `acts` is present only when grouping or order changed. */
export interface ChangedMessage {
  type: 'production/changed';
  title?: string;
  shots: ShotCard[];
  removedShots: string[];
  assets: AssetCard[];
  /** `kind/id` of each asset that is gone, e.g. `character/mara`. */
  removedAssets: string[];
  acts?: ActGroup[];
}

export interface RunProgressMessage {
  type: 'run/progress';
  runId: string;
  state: 'running' | 'finished' | 'failed';
  done: number;
  total: number;
  /** What is happening now, in a sentence. */
  message: string;
}

/** The answer to an action the app asked for (approve, reject, choose, regenerate, open). */
export interface ActionResultMessage {
  type: 'action/result';
  requestId: string;
  ok: boolean;
  message: string;
}

/** Select and scroll to a shot (the VS Code host follows the active editor). */
export interface RevealShotMessage {
  type: 'shot/reveal';
  shotId: string;
}

export type HostMessage = SnapshotMessage | ChangedMessage | RunProgressMessage | ActionResultMessage | RevealShotMessage;

// ---------------------------------------------------------------------------------------------
// App → host

export interface ReadyMessage {
  type: 'app/ready';
}
export interface OpenFileMessage {
  type: 'file/open';
  path: string;
  line?: number;
}
export interface ApproveShotMessage {
  type: 'shot/approve';
  requestId: string;
  shotId: string;
}
export interface RejectShotMessage {
  type: 'shot/reject';
  requestId: string;
  shotId: string;
  note: string;
}
export interface ChooseOptionMessage {
  type: 'asset/choose';
  requestId: string;
  kind: AssetKind;
  assetId: string;
  optionId: string;
}
/** What of a shot can be redone: its storyboard frame, its scene's photography (the DOP), its clip. */
export type RegenerateWhat = 'frame' | 'photography' | 'clip';
/** Redo a shot's storyboard frame, its scene's photography or its clip. */
export interface RegenerateShotMessage {
  type: 'shot/regenerate';
  requestId: string;
  shotId: string;
  what: RegenerateWhat;
}
/** The animatic started or stopped (hosts may follow along; nothing is required of them). */
export interface PlayAnimaticMessage {
  type: 'animatic/play';
  playing: boolean;
  shotId?: string;
}

export type AppMessage =
  | ReadyMessage
  | OpenFileMessage
  | ApproveShotMessage
  | RejectShotMessage
  | ChooseOptionMessage
  | RegenerateShotMessage
  | PlayAnimaticMessage;

/** Messages the host answers with an `action/result`. */
export type ActionMessage = ApproveShotMessage | RejectShotMessage | ChooseOptionMessage | RegenerateShotMessage;

// ---------------------------------------------------------------------------------------------
// Type guards: each checks every field it relies on, since messages cross a trust boundary.

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const isOptString = (v: unknown) => v === undefined || typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isArrayOf = <T>(v: unknown, item: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.every(item);
const MAX_NOTE = 10_000;

export const isAssetKind = (v: unknown): v is AssetKind => (ASSET_KINDS as readonly unknown[]).includes(v);
export const isDisplayStatus = (v: unknown): v is DisplayStatus => (DISPLAY_STATUSES as readonly unknown[]).includes(v);

function isDialogue(v: unknown): v is DialogueExcerpt {
  return isObject(v) && isString(v.character) && isString(v.line) && isOptString(v.parenthetical);
}

export function isShotCard(v: unknown): v is ShotCard {
  return (
    isObject(v) &&
    isId(v.id) &&
    isString(v.path) &&
    isNumber(v.line) &&
    isString(v.act) &&
    isString(v.scene) &&
    isNumber(v.order) &&
    isNumber(v.duration) &&
    isArrayOf(v.characters, isString) &&
    isArrayOf(v.dialogue, isDialogue) &&
    isDisplayStatus(v.status) &&
    ['size', 'angle', 'movement', 'lens', 'location', 'action', 'sound', 'reason', 'frameUrl', 'clipUrl'].every((k) => isOptString(v[k]))
  );
}

function isSceneGroup(v: unknown): v is SceneGroup {
  return isObject(v) && isString(v.id) && isNumber(v.number) && isString(v.heading) && isOptString(v.location) && isArrayOf(v.shots, isString);
}

function isActGroup(v: unknown): v is ActGroup {
  return isObject(v) && isString(v.id) && isString(v.title) && isArrayOf(v.scenes, isSceneGroup);
}

function isOptionCard(v: unknown): v is AssetOptionCard {
  return isObject(v) && isId(v.id) && isString(v.prompt) && isOptString(v.label) && isOptString(v.imageUrl);
}

export function isAssetCard(v: unknown): v is AssetCard {
  return (
    isObject(v) &&
    isAssetKind(v.kind) &&
    isId(v.id) &&
    isString(v.name) &&
    isString(v.path) &&
    isDisplayStatus(v.status) &&
    isArrayOf(v.options, isOptionCard) &&
    ['description', 'reason', 'chosen'].every((k) => isOptString(v[k]))
  );
}

function isSnapshot(v: unknown): v is ProductionSnapshot {
  return (
    isObject(v) &&
    isString(v.title) &&
    isNumber(v.fps) &&
    isNumber(v.aspect) &&
    isArrayOf(v.acts, isActGroup) &&
    isArrayOf(v.shots, isShotCard) &&
    isArrayOf(v.assets, isAssetCard)
  );
}

/** True when `v` is a well-formed message from a host to the app. */
export function isHostMessage(v: unknown): v is HostMessage {
  if (!isObject(v) || !isString(v.type)) return false;
  const type = v.type as HostMessage['type'];
  switch (type) {
    case 'production/snapshot':
      return isSnapshot(v.snapshot);
    case 'production/changed':
      return (
        isOptString(v.title) &&
        isArrayOf(v.shots, isShotCard) &&
        isArrayOf(v.removedShots, isString) &&
        isArrayOf(v.assets, isAssetCard) &&
        isArrayOf(v.removedAssets, isString) &&
        (v.acts === undefined || isArrayOf(v.acts, isActGroup))
      );
    case 'run/progress':
      return isString(v.runId) && ['running', 'finished', 'failed'].includes(v.state as string) && isNumber(v.done) && isNumber(v.total) && isString(v.message);
    case 'action/result':
      return isString(v.requestId) && typeof v.ok === 'boolean' && isString(v.message);
    case 'shot/reveal':
      return isId(v.shotId);
    default:
      return unknownType(type);
  }
}

/** True when `v` is a well-formed message from the app to its host. */
export function isAppMessage(v: unknown): v is AppMessage {
  if (!isObject(v) || !isString(v.type)) return false;
  const type = v.type as AppMessage['type'];
  switch (type) {
    case 'app/ready':
      return true;
    case 'file/open':
      return isString(v.path) && v.path.length > 0 && v.path.length <= 1000 && (v.line === undefined || isNumber(v.line));
    case 'shot/approve':
      return isId(v.requestId) && isId(v.shotId);
    case 'shot/reject':
      return isId(v.requestId) && isId(v.shotId) && isString(v.note) && v.note.trim().length > 0 && v.note.length <= MAX_NOTE;
    case 'asset/choose':
      return isId(v.requestId) && isAssetKind(v.kind) && isId(v.assetId) && isId(v.optionId);
    case 'shot/regenerate':
      return isId(v.requestId) && isId(v.shotId) && (v.what === 'frame' || v.what === 'photography' || v.what === 'clip');
    case 'animatic/play':
      return typeof v.playing === 'boolean' && (v.shotId === undefined || isId(v.shotId));
    default:
      return unknownType(type);
  }
}

/** True for the app messages a host must answer with an `action/result`. */
export function isActionMessage(m: AppMessage): m is ActionMessage {
  return m.type === 'shot/approve' || m.type === 'shot/reject' || m.type === 'asset/choose' || m.type === 'shot/regenerate';
}

/** Compile-time exhaustiveness: a `switch` over a union ends here; at run time an unknown type is rejected. */
export function unknownType(_type: never): false {
  return false;
}
