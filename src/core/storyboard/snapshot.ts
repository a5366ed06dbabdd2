/**
 * Production → what the storyboard shows, and the difference between two of those. Pure: the
 * host injects how a production-relative media path becomes a URL its page may load (the preview
 * server's `/media/…`, VS Code's `asWebviewUri`), and what it knows about stale and failed work.
 */
import { photographyByShot } from '../model/photography';
import { posix } from 'node:path';
import type { Artifact, AssetSheetData, DisplayStatus, Production, ShotData, ShotPhotography } from '../model/types';
import { clipPath, framePath, optionImagePath } from '../model/paths';
import { isVideoClip } from '../export/cut';
import {
  DEFAULT_SHOT_SECONDS,
  type ActGroup,
  type AssetCard,
  type AssetKind,
  type ChangedMessage,
  type EmbeddedSnapshot,
  type ProductionSnapshot,
  type SceneGroup,
  type ShotCard,
  type SnapshotMessage,
} from './protocol';

/** A computed status the files do not carry (stale from the lock layer, failed from the journal). */
export interface StatusOverride {
  status: Extract<DisplayStatus, 'stale' | 'failed'>;
  reason?: string;
}

export interface SnapshotContext {
  /**
   * The URL of a production-relative media file, or undefined when it cannot be shown (missing,
   * outside the production). Only ever called with paths that passed `confinedPath`.
   */
  mediaUrl(relPath: string): string | undefined;
  /** Stale / failed status by production-relative artifact path. */
  statusOf?(relPath: string): StatusOverride | undefined;
}

const ACTION_CHARS = 400;
const DIALOGUE_LINES = 3;
const LINE_CHARS = 200;

/**
 * The production-relative form of a path taken from a file, or undefined when it is absolute or
 * climbs out of the production. The first of two checks: hosts also resolve symlinks when serving.
 */
export function confinedPath(path: string): string | undefined {
  if (!path || path.includes('\0')) return undefined;
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) return undefined;
  const normal = posix.normalize(slashed);
  if (normal === '..' || normal.startsWith('../') || normal === '.' || normal.startsWith('/')) return undefined;
  return normal;
}

function clip(text: string | undefined, max: number): string | undefined {
  if (text === undefined || text === null) return undefined;
  const s = String(text).trim();
  return s.length > max ? s.slice(0, max - 1).trimEnd() + '…' : s;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : undefined);

function mediaUrlOf(ctx: SnapshotContext, path: unknown): string | undefined {
  if (typeof path !== 'string') return undefined;
  const rel = confinedPath(path);
  return rel === undefined ? undefined : ctx.mediaUrl(rel);
}

/** The shot's clip: the video its `clip` names, else the one the generation stage makes (the host says whether it exists). */
function clipOf(d: ShotData): string | undefined {
  if (isVideoClip(d.clip)) return d.clip;
  return typeof d.id === 'string' ? clipPath(d.id) : undefined;
}

function statusOf(ctx: SnapshotContext, artifact: Artifact): { status: DisplayStatus; reason?: string } {
  const override = ctx.statusOf?.(artifact.path);
  if (override) return override.reason ? { status: override.status, reason: override.reason } : { status: override.status };
  return { status: artifact.data.status ?? 'draft' };
}

/** Sequence order: acts as the production lists them, scenes in script order, then `order`, then id. */
function sequenceKeys(production: Production) {
  const actIndex = new Map((production.production?.data.acts ?? []).map((a, i) => [a.id, i]));
  const sceneIndex = new Map(production.scenes.map((s, i) => [s.id, i]));
  const sceneAct = new Map(production.scenes.map((s) => [s.id, s.act]));
  const actOf = (shot: ShotData) => str(shot.act) ?? sceneAct.get(shot.scene) ?? '';
  const compare = (a: ShotData, b: ShotData) => {
    const aa = actOf(a), ba = actOf(b);
    const ai = actIndex.get(aa) ?? Number.MAX_SAFE_INTEGER, bi = actIndex.get(ba) ?? Number.MAX_SAFE_INTEGER;
    if (ai !== bi) return ai - bi;
    if (aa !== ba) return aa.localeCompare(ba);
    const as = sceneIndex.get(a.scene) ?? Number.MAX_SAFE_INTEGER, bs = sceneIndex.get(b.scene) ?? Number.MAX_SAFE_INTEGER;
    if (as !== bs) return as - bs;
    if (a.scene !== b.scene) return String(a.scene).localeCompare(String(b.scene), undefined, { numeric: true });
    const ao = Number(a.order) || 0, bo = Number(b.order) || 0;
    return ao !== bo ? ao - bo : String(a.id).localeCompare(String(b.id), undefined, { numeric: true });
  };
  return { actOf, compare };
}

/** Character and location ids → the names their sheets give (`mara` → `MARA`), as a screenplay says them. */
export interface Names {
  character(id: string): string;
  location(id: string): string;
}

function namesOf(production: Production): Names {
  const byId = (sheets: Artifact<AssetSheetData>[]) => new Map(sheets.map((a) => [String(a.data.id), str(a.data.name) ?? String(a.data.id)]));
  const characters = byId(production.characters);
  const locations = byId(production.locations);
  return { character: (id) => characters.get(id) ?? id, location: (id) => locations.get(id) ?? id };
}

function shotCard(shot: Artifact<ShotData>, act: string, ctx: SnapshotContext, names: Names): ShotCard {
  const d = shot.data;
  const card: ShotCard = {
    id: String(d.id),
    path: shot.path,
    line: shot.keyLines.id ?? 1,
    act,
    scene: String(d.scene ?? ''),
    order: Number(d.order) || 0,
    duration: typeof d.duration === 'number' && d.duration > 0 ? d.duration : DEFAULT_SHOT_SECONDS,
    characters: Array.isArray(d.characters) ? d.characters.map((c) => names.character(String(c))) : [],
    dialogue: (Array.isArray(d.dialogue) ? d.dialogue : []).slice(0, DIALOGUE_LINES).map((l) => {
      const line = { character: names.character(String(l?.character ?? '')), line: clip(String(l?.line ?? ''), LINE_CHARS) ?? '' };
      return typeof l?.parenthetical === 'string' ? { ...line, parenthetical: clip(l.parenthetical, LINE_CHARS) } : line;
    }),
    ...statusOf(ctx, shot),
  };
  const optional = { size: str(d.size), angle: str(d.angle), movement: str(d.movement), lens: str(d.lens), location: str(d.location) && names.location(String(d.location)), sound: clip(str(d.sound), LINE_CHARS), action: clip(str(d.action), ACTION_CHARS) };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (card as unknown as Record<string, string>)[k] = v;
  const frameUrl = mediaUrlOf(ctx, framePath({ id: card.id, frame: typeof d.frame === 'string' ? d.frame : undefined }));
  if (frameUrl) card.frameUrl = frameUrl;
  const clipUrl = mediaUrlOf(ctx, clipOf(d));
  if (clipUrl) card.clipUrl = clipUrl;
  return card;
}

const FOLDER = { character: 'characters', costume: 'costumes', location: 'locations', prop: 'props' } as const;

function assetCard(kind: AssetKind, sheet: Artifact<AssetSheetData>, ctx: SnapshotContext): AssetCard {
  const d = sheet.data;
  const id = String(d.id);
  const card: AssetCard = {
    kind,
    id,
    name: str(d.name) ?? id,
    path: sheet.path,
    options: (Array.isArray(d.options) ? d.options : []).map((o) => {
      const option = { id: String(o.id), prompt: String(o.prompt ?? '') } as AssetCard['options'][number];
      if (str(o.label)) option.label = String(o.label);
      const imageUrl = mediaUrlOf(ctx, o.image ?? optionImagePath(FOLDER[kind], id, String(o.id)));
      if (imageUrl) option.imageUrl = imageUrl;
      return option;
    }),
    ...statusOf(ctx, sheet),
  };
  const description = clip(str(d.description), 600);
  if (description) card.description = description;
  if (str(d.chosen)) card.chosen = String(d.chosen);
  return card;
}

/**
 * Cards made earlier, reused while their artifact (the loader keeps the same object for a file
 * that did not change) and everything else a card shows are the same. With it, a save in a
 * 2,000-shot production rebuilds one card, and the diff compares the others by identity.
 */
export class CardMemo {
  private readonly shots = new WeakMap<Artifact<ShotData>, { key: string; card: ShotCard }>();

  card(shot: Artifact<ShotData>, act: string, ctx: SnapshotContext, names: Names): ShotCard {
    const override = ctx.statusOf?.(shot.path);
    const frame = typeof shot.data.frame === 'string' ? shot.data.frame : undefined;
    const d = shot.data;
    const people = [...(Array.isArray(d.characters) ? d.characters : []), ...(Array.isArray(d.dialogue) ? d.dialogue.map((l) => l?.character) : [])].map((c) => names.character(String(c)));
    const key = [act, override?.status, override?.reason, mediaUrlOf(ctx, framePath({ id: String(d.id), frame })), mediaUrlOf(ctx, clipOf(d)), names.location(String(d.location)), ...people].join('\0');
    const known = this.shots.get(shot);
    if (known?.key === key) return known.card;
    const card = shotCard(shot, act, ctx, names);
    this.shots.set(shot, { key, card });
    return card;
  }
}

const litCards = new WeakMap<ShotCard, { key: string; card: ShotCard }>();

/** A card with the DOP's lens and clip (photography/<scene>.md) over the shot's own; the same object while they do not change. */
function lit(card: ShotCard, p: ShotPhotography | undefined, ctx: SnapshotContext): ShotCard {
  if (!p) return card;
  const lens = str(p.lens);
  const clipUrl = mediaUrlOf(ctx, p.clip);
  const key = `${lens ?? ''}\0${clipUrl ?? ''}`;
  const known = litCards.get(card);
  if (known?.key === key) return known.card;
  const out: ShotCard = { ...card, ...(lens ? { lens } : {}), ...(clipUrl ? { clipUrl } : {}) };
  litCards.set(card, { key, card: out });
  return out;
}

/** What the storyboard shows of a production: shots grouped by act and scene in sequence order, assets with their options. */
export function storyboardSnapshot(production: Production, ctx: SnapshotContext, memo?: CardMemo): ProductionSnapshot {
  const meta = production.production?.data;
  const { actOf, compare } = sequenceKeys(production);
  const sorted = [...production.shots].filter((s) => str(s.data.id)).sort((a, b) => compare(a.data, b.data));
  const names = namesOf(production);
  const photography = photographyByShot(production.photography);
  const shots = sorted.map((s) => lit(memo ? memo.card(s, actOf(s.data), ctx, names) : shotCard(s, actOf(s.data), ctx, names), photography.get(s.data.id), ctx));

  const actTitles = new Map((meta?.acts ?? []).map((a) => [a.id, str(a.title) ?? a.id]));
  const scenes = new Map(production.scenes.map((s) => [s.id, s]));
  const acts: ActGroup[] = [];
  for (const card of shots) {
    let act = acts[acts.length - 1];
    if (!act || act.id !== card.act) acts.push((act = { id: card.act, title: actTitles.get(card.act) ?? card.act, scenes: [] }));
    let scene: SceneGroup | undefined = act.scenes[act.scenes.length - 1];
    if (!scene || scene.id !== card.scene) {
      const known = scenes.get(card.scene);
      scene = { id: card.scene, number: known?.number ?? act.scenes.length + 1, heading: known?.heading ?? card.scene.toUpperCase(), shots: [] };
      if (known?.location) scene.location = known.location;
      act.scenes.push(scene);
    }
    scene.shots.push(card.id);
  }

  const assets: AssetCard[] = [
    ...production.characters.map((a) => assetCard('character', a, ctx)),
    ...production.costumes.map((a) => assetCard('costume', a, ctx)),
    ...production.locations.map((a) => assetCard('location', a, ctx)),
    ...production.props.map((a) => assetCard('prop', a, ctx)),
  ];

  const [w, h] = String(meta?.format?.aspect ?? '16:9').split(':').map(Number);
  return {
    title: str(meta?.title) ?? 'Untitled production',
    fps: typeof meta?.format?.fps === 'number' && meta.format.fps > 0 ? meta.format.fps : 24,
    aspect: w && h ? w / h : 16 / 9,
    acts,
    shots,
    assets,
  };
}

/** Cards a shell carries before the rest: more than a 4K screen shows at once. */
export const SHELL_CARDS = 96;

/**
 * What a host embeds in its HTML shell. A large production's shell carries every shot's place in
 * the grouping but only the first `cards` cards and no assets, so the page parses and paints a
 * screenful instead of the whole film (2,000 cards are about 900 KB of JSON); the app then takes
 * the whole snapshot from the host. A production that fits is embedded whole.
 */
export function shellSnapshot(version: number, snapshot: ProductionSnapshot, cards = SHELL_CARDS): EmbeddedSnapshot {
  if (snapshot.shots.length <= cards) return { version, snapshot };
  return { version, snapshot: { ...snapshot, shots: snapshot.shots.slice(0, cards), assets: [] }, partial: true };
}

const assetKey = (a: AssetCard) => `${a.kind}/${a.id}`;

/**
 * Only what changed from `prev` to `next` (a `production/changed`), a whole snapshot when the frame
 * format changed (every card's geometry does), or undefined when nothing did.
 */
export function storyboardChanges(prev: ProductionSnapshot, next: ProductionSnapshot): ChangedMessage | SnapshotMessage | undefined {
  if (prev.fps !== next.fps || prev.aspect !== next.aspect) return { type: 'production/snapshot', snapshot: next };
  const before = new Map(prev.shots.map((s) => [s.id, s]));
  // The same object is the same card (see CardMemo); only new objects are compared by value.
  const shots = next.shots.filter((s) => {
    const old = before.get(s.id);
    return old !== s && (!old || JSON.stringify(old) !== JSON.stringify(s));
  });
  const nextIds = new Set(next.shots.map((s) => s.id));
  const removedShots = prev.shots.filter((s) => !nextIds.has(s.id)).map((s) => s.id);

  const assetsBefore = new Map(prev.assets.map((a) => [assetKey(a), JSON.stringify(a)]));
  const assets = next.assets.filter((a) => assetsBefore.get(assetKey(a)) !== JSON.stringify(a));
  const nextAssets = new Set(next.assets.map(assetKey));
  const removedAssets = prev.assets.map(assetKey).filter((k) => !nextAssets.has(k));

  const actsChanged = JSON.stringify(prev.acts) !== JSON.stringify(next.acts);
  const titleChanged = prev.title !== next.title;
  if (!shots.length && !removedShots.length && !assets.length && !removedAssets.length && !actsChanged && !titleChanged) return undefined;
  const message: ChangedMessage = { type: 'production/changed', shots, removedShots, assets, removedAssets };
  if (actsChanged) message.acts = next.acts;
  if (titleChanged) message.title = next.title;
  return message;
}
