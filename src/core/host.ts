/**
 * What core needs of its host, as small injected interfaces (cf. GitLens' packages/git context).
 * The CLI, the extension and the tests each implement them; core imports nothing from `vscode`.
 */
import type { Modality } from './model/types';
import type { GateId } from './pipeline/stages';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** A paid call waiting for a person's yes. Shown before anything is sent. */
export interface CallQuestion {
  kind: 'call';
  taskId: string;
  role: string;
  model: string;
  modality: Modality;
  prompt: string;
  references: string[];
  /** `undefined` when the price is unknown: always asked, even in auto mode. */
  estimatedCost: number | undefined;
  /** False for a provider that costs nothing (offline, local models): no question about money. */
  paid?: boolean;
  spent: number;
  cap: number | undefined;
}

/** A gate a run reached. Gates always ask a person. */
export interface GateQuestion {
  kind: 'gate';
  gate: GateId;
  /** Paths the gate would lock. */
  artifacts: string[];
  /** The gate has passed; these are its stale work, redone by the run, to be locked again. */
  relock?: boolean;
}

export type Question = CallQuestion | GateQuestion;

/** `edit` answers a call with a changed prompt (the extension's "edit prompt"). */
export type Answer = { answer: 'approve' } | { answer: 'deny' } | { answer: 'edit'; prompt: string };

export interface ApprovalPrompt {
  ask(question: Question, signal?: AbortSignal): Promise<Answer>;
  /** True when no person reads the questions (--yes): a call with no price is then refused, never approved. */
  readonly unattended?: boolean;
}

/** Answers yes to every question: the CLI's `--yes` (a person's choice, for CI and demos). */
export const approveEverything: ApprovalPrompt = {
  ask: async () => ({ answer: 'approve' }),
  unattended: true,
};

/** API keys: VS Code SecretStorage in the extension, the environment in the CLI. Never files. */
export interface Secrets {
  get(name: string): Promise<string | undefined>;
}

export const environmentSecrets: Secrets = {
  get: async (name) => process.env[name] || undefined,
};

/** Live run events for progress displays (CLI bar, VS Code progress, storyboard). */
export type RunEvent =
  | { type: 'run-started'; runId: string; total: number }
  | { type: 'task-queued'; taskId: string; role: string }
  | { type: 'task-started'; taskId: string; role: string; model: string }
  /** How far a long task is (0–1): rendering the rough cut reports ffmpeg's progress. */
  | { type: 'task-progress'; taskId: string; role: string; fraction: number; note?: string }
  | { type: 'task-finished'; taskId: string; role: string; outcome: 'succeeded' | 'cached' | 'failed' | 'skipped'; outputs: string[]; reason?: string }
  | { type: 'spend'; spent: number; cap: number | undefined }
  | { type: 'run-finished'; runId: string; ok: boolean };

export interface RunObserver {
  (event: RunEvent): void;
}
