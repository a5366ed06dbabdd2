/**
 * The one read model of a production: its stages and gates, each artifact's display status
 * (written, locked, stale, failed), proposals, spend and open questions. Both storyboard hosts,
 * the extension's trees and `filmcrew status` read it, so a gate or a status cannot read one way
 * in one place and another way in the next (issue 16). Core gathers; hosts only show.
 */
import type { Diagnostic } from '../diagnostics';
import type { Proposal } from '../git/proposals';
import type { Staleness } from '../git/verify';
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

export interface ReadModel {
  production: Production;
  /** Core's status report (what `filmcrew status` prints). */
  report: StatusReport;
  stages: StageRow[];
  /** The stage a person is working on: the first one not done. */
  current: StageRow | undefined;
  /** Whether each gate has passed, as `status`, the run's planner and the trees all judge it. */
  gates: Record<GateId, boolean>;
  /** Display status by production-relative path; paths not listed show their written status. */
  states: ReadonlyMap<string, ArtifactState>;
  proposals: Proposal[];
  spend: Spend;
  /** Questions the crew raised that no one has answered yet. */
  questions: QuestionFile[];
  /** Validation, lock verification and staleness together, sorted. */
  diagnostics: Diagnostic[];
  /** The team's remote as last fetched: its proposal branches, teammates' new locks, its gates. */
  team?: TeamView;
}

/** Each artifact's display status: locked from the lock file, written ones, then stale, then failed (a person's first). */
export function displayStates(production: Production, report: ProductionReport, failed: ReadonlyMap<string, string>): Map<string, ArtifactState> {
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
  let failed = new Map<string, string>();
  try {
    failed = failedShots(root, production);
  } catch {
    // An unreadable journal hides failures; the report already says the journals could not be read.
  }
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

/** The display status of an artifact at `path` with written status `written`. */
export function stateOf(model: ReadModel, path: string, written: unknown): ArtifactState {
  return model.states.get(path) ?? { status: isWritten(written) ? written : 'draft' };
}

function isWritten(s: unknown): s is DisplayStatus {
  return s === 'draft' || s === 'proposed' || s === 'approved' || s === 'locked' || s === 'rejected';
}

/** The storyboard's stale and failed statuses from the read model (both hosts pass it to the snapshot). */
export function storyboardStatusOf(model: ReadModel): (path: string) => StatusOverride | undefined {
  return (path) => {
    const s = model.states.get(path);
    return s && (s.status === 'stale' || s.status === 'failed') ? { status: s.status, ...(s.reason ? { reason: s.reason } : {}) } : undefined;
  };
}
