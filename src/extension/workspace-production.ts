/**
 * The production the views show: core's ProductionSession (core/session) for the workspace's
 * production folder, opened after activation (never on the activation path). The extension's
 * file watcher feeds it events; its read model is the `view` every tree, CodeLens, the status
 * bar and the storyboard read; its action handler (given the extension's host services) is what
 * the storyboard's buttons do.
 */
import type { Logger } from '../core/host';
import { ProductionSession, SessionActions, type ReadModel, type SessionHost } from '../core/session/index';
import type { ProductionSource, ProductionView } from './production-view';

export class WorkspaceProduction implements ProductionSource {
  private session: ProductionSession | undefined;
  private handler: SessionActions | undefined;
  private current: ProductionView | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly log: Logger,
    private readonly debounceMs = 150,
    /** The extension's services for actions (trust, confirmation, runs); none: the views only look. */
    private readonly host?: SessionHost,
  ) {}

  get view(): ProductionView | undefined {
    return this.current;
  }

  get root(): string | undefined {
    return this.session?.root;
  }

  /** Core's action handler for this production, when the host gave its services. */
  get actions(): SessionActions | undefined {
    return this.handler;
  }

  /** Starts showing the production at `root` (absolute), or nothing when undefined. */
  async open(root: string | undefined): Promise<ProductionView | undefined> {
    this.session?.dispose();
    this.session = this.handler = undefined;
    if (!root) {
      this.set(undefined);
      return undefined;
    }
    const session = new ProductionSession(root, this.log, { debounceMs: this.debounceMs });
    this.session = session;
    this.handler = this.host ? new SessionActions(session, this.host) : undefined;
    session.onDidChange((model) => {
      if (this.session === session) this.set(model);
    });
    try {
      return await session.open();
    } catch (error) {
      this.log.error(`could not load the production at ${root}: ${(error as Error)?.message ?? String(error)}`);
      if (this.session === session) this.set(undefined);
      return undefined;
    }
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A watcher saw these files (absolute paths) change: the session reloads them after a short quiet period. */
  changed(absPaths: readonly string[]): void {
    this.session?.changed(absPaths);
  }

  async refresh(changedPaths?: string[]): Promise<ProductionView | undefined> {
    return this.session ? ((await this.session.refresh(changedPaths)) ?? this.current) : undefined;
  }

  /** Resolves once no reload is scheduled or running (tests, and commands that read right after writing). */
  async settled(): Promise<ProductionView | undefined> {
    await this.session?.settled();
    return this.current;
  }

  dispose(): void {
    this.session?.dispose();
    this.listeners.clear();
  }

  private set(view: ReadModel | undefined): void {
    this.current = view;
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (error) {
        this.log.error(`a view failed to update: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }
}
