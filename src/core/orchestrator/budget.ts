/**
 * The ledger: what the production has spent (all runs), what this run spent, per role, stage
 * and model, and what running calls have reserved. The cap is the production's, across runs.
 */
import type { BudgetView } from './policy';

export interface SpendLine {
  role: string;
  stage: string;
  model: string;
  cost: number;
}

export interface SpendTotals {
  total: number;
  byRole: Record<string, number>;
  byStage: Record<string, number>;
  byModel: Record<string, number>;
}

export function emptyTotals(): SpendTotals {
  return { total: 0, byRole: {}, byStage: {}, byModel: {} };
}

/** Adds one line of spend to totals (in place) and returns them. */
export function addSpend(totals: SpendTotals, line: SpendLine): SpendTotals {
  totals.total += line.cost;
  totals.byRole[line.role] = (totals.byRole[line.role] ?? 0) + line.cost;
  totals.byStage[line.stage] = (totals.byStage[line.stage] ?? 0) + line.cost;
  totals.byModel[line.model] = (totals.byModel[line.model] ?? 0) + line.cost;
  return totals;
}

export function mergeTotals(into: SpendTotals, from: SpendTotals): SpendTotals {
  into.total += from.total;
  for (const [k, v] of Object.entries(from.byRole)) into.byRole[k] = (into.byRole[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.byStage)) into.byStage[k] = (into.byStage[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.byModel)) into.byModel[k] = (into.byModel[k] ?? 0) + v;
  return into;
}

export interface Reservation {
  readonly amount: number;
}

/** Spend before this run, this run's spend, and reservations of calls in flight. */
export class Ledger {
  readonly run: SpendTotals = emptyTotals();
  private reservedTotal = 0;

  constructor(
    readonly before: SpendTotals,
    readonly cap: number | undefined,
  ) {}

  get spent(): number {
    return this.before.total + this.run.total;
  }

  view(): BudgetView {
    return { spent: this.spent, reserved: this.reservedTotal, cap: this.cap };
  }

  /** Holds an approved estimate until the call settles, so parallel calls see it. */
  reserve(estimate: number | undefined): Reservation {
    const amount = estimate ?? 0;
    this.reservedTotal += amount;
    return { amount };
  }

  release(reservation: Reservation): void {
    this.reservedTotal -= reservation.amount;
  }

  /** Releases the reservation and books the actual cost. */
  settle(reservation: Reservation, line: SpendLine): void {
    this.release(reservation);
    addSpend(this.run, line);
  }

  /** Spend outside a reservation's settlement: requests of a call that then failed (they were answered, so paid). */
  charge(line: SpendLine): void {
    addSpend(this.run, line);
  }

  /** The production's spend after this run: for `status`. */
  total(): SpendTotals {
    return mergeTotals(mergeTotals(emptyTotals(), this.before), this.run);
  }
}
