/** One icon per artifact status and gate state, so every view marks them the same way. */
import type { DisplayStatus } from '../../core/model/types';
import type { GateState } from '../../core/session/index';
import type { NodeIcon } from './node';

const STATUS_ICONS: Record<DisplayStatus, NodeIcon> = {
  draft: { id: 'edit' },
  proposed: { id: 'git-pull-request', color: 'charts.yellow' },
  approved: { id: 'check', color: 'charts.green' },
  locked: { id: 'lock', color: 'charts.green' },
  rejected: { id: 'close', color: 'charts.red' },
  stale: { id: 'warning', color: 'charts.orange' },
  failed: { id: 'error', color: 'charts.red' },
};

export function statusIcon(status: DisplayStatus): NodeIcon {
  return STATUS_ICONS[status];
}

export type { GateState };

export function gateIcon(state: GateState): NodeIcon {
  switch (state) {
    case 'passed':
      return { id: 'pass-filled', color: 'charts.green' };
    case 'open':
      return { id: 'circle-large-outline', color: 'charts.blue' };
    case 'blocked':
      return { id: 'circle-slash', color: 'disabledForeground' };
  }
}
