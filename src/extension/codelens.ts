/** CodeLens above artifact files: the lenses views/lenses.ts says the file's status allows. */
import * as vscode from 'vscode';
import type { ArtifactKind } from '../core/model/types';
import { insideProduction } from './commands/context';
import { stateOf, type ProductionSource } from './production-view';
import { lensesFor } from './views/lenses';
import { artifactAt } from '../core/model/artifacts';

export class ArtifactLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly source: ProductionSource) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const view = this.source.view;
    const root = this.source.root;
    if (!view || !root) return [];
    const rel = insideProduction(root, document.uri.fsPath);
    if (!rel) return [];
    const p = view.production;
    const artifact = artifactAt(p, rel);
    if (!artifact) return [];
    const state = stateOf(view, rel, artifact.data.status);
    const range = new vscode.Range(0, 0, 0, 0);
    return lensesFor(artifact.data.kind as ArtifactKind, state.status, vscode.workspace.isTrusted).map(
      (lens) => new vscode.CodeLens(range, { title: lens.title, command: lens.command, tooltip: lens.tooltip, arguments: [document.uri] }),
    );
  }
}
