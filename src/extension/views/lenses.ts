/**
 * The CodeLens row above an artifact file's frontmatter: Approve & Lock · Reject · Regenerate ·
 * Open in Storyboard, as its status allows. Pure: the provider in VS Code turns these into lenses.
 */
import type { ArtifactKind, DisplayStatus } from '../../core/model/types';

export interface Lens {
  title: string;
  command: string;
  tooltip: string;
}

/** The lenses of an artifact with `status`; actions that change files only in a trusted folder. */
export function lensesFor(kind: ArtifactKind, status: DisplayStatus, trusted: boolean): Lens[] {
  const lenses: Lens[] = [];
  const reviewable = kind !== 'production' && kind !== 'agent';
  if (trusted && reviewable) {
    if (status !== 'locked' && status !== 'stale') lenses.push({ title: '$(pass) Approve & Lock', command: 'filmcrew.approve', tooltip: 'Lock this file in a git commit (Filmcrew-Lock)' });
    if (status === 'proposed' || status === 'approved') lenses.push({ title: '$(close) Reject', command: 'filmcrew.reject', tooltip: 'Reject with a note for the crew member who made it' });
    if (status === 'locked' || status === 'stale') lenses.push({ title: '$(lock) Unlock', command: 'filmcrew.unlock', tooltip: 'Take the lock back, saying why' });
    if (status !== 'draft' && status !== 'locked') lenses.push({ title: '$(refresh) Regenerate', command: 'filmcrew.regenerate', tooltip: 'Run the crew member that made this file again' });
  }
  if (!reviewable) return lenses;
  if (kind === 'shot' || kind === 'character' || kind === 'costume' || kind === 'location' || kind === 'prop') {
    lenses.push({ title: '$(layout) Open in Storyboard', command: 'filmcrew.openInStoryboard', tooltip: 'Show it in the storyboard beside the editor' });
  }
  if (lenses.length && status !== 'draft') lenses.unshift({ title: statusTitle(status), command: 'filmcrew.showStatus', tooltip: 'Show where the production stands' });
  return lenses;
}

function statusTitle(status: DisplayStatus): string {
  switch (status) {
    case 'locked':
      return '$(lock) locked';
    case 'stale':
      return '$(warning) stale';
    case 'proposed':
      return '$(git-pull-request) proposed';
    case 'approved':
      return '$(check) approved';
    case 'rejected':
      return '$(close) rejected';
    case 'failed':
      return '$(error) failed';
    case 'draft':
      return '$(edit) draft';
  }
}
