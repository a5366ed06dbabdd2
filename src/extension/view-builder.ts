/**
 * Builds the ProductionView from core: the loaded production, the lock file (lock verification
 * and staleness), gate states from git, proposal branches and the spend ledger. Each piece that
 * fails (no git yet, a broken lock file) leaves its part empty and says why in a diagnostic,
 * so a half-set-up folder still shows what it has.
 */
import { diagnostic, sortDiagnostics, type Diagnostic } from '../core/diagnostics';
import { gateState, listProposals, readLockfile, staleness, verifyLocks, type GateState as GitGateState, type Proposal } from '../core/git/index';
import type { Lockfile } from '../core/git/lockfile';
import type { DisplayStatus, Production } from '../core/model/types';
import { productionSpend } from '../core/orchestrator/index';
import { computeStatus, type StatusReport } from '../core/production/status';
import { GATES, gate as gateOf, type GateId } from '../core/pipeline/stages';
import type { ArtifactState, GateRow, ProductionView, Spend, StageRow } from './production-view';

async function settle<T>(work: () => Promise<T>, fallback: T, problems: string[], what: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    problems.push(`${what}: ${(error as Error)?.message ?? String(error)}`);
    return fallback;
  }
}

/** The tree's stage rows from core's status report: gate passed / open / blocked, and why. */
export function stageRows(report: StatusReport): StageRow[] {
  const title = (g: GateId) => gateOf(g).title;
  return report.stages.map((s): StageRow => {
    const waiting = s.waitingFor.map(title);
    let gate: GateRow | undefined;
    if (s.gate) {
      const g = s.gate;
      gate = g.passed
        ? { id: g.id, title: g.title, state: 'passed', why: `passed${g.at ? ` on ${g.at.slice(0, 10)}` : ''}` }
        : s.state === 'waiting'
          ? { id: g.id, title: g.title, state: 'blocked', why: `waits for ${waiting.join(' and ') || 'the stages before it'}` }
          : { id: g.id, title: g.title, state: 'open', why: "open: lock this stage's work, then pass it" };
    }
    const why =
      s.state === 'done'
        ? `${s.title}: done. ${s.work}.`
        : s.state === 'waiting'
          ? `${s.title} waits for ${waiting.join(' and ') || 'the stages before it'}. ${s.work}.`
          : `${s.title} can run now. ${s.work}.`;
    return { id: s.id, title: s.title, state: s.state, why, ...(gate ? { gate } : {}) };
  });
}

function states(production: Production, lock: Lockfile, stale: Map<string, { changed: string[]; via?: string }>, lockProblems: Diagnostic[]): Map<string, ArtifactState> {
  const out = new Map<string, ArtifactState>();
  for (const path of Object.keys(lock.locks)) out.set(path, { status: 'locked' });
  const all = [...production.shots, ...production.characters, ...production.costumes, ...production.locations, ...production.props, ...production.reviews];
  for (const a of all) {
    const written = a.data.status;
    if (!out.has(a.path) && (written === 'proposed' || written === 'approved' || written === 'rejected')) out.set(a.path, { status: written as DisplayStatus });
  }
  for (const d of lockProblems) out.set(d.file, { status: 'stale', reason: d.message });
  for (const [path, s] of stale) out.set(path, { status: 'stale', reason: s.via ? `made from ${s.via}, which is stale` : `${s.changed.join(', ')} changed since it was locked` });
  return out;
}

/** The whole view of the production at `production.root`. Never throws for a half-set-up folder. */
export async function buildView(production: Production): Promise<ProductionView> {
  const root = production.root;
  const problems: string[] = [];
  const { lock, diagnostics: lockfileDiagnostics } = await settle(() => readLockfile(root), { lock: { version: 1, locks: {} } as Lockfile, diagnostics: [] as Diagnostic[] }, problems, 'filmcrew.lock');
  const lockProblems = verifyLocks(root, production, lock);
  const stale = await settle(() => staleness(root, lock), new Map(), problems, 'staleness');
  const noGates = Object.fromEntries(GATES.map((g) => [g.id, undefined])) as Record<GateId, GitGateState | undefined>;
  const passed = await settle(() => gateState(root), noGates, problems, 'gates');
  const proposals = await settle(() => listProposals(root), [] as Proposal[], problems, 'proposals');
  const cap = typeof production.production?.data.budget?.cap === 'number' ? production.production.data.budget.cap : undefined;
  const totals = await settle(async () => productionSpend(root), { total: 0, byRole: {}, byStage: {}, byModel: {} }, problems, 'spend');
  const spend: Spend = { total: totals.total, byRole: totals.byRole, cap, currency: production.production?.data.budget?.currency ?? 'USD' };
  const staleDiagnostics = [...stale].map(([path, s]) =>
    diagnostic(path, 1, 1, 'info', 'stale', `stale: ${s.via ? `it was made from ${s.via}, which is stale` : `${s.changed.join(', ')} changed since it was locked`}; run the orchestrator to redo it`),
  );
  const report = computeStatus(production, {
    gates: Object.fromEntries(Object.entries(passed).filter(([, g]) => g !== undefined)),
    stale: [...stale.keys()],
    spend: { total: spend.total, cap, byRole: spend.byRole },
  });
  const stages = stageRows(report);
  const diagnostics = sortDiagnostics([
    ...production.diagnostics,
    ...lockfileDiagnostics,
    ...lockProblems,
    ...staleDiagnostics,
    // Failures of the git side are not about a file a person wrote: report them once, on production.md.
    ...problems.map((p) => diagnostic('production.md', 1, 1, 'info', 'file-unreadable', `Film Crew could not read ${p}`)),
  ]);
  return {
    production,
    report,
    stages,
    current: stages.find((s) => s.state !== 'done'),
    states: states(production, lock, stale, lockProblems),
    proposals,
    spend,
    diagnostics,
  };
}
