/**
 * The app's copy of the production: cards by id, the act → scene grouping, assets, and the
 * filters. Host messages are applied here; views ask it what to show.
 */
import type { ActGroup, AssetCard, ChangedMessage, ProductionSnapshot, ShotCard } from '../src/core/storyboard/protocol';
import type { SavedState } from './host';

export type Filters = SavedState['filters'];
export const NO_FILTERS: Filters = { status: '', character: '', location: '', act: '', text: '' };

/** What a message changed, so views redo only that. */
export interface Applied {
  /** Ids of shot cards whose content changed (or were added / removed). */
  shots: Set<string>;
  assets: boolean;
  /** The grouping, the order or the set of shots changed: the board's layout must be recomputed. */
  layout: boolean;
}

export const assetKey = (a: Pick<AssetCard, 'kind' | 'id'>) => `${a.kind}/${a.id}`;

export class Store {
  title = '';
  fps = 24;
  aspect = 16 / 9;
  acts: ActGroup[] = [];
  readonly shots = new Map<string, ShotCard>();
  readonly assets = new Map<string, AssetCard>();
  filters: Filters = { ...NO_FILTERS };
  loaded = false;
  /** Only the first cards are in hand (the shell's snapshot); the grouping already names every shot. */
  partial = false;
  private sequenceCache: ShotCard[] | undefined;

  snapshot(s: ProductionSnapshot, partial = false): Applied {
    this.partial = partial;
    this.title = s.title;
    this.fps = s.fps;
    this.aspect = s.aspect;
    this.acts = s.acts;
    this.shots.clear();
    for (const card of s.shots) this.shots.set(card.id, card);
    this.assets.clear();
    for (const a of s.assets) this.assets.set(assetKey(a), a);
    this.sequenceCache = undefined;
    this.loaded = true;
    return { shots: new Set(this.shots.keys()), assets: true, layout: true };
  }

  changed(m: ChangedMessage): Applied {
    const shots = new Set<string>();
    let layout = Boolean(m.acts);
    if (m.title !== undefined) this.title = m.title;
    if (m.acts) this.acts = m.acts;
    for (const id of m.removedShots) {
      if (this.shots.delete(id)) shots.add(id);
      layout = true;
    }
    for (const card of m.shots) {
      const before = this.shots.get(card.id);
      if (!before) layout = true;
      // A changed field a filter looks at may move the card in or out of view.
      else if (this.filtered() && !sameFilterFields(before, card)) layout = true;
      this.shots.set(card.id, card);
      shots.add(card.id);
    }
    for (const key of m.removedAssets) this.assets.delete(key);
    for (const a of m.assets) this.assets.set(assetKey(a), a);
    if (layout || shots.size) this.sequenceCache = undefined;
    return { shots, assets: m.assets.length > 0 || m.removedAssets.length > 0, layout };
  }

  /** Every shot in sequence order (acts → scenes → shots). */
  sequence(): ShotCard[] {
    if (this.sequenceCache) return this.sequenceCache;
    const out: ShotCard[] = [];
    for (const act of this.acts) for (const scene of act.scenes) for (const id of scene.shots) {
      const card = this.shots.get(id);
      if (card) out.push(card);
    }
    return (this.sequenceCache = out);
  }

  /** Shots in the grouping, whether or not their cards are in hand yet. */
  shotCount(): number {
    let n = 0;
    for (const act of this.acts) for (const scene of act.scenes) n += scene.shots.length;
    return n;
  }

  filtered(): boolean {
    const f = this.filters;
    return Boolean(f.status || f.character || f.location || f.act || f.text.trim());
  }

  matches(card: ShotCard): boolean {
    const f = this.filters;
    if (f.status && card.status !== f.status) return false;
    if (f.character && !card.characters.includes(f.character)) return false;
    if (f.location && card.location !== f.location) return false;
    if (f.act && card.act !== f.act) return false;
    const text = f.text.trim().toLowerCase();
    if (text) {
      const haystack = [card.id, card.action ?? '', card.sound ?? '', card.location ?? '', ...card.characters, ...card.dialogue.map((d) => `${d.character} ${d.line}`)]
        .join('\n')
        .toLowerCase();
      if (!haystack.includes(text)) return false;
    }
    return true;
  }

  /** The shots the filters let through, in sequence order. */
  visibleSequence(): ShotCard[] {
    const all = this.sequence();
    return this.filtered() ? all.filter((c) => this.matches(c)) : all;
  }

  /** Values seen in the production, for the filter menus. */
  facets(): { statuses: string[]; characters: string[]; locations: string[]; acts: { id: string; title: string }[] } {
    const statuses = new Set<string>(), characters = new Set<string>(), locations = new Set<string>();
    for (const card of this.shots.values()) {
      statuses.add(card.status);
      for (const c of card.characters) characters.add(c);
      if (card.location) locations.add(card.location);
    }
    const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
    return { statuses: sort(statuses), characters: sort(characters), locations: sort(locations), acts: this.acts.filter((a) => a.id).map((a) => ({ id: a.id, title: a.title })) };
  }

  sceneHeading(sceneId: string): string {
    for (const act of this.acts) for (const s of act.scenes) if (s.id === sceneId) return s.heading;
    return sceneId;
  }
}

function sameFilterFields(a: ShotCard, b: ShotCard): boolean {
  return a.status === b.status && a.location === b.location && a.act === b.act && a.characters.join('\n') === b.characters.join('\n') && a.action === b.action && JSON.stringify(a.dialogue) === JSON.stringify(b.dialogue);
}
