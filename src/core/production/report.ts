/**
 * Where a production stands, all of it, for `filmcrew status`, `filmcrew validate` and the
 * extension's views: the stages with gates read from git, the artifacts by status with stale
 * ones counted as stale, lock verification, proposals, spend and every problem
 * (docs/architecture.md, "Layers": the picture is assembled in core, the hosts only show it).
 */
import { resolve } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import type { GateState } from '../git/gates';
import type { Proposal } from '../git/proposals';
import type { Staleness } from '../git/verify';
import type { Production } from '../model/types';
import type { SpendTotals } from '../orchestrator/budget';
import type { GateId } from '../pipeline/stages';
import type { ProductionRecords } from './records';
import { statusBasis, statusFromBasis, type StatusBasis, type StatusReport } from './status';

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
 * The whole picture of the production at `root`. With `production` (already loaded, as the
 * extension has it) everything is read afresh; without, the status snapshot and the records
 * cache answer when nothing changed, so a warm `filmcrew status` loads neither YAML nor git.
 * Never throws for a half-set-up folder; throws FilmcrewError like the loader when `root` is
 * not a production at all.
 */
export async function productionReport(root: string, production?: Production): Promise<ProductionReport> {
  const abs = resolve(production?.root ?? root);
  if (production) {
    const { readRecords } = await import('./records');
    return reportOf(statusBasis(production), (await readRecords(abs, production)).records, production);
  }
  const [{ loadStatusBasis }, { loadRecords }] = await Promise.all([import('./status-cache'), import('./records-cache')]);
  const basis = await loadStatusBasis(abs);
  return reportOf(basis, await loadRecords(abs));
}
