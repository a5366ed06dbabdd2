/**
 * One confirmation rule for the producer's tools, through the approval policy `decide()`: a
 * tool that only reads runs; passing a gate is a gate question (always asked); a tool that runs
 * the crew may spend, so it is a paid call of unknown price (asked in every mode, denied once
 * the cap is reached); any other write is shown and confirmed. The run a tool starts asks
 * `decide()` again before each paid call, as every run does.
 */
import type { Question } from '../host';
import { ProductionLoader } from '../production/load';
import { Ledger } from '../orchestrator/budget';
import { TaskMemory } from '../orchestrator/memory';
import { approvalMode, decide, type BudgetView, type Decision } from '../orchestrator/policy';
import type { GateId } from '../pipeline/stages';

export type ToolEffect = 'read' | 'write' | 'spend' | 'gate';

/** What the policy is asked about a tool call. */
export function toolQuestion(effect: Exclude<ToolEffect, 'read'>, what: string, budget: BudgetView, gate?: GateId): Question {
  if (effect === 'gate' && gate) return { kind: 'gate', gate, artifacts: [] };
  return {
    kind: 'call',
    taskId: `producer:${what}`,
    role: 'producer',
    model: 'the crew’s models',
    modality: 'text',
    prompt: what,
    references: [],
    // A write costs nothing; a run's cost is not known before it plans its calls.
    estimatedCost: effect === 'write' ? 0 : undefined,
    paid: effect !== 'write',
    spent: budget.spent,
    cap: budget.cap,
  };
}

/** approve (reads only) / deny (the policy refuses: over the cap) / ask (every change is shown and confirmed). */
export function toolDecision(effect: ToolEffect, what: string, mode: string | undefined, budget: BudgetView, gate?: GateId): Decision {
  if (effect === 'read') return 'approve';
  // A run's price is unknown before it plans, so the cap is checked as it stands: spent is spent.
  if (effect === 'spend' && budget.cap !== undefined && budget.spent + budget.reserved >= budget.cap - 1e-9) return 'deny';
  const decision = decide(toolQuestion(effect, what, budget, gate), approvalMode(mode), budget);
  // The person confirms every change the producer makes, whatever the mode; the policy may still refuse it.
  return decision === 'deny' ? 'deny' : 'ask';
}

/** production.md's approval mode and budget cap. */
export async function approvalSettings(root: string): Promise<{ mode: string | undefined; cap: number | undefined }> {
  const data = (await new ProductionLoader(root).load()).production?.data;
  return { mode: data?.approval, cap: typeof data?.budget?.cap === 'number' ? data.budget.cap : undefined };
}

/** The production's approval mode and budget, as a run would see them. */
export async function approvalState(root: string): Promise<{ mode: string | undefined; budget: BudgetView }> {
  const { mode, cap } = await approvalSettings(root);
  return { mode, budget: new Ledger(TaskMemory.load(root).spend(), cap).view() };
}
