/** Core's diagnostics (validation, lock verification, staleness) in VS Code's Problems panel. */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/diagnostics';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Replaces the collection's content with `diagnostics` (production-relative files under `root`). */
export function showDiagnostics(collection: vscode.DiagnosticCollection, root: string | undefined, diagnostics: readonly Diagnostic[]): void {
  collection.clear();
  if (!root) return;
  const byFile = new Map<string, vscode.Diagnostic[]>();
  for (const d of diagnostics) {
    const line = Math.max(0, d.line - 1);
    const column = Math.max(0, d.column - 1);
    const item = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), d.message, SEVERITY[d.severity]);
    item.source = 'filmcrew';
    item.code = d.code;
    byFile.set(d.file, [...(byFile.get(d.file) ?? []), item]);
  }
  collection.set([...byFile].map(([file, items]) => [vscode.Uri.file(join(root, file)), items]));
}
