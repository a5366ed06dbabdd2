/**
 * Where a production stands: each stage of the spine with its gate, the artifacts by status per
 * kind, spend, and the problems. Pure: the git layer feeds gates, the planner feeds staleness,
 * the journal feeds spend; without them a gate counts as passed when every artifact it requires
 * exists and is locked.
 */
import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import type { Artifact, DisplayStatus, FrontmatterData, Production } from '../model/types';
import { GATES, STAGES, type GateId, type StageId } from '../pipeline/stages';

export interface StatusExtras {
  gates?: Partial<Record<GateId, { passed: boolean; at?: string }>>;
  /** Production-relative paths of locked artifacts whose inputs changed. */
  stale?: string[];
  spend?: { total: number; cap?: number; byRole: Record<string, number> };
}

export type StatusCounts = Partial<Record<DisplayStatus | 'none', number>>;

export interface GateStatus {
  id: GateId;
  title: string;
  passed: boolean;
  at?: string;
  /** `git`: told by the caller (from commits and tags); `artifacts`: judged from statuses. */
  source: 'git' | 'artifacts';
}

export interface StageStatus {
  id: StageId;
  title: string;
  /** done: its gate passed (or its work is complete); ready: may run now; waiting: a gate it needs has not passed. */
  state: 'done' | 'ready' | 'waiting';
  /** Gates this stage needs that have not passed. */
  waitingFor: GateId[];
  gate?: GateStatus;
  /** What the stage has produced so far, in a few words. */
  work: string;
}

export interface KindStatus {
  kind: string;
  folder: string;
  total: number;
  byStatus: StatusCounts;
}

export interface StatusReport {
  title?: string;
  root: string;
  stages: StageStatus[];
  artifacts: KindStatus[];
  problems: { errors: number; warnings: number; infos: number; diagnostics: Diagnostic[] };
  stale: string[];
  spend?: StatusExtras['spend'];
}

export const STATUS_COLUMNS: readonly (DisplayStatus | 'none')[] = ['draft', 'proposed', 'approved', 'locked', 'rejected', 'stale', 'none'];

function statusOf(a: Artifact, stale: Set<string>): DisplayStatus | 'none' {
  if (stale.has(a.path)) return 'stale';
  const s = (a.data as FrontmatterData).status;
  return typeof s === 'string' && (STATUS_COLUMNS as readonly string[]).includes(s) ? (s as DisplayStatus) : 'none';
}

function count(artifacts: readonly Artifact[], stale: Set<string>): StatusCounts {
  const out: StatusCounts = {};
  for (const a of artifacts) {
    const s = statusOf(a, stale);
    out[s] = (out[s] ?? 0) + 1;
  }
  return out;
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describe(counts: StatusCounts): string {
  const parts = STATUS_COLUMNS.filter((s) => counts[s]).map((s) => `${counts[s]} ${s === 'none' ? 'without status' : s}`);
  return parts.join(', ');
}

/** The whole picture of a loaded production, for `filmcrew status` and the extension's views. */
export function computeStatus(production: Production, extras: StatusExtras = {}): StatusReport {
  const stale = new Set(extras.stale ?? []);
  const p = production;
  const sheets = [...p.characters, ...p.costumes, ...p.locations, ...p.props];
  const artifacts: KindStatus[] = [
    { kind: 'shot', folder: 'shots', list: p.shots },
    { kind: 'character', folder: 'characters', list: p.characters },
    { kind: 'costume', folder: 'costumes', list: p.costumes },
    { kind: 'location', folder: 'locations', list: p.locations },
    { kind: 'prop', folder: 'props', list: p.props },
    { kind: 'agent', folder: 'agents', list: p.agents },
    { kind: 'review', folder: 'reviews', list: p.reviews },
  ].map(({ kind, folder, list }) => ({ kind, folder, total: list.length, byStatus: count(list as Artifact[], stale) }));

  const required: Partial<Record<GateId, readonly Artifact[]>> = { shotlist: p.shots, assets: sheets, final: p.reviews };
  const gates = new Map<GateId, GateStatus>();
  for (const g of GATES) {
    const told = extras.gates?.[g.id];
    if (told) {
      gates.set(g.id, { id: g.id, title: g.title, passed: told.passed, ...(told.at ? { at: told.at } : {}), source: 'git' });
      continue;
    }
    const list = required[g.id];
    const passed = !!list && list.length > 0 && list.every((a) => statusOf(a, stale) === 'locked');
    gates.set(g.id, { id: g.id, title: g.title, passed, source: 'artifacts' });
  }

  const framed = p.shots.filter((s) => typeof s.data.frame === 'string').length;
  const clipped = p.shots.filter((s) => typeof s.data.clip === 'string').length;
  const work: Record<StageId, string> = {
    script: p.scriptPath ? `${p.scriptPath}, ${plural(p.scenes.length, 'scene')}` : 'no script yet',
    breakdown: p.shots.length ? `${plural(p.shots.length, 'shot')}: ${describe(count(p.shots, stale))}` : 'no shots yet',
    assets: sheets.length ? `${plural(sheets.length, 'sheet')}: ${describe(count(sheets, stale))}` : 'no sheets yet',
    storyboard: p.shots.length ? `${framed} of ${plural(p.shots.length, 'shot')} framed` : 'no shots yet',
    generation: p.shots.length ? `${clipped} of ${plural(p.shots.length, 'shot')} with a clip` : 'no shots yet',
    edit: clipped ? `${plural(clipped, 'clip')} to cut` : 'nothing to cut yet',
    review: p.reviews.length ? `${plural(p.reviews.length, 'review')}` : 'no reviews yet',
  };
  const done = new Map<StageId, boolean>();
  const stages: StageStatus[] = STAGES.map((s) => {
    const gate = s.gate ? gates.get(s.gate) : undefined;
    const waitingFor = s.needs.filter((g) => !gates.get(g)?.passed);
    const afterDone = s.after.every((a) => done.get(a));
    const isDone = gate ? gate.passed : s.id === 'generation' ? p.shots.length > 0 && clipped === p.shots.length : false;
    done.set(s.id, isDone);
    const state: StageStatus['state'] = isDone ? 'done' : waitingFor.length === 0 && afterDone ? 'ready' : 'waiting';
    return { id: s.id, title: s.title, state, waitingFor, ...(gate ? { gate } : {}), work: work[s.id] };
  });

  const errors = p.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = p.diagnostics.filter((d) => d.severity === 'warning').length;
  return {
    ...(typeof p.production?.data.title === 'string' ? { title: p.production.data.title } : {}),
    root: p.root,
    stages,
    artifacts,
    problems: { errors, warnings, infos: p.diagnostics.length - errors - warnings, diagnostics: sortDiagnostics(p.diagnostics) },
    stale: [...stale].sort(),
    ...(extras.spend ? { spend: extras.spend } : {}),
  };
}
