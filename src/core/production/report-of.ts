/**
 * The production report assembled from its two parts, the status basis (status.ts) and the
 * records (records.ts), and the warm report from their saved snapshots. Nothing here loads the
 * production or runs git (report.ts reads the parts afresh), so the status entry point
 * (src/cli/status-main.ts, bundled alone) can answer a warm `filmcrew status` with it.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import type { GateState } from '../git/gates';
import type { Proposal } from '../git/proposals';
import type { Staleness } from '../git/verify';
import type { Production } from '../model/types';
import type { SpendTotals } from '../orchestrator/budget';
import type { GateId } from '../pipeline/stages';
import type { ProductionRecords } from './records';
import { savedRecords } from './records-snapshot';
import { statusFromBasis, type StatusBasis, type StatusReport } from './status';
import { savedStatusBasis } from './status-snapshot';

export interface ReportSpend extends SpendTotals {
  cap?: number;
  currency: string;
}

export interface ProductionReport {
  root: string;
  /** The loaded production, when the caller passed one (a warm `status` does not load it). */
  production?: Production;
  /** Stages, gates, artifacts by status and problems; its diagnostics are `diagnostics` below. */
  status: StatusReport;
  /** `git`: gates read from commits and tags; `artifacts`: no repository (or git failed), judged from statuses. */
  gatesFrom: 'git' | 'artifacts';
  /** Gate states from git, when read. */
  gates?: Record<GateId, GateState>;
  /** Paths locked in filmcrew.lock, sorted. */
  locked: string[];
  /** `edited-after-lock` diagnostics: locked files that changed or went since their lock. */
  lockProblems: Diagnostic[];
  /** Stale locked artifacts (inputs changed, or made from a stale one) with why. */
  stale: Map<string, Staleness>;
  /** Proposal branches not merged yet, newest first. */
  proposals: Proposal[];
  spend: ReportSpend;
  /** Validation, the lock file, lock verification, staleness and the parts that could not be read, sorted. */
  diagnostics: Diagnostic[];
}

/** The report from a status basis and the records: pure. */
export function reportOf(basis: StatusBasis, records: ProductionRecords, production?: Production): ProductionReport {
  const diagnostics = sortDiagnostics([
    ...basis.diagnostics,
    ...records.lockfileDiagnostics,
    ...records.lockProblems,
    ...records.staleDiagnostics,
    ...records.unread,
  ]);
  const spend: ReportSpend = {
    ...records.spend,
    ...(basis.budget?.cap !== undefined ? { cap: basis.budget.cap } : {}),
    currency: basis.budget?.currency ?? 'USD',
  };
  const status = statusFromBasis(
    { ...basis, diagnostics },
    {
      ...(records.gates ? { gates: records.gates } : {}),
      stale: records.stale.map(([path]) => path),
      spend: { total: spend.total, ...(spend.cap !== undefined ? { cap: spend.cap } : {}), byRole: spend.byRole },
    },
  );
  return {
    root: basis.root,
    ...(production ? { production } : {}),
    status,
    gatesFrom: records.gates ? 'git' : 'artifacts',
    ...(records.gates ? { gates: records.gates } : {}),
    locked: records.locked,
    lockProblems: records.lockProblems,
    stale: new Map(records.stale),
    proposals: records.proposals,
    spend,
    diagnostics,
  };
}

/**
 * The report from the saved snapshots alone, when neither the status basis nor the records are
 * out of date (see status-snapshot.ts, records-snapshot.ts); undefined otherwise, and then
 * `productionReport` (report.ts) reads what changed and saves the snapshots again.
 */
export async function savedReport(root: string): Promise<ProductionReport | undefined> {
  const basis = await savedStatusBasis(root);
  if (!basis) return undefined;
  const records = await savedRecords(root);
  return records ? reportOf(basis, records) : undefined;
}
