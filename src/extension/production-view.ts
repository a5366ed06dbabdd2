/**
 * Everything the extension's views show is core's read model (core/session/read-model.ts): the
 * loaded production, its stages and gates, each artifact's display status, pending proposals,
 * spend, open questions. The `ProductionSource` holds the current one and says when it changes;
 * trees, diagnostics, CodeLens and the status bar are functions of it.
 */
import type { ReadModel, SessionActions } from '../core/session/index';

export type { ArtifactState, GateRow, Spend, StageRow } from '../core/session/index';
export { stateOf } from '../core/session/index';

/** The views' name for core's read model. */
export type ProductionView = ReadModel;

/** Where the views get the production from: the extension's session, or a test's fixed value. */
export interface ProductionSource {
  /** The current view; undefined before the first load or when the folder has no production. */
  readonly view: ProductionView | undefined;
  /** Absolute path of the production folder, once found. */
  readonly root: string | undefined;
  /** Core's action handler (approve a card, reject, choose, regenerate, pass a gate, answer), when actions are allowed. */
  readonly actions?: SessionActions | undefined;
  /** Calls `listener` after every change of `view`; returns a function that unsubscribes. */
  onDidChange(listener: () => void): () => void;
  /** Starts showing the production at `root` (absolute): after New Production. */
  open(root: string): Promise<ProductionView | undefined>;
  /** Reloads now (after a command changed files) and resolves with the new view. */
  refresh(changedPaths?: string[]): Promise<ProductionView | undefined>;
}
