/**
 * Where a production stands: each stage of the spine with its gate, the artifacts by status per
 * kind, spend, and the problems. The git layer feeds gates, the lock file feeds staleness, the
 * journal feeds spend (report.ts gathers them); without them a gate is judged by the one rule the
 * run's planner uses too (pipeline/gate-rule.ts). The only file it looks at is each shot's frame.
 */
import { photographedShots } from '../model/photography';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { lexicalProblem } from '../artifact/paths';
import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import { clipPath, cutFiles, framePath } from '../model/paths';
import { isVideoClip } from '../export/cut';
import type { Artifact, DisplayStatus, FrontmatterData, Production, ShotData } from '../model/types';
import { judgeGates, type GateCover } from '../pipeline/gate-rule';
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

/** What status needs of a production, small enough to cache between processes (see status-cache.ts). */
export interface StatusBasis {
  title?: string;
  root: string;
  scriptPath?: string;
  scenes: number;
  kinds: (KindStatus & { locked: string[] })[];
  /** Shots whose storyboard frame file exists (its `frame`, else media/frames/<id>.svg). */
  framed: number;
  /** Shots whose clip file exists (the video `clip` the shot names, else media/clips/<id>.mp4). */
  clipped: number;
  /** Whether edit/roughcut.mp4 exists. */
  roughcut?: boolean;
  diagnostics: Diagnostic[];
  /** production.md's budget, for the spend line. */
  budget?: { cap?: number; currency: string };
}

/** True when the shot's storyboard frame is on disk, where the convention (or its `frame`) puts it. */
export function hasFrame(root: string, shot: Pick<ShotData, 'id' | 'frame'>): boolean {
  const frame = typeof shot.frame === 'string' ? shot.frame : undefined;
  if (typeof shot.id !== 'string' && frame === undefined) return false;
  const rel = framePath({ id: String(shot.id), frame });
  return !lexicalProblem(rel) && existsSync(join(root, rel));
}

/** True when the shot's clip is on disk: the video its `clip` names, else the one the generation stage makes. */
export function hasClip(root: string, shot: Pick<ShotData, 'id' | 'clip'>): boolean {
  if (typeof shot.id !== 'string') return false;
  const rel = isVideoClip(shot.clip) ? shot.clip : clipPath(shot.id);
  return !lexicalProblem(rel) && existsSync(join(root, rel));
}

function statusOf(a: Artifact): DisplayStatus | 'none' {
  const s = (a.data as FrontmatterData).status;
  return typeof s === 'string' && (STATUS_COLUMNS as readonly string[]).includes(s) ? (s as DisplayStatus) : 'none';
}

function plural(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describe(counts: StatusCounts): string {
  return STATUS_COLUMNS.filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s === 'none' ? 'without status' : s}`)
    .join(', ');
}

function sum(kinds: readonly KindStatus[]): { total: number; byStatus: StatusCounts } {
  const byStatus: StatusCounts = {};
  let total = 0;
  for (const k of kinds) {
    total += k.total;
    for (const [s, n] of Object.entries(k.byStatus) as [DisplayStatus | 'none', number][]) byStatus[s] = (byStatus[s] ?? 0) + n;
  }
  return { total, byStatus };
}

/** The production-derived part of the status: counts, not artifacts. */
export function statusBasis(production: Production): StatusBasis {
  const p = production;
  const kinds = [
    { kind: 'shot', folder: 'shots', list: p.shots },
    { kind: 'character', folder: 'characters', list: p.characters },
    { kind: 'costume', folder: 'costumes', list: p.costumes },
    { kind: 'location', folder: 'locations', list: p.locations },
    { kind: 'prop', folder: 'props', list: p.props },
    { kind: 'agent', folder: 'agents', list: p.agents },
    { kind: 'review', folder: 'reviews', list: p.reviews },
  ].map(({ kind, folder, list }) => {
    const byStatus: StatusCounts = {};
    const locked: string[] = [];
    for (const a of list as Artifact[]) {
      const st = statusOf(a);
      byStatus[st] = (byStatus[st] ?? 0) + 1;
      if (st === 'locked') locked.push(a.path);
    }
    return { kind, folder, total: list.length, byStatus, locked };
  });
  const b = p.production?.data.budget;
  const budget =
    b && typeof b === 'object'
      ? { ...(typeof b.cap === 'number' ? { cap: b.cap } : {}), currency: typeof b.currency === 'string' ? b.currency : 'USD' }
      : undefined;
  return {
    ...(typeof p.production?.data.title === 'string' ? { title: p.production.data.title } : {}),
    root: p.root,
    ...(p.scriptPath ? { scriptPath: p.scriptPath } : {}),
    scenes: p.scenes.length,
    kinds,
    framed: p.shots.filter((s) => hasFrame(p.root, s.data)).length,
    clipped: photographedShots(p).filter((s) => !s.omitted && hasClip(p.root, s)).length,
    roughcut: existsSync(join(p.root, cutFiles.roughcut)),
    diagnostics: sortDiagnostics(p.diagnostics),
    ...(budget ? { budget } : {}),
  };
}

/** What the edit stage has, in words that never say "nothing to cut" of a passed gate. */
function editWork(shots: number, clipped: number, roughcut: boolean, passed: boolean): string {
  if (shots > 0 && clipped === shots) return roughcut ? `rough cut of ${plural(clipped, 'clip')} (${cutFiles.roughcut})` : `${plural(clipped, 'clip')} to cut, no rough cut yet`;
  if (passed) return `the gate passed, but only ${clipped} of ${plural(shots, 'shot')} ${clipped === 1 ? 'has' : 'have'} a clip: run generation and edit, then pass it again`;
  return clipped ? `${clipped} of ${plural(shots, 'clip')} to cut` : 'nothing to cut yet';
}

/**
 * What a gate covers, from the counts: the kinds whose files its globs name. A gate that covers
 * anything else (a frame, a clip, a `.fountain` script) cannot be judged locked without git.
 */
function coverOf(gate: GateId, artifacts: readonly KindStatus[]): GateCover {
  const globs = GATES.find((g) => g.id === gate)!.requires.flatMap((r) => r.split('|'));
  const kinds = artifacts.filter((a) => globs.includes(`${a.folder}/*.md`));
  const { total, byStatus } = sum(kinds);
  return { own: total > 0, locked: kinds.length === globs.length && (byStatus.locked ?? 0) === total };
}

/** The status from a basis and what the git layer, the planner and the journal know. */
export function statusFromBasis(basis: StatusBasis, extras: StatusExtras = {}): StatusReport {
  const stale = new Set(extras.stale ?? []);
  const artifacts: KindStatus[] = basis.kinds.map(({ kind, folder, total, byStatus, locked }) => {
    const counts: StatusCounts = { ...byStatus };
    for (const path of locked) {
      if (!stale.has(path)) continue;
      counts.locked = (counts.locked ?? 0) - 1;
      counts.stale = (counts.stale ?? 0) + 1;
    }
    if (counts.locked === 0) delete counts.locked;
    return { kind, folder, total, byStatus: counts };
  });
  const of = (...kinds: string[]) => sum(artifacts.filter((a) => kinds.includes(a.kind)));
  const shots = of('shot');
  const sheets = of('character', 'costume', 'location', 'prop');
  const reviews = of('review');

  const told = Object.fromEntries(Object.entries(extras.gates ?? {}).map(([g, t]) => [g, t.passed]));
  const judged = judgeGates((gate) => coverOf(gate, artifacts), told);
  const gates = new Map<GateId, GateStatus>();
  for (const g of GATES) {
    const told = extras.gates?.[g.id];
    gates.set(
      g.id,
      told
        ? { id: g.id, title: g.title, passed: told.passed, ...(told.at ? { at: told.at } : {}), source: 'git' }
        : { id: g.id, title: g.title, passed: judged[g.id], source: 'artifacts' },
    );
  }

  const { framed, clipped } = basis;
  const work: Record<StageId, string> = {
    script: basis.scriptPath ? `${basis.scriptPath}, ${plural(basis.scenes, 'scene')}` : 'no script yet',
    breakdown: shots.total ? `${plural(shots.total, 'shot')}: ${describe(shots.byStatus)}` : 'no shots yet',
    assets: sheets.total ? `${plural(sheets.total, 'sheet')}: ${describe(sheets.byStatus)}` : 'no sheets yet',
    storyboard: shots.total ? `${framed} of ${plural(shots.total, 'shot')} framed` : 'no shots yet',
    generation: shots.total ? `${clipped} of ${plural(shots.total, 'shot')} with a clip` : 'no shots yet',
    edit: editWork(shots.total, clipped, basis.roughcut === true, gates.get('roughcut')?.passed === true),
    review: reviews.total ? plural(reviews.total, 'review') : 'no reviews yet',
  };
  const done = new Map<StageId, boolean>();
  const stages: StageStatus[] = STAGES.map((s) => {
    const gate = s.gate ? gates.get(s.gate) : undefined;
    const waitingFor = s.needs.filter((g) => !gates.get(g)?.passed);
    const afterDone = s.after.every((a) => done.get(a));
    // The rough cut is done when its gate passed on a cut of every shot's clip, never on nothing.
    const cutWhole = shots.total > 0 && clipped === shots.total;
    const isDone = gate ? gate.passed && (s.id !== 'edit' || cutWhole) : s.id === 'generation' ? cutWhole : false;
    done.set(s.id, isDone);
    const state: StageStatus['state'] = isDone ? 'done' : waitingFor.length === 0 && afterDone ? 'ready' : 'waiting';
    return { id: s.id, title: s.title, state, waitingFor, ...(gate ? { gate } : {}), work: work[s.id] };
  });

  const diagnostics = basis.diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return {
    ...(basis.title !== undefined ? { title: basis.title } : {}),
    root: basis.root,
    stages,
    artifacts,
    problems: { errors, warnings, infos: diagnostics.length - errors - warnings, diagnostics },
    stale: [...stale].sort(),
    ...(extras.spend ? { spend: extras.spend } : {}),
  };
}

/** The whole picture of a loaded production, for `filmcrew status` and the extension's views. */
export function computeStatus(production: Production, extras: StatusExtras = {}): StatusReport {
  return statusFromBasis(statusBasis(production), extras);
}
