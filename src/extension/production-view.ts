/**
 * Everything the extension's views show, as one value computed by core: the loaded production,
 * its stages and gates, each artifact's display status, pending proposals, the spend. The
 * `ProductionSource` holds the current one and says when it changes; trees, diagnostics,
 * CodeLens and the status bar are functions of it.
 */
import type { Diagnostic } from '../core/diagnostics';
import type { Proposal } from '../core/git/proposals';
import type { DisplayStatus, Production } from '../core/model/types';
import type { GateId, StageId } from '../core/pipeline/stages';
import type { StatusReport } from '../core/production/status';
import type { GateState } from './views/status-icons';
import type { TeamView } from '../core/team/team-view';

export interface GateRow {
  id: GateId;
  title: string;
  state: GateState;
  /** Why it is open or blocked, or what passed it, in a sentence. */
  why: string;
}

export interface StageRow {
  id: StageId;
  title: string;
  /** `done`: its gate passed (or it has none and its work is complete); `ready`: it can run; `waiting`: a gate before it is not passed. */
  state: 'done' | 'ready' | 'waiting';
  why: string;
  gate?: GateRow;
}

export interface ArtifactState {
  status: DisplayStatus;
  /** Why stale, failed or rejected. */
  reason?: string;
}

export interface Spend {
  total: number;
  byRole: Record<string, number>;
  cap: number | undefined;
  currency: string;
}

export interface ProductionView {
  production: Production;
  /** Core's status report (what `filmcrew status` prints). */
  report: StatusReport;
  stages: StageRow[];
  /** The stage a person is working on: the first one not done. */
  current: StageRow | undefined;
  /** Display status by production-relative path; paths not listed show their written status. */
  states: ReadonlyMap<string, ArtifactState>;
  proposals: Proposal[];
  spend: Spend;
  /** Validation, lock verification and staleness together, sorted. */
  diagnostics: Diagnostic[];
  /** The team's remote as last fetched: its proposal branches, teammates' new locks, its gates. */
  team?: TeamView;
}

/** Where the views get the production from: the extension's loader-and-watcher, or a test's fixed value. */
export interface ProductionSource {
  /** The current view; undefined before the first load or when the folder has no production. */
  readonly view: ProductionView | undefined;
  /** Absolute path of the production folder, once found. */
  readonly root: string | undefined;
  /** Calls `listener` after every change of `view`; returns a function that unsubscribes. */
  onDidChange(listener: () => void): () => void;
  /** Starts showing the production at `root` (absolute): after New Production. */
  open(root: string): Promise<ProductionView | undefined>;
  /** Reloads now (after a command changed files) and resolves with the new view. */
  refresh(changedPaths?: string[]): Promise<ProductionView | undefined>;
}

/** The display status of an artifact at `path` with written status `written`. */
export function stateOf(view: ProductionView, path: string, written: unknown): ArtifactState {
  return view.states.get(path) ?? { status: isWritten(written) ? written : 'draft' };
}

function isWritten(s: unknown): s is DisplayStatus {
  return s === 'draft' || s === 'proposed' || s === 'approved' || s === 'locked' || s === 'rejected';
}
