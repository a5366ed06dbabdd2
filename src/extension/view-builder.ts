/**
 * The ProductionView from core's production report (src/core/production/report.ts): the tree's
 * stage rows, each artifact's display status, and the rest as the report has it. Core gathers
 * the git side and the journals; this file only maps them to what the views show.
 */
import type { Staleness } from '../core/git/verify';
import type { DisplayStatus, Production } from '../core/model/types';
import { gate as gateOf, type GateId } from '../core/pipeline/stages';
import { productionReport } from '../core/production/report';
import type { StatusReport } from '../core/production/status';
import type { ArtifactState, GateRow, ProductionView, StageRow } from './production-view';
import { workArtifacts } from '../core/model/artifacts';
import { teamView } from '../core/team/team-view';

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

function states(production: Production, locked: readonly string[], stale: ReadonlyMap<string, Staleness>, lockProblems: { file: string; message: string }[]): Map<string, ArtifactState> {
  const out = new Map<string, ArtifactState>();
  for (const path of locked) out.set(path, { status: 'locked' });
  const all = workArtifacts(production);
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
  const [report, team] = await Promise.all([productionReport(production.root, production), teamView(production.root).catch(() => undefined)]);
  const stages = stageRows(report.status);
  return {
    production,
    report: report.status,
    stages,
    current: stages.find((s) => s.state !== 'done'),
    states: states(production, report.locked, report.stale, report.lockProblems),
    proposals: report.proposals,
    spend: { total: report.spend.total, byRole: report.spend.byRole, cap: report.spend.cap, currency: report.spend.currency },
    diagnostics: report.diagnostics,
    ...(team ? { team } : {}),
  };
}
