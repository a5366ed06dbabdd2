/**
 * A tree row as plain data: the trees are pure functions from the production to nodes, and one
 * small adapter (tree-provider.ts) shows nodes in VS Code. Tests read the nodes directly.
 */

/** Context flags a row carries; `package.json` menus match them with `viewItem =~ /\bflag\b/`. */
export type NodeFlag =
  | 'stage'
  | 'gate'
  | 'act'
  | 'scene'
  | 'shot'
  | 'asset'
  | 'artifact'
  | 'role'
  | 'task'
  | 'proposal'
  | 'proposal-branch'
  | 'proposal-file'
  | 'can-approve'
  | 'can-reject'
  | 'can-choose'
  | 'can-unlock'
  | 'can-pass'
  | 'can-run'
  | 'can-regenerate';

/** A codicon id and an optional theme colour id (`charts.green`, `problemsWarningIcon.foreground`). */
export interface NodeIcon {
  id: string;
  color?: string;
}

export interface TreeNode {
  /** Stable across refreshes, so expansion and selection survive a reload. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: NodeIcon;
  flags: NodeFlag[];
  /** Production-relative path the row stands for (opened on click, passed to commands). */
  path?: string;
  /** 1-based line to open `path` at. */
  line?: number;
  /** What commands run on this row act on, besides `path`: a stage, a gate, a branch, a role. */
  target?: { stage?: string; gate?: string; branch?: string; role?: string; act?: string; subject?: string };
  /** Undefined for a leaf. */
  children?: TreeNode[];
  expanded?: boolean;
}

export function leaf(node: Omit<TreeNode, 'flags'> & { flags?: NodeFlag[] }): TreeNode {
  return { flags: [], ...node };
}

/** The menus' view of a node: its flags, space-separated. */
export function contextValue(node: TreeNode): string {
  return node.flags.join(' ');
}
