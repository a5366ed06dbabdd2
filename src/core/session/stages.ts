/**
 * The stages and gates as every view shows them, from core's status report: whether each gate has
 * passed and why a stage waits. Small on purpose: `filmcrew status` imports it on its fast path.
 */
import { gate as gateOf, GATES, type GateId, type StageId } from '../pipeline/stages';
import type { StatusReport } from '../production/status';

export type GateState = 'passed' | 'open' | 'blocked';

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

/** Whether each gate has passed, from a status report (git's answer, else the one gate rule). */
export function gatesOf(report: StatusReport): Record<GateId, boolean> {
  const out = Object.fromEntries(GATES.map((g) => [g.id, false])) as Record<GateId, boolean>;
  for (const s of report.stages) if (s.gate) out[s.gate.id] = s.gate.passed;
  return out;
}

/** The stage rows from core's status report: gate passed / open / blocked, and why. */
export function stageRows(report: StatusReport): StageRow[] {
  const title = (g: GateId) => gateOf(g).title;
  return report.stages.map((s): StageRow => {
    const waiting = s.waitingFor.map(title).join(' and ') || 'the stages before it';
    let gate: GateRow | undefined;
    if (s.gate) {
      const g = s.gate;
      gate = g.passed
        ? { id: g.id, title: g.title, state: 'passed', why: `passed${g.at ? ` on ${g.at.slice(0, 10)}` : ''}` }
        : s.state === 'waiting'
          ? { id: g.id, title: g.title, state: 'blocked', why: `waits for ${waiting}` }
          : { id: g.id, title: g.title, state: 'open', why: "open: lock this stage's work, then pass it" };
    }
    const why = s.state === 'done' ? `${s.title}: done. ${s.work}.` : s.state === 'waiting' ? `${s.title} waits for ${waiting}. ${s.work}.` : `${s.title} can run now. ${s.work}.`;
    return { id: s.id, title: s.title, state: s.state, why, ...(gate ? { gate } : {}) };
  });
}

