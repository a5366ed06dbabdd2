/**
 * The approval policy, in one function (cf. Roo Code's auto-approval): given a question, the
 * production's approval mode and the budget, say approve, deny or ask. Everything that spends
 * money or passes a gate calls `decide`; nothing else decides.
 */
import type { Question } from '../host';

export type ApprovalMode = 'always-ask' | 'auto';
export type Decision = 'approve' | 'deny' | 'ask';

/** The money side of a decision: what is spent, what running calls have reserved, the cap. */
export interface BudgetView {
  spent: number;
  /** Estimates of calls approved and still running: counted so parallel calls cannot pass the cap together. */
  reserved: number;
  cap: number | undefined;
}

/** True when a call estimated at `estimate` would take spending past the cap. */
export function wouldPassCap(budget: BudgetView, estimate: number | undefined): boolean {
  if (budget.cap === undefined || estimate === undefined || estimate === 0) return false;
  return budget.spent + budget.reserved + estimate > budget.cap + 1e-9;
}

/**
 * approve / deny / ask. Gates always ask a person. A call that would pass the cap is denied
 * whatever the mode. A free call is approved. An unknown price is asked even in auto mode.
 * always-ask asks before every paid call; auto approves paid calls within budget.
 */
export function decide(question: Question, mode: ApprovalMode, budget: BudgetView): Decision {
  if (question.kind === 'gate') return 'ask';
  if (wouldPassCap(budget, question.estimatedCost)) return 'deny';
  const paid = question.paid ?? (question.estimatedCost === undefined || question.estimatedCost > 0);
  if (!paid) return 'approve';
  if (question.estimatedCost === undefined) return 'ask';
  return mode === 'auto' ? 'approve' : 'ask';
}

/** The production's mode; anything unrecognised is treated as the safe one. */
export function approvalMode(value: unknown): ApprovalMode {
  return value === 'auto' ? 'auto' : 'always-ask';
}
