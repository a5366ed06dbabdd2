/** Shows TreeNode rows (views/*-tree.ts) in a VS Code tree view. */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { contextValue, type TreeNode } from './views/node';

export class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private roots: TreeNode[] = [];
  private shown = '';
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly build: () => TreeNode[],
    private readonly root: () => string | undefined,
  ) {}

  /**
   * Rebuilds the rows from the current production, and redraws only when a row changed: a run
   * writes journals and caches the tree does not show, and a redraw under the pointer would
   * swallow the click a person is making.
   */
  refresh(): void {
    const roots = this.build();
    const shown = JSON.stringify(roots);
    if (shown === this.shown) return;
    this.roots = roots;
    this.shown = shown;
    this.changed.fire(undefined);
  }

  get count(): number {
    return this.roots.length;
  }

  getChildren(element?: TreeNode): TreeNode[] {
    if (!element) return this.roots;
    return element.children ?? [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = node.children === undefined ? vscode.TreeItemCollapsibleState.None : node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = contextValue(node);
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon.id, node.icon.color ? new vscode.ThemeColor(node.icon.color) : undefined);
    const root = this.root();
    if (node.path && root) {
      const uri = vscode.Uri.file(join(root, node.path));
      // Artifact rows carry their file (git decorations, drag and drop); a scene row only links into the script.
      if (node.flags.includes('artifact') || node.flags.includes('proposal-file')) item.resourceUri = uri;
      if (node.flags.includes('proposal-file') || node.flags.includes('proposal')) {
        item.command = { command: 'filmcrew.showDiff', title: 'Show Proposal Diff', arguments: [node] };
      } else if (node.children === undefined || node.flags.includes('role') || node.flags.includes('scene')) {
        const line = Math.max(0, (node.line ?? 1) - 1);
        item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(line, 0, line, 0), preview: true }] };
      }
    }
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
