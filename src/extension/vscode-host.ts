/** The Host over VS Code's API: notifications, modals, quick picks, editors, progress, secrets. */
import * as vscode from 'vscode';
import type { Host, InputOptions, OpenOptions, PickItem, RunLog, SecretStore, Settings } from './host';

/** Read-only documents for diffs and reports: `filmcrew-text:/<label>?<id>`. */
export class TextDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'filmcrew-text';
  private readonly texts = new Map<string, string>();
  private next = 0;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  uri(label: string, text: string): vscode.Uri {
    const id = String(this.next++);
    this.texts.set(id, text);
    // Keep a bounded number: diffs of a long review session should not pile up in memory.
    if (this.texts.size > 200) this.texts.delete(this.texts.keys().next().value!);
    return vscode.Uri.from({ scheme: TextDocuments.scheme, path: `/${label}`, query: id });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? '';
  }
}

export function vscodeLog(channel: vscode.LogOutputChannel): RunLog {
  return {
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
    show: () => channel.show(true),
  };
}

function secretStore(secrets: vscode.SecretStorage): SecretStore {
  // Namespaced, so a key named OPENAI_API_KEY cannot collide with another extension's entry.
  const key = (name: string) => `filmcrew.${name}`;
  return {
    get: (name) => Promise.resolve(secrets.get(key(name))),
    store: (name, value) => Promise.resolve(secrets.store(key(name), value)),
    delete: (name) => Promise.resolve(secrets.delete(key(name))),
  };
}

export function vscodeHost(context: vscode.ExtensionContext, log: RunLog, documents: TextDocuments): Host {
  return {
    info: (m) => void vscode.window.showInformationMessage(m),
    warn: (m) => void vscode.window.showWarningMessage(m),
    error: (m) => void vscode.window.showErrorMessage(m),
    async ask(message, detail, actions) {
      return vscode.window.showInformationMessage(message, { modal: true, detail }, ...actions);
    },
    async pick<T>(title: string, items: readonly PickItem<T>[], placeHolder?: string): Promise<T | undefined> {
      const chosen = await vscode.window.showQuickPick(
        items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, item: i })),
        { title, placeHolder: placeHolder ?? title, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
      );
      return chosen?.item.value;
    },
    async input(o: InputOptions) {
      return vscode.window.showInputBox({
        title: o.title,
        prompt: o.prompt,
        value: o.value,
        placeHolder: o.placeHolder,
        password: o.password,
        ignoreFocusOut: true,
        validateInput: o.validate ? (v) => o.validate!(v) ?? null : undefined,
      });
    },
    async openFile(path: string, options: OpenOptions = {}) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      const line = options.line ? Math.max(0, options.line - 1) : undefined;
      await vscode.window.showTextDocument(doc, {
        viewColumn: options.beside ? vscode.ViewColumn.Beside : undefined,
        preview: options.preview ?? true,
        ...(line !== undefined ? { selection: new vscode.Range(line, 0, line, 0) } : {}),
      });
    },
    async openDiff(title, left, right) {
      const leftUri = documents.uri(left.label, left.text);
      const rightUri = 'path' in right ? vscode.Uri.file(right.path) : documents.uri(right.label, right.text);
      await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, title);
    },
    async showMarkdown(title, markdown) {
      const uri = documents.uri(`${title}.md`, markdown);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    },
    withProgress(title, task) {
      return Promise.resolve(
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return task((message, increment) => progress.report({ message, increment }), controller.signal);
        }),
      );
    },
    trusted: () => vscode.workspace.isTrusted,
    settings(): Settings {
      const c = vscode.workspace.getConfiguration('filmcrew');
      return {
        provider: c.get<string>('provider', 'production'),
        concurrency: c.get<number>('concurrency', 0),
        approvalMode: c.get<'always-ask' | 'auto'>('approvalMode', 'always-ask'),
      };
    },
    workspaceFolder: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    activeFile: () => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      return uri?.scheme === 'file' ? uri.fsPath : undefined;
    },
    async showProblems() {
      await vscode.commands.executeCommand('workbench.actions.view.problems');
    },
    secrets: secretStore(context.secrets),
    log,
  };
}
