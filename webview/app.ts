/**
 * The storyboard app: header with the views, the filter bar, the board / assets / animatic, a
 * status line, and the keyboard. Host messages go into the store; views redraw only what changed.
 */
import type { ActionMessage, HostMessage, ShotCard } from '../src/core/storyboard/protocol';
import { Animatic } from './animatic';
import { AssetPage } from './assets';
import { Board } from './board';
import { STATUS_LABEL } from './card';
import { clear, formatSeconds, h, icon } from './dom';
import type { Host, SavedState } from './host';
import { afterFirstPaint } from './paint';
import { NO_FILTERS, Store, type Applied, type Filters } from './store';

type View = SavedState['view'];
type Select = HTMLElement & { value: string };

const FILTER_LABELS: Record<Exclude<keyof Filters, 'text'>, string> = { status: 'Status', character: 'Character', location: 'Location', act: 'Act' };

export class App {
  private readonly store = new Store();
  private readonly board: Board;
  private readonly assets: AssetPage;
  /** Built when first used (see `animatic`): not on the way to the board's first paint. */
  private animaticView: Animatic | undefined;
  private savedRate = 1;
  private view: View = 'board';
  private readonly title = h('h1', { class: 'title' });
  private readonly stats = h('span', { class: 'stats' });
  private readonly tabs = h('div', { class: 'views', role: 'tablist', 'aria-label': 'Views' });
  private readonly progress = h('div', { class: 'run-progress', hidden: true });
  private readonly filterBar = h('div', { class: 'filters', role: 'search' });
  private readonly selects = new Map<keyof Filters, Select>();
  private readonly search = h('vscode-textfield', { class: 'search', placeholder: 'Search shots', 'aria-label': 'Search shots' }) as HTMLElement & { value: string };
  private readonly shownCount = h('span', { class: 'shown-count' });
  private readonly main = h('main', { class: 'view' });
  private readonly statusLine = h('div', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
  /** Built with the filter controls, after the first paint. */
  private dialog: HTMLDialogElement | undefined;
  private readonly pending = new Map<string, string>();
  private facetsKey = '';
  private saveTimer = 0;
  private requests = 0;
  private rejecting: string | undefined;
  private firstPaint = false;
  /** The filter controls and the reject dialog exist (they are built after the first paint). */
  private controls = false;
  /** Listening to the host and told it we are ready (after the first paint when the shell carried the board). */
  private connected = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
  ) {
    this.board = new Board(this.store, {
      select: (id) => this.select(id, false),
      action: (action, id) => this.cardAction(action, id),
      scrolled: () => this.save(),
    });
    this.assets = new AssetPage(this.store, {
      select: (key) => {
        this.assets.selected = key;
        this.assets.render();
        this.save();
      },
      choose: (asset, optionId) => this.request({ type: 'asset/choose', requestId: this.nextId(), kind: asset.kind, assetId: asset.id, optionId }, `Choosing ${optionId} for ${asset.name}…`),
      open: (path) => this.host.post({ type: 'file/open', path }),
    });
    this.layout();

    const saved = host.getState();
    if (saved) {
      this.store.filters = { ...NO_FILTERS, ...saved.filters };
      this.board.selected = saved.selected;
      this.assets.selected = saved.asset;
      this.view = saved.view;
      if (saved.rate) this.savedRate = saved.rate;
    }
    this.restoreScroll = saved?.scrollTop ?? 0;
    document.addEventListener('keydown', (e) => this.onKey(e));
    // The shell carried the board: paint it first, then listen (the stream's first message, or the
    // host's answer to ready, brings the rest). Without it, listen and wait for the host.
    if (host.initial) this.receive(host.initial, host.partial);
    else this.connect();
  }

  private connect(): void {
    if (this.connected) return;
    this.connected = true;
    this.host.onMessage((m) => this.receive(m));
    this.host.post({ type: 'app/ready' });
  }

  private restoreScroll = 0;

  private get animatic(): Animatic {
    if (!this.animaticView) {
      this.animaticView = new Animatic({
        current: (id) => this.select(id, false),
        playing: (playing, shotId) => this.host.post(shotId ? { type: 'animatic/play', playing, shotId } : { type: 'animatic/play', playing }),
        rate: () => this.save(),
      });
      if (this.savedRate !== 1) this.animaticView.setRate(this.savedRate);
    }
    return this.animaticView;
  }

  private layout(): void {
    for (const [view, label, codicon, key] of [['board', 'Storyboard', 'layout', '1'], ['assets', 'Assets', 'organization', '2'], ['animatic', 'Animatic', 'play-circle', '3']] as const) {
      this.tabs.append(h('button', { type: 'button', role: 'tab', class: 'view-tab', 'data-view': view, title: `${label} (${key})` }, icon(codicon), label));
    }
    this.tabs.addEventListener('click', (e) => {
      const view = (e.target as Element).closest<HTMLElement>('[data-view]')?.dataset.view as View | undefined;
      if (view) this.show(view);
    });
    const header = h('header', { class: 'topbar' }, h('div', { class: 'brand' }, icon('device-camera-video'), this.title), this.stats, h('span', { class: 'spacer' }), this.progress, this.tabs);
    clear(this.root);
    this.root.append(header, this.filterBar, this.main, this.statusLine);
    this.hint();
  }

  /**
   * The filter bar's controls and the reject dialog: web components whose first render forces a
   * layout each, so they are built after the board's first paint (the bar keeps its height).
   */
  private buildControls(): void {
    if (this.controls) return;
    this.controls = true;
    for (const key of Object.keys(FILTER_LABELS) as (keyof typeof FILTER_LABELS)[]) {
      const select = h('vscode-single-select', { 'data-filter': key, 'aria-label': FILTER_LABELS[key] }) as Select;
      select.addEventListener('change', () => this.setFilter(key, select.value));
      this.selects.set(key, select);
      this.filterBar.append(h('label', { class: 'filter' }, h('span', { class: 'filter-label' }, FILTER_LABELS[key]), select));
    }
    this.search.addEventListener('input', () => this.setFilter('text', this.search.value));
    const clearButton = h('vscode-button', { secondary: true, icon: 'clear-all', class: 'clear-filters' }, 'Clear');
    clearButton.addEventListener('click', () => this.clearFilters());
    this.filterBar.append(this.search, this.shownCount, clearButton);
    this.dialog = this.rejectDialog();
    this.root.append(this.dialog);
    this.updateFacets();
  }

  // ------------------------------------------------------------------------------------------
  // Host messages

  private receive(m: HostMessage, partial = false): void {
    switch (m.type) {
      case 'production/snapshot': {
        if (!this.firstPaint) performance.mark('storyboard:snapshot');
        const rest = this.store.partial && !partial;
        this.applied(this.store.snapshot(m.snapshot, partial));
        if (rest) performance.mark('storyboard:complete');
        return;
      }
      case 'production/changed':
        return this.applied(this.store.changed(m));
      case 'run/progress':
        return this.runProgress(m.state, m.done, m.total, m.message);
      case 'action/result': {
        const what = this.pending.get(m.requestId);
        this.pending.delete(m.requestId);
        this.say(m.message || (what ?? ''), m.ok ? 'ok' : 'error');
        return;
      }
      case 'shot/reveal':
        if (this.view !== 'board') this.show('board');
        return this.select(m.shotId, true);
      default: {
        const never: never = m;
        return never;
      }
    }
  }

  private applied(a: Applied): void {
    this.title.textContent = this.store.title;
    document.title = `${this.store.title} — Storyboard`;
    this.updateFacets();
    this.updateStats();
    // Before the first paint, show() lays the board out once.
    if (a.layout && this.firstPaint) this.board.relayout();
    else if (a.shots.size && this.firstPaint) this.board.refresh();
    if (this.view === 'assets' && a.assets) this.assets.render();
    if (this.view === 'animatic' && (a.layout || a.shots.size)) this.loadAnimatic();
    if (!this.firstPaint) {
      this.firstPaint = true;
      this.show(this.view);
      if (this.restoreScroll) this.board.scrollTop = this.restoreScroll;
      if (this.board.selected) this.board.select(this.board.selected, !this.restoreScroll);
      this.root.removeAttribute('aria-busy');
      // Once the first cards are on screen (the bench reads the mark): their frames; once those
      // are drawn, rows beyond the view, the host's stream with the rest of the cards, the filters.
      afterFirstPaint(this.board.painted(), {
        painted: () => this.board.loadFrames(),
        framed: () => {
          this.board.widen();
          this.connect();
          this.buildControls();
        },
      });
    }
  }

  private updateStats(): void {
    if (this.store.partial) {
      this.stats.textContent = `${this.store.shotCount()} shots · loading…`;
      this.shownCount.textContent = this.store.filtered() ? `${this.store.visibleSequence().length} of ${this.store.shotCount()} shots so far` : '';
      return;
    }
    const shots = this.store.sequence();
    const seconds = shots.reduce((t, s) => t + s.duration, 0);
    const locked = shots.filter((s) => s.status === 'locked').length;
    const frames = shots.filter((s) => s.frameUrl).length;
    this.stats.textContent = `${shots.length} shots · ${formatSeconds(seconds)} · ${frames} framed · ${locked} locked`;
    this.shownCount.textContent = this.store.filtered() ? `${this.store.visibleSequence().length} of ${shots.length} shots` : '';
  }

  private updateFacets(): void {
    if (!this.controls) return;
    const f = this.store.facets();
    const key = JSON.stringify(f);
    if (key === this.facetsKey) return;
    this.facetsKey = key;
    const lists: Record<keyof typeof FILTER_LABELS, [string, string][]> = {
      status: f.statuses.map((s) => [s, STATUS_LABEL[s as ShotCard['status']] ?? s]),
      character: f.characters.map((c) => [c, c]),
      location: f.locations.map((l) => [l, l]),
      act: f.acts.map((a) => [a.id, a.title]),
    };
    for (const [name, select] of this.selects) {
      if (name === 'text') continue;
      const current = this.store.filters[name];
      clear(select);
      select.append(h('vscode-option', { value: '' }, 'All'));
      for (const [value, label] of lists[name as keyof typeof FILTER_LABELS]) select.append(h('vscode-option', { value }, label));
      select.value = current;
    }
    this.search.value = this.store.filters.text;
  }

  private runProgress(state: 'running' | 'finished' | 'failed', done: number, total: number, message: string): void {
    clear(this.progress);
    this.progress.hidden = false;
    this.progress.dataset.state = state;
    this.progress.append(
      state === 'running' ? h('vscode-progress-ring', { class: 'ring' }) : icon(state === 'finished' ? 'pass' : 'error'),
      h('span', {}, total ? `${message} (${done}/${total})` : message),
    );
    if (state !== 'running') setTimeout(() => (this.progress.hidden = this.progress.dataset.state !== 'running'), 6000);
  }

  // ------------------------------------------------------------------------------------------
  // Views, selection, filters

  private show(view: View): void {
    if (this.view === 'animatic' && view !== 'animatic') this.animaticView?.hide();
    this.view = view;
    for (const tab of this.tabs.querySelectorAll<HTMLElement>('[data-view]')) {
      tab.setAttribute('aria-selected', String(tab.dataset.view === view));
      tab.classList.toggle('active', tab.dataset.view === view);
    }
    this.root.dataset.view = view;
    this.filterBar.hidden = view === 'assets';
    const element = view === 'board' ? this.board.element : view === 'assets' ? this.assets.element : this.animatic.element;
    if (this.main.firstChild !== element) {
      clear(this.main);
      this.main.append(element);
    }
    if (view === 'board') {
      this.board.relayout();
      this.board.element.focus({ preventScroll: true });
    } else if (view === 'assets') this.assets.render();
    else this.loadAnimatic();
    this.hint();
    this.save();
  }

  private loadAnimatic(): void {
    this.animatic.load(this.store.visibleSequence(), this.store.fps, (id) => this.store.sceneHeading(id));
    if (this.board.selected && !this.animatic.isPlaying()) this.animatic.seekShot(this.board.selected);
  }

  private select(id: string, reveal: boolean): void {
    if (!this.store.shots.has(id) && !this.board.has(id)) return;
    this.board.select(id, reveal);
    this.save();
  }

  private setFilter(key: keyof Filters, value: string): void {
    if (this.store.filters[key] === value) return;
    this.store.filters = { ...this.store.filters, [key]: value };
    this.board.relayout();
    this.updateStats();
    if (this.view === 'animatic') this.loadAnimatic();
    this.save();
  }

  private clearFilters(): void {
    this.store.filters = { ...NO_FILTERS };
    this.facetsKey = '';
    this.updateFacets();
    this.board.relayout();
    this.updateStats();
    this.save();
  }

  private save(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = window.setTimeout(() => {
      const state: SavedState = { view: this.view, scrollTop: this.board.scrollTop, filters: this.store.filters, rate: this.animaticView?.rate ?? this.savedRate };
      if (this.board.selected) state.selected = this.board.selected;
      if (this.assets.selected) state.asset = this.assets.selected;
      this.host.setState(state);
    }, 150);
  }

  // ------------------------------------------------------------------------------------------
  // Actions

  private nextId(): string {
    return `r${++this.requests}-${Date.now().toString(36)}`;
  }

  private request(message: ActionMessage, saying: string): void {
    this.pending.set(message.requestId, saying);
    this.say(saying, 'busy');
    this.host.post(message);
  }

  private cardAction(action: string, id: string): void {
    const card = this.store.shots.get(id);
    if (!card) return;
    switch (action) {
      case 'approve':
        if (card.status === 'locked') return this.say(`${id} is already locked.`, 'ok');
        return this.request({ type: 'shot/approve', requestId: this.nextId(), shotId: id }, `Approving and locking ${id}…`);
      case 'reject':
        this.buildControls();
        return this.openReject(id);
      case 'regenerate':
        return this.request({ type: 'shot/regenerate', requestId: this.nextId(), shotId: id, what: 'frame' }, `Regenerating the frame of ${id}…`);
      case 'open':
        this.host.post({ type: 'file/open', path: card.path, line: card.line });
        if (this.host.kind === 'browser') this.say(`${card.path}:${card.line} — open it in your editor (the path is printed in the terminal too).`, 'ok');
        return;
    }
  }

  private rejectDialog(): HTMLDialogElement {
    const note = h('vscode-textarea', { rows: '5', placeholder: 'What should change? The note goes to the storyboard artist’s feedback file.', 'aria-label': 'Note', class: 'note' }) as HTMLElement & { value: string };
    const heading = h('h2', {}, 'Reject shot');
    const send = h('vscode-button', { icon: 'close', 'data-dialog': 'send' }, 'Reject with note');
    const cancel = h('vscode-button', { secondary: true, 'data-dialog': 'cancel' }, 'Cancel');
    const dialog = h('dialog', { class: 'reject-dialog', 'aria-label': 'Reject shot' }, heading, note, h('div', { class: 'dialog-buttons' }, cancel, send));
    const submit = () => {
      const text = note.value.trim();
      if (!text || !this.rejecting) {
        note.focus();
        return;
      }
      this.request({ type: 'shot/reject', requestId: this.nextId(), shotId: this.rejecting, note: text }, `Rejecting ${this.rejecting}…`);
      dialog.close();
    };
    dialog.addEventListener('click', (e) => {
      const which = (e.target as Element).closest<HTMLElement>('[data-dialog]')?.dataset.dialog;
      if (which === 'send') submit();
      else if (which === 'cancel') dialog.close();
    });
    dialog.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
    });
    dialog.addEventListener('close', () => {
      this.rejecting = undefined;
      note.value = '';
      this.board.element.focus({ preventScroll: true });
    });
    this.openReject = (id: string) => {
      this.rejecting = id;
      heading.textContent = `Reject ${id}`;
      dialog.showModal();
      note.focus();
    };
    return dialog;
  }

  private openReject: (id: string) => void = () => undefined;

  private say(message: string, tone: 'ok' | 'error' | 'busy'): void {
    clear(this.statusLine);
    this.statusLine.dataset.tone = tone;
    this.statusLine.append(icon(tone === 'ok' ? 'pass' : tone === 'error' ? 'error' : 'loading'), h('span', {}, message));
    if (tone === 'busy') this.statusLine.querySelector('.codicon')?.classList.add('codicon-modifier-spin');
  }

  private hint(): void {
    if (this.pending.size) return;
    const hints: Record<View, string> = {
      board: '←↑→↓ move · Enter open · a approve · r reject · g regenerate · Space play from here · / search',
      assets: 'Choose one option per asset; the choice is committed to git.',
      animatic: 'Space play / pause · ←→ previous / next shot · Esc back to the storyboard',
    };
    clear(this.statusLine);
    this.statusLine.dataset.tone = 'hint';
    this.statusLine.append(h('span', { class: 'muted' }, hints[this.view]));
  }

  // ------------------------------------------------------------------------------------------
  // Keyboard

  private onKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || this.dialog?.open) return;
    const target = e.target as HTMLElement;
    if (target.closest('input, textarea, select, vscode-textfield, vscode-textarea, vscode-single-select, vscode-button, button') && e.key !== 'Escape') {
      // Buttons keep Enter and Space for themselves; everything else still navigates.
      if (target.closest('input, textarea, select, vscode-textfield, vscode-textarea, vscode-single-select') || e.key === 'Enter' || e.key === ' ') return;
    }
    const key = e.key;
    if (key === '1' || key === '2' || key === '3') {
      this.show(key === '1' ? 'board' : key === '2' ? 'assets' : 'animatic');
      return e.preventDefault();
    }
    if (this.view === 'animatic') {
      if (key === ' ') this.animatic.toggle();
      else if (key === 'ArrowLeft') this.animatic.step(-1);
      else if (key === 'ArrowRight') this.animatic.step(1);
      else if (key === 'Escape') this.show('board');
      else if (key === 'Home') this.animatic.seek(0);
      else return;
      return e.preventDefault();
    }
    if (this.view !== 'board') return;
    const selected = this.board.selected;
    const move = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' } as const;
    if (key in move) {
      const next = this.board.neighbour(selected, move[key as keyof typeof move]);
      if (next) this.select(next, true);
      return e.preventDefault();
    }
    if (key === '/') {
      this.buildControls();
      this.search.focus();
      return e.preventDefault();
    }
    if (key === ' ') {
      e.preventDefault();
      this.show('animatic');
      if (selected) this.animatic.seekShot(selected);
      return this.animatic.play();
    }
    if (!selected) return;
    const action = { Enter: 'open', a: 'approve', r: 'reject', g: 'regenerate' }[key];
    if (action) {
      e.preventDefault();
      this.cardAction(action, selected);
    }
  }
}
