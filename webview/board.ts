/**
 * The storyboard grid: act and scene headers, then rows of shot cards, virtualized. The layout
 * (every row's top and height) is computed from the data and the width; only the rows in view
 * (plus a margin) have elements, so 2,000 shots cost what 30 do.
 */
import type { ShotCard } from '../src/core/storyboard/protocol';
import { pendingCardElement, shotCardElement } from './card';
import { formatSeconds, h } from './dom';
import type { Store } from './store';

const PAD = 16;
const GAP = 12;
const MIN_CARD = 232;
const META = 128;
const ACT_HEADER = 52;
const SCENE_HEADER = 40;
const OVERSCAN = 600;
/** A scroll faster than this share of the view per frame is a fling: frames wait until it settles. */
const FLING = 0.5;
const SETTLE_MS = 90;
/** The data of a card whose shot is in the grouping but whose card is not in hand yet. */
const PENDING = 'pending';

type Item =
  | { kind: 'act'; key: string; id: string; title: string; shots: number; seconds: number }
  | { kind: 'scene'; key: string; heading: string; number: number; shots: number; seconds: number }
  | { kind: 'card'; key: string; id: string; col: number };

interface Row {
  top: number;
  height: number;
  items: Item[];
}

export interface BoardEvents {
  select(id: string): void;
  action(action: string, id: string): void;
  scrolled(scrollTop: number): void;
}

export class Board {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private rows: Row[] = [];
  /** Where each visible-by-filter card sits: row index and column. */
  private position = new Map<string, { row: number; col: number }>();
  private order: string[] = [];
  private mounted = new Map<string, { element: HTMLElement; data: unknown; x: number; y: number }>();
  private width = 0;
  private columns = 1;
  private cardWidth = MIN_CARD;
  private cardHeight = 0;
  private frame = 0;
  private settle = 0;
  private lastRenderTop = 0;
  private fast = false;
  /** Rows drawn beyond the view: none for the first paint, then OVERSCAN (see `widen`). */
  private margin = 0;
  /** Cards drawn now carry `elementtiming`, so the app learns when the first ones are on screen. */
  private timed = true;
  selected: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly events: BoardEvents,
  ) {
    this.canvas = h('div', { class: 'board-canvas', role: 'grid', 'aria-label': 'Storyboard' });
    this.element = h('div', { class: 'board', tabindex: '0' }, this.canvas);
    this.element.addEventListener('scroll', () => {
      this.schedule();
      this.events.scrolled(this.element.scrollTop);
      clearTimeout(this.settle);
      this.settle = window.setTimeout(() => this.settled(), SETTLE_MS);
    }, { passive: true });
    this.element.addEventListener('click', (e) => this.onClick(e));
    this.element.addEventListener('dblclick', (e) => {
      const id = (e.target as Element).closest<HTMLElement>('[data-shot]')?.dataset.shot;
      if (id) this.events.action('open', id);
    });
    new ResizeObserver(() => {
      if (this.element.clientWidth !== this.width) this.relayout();
    }).observe(this.element);
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as Element;
    const card = target.closest<HTMLElement>('[data-shot]');
    if (!card?.dataset.shot) return;
    const id = card.dataset.shot;
    this.events.select(id);
    const action = target.closest<HTMLElement>('[data-action]')?.dataset.action;
    if (action) this.events.action(action, id);
  }

  /** Recomputes every row from the data and the width, then renders what is in view. */
  relayout(): void {
    this.width = this.element.clientWidth || 1000;
    const inner = this.width - PAD * 2;
    this.columns = Math.max(1, Math.floor((inner + GAP) / (MIN_CARD + GAP)));
    this.cardWidth = Math.floor((inner - GAP * (this.columns - 1)) / this.columns);
    this.cardHeight = Math.round(this.cardWidth / this.store.aspect) + META;
    this.canvas.style.setProperty('--card-width', `${this.cardWidth}px`);
    this.canvas.style.setProperty('--card-height', `${this.cardHeight}px`);
    this.canvas.style.setProperty('--frame-height', `${this.cardHeight - META}px`);

    const rows: Row[] = [];
    const position = new Map<string, { row: number; col: number }>();
    const order: string[] = [];
    let top = PAD;
    const push = (height: number, items: Item[]) => {
      rows.push({ top, height, items });
      top += height;
    };
    const filtered = this.store.filtered();
    // Before the rest of the cards is in hand, an unfiltered board keeps their places (drawn as
    // pending cards); a filter can only judge the cards it has.
    const pending = this.store.partial && !filtered;
    for (const act of this.store.acts) {
      const actCards: (ShotCard | string)[][] = [];
      for (const scene of act.scenes) {
        const cards: (ShotCard | string)[] = [];
        for (const id of scene.shots) {
          const card = this.store.shots.get(id);
          if (card ? !filtered || this.store.matches(card) : pending) cards.push(card ?? id);
        }
        actCards.push(cards);
      }
      const actShots = actCards.flat();
      if (!actShots.length) continue;
      if (act.id || act.title) {
        push(ACT_HEADER, [{ kind: 'act', key: `act:${act.id}`, id: act.id, title: act.title || act.id, shots: actShots.length, seconds: sum(actShots) }]);
      }
      act.scenes.forEach((scene, i) => {
        const cards = actCards[i]!;
        if (!cards.length) return;
        push(SCENE_HEADER, [{ kind: 'scene', key: `scene:${act.id}/${scene.id}`, heading: scene.heading, number: scene.number, shots: cards.length, seconds: sum(cards) }]);
        for (let start = 0; start < cards.length; start += this.columns) {
          const items: Item[] = cards.slice(start, start + this.columns).map((card, col) => {
            const id = typeof card === 'string' ? card : card.id;
            position.set(id, { row: rows.length, col });
            order.push(id);
            return { kind: 'card', key: `shot:${id}`, id, col };
          });
          push(this.cardHeight + GAP, items);
        }
        top += GAP;
      });
    }
    this.rows = rows;
    this.position = position;
    this.order = order;
    this.canvas.style.height = `${top + PAD}px`;
    this.element.classList.toggle('empty', rows.length === 0);
    this.render();
  }

  /**
   * Redraws the cards whose data changed, if they are in view; the others are drawn fresh when
   * scrolled to. Cards that did not change keep their element.
   */
  refresh(): void {
    this.render();
  }

  /**
   * Starts drawing rows beyond the view too, so a scroll finds them ready. Until then only the
   * rows in view exist: the first paint lays out no card that is not seen.
   */
  widen(): void {
    if (this.margin === OVERSCAN) return;
    this.margin = OVERSCAN;
    this.loadFrames();
    this.render();
  }

  /** The scroll stopped: frames that waited load now. */
  private settled(): void {
    this.fast = false;
    this.loadFrames();
  }

  /** Frames that wait (the first paint's, a fling's) load now. */
  loadFrames(): void {
    for (const img of this.canvas.querySelectorAll<HTMLImageElement>('img[data-src]')) {
      if (img.hasAttribute('data-timed')) img.setAttribute('elementtiming', 'frame');
      img.src = img.dataset.src!;
      img.removeAttribute('data-src');
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Mounts the items of the rows in view, unmounts the rest. Unchanged items keep their element. */
  render(): void {
    const scrollTop = this.element.scrollTop;
    this.fast = Math.abs(scrollTop - this.lastRenderTop) > (this.element.clientHeight || 800) * FLING;
    this.lastRenderTop = scrollTop;
    const top = scrollTop - this.margin;
    const bottom = scrollTop + (this.element.clientHeight || 800) + this.margin;
    const keep = new Set<string>();
    for (let i = firstRowBelow(this.rows, top); i < this.rows.length && this.rows[i]!.top < bottom; i++) {
      const row = this.rows[i]!;
      for (const item of row.items) {
        const x = item.kind === 'card' ? PAD + item.col * (this.cardWidth + GAP) : PAD;
        const data = item.kind === 'card' ? (this.store.shots.get(item.id) ?? (this.store.partial ? PENDING : undefined)) : `${item.kind}|${JSON.stringify(item)}`;
        if (!data) continue;
        keep.add(item.key);
        let m = this.mounted.get(item.key);
        if (m && m.data !== data) {
          const element = this.itemElement(item, data);
          element.style.transform = m.element.style.transform;
          m.element.replaceWith(element);
          m.element = element;
          m.data = data;
        }
        if (!m) {
          m = { element: this.itemElement(item, data), data, x: NaN, y: NaN };
          this.mounted.set(item.key, m);
          this.canvas.appendChild(m.element);
        }
        if (m.x !== x || m.y !== row.top) {
          m.element.style.transform = `translate(${x}px, ${row.top}px)`;
          m.x = x;
          m.y = row.top;
        }
      }
    }
    for (const [key, m] of this.mounted) {
      if (!keep.has(key)) {
        m.element.remove();
        this.mounted.delete(key);
      }
    }
  }

  private itemElement(item: Item, data: unknown): HTMLElement {
    switch (item.kind) {
      case 'card': {
        // The first paint draws the cards without their frames: each SVG frame is a document of its
        // own to load, and 25 of them delay the first frame's presentation; they load right after.
        const element = data === PENDING ? pendingCardElement(item.id) : shotCardElement(data as ShotCard, this.fast || this.timed);
        if (item.id === this.selected) element.classList.add('selected');
        if (this.timed && data !== PENDING) {
          element.querySelector('.shot-id')?.setAttribute('elementtiming', 'card');
          // Timed once it has a source (see loadFrames): an image without one is "painted" empty.
          element.querySelector('.frame img')?.setAttribute('data-timed', '');
        }
        return element;
      }
      case 'act':
        return h('header', { class: 'act-header', 'data-act': item.id }, h('h2', {}, item.title), h('span', { class: 'counts' }, counts(item.shots, item.seconds)));
      case 'scene':
        return h('header', { class: 'scene-header' }, h('span', { class: 'scene-number' }, String(item.number)), h('h3', {}, item.heading), h('span', { class: 'counts' }, counts(item.shots, item.seconds)));
    }
  }

  /**
   * The board is on screen: cards drawn from now on are not timed. Answers how many cards and
   * frames the first paint drew (the app waits for them).
   */
  painted(): { cards: number; frames: number } {
    this.timed = false;
    return { cards: this.canvas.querySelectorAll('[elementtiming="card"]').length, frames: this.canvas.querySelectorAll('img[data-timed]').length };
  }

  /** The shot has a place on the board as laid out (its card may still be pending). */
  has(id: string): boolean {
    return this.position.has(id);
  }

  /** Ids of the cards the filters let through, in the order shown. */
  shown(): readonly string[] {
    return this.order;
  }

  select(id: string | undefined, reveal = true): void {
    if (this.selected === id) {
      if (id && reveal) this.reveal(id);
      return;
    }
    if (this.selected) this.mounted.get(`shot:${this.selected}`)?.element.classList.remove('selected');
    this.selected = id;
    if (!id) return;
    if (reveal) this.reveal(id);
    this.mounted.get(`shot:${id}`)?.element.classList.add('selected');
  }

  /** Scrolls the card into view when it is not. */
  reveal(id: string): void {
    const p = this.position.get(id);
    if (!p) return;
    const row = this.rows[p.row]!;
    const viewTop = this.element.scrollTop, viewBottom = viewTop + this.element.clientHeight;
    // Keep the scene header above the first row in view when scrolling up.
    if (row.top < viewTop + SCENE_HEADER) this.element.scrollTop = Math.max(0, row.top - SCENE_HEADER - GAP);
    else if (row.top + row.height > viewBottom) this.element.scrollTop = row.top + row.height - this.element.clientHeight + GAP;
    this.render();
  }

  /** The card next to `id` in a direction, by the grid as laid out. */
  neighbour(id: string | undefined, direction: 'left' | 'right' | 'up' | 'down'): string | undefined {
    if (!this.order.length) return undefined;
    const index = id ? this.order.indexOf(id) : -1;
    if (index < 0) return this.order[0];
    if (direction === 'left') return this.order[Math.max(0, index - 1)];
    if (direction === 'right') return this.order[Math.min(this.order.length - 1, index + 1)];
    const p = this.position.get(id!)!;
    const step = direction === 'up' ? -1 : 1;
    for (let r = p.row + step; r >= 0 && r < this.rows.length; r += step) {
      const cards = this.rows[r]!.items.filter((i): i is Extract<Item, { kind: 'card' }> => i.kind === 'card');
      if (cards.length) return cards[Math.min(p.col, cards.length - 1)]!.id;
    }
    return id;
  }

  get scrollTop(): number {
    return this.element.scrollTop;
  }

  set scrollTop(v: number) {
    this.element.scrollTop = v;
    this.render();
  }
}

/** Seconds of the cards; NaN while one of them is pending (its duration is not known yet). */
const sum = (cards: (ShotCard | string)[]) => cards.reduce((t, c) => t + (typeof c === 'string' ? NaN : c.duration), 0);
const counts = (shots: number, seconds: number) => (Number.isNaN(seconds) ? `${shots} shots` : `${shots} shots · ${formatSeconds(seconds)}`);

/** Index of the first row whose bottom is below `y` (rows are sorted by top). */
function firstRowBelow(rows: Row[], y: number): number {
  let lo = 0, hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const r = rows[mid]!;
    if (r.top + r.height <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
