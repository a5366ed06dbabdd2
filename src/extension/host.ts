/**
 * What the extension's commands need of VS Code, as one small interface. `vscode-host.ts`
 * implements it over the real API; unit tests implement it with a scripted fake. Nothing here
 * imports `vscode`.
 */
import type { Logger } from '../core/host';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface InputOptions {
  title: string;
  prompt: string;
  value?: string;
  placeHolder?: string;
  /** Typed characters are hidden (API keys). */
  password?: boolean;
  /** A sentence saying what is wrong with the value, or undefined when it is fine. */
  validate?: (value: string) => string | undefined;
}

/** How a long task reports: a sentence, and how much of the whole (0–100) was added. */
export type ReportProgress = (message: string, increment?: number) => void;

export interface OpenOptions {
  line?: number;
  /** Open to the side of the active editor. */
  beside?: boolean;
  preview?: boolean;
}

/** The settings the extension reads (contributes.configuration). */
export interface Settings {
  /** `production` follows the role's model lists; anything else forces every call onto that provider. */
  provider: string;
  /** 0 follows production.md. */
  concurrency: number;
  /** What New Production writes into production.md. */
  approvalMode: 'always-ask' | 'auto';
}

/** Where API keys live: VS Code Secret Storage, never settings, files or logs. */
export interface SecretStore {
  get(name: string): Promise<string | undefined>;
  store(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export interface RunLog extends Logger {
  /** Brings the "Film Crew" output channel to the front. */
  show(): void;
}

export interface Host {
  /** A passing notice. */
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A modal question; resolves with the chosen action, or undefined when dismissed. */
  ask(message: string, detail: string, actions: readonly string[]): Promise<string | undefined>;
  pick<T>(title: string, items: readonly PickItem<T>[], placeHolder?: string): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** Opens a file (absolute path) in an editor. */
  openFile(path: string, options?: OpenOptions): Promise<void>;
  /** Shows a diff of two texts; `right` may be a file on disk (absolute path). */
  openDiff(title: string, left: { label: string; text: string }, right: { path: string } | { label: string; text: string }): Promise<void>;
  /** Shows a read-only markdown document (status, trace). */
  showMarkdown(title: string, markdown: string): Promise<void>;
  /** Runs `task` with a cancellable progress notification; cancelling aborts the signal. */
  withProgress<T>(title: string, task: (report: ReportProgress, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Workspace Trust: an untrusted folder may browse, validate and preview only. */
  trusted(): boolean;
  settings(): Settings;
  /** Absolute path of the workspace folder a new production goes into, if one is open. */
  workspaceFolder(): string | undefined;
  /** Absolute path of the file in the active editor, if any. */
  activeFile(): string | undefined;
  /** Brings the Problems panel to the front. */
  showProblems(): Promise<void>;
  readonly secrets: SecretStore;
  readonly log: RunLog;
}
