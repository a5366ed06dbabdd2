/**
 * The storyboard in a WebviewPanel beside the editor: core's HTML shell with a fresh nonce and
 * the webview's CSP source, resources only from dist/webview and the production folder, media
 * through asWebviewUri, the panel restored after a reload by a serializer, and the active
 * editor's shot highlighted as the person moves between shot files.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { storyboardHtml, storyboardNonce } from '../core/storyboard/html';
import { insideProduction, type StoryboardHost } from './commands/context';
import type { RunActivity } from './crew-activity';
import type { ProductionSource } from './production-view';
import { StoryboardSession } from './storyboard-session';

export const STORYBOARD_VIEW_TYPE = 'filmcrew.storyboard';

export class StoryboardPanel implements StoryboardHost, vscode.WebviewPanelSerializer, vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private session: StoryboardSession | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly source: ProductionSource,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        const shot = this.shotOf(editor?.document.uri);
        if (shot) this.session?.reveal(shot);
      }),
    );
  }

  async open(shotId?: string): Promise<void> {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(STORYBOARD_VIEW_TYPE, 'Storyboard', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        ...this.options(),
        retainContextWhenHidden: false,
      });
      this.host(panel);
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    const shot = shotId ?? this.shotOf(vscode.window.activeTextEditor?.document.uri);
    // Before the app is ready the session remembers the shot and selects it once the snapshot is in.
    if (shot) this.session?.reveal(shot);
  }

  /** Restores the panel VS Code kept from the last session (its saved state is the app's own). */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = this.options();
    this.host(panel);
  }

  /** The production changed. */
  update(): void {
    this.session?.update();
  }

  progress(run: RunActivity): void {
    this.session?.progress(run);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private options(): vscode.WebviewOptions {
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')];
    if (this.source.root) roots.push(vscode.Uri.file(this.source.root));
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: roots };
  }

  private shotOf(uri: vscode.Uri | undefined): string | undefined {
    const root = this.source.root;
    if (!uri || uri.scheme !== 'file' || !root) return undefined;
    const rel = insideProduction(root, uri.fsPath);
    const shot = rel ? this.source.view?.production.shots.find((s) => s.path === rel) : undefined;
    return shot ? String(shot.data.id) : undefined;
  }

  private host(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    const webview = panel.webview;
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', name)).toString();
    const session = new StoryboardSession(
      this.source,
      (m) => void webview.postMessage(m),
      (abs) => webview.asWebviewUri(vscode.Uri.file(abs)).toString(),
      (rel, line) => openProductionFile(this.source.root, rel, line),
    );
    this.session = session;
    webview.html = storyboardHtml({
      cspSource: webview.cspSource,
      nonce: storyboardNonce(),
      scriptUri: asset('main.js'),
      styleUris: [asset('app.css')],
      codiconUri: asset('codicon.css'),
      title: 'Storyboard',
      snapshot: session.shell(),
    });
    const subscription = webview.onDidReceiveMessage((m: unknown) => void session.receive(m));
    panel.onDidDispose(() => {
      subscription.dispose();
      if (this.panel === panel) {
        this.panel = undefined;
        this.session = undefined;
      }
    });
  }
}

/** Opens a production-relative file for the storyboard's "open" links. */
export async function openProductionFile(root: string | undefined, rel: string, line?: number): Promise<void> {
  if (!root) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(root, rel)));
  const at = Math.max(0, (line ?? 1) - 1);
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(at, 0, at, 0) });
}
