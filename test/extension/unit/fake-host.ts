/**
 * A scripted Host for the adapter's unit tests: answers come from queues the test fills, and
 * everything shown is recorded. No `vscode` import anywhere.
 */
import type { Host, InputOptions, PickItem, RunLog, Settings } from '../../../src/extension/host';

export interface Shown {
  kind: 'info' | 'warn' | 'error';
  message: string;
}

export class FakeHost implements Host {
  readonly shown: Shown[] = [];
  readonly asked: { message: string; detail: string; actions: readonly string[] }[] = [];
  readonly picks: { title: string; items: readonly PickItem<unknown>[] }[] = [];
  readonly inputs: InputOptions[] = [];
  readonly opened: { path: string; line?: number }[] = [];
  readonly diffs: { title: string; left: string; right: string }[] = [];
  readonly documents: { title: string; markdown: string }[] = [];
  readonly logLines: string[] = [];
  readonly secretValues = new Map<string, string>();
  /** Answers, consumed in order: a modal's action label, a pick's label, an input's text. */
  readonly answers: { ask: (string | undefined)[]; pick: (string | undefined)[]; input: (string | undefined)[] } = { ask: [], pick: [], input: [] };
  isTrusted = true;
  folder: string | undefined;
  active: string | undefined;
  problemsShown = 0;
  progressTitles: string[] = [];
  progressReports: string[] = [];
  /** Aborts the running progress when set (the person pressed Cancel). */
  cancelProgress: AbortController | undefined;
  currentSettings: Settings = { provider: 'offline', concurrency: 0, approvalMode: 'always-ask' };

  info(message: string): void {
    this.shown.push({ kind: 'info', message });
  }
  warn(message: string): void {
    this.shown.push({ kind: 'warn', message });
  }
  error(message: string): void {
    this.shown.push({ kind: 'error', message });
  }
  async ask(message: string, detail: string, actions: readonly string[]): Promise<string | undefined> {
    this.asked.push({ message, detail, actions });
    return this.answers.ask.shift();
  }
  async pick<T>(title: string, items: readonly PickItem<T>[]): Promise<T | undefined> {
    this.picks.push({ title, items });
    const label = this.answers.pick.shift();
    return items.find((i) => i.label === label || i.label.startsWith(label ?? '\0'))?.value;
  }
  async input(options: InputOptions): Promise<string | undefined> {
    this.inputs.push(options);
    return this.answers.input.shift();
  }
  async openFile(path: string, options?: { line?: number }): Promise<void> {
    this.opened.push({ path, line: options?.line });
  }
  async openDiff(title: string, left: { label: string; text: string }, right: { path: string } | { label: string; text: string }): Promise<void> {
    this.diffs.push({ title, left: left.text, right: 'text' in right ? right.text : `file:${right.path}` });
  }
  async showMarkdown(title: string, markdown: string): Promise<void> {
    this.documents.push({ title, markdown });
  }
  async withProgress<T>(title: string, task: (report: (m: string) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    this.progressTitles.push(title);
    const controller = this.cancelProgress ?? new AbortController();
    return task((m) => this.progressReports.push(m), controller.signal);
  }
  trusted(): boolean {
    return this.isTrusted;
  }
  settings(): Settings {
    return this.currentSettings;
  }
  workspaceFolder(): string | undefined {
    return this.folder;
  }
  activeFile(): string | undefined {
    return this.active;
  }
  async showProblems(): Promise<void> {
    this.problemsShown++;
  }
  readonly secrets = {
    get: async (name: string) => this.secretValues.get(name),
    store: async (name: string, value: string) => void this.secretValues.set(name, value),
    delete: async (name: string) => void this.secretValues.delete(name),
  };
  readonly log: RunLog = {
    debug: (m) => this.logLines.push(`debug ${m}`),
    info: (m) => this.logLines.push(`info ${m}`),
    warn: (m) => this.logLines.push(`warn ${m}`),
    error: (m) => this.logLines.push(`error ${m}`),
    show: () => undefined,
  };

  messages(kind?: Shown['kind']): string[] {
    return this.shown.filter((s) => !kind || s.kind === kind).map((s) => s.message);
  }
}
