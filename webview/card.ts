/**
 * One shot card: frame, id, camera, duration, who, an excerpt, status, and its actions.
 * Built from a ShotCard with text nodes and attributes only.
 */
import type { ShotCard } from '../src/core/storyboard/protocol';
import { formatSeconds, h, icon } from './dom';

export const STATUS_LABEL: Record<ShotCard['status'], string> = {
  draft: 'Draft',
  proposed: 'Proposed',
  approved: 'Approved',
  locked: 'Locked',
  rejected: 'Rejected',
  stale: 'Stale',
  failed: 'Failed',
};

const STATUS_ICON: Record<ShotCard['status'], string> = {
  draft: 'edit',
  proposed: 'git-pull-request',
  approved: 'pass',
  locked: 'lock',
  rejected: 'circle-slash',
  stale: 'history',
  failed: 'error',
};

/** A status badge: icon and word, never colour alone. */
export function statusBadge(status: ShotCard['status'], reason?: string): HTMLElement {
  return h('span', { class: `badge status-${status}`, title: reason ?? STATUS_LABEL[status], 'data-status': status }, icon(STATUS_ICON[status]), STATUS_LABEL[status]);
}

/** `MS · low angle · dolly in · 35mm` */
export function cameraLine(card: ShotCard): string {
  return [card.size, card.angle, card.movement, card.lens].filter(Boolean).join(' · ');
}

function actionButton(action: string, codicon: string, label: string, disabled = false): HTMLElement {
  return h('button', { class: 'icon-button', type: 'button', 'data-action': action, title: label, 'aria-label': label, disabled }, icon(codicon));
}

function excerpt(card: ShotCard): HTMLElement {
  const p = h('p', { class: 'excerpt' });
  const first = card.dialogue[0];
  if (first) {
    p.append(h('span', { class: 'speaker' }, first.character), first.parenthetical ? h('span', { class: 'paren' }, ` ${first.parenthetical} `) : ' ', h('span', { class: 'line' }, `“${first.line}”`));
    if (card.action) p.append(' ', h('span', { class: 'action' }, card.action));
  } else if (card.action) {
    p.append(h('span', { class: 'action' }, card.action));
  } else {
    p.append(h('span', { class: 'muted' }, card.sound ?? 'No action written yet.'));
  }
  return p;
}

/** The element of a shot card. The board positions it; clicks are handled by delegation. */
export function shotCardElement(card: ShotCard, deferFrame = false): HTMLElement {
  // During a fast scroll the frame waits (data-src) until the board settles: decoding images
  // for cards that fly past would cost every frame of the scroll.
  const frame = card.frameUrl
    ? h('img', { [deferFrame ? 'data-src' : 'src']: card.frameUrl, alt: `Storyboard frame of ${card.id}`, decoding: 'async', draggable: 'false' })
    : h('div', { class: 'frame-empty' }, icon('device-camera'), h('span', {}, 'No frame yet'));
  const who = [card.characters.join(', '), card.location].filter(Boolean).join(' · ');
  return h(
    'article',
    { class: `card status-${card.status}`, 'data-shot': card.id, 'aria-label': `Shot ${card.id}`, role: 'gridcell' },
    h('div', { class: 'frame' }, frame, h('span', { class: 'duration', title: 'Duration' }, formatSeconds(card.duration)), card.clipUrl ? h('span', { class: 'has-clip', title: 'A clip is generated' }, icon('device-camera-video')) : undefined),
    h(
      'div',
      { class: 'meta' },
      h('div', { class: 'line1' }, h('span', { class: 'shot-id' }, card.id), statusBadge(card.status, card.reason)),
      h('div', { class: 'camera', title: cameraLine(card) }, cameraLine(card) || '—'),
      h('div', { class: 'who', title: who }, who),
      excerpt(card),
      h(
        'div',
        { class: 'actions' },
        actionButton('approve', 'check', 'Approve and lock (a)', card.status === 'locked'),
        actionButton('reject', 'close', 'Reject with a note (r)'),
        actionButton('regenerate', 'refresh', 'Regenerate the frame (g)'),
        h('span', { class: 'spacer' }),
        actionButton('open', 'go-to-file', 'Open the shot file (Enter)'),
      ),
    ),
  );
}

/** A card whose shot is known but whose data is still on its way: its place, its id, nothing to act on. */
export function pendingCardElement(id: string): HTMLElement {
  return h(
    'article',
    { class: 'card pending', 'data-shot': id, 'aria-label': `Shot ${id}, loading`, 'aria-busy': 'true', role: 'gridcell' },
    h('div', { class: 'frame' }, h('div', { class: 'frame-empty' })),
    h('div', { class: 'meta' }, h('div', { class: 'line1' }, h('span', { class: 'shot-id' }, id)), h('div', { class: 'camera muted' }, 'Loading…')),
  );
}
