/**
 * The asset page: characters, costumes, locations and props in a list; the selected one with its
 * options side by side, each with "Choose". Choosing goes to the host, which writes and commits.
 */
import type { AssetCard, AssetKind } from '../src/core/storyboard/protocol';
import { statusBadge } from './card';
import { append, clear, h, icon } from './dom';
import { assetKey, type Store } from './store';

export interface AssetEvents {
  select(key: string): void;
  choose(asset: AssetCard, optionId: string): void;
  open(path: string): void;
}

const KIND_TITLE: Record<AssetKind, string> = { character: 'Characters', costume: 'Costumes', location: 'Locations', prop: 'Props' };
const KIND_ICON: Record<AssetKind, string> = { character: 'person', costume: 'symbol-color', location: 'globe', prop: 'package' };

export class AssetPage {
  readonly element: HTMLElement;
  private readonly list = h('nav', { class: 'asset-list', 'aria-label': 'Assets' });
  private readonly detail = h('div', { class: 'asset-detail' });
  selected: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly events: AssetEvents,
  ) {
    this.element = h('section', { class: 'assets', 'aria-label': 'Assets' }, this.list, this.detail);
    this.list.addEventListener('click', (e) => {
      const key = (e.target as Element).closest<HTMLElement>('[data-asset]')?.dataset.asset;
      if (key) this.events.select(key);
    });
    this.detail.addEventListener('click', (e) => {
      const target = e.target as Element;
      const option = target.closest<HTMLElement>('[data-choose]')?.dataset.choose;
      const asset = this.selected ? this.store.assets.get(this.selected) : undefined;
      if (option && asset) this.events.choose(asset, option);
      if (target.closest('[data-open]') && asset) this.events.open(asset.path);
    });
  }

  /** Redraws the list and the selected asset. */
  render(): void {
    const assets = [...this.store.assets.values()];
    if (!this.selected || !this.store.assets.has(this.selected)) this.selected = assets[0] ? assetKey(assets[0]) : undefined;
    clear(this.list);
    for (const kind of Object.keys(KIND_TITLE) as AssetKind[]) {
      const ofKind = assets.filter((a) => a.kind === kind);
      if (!ofKind.length) continue;
      this.list.append(h('h3', {}, KIND_TITLE[kind]));
      for (const a of ofKind) {
        const key = assetKey(a);
        this.list.append(
          h(
            'button',
            { type: 'button', class: `asset-item${key === this.selected ? ' selected' : ''}`, 'data-asset': key, 'aria-current': key === this.selected ? 'true' : undefined },
            icon(KIND_ICON[kind]),
            h('span', { class: 'name', title: a.name }, a.name),
            a.chosen ? icon('check', 'chosen') : h('span', { class: 'to-choose', title: 'No option chosen yet' }, '•'),
          ),
        );
      }
    }
    clear(this.detail);
    const asset = this.selected ? this.store.assets.get(this.selected) : undefined;
    if (!asset) {
      this.detail.append(h('div', { class: 'empty-state' }, icon('organization'), h('p', {}, 'No characters, locations or props yet.'), h('p', { class: 'muted' }, 'The casting and production design crew write them after the shot list is locked.')));
      return;
    }
    append(
      this.detail,
      h(
        'header',
        { class: 'asset-header' },
        h('div', {}, h('div', { class: 'kind' }, KIND_TITLE[asset.kind].replace(/s$/, '')), h('h2', {}, asset.name)),
        statusBadge(asset.status, asset.reason),
        h('span', { class: 'spacer' }),
        h('vscode-button', { secondary: true, icon: 'go-to-file', 'data-open': 'true' }, 'Open sheet'),
      ),
      asset.description ? h('p', { class: 'asset-description' }, asset.description) : undefined,
      h('p', { class: 'muted choose-hint' }, asset.chosen ? 'The chosen option is what every later shot is generated from.' : 'Choose the option that every later shot will be generated from.'),
    );
    const grid = h('div', { class: 'options', 'data-count': asset.options.length });
    for (const option of asset.options) {
      const chosen = asset.chosen === option.id;
      grid.append(
        h(
          'figure',
          { class: `option${chosen ? ' chosen' : ''}`, 'data-option': option.id },
          h('div', { class: 'option-image' }, option.imageUrl ? h('img', { src: option.imageUrl, alt: `Option ${option.label ?? option.id} for ${asset.name}`, decoding: 'async' }) : h('div', { class: 'frame-empty' }, icon('file-media'), h('span', {}, 'No image yet'))),
          h(
            'figcaption',
            {},
            h('div', { class: 'option-title' }, h('strong', {}, option.label ?? option.id), chosen ? h('span', { class: 'chosen-mark' }, icon('pass-filled'), 'Chosen') : undefined),
            h('p', { class: 'prompt', title: option.prompt }, option.prompt),
            chosen
              ? h('vscode-button', { secondary: true, disabled: true }, 'Chosen')
              : h('vscode-button', { 'data-choose': option.id, icon: 'check' }, 'Choose'),
          ),
        ),
      );
    }
    if (!asset.options.length) grid.append(h('p', { class: 'muted' }, 'No options yet.'));
    this.detail.append(grid);
  }
}
