/**
 * The orchestrator: the library API the CLI and the extension call. Deterministic code owns
 * control flow, state and money; models only fill in content (docs/architecture.md, "Data flow").
 */
export { runProduction, workOutRun } from './run';
export type { RunOptions, RunSummary, TaskReport, GateReport, RunStop, RunExitCode, TaskOutcomeKind } from './types';
export { decide, approvalMode, wouldPassCap, type ApprovalMode, type Decision, type BudgetView } from './policy';
export { NobodyToAsk } from './task';
export { productionSpend } from './memory';
export { readJournal, listRuns, newestRun, journalPath, type JournalEvent } from './journal';
export type { SpendTotals } from './budget';
export { planStages, type PlannedTask, type RunScope } from './planner';
export { traceLines } from './trace';
