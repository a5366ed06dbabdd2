/**
 * The one read model of a production: its stages and gates, each artifact's display status
 * (written, locked, stale, failed), proposals, spend and open questions. Both storyboard hosts,
 * the extension's trees and `filmcrew status` read it, so a gate or a status cannot read one way
 * in one place and another way in the next (issue 16). Core gathers; hosts only show.
 */
import type { Diagnostic } from '../diagnostics';
import type { Proposal } from '../git/proposals';
import { readLockfile, type Lockfile } from '../git/lockfile';
import { staleness, verifyLocks, type Staleness } from '../git/verify';
import { workArtifacts } from '../model/artifacts';
import type { DisplayStatus, Production } from '../model/types';
import type { GateId } from '../pipeline/stages';
import { productionReport, type ProductionReport } from '../production/report';
import type { StatusReport } from '../production/status';
import { openQuestions } from '../questions/store';
import type { QuestionFile } from '../questions/types';
import type { StatusOverride } from '../storyboard/snapshot';
import { failedShots, staleReason } from '../storyboard/statuses';
import { teamView, type TeamView } from '../team/team-view';
import { gatesOf, stageRows, type StageRow } from './stages';

export { gatesOf, stageRows, type GateRow, type GateState, type StageRow } from './stages';

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

/**
 * What a storyboard shows: the production and each artifact's display status. A host that shows
 * only the storyboard (`filmcrew preview`) keeps just this, so a save costs no status report.
 */
export interface StoryboardModel {
  production: Production;
  /** Display status by production-relative path; paths not listed show their written status. */
  states: ReadonlyMap<string, ArtifactState>;
}

export interface ReadModel extends StoryboardModel {
  /** Core's status report (what `filmcrew status` prints). */
  report: StatusReport;
  stages: StageRow[];
  /** The stage a person is working on: the first one not done. */
  current: StageRow | undefined;
  /** Whether each gate has passed, as `status`, the run's planner and the trees all judge it. */
  gates: Record<GateId, boolean>;
  proposals: Proposal[];
  spend: Spend;
  /** Questions the crew raised that no one has answered yet. */
  questions: QuestionFile[];
  /** Validation, lock verification and staleness together, sorted. */
  diagnostics: Diagnostic[];
  /** The team's remote as last fetched: its proposal branches, teammates' new locks, its gates. */
  team?: TeamView;
}

/** What the lock layer says of the files: what is locked, edited after its lock, stale. */
type LockRecord = Pick<ProductionReport, 'locked' | 'lockProblems' | 'stale'>;

/** Each artifact's display status: locked from the lock file, written ones, then stale, then failed (a person's first). */
export function displayStates(production: Production, report: LockRecord, failed: ReadonlyMap<string, string>): Map<string, ArtifactState> {
  const out = new Map<string, ArtifactState>();
  for (const path of report.locked) out.set(path, { status: 'locked' });
  for (const a of workArtifacts(production)) {
    const written = a.data.status;
    if (!out.has(a.path) && (written === 'proposed' || written === 'approved' || written === 'rejected')) out.set(a.path, { status: written });
  }
  for (const d of report.lockProblems) out.set(d.file, { status: 'stale', reason: d.message });
  for (const [path, s] of report.stale as ReadonlyMap<string, Staleness>) out.set(path, { status: 'stale', reason: staleReason(s) });
  for (const [path, reason] of failed) out.set(path, { status: 'failed', reason });
  return out;
}

/** The read model of a loaded production. Never throws for a half-set-up folder. */
export async function buildReadModel(production: Production): Promise<ReadModel> {
  const root = production.root;
  const [report, team, questions] = await Promise.all([
    productionReport(root, production),
    teamView(root).catch(() => undefined),
    openQuestions(root).catch(() => []),
  ]);
  const failed = failedOf(production);
  const stages = stageRows(report.status);
  const { spend } = report;
  return {
    production,
    report: report.status,
    stages,
    current: stages.find((s) => s.state !== 'done'),
    gates: gatesOf(report.status),
    states: displayStates(production, report, failed),
    proposals: report.proposals,
    spend: { total: spend.total, byRole: spend.byRole, cap: spend.cap, currency: spend.currency },
    questions,
    diagnostics: report.diagnostics,
    ...(team ? { team } : {}),
  };
}

function failedOf(production: Production): Map<string, string> {
  try {
    return failedShots(production.root, production);
  } catch {
    // An unreadable journal hides failures; the full report says the journals could not be read.
    return new Map();
  }
}

/**
 * The storyboard's part of the read model: the same display states from the lock file alone
 * (locked, edited after lock, stale) and the newest journal (failed), without the status report.
 */
export async function buildStoryboardModel(production: Production): Promise<StoryboardModel> {
  const root = production.root;
  let lock: Lockfile = { version: 1, locks: {} };
  try {
    ({ lock } = await readLockfile(root));
  } catch {
    // A broken lock file locks nothing here; the full report says why.
  }
  const record: LockRecord = { locked: Object.keys(lock.locks), lockProblems: verifyLocks(root, production, lock), stale: await staleness(root, lock).catch(() => new Map()) };
  return { production, states: displayStates(production, record, failedOf(production)) };
}

/** The display status of an artifact at `path` with written status `written`. */
export function stateOf(model: StoryboardModel, path: string, written: unknown): ArtifactState {
  return model.states.get(path) ?? { status: isWritten(written) ? written : 'draft' };
}

function isWritten(s: unknown): s is DisplayStatus {
  return s === 'draft' || s === 'proposed' || s === 'approved' || s === 'locked' || s === 'rejected';
}

/** The storyboard's stale and failed statuses from the read model (both hosts pass it to the snapshot). */
export function storyboardStatusOf(model: StoryboardModel): (path: string) => StatusOverride | undefined {
  return (path) => {
    const s = model.states.get(path);
    return s && (s.status === 'stale' || s.status === 'failed') ? { status: s.status, ...(s.reason ? { reason: s.reason } : {}) } : undefined;
  };
}
