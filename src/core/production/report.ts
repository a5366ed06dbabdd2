/**
 * Where a production stands, all of it, for `filmcrew status`, `filmcrew validate` and the
 * extension's views: the stages with gates read from git, the artifacts by status with stale
 * ones counted as stale, lock verification, proposals, spend and every problem
 * (docs/architecture.md, "Layers": the picture is assembled in core, the hosts only show it).
 */
import { resolve } from 'node:path';
import type { Production } from '../model/types';
import { reportOf, type ProductionReport } from './report-of';
import { statusBasis } from './status';

export { reportOf, type ProductionReport, type ReportSpend } from './report-of';

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
