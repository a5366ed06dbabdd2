/**
 * Everything the extension does once it has activated, wired together: the production source
 * and its file watcher, the three trees, diagnostics, CodeLens, the status bar, the storyboard
 * panel and the commands. Loaded by extension.ts off the activation path, so activating costs
 * only registering command stubs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { PRODUCTION_FILE } from '../core/model/paths';
import { ArtifactLenses } from './codelens';
import { reviewCommands } from './commands/review';
import { productionCommands } from './commands/production';
import { RunControl, runCommands, startRun } from './commands/run';
import type { CommandContext, CommandHandler } from './commands/context';
import { CrewActivity } from './crew-activity';
import type { RunLog } from './host';
import { languageModelProvider } from './lm-provider';
import { showDiagnostics } from './problems';
import { StoryboardPanel, STORYBOARD_VIEW_TYPE } from './storyboard-panel';
import { NodeTreeProvider } from './tree-provider';
import { crewTree } from './views/crew-tree';
import { productionTree } from './views/production-tree';
import { pendingCount, reviewTree } from './views/review-tree';
import { statusLine } from './views/status-line';
import { vscodeChatModels } from './vscode-lm';
import { TextDocuments, vscodeHost } from './vscode-host';
import { WorkspaceProduction } from './workspace-production';
import { producerCommands } from './chat/commands';
import { registerProducer } from './chat/participant';

export interface Studio {
  /** Runs a contributed command. */
  run(command: string, args: unknown[]): Promise<void>;
}

/** The folder of the first production.md in the workspace (the folder itself when it has one). */
async function findProduction(): Promise<string | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme === 'file' && existsSync(join(folder.uri.fsPath, PRODUCTION_FILE))) return folder.uri.fsPath;
  }
  const found = await vscode.workspace.findFiles(`**/${PRODUCTION_FILE}`, '**/{node_modules,.git}/**', 1);
  return found[0] ? dirname(found[0].fsPath) : undefined;
}

export async function startStudio(context: vscode.ExtensionContext, log: RunLog): Promise<Studio> {
  const subs = context.subscriptions;
  const setContext = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);
  setContext('filmcrew.loading', true);

  const activity = new CrewActivity();
  const runs = new RunControl();
  const documents = new TextDocuments();
  subs.push(vscode.workspace.registerTextDocumentContentProvider(TextDocuments.scheme, documents));
  const host = vscodeHost(context, log, documents);
  // Core's session does the storyboard's actions; VS Code supplies trust, a modal yes, its runs and its log.
  const source = new WorkspaceProduction(log, 150, {
    trusted: () => vscode.workspace.isTrusted,
    confirm: async (question) => (await vscode.window.showWarningMessage(question, { modal: true }, 'Yes')) === 'Yes',
    // The run shows its progress through the crew activity (and so on the storyboard), like any run.
    run: (run) => startRun(ctx, runs, run),
    progress: () => undefined,
    log: (line) => log.info(line),
  });

  const storyboard = new StoryboardPanel(context.extensionUri, source);
  subs.push(storyboard, vscode.window.registerWebviewPanelSerializer(STORYBOARD_VIEW_TYPE, storyboard));

  const trusted = () => vscode.workspace.isTrusted;
  const productionView = new NodeTreeProvider(() => productionTree(source.view, trusted()), () => source.root);
  const crewView = new NodeTreeProvider(() => crewTree(source.view, activity), () => source.root);
  const reviewView = new NodeTreeProvider(() => reviewTree(source.view, trusted()), () => source.root);
  const reviewTreeView = vscode.window.createTreeView('filmcrew.review', { treeDataProvider: reviewView, showCollapseAll: true });
  subs.push(
    productionView,
    crewView,
    reviewView,
    reviewTreeView,
    vscode.window.createTreeView('filmcrew.production', { treeDataProvider: productionView, showCollapseAll: true }),
    vscode.window.createTreeView('filmcrew.crew', { treeDataProvider: crewView }),
  );

  const problems = vscode.languages.createDiagnosticCollection('filmcrew');
  const lenses = new ArtifactLenses(source);
  subs.push(problems, vscode.languages.registerCodeLensProvider([{ scheme: 'file', language: 'markdown' }, { scheme: 'file', pattern: '**/*.md' }], lenses));

  const status = vscode.window.createStatusBarItem('filmcrew.status', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Film Crew';
  status.command = 'filmcrew.showStatus';
  subs.push(status);
  const showStatusBar = () => {
    const line = statusLine(source.view, activity.run);
    if (!line) return status.hide();
    status.text = line.text;
    status.tooltip = line.tooltip;
    status.backgroundColor = line.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.show();
  };

  const activityChanged = () => {
    crewView.refresh();
    showStatusBar();
    storyboard.progress(activity.run);
    setContext('filmcrew.running', activity.run.running);
  };
  const ctx: CommandContext = {
    host,
    source,
    activity,
    storyboard,
    // Only when a person starts a run: VS Code's consent for its language models answers that action.
    extraProviders: () => [languageModelProvider(vscodeChatModels())],
    activityChanged,
  };

  const updateActiveStatus = () => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const view = source.view;
    const rel = uri && source.root && uri.scheme === 'file' ? uri.fsPath.slice(source.root.length + 1).split('\\').join('/') : undefined;
    setContext('filmcrew.activeStatus', rel && view ? (view.states.get(rel)?.status ?? undefined) : undefined);
  };

  source.onDidChange(() => {
    const view = source.view;
    setContext('filmcrew.hasProduction', Boolean(view));
    setContext('filmcrew.loading', false);
    productionView.refresh();
    crewView.refresh();
    reviewView.refresh();
    const pending = pendingCount(view);
    reviewTreeView.badge = pending ? { value: pending, tooltip: `${pending} proposal${pending === 1 ? '' : 's'} to review` } : undefined;
    showDiagnostics(problems, source.root, view?.diagnostics ?? []);
    lenses.refresh();
    showStatusBar();
    storyboard.update();
    updateActiveStatus();
  });
  subs.push(vscode.window.onDidChangeActiveTextEditor(updateActiveStatus));
  subs.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void source.refresh()));
  subs.push({ dispose: () => source.dispose() });

  // Watch the whole workspace: a production may appear (New Production, a clone) or change anywhere in it.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onFile = async (uri: vscode.Uri) => {
    if (source.root) source.changed([uri.fsPath]);
    else if (uri.fsPath.endsWith(PRODUCTION_FILE)) await source.open(await findProduction());
  };
  subs.push(watcher, watcher.onDidChange(onFile), watcher.onDidCreate(onFile), watcher.onDidDelete(onFile));

  const handlers: Record<string, CommandHandler> = { ...productionCommands(ctx), ...reviewCommands(ctx), ...runCommands(ctx, runs), ...producerCommands(ctx) };
  subs.push(...registerProducer(host, () => source.root));

  const started = performance.now();
  const root = await findProduction();
  await source.open(root);
  setContext('filmcrew.loading', false);
  if (!root) setContext('filmcrew.hasProduction', false);
  log.info(root ? `production at ${root} loaded in ${(performance.now() - started).toFixed(0)} ms` : 'no production.md in this workspace');

  return {
    async run(command, args) {
      const handler = handlers[command];
      if (!handler) {
        log.warn(`unknown command ${command}`);
        return;
      }
      await handler(...args);
    },
  };
}
