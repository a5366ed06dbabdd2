/**
 * The production the views show, kept current: loaded once after activation (never on the
 * activation path), then reloaded incrementally with the paths a file watcher reports, debounced
 * so a run writing fifty files causes one reload, not fifty.
 */
import { relative, sep } from 'node:path';
import type { Logger } from '../core/host';
import { ProductionLoader } from '../core/production/load';
import type { ProductionSource, ProductionView } from './production-view';
import { buildView } from './view-builder';

/** Paths whose change cannot affect the views (caches, journals, git internals). */
export function isNoise(rel: string): boolean {
  return rel.startsWith('.git/') || rel === '.git' || rel.startsWith('.filmcrew/index') || rel.startsWith('.filmcrew/cache') || rel.startsWith('.filmcrew/results') || rel.startsWith('node_modules/');
}

export class WorkspaceProduction implements ProductionSource {
  private loader: ProductionLoader | undefined;
  private current: ProductionView | undefined;
  private readonly listeners = new Set<() => void>();
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private loading: Promise<ProductionView | undefined> | undefined;

  constructor(
    private readonly log: Logger,
    private readonly debounceMs = 150,
  ) {}

  get view(): ProductionView | undefined {
    return this.current;
  }

  get root(): string | undefined {
    return this.loader?.root;
  }

  /** Starts showing the production at `root` (absolute), or nothing when undefined. */
  async open(root: string | undefined): Promise<ProductionView | undefined> {
    this.loader = root ? new ProductionLoader(root) : undefined;
    this.pending.clear();
    if (!this.loader) {
      this.set(undefined);
      return undefined;
    }
    return this.reloadNow(undefined);
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A watcher saw these files (absolute paths) change: reload them after a short quiet period. */
  changed(absPaths: readonly string[]): void {
    const root = this.loader?.root;
    if (!root) return;
    for (const p of absPaths) {
      const rel = relative(root, p).split(sep).join('/');
      if (rel.startsWith('..') || isNoise(rel)) continue;
      this.pending.add(rel);
    }
    if (!this.pending.size) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const paths = [...this.pending];
      this.pending.clear();
      void this.reloadNow(paths);
    }, this.debounceMs);
  }

  refresh(changedPaths?: string[]): Promise<ProductionView | undefined> {
    return this.reloadNow(changedPaths);
  }

  /** Resolves once no reload is scheduled or running (tests, and commands that read right after writing). */
  async settled(): Promise<ProductionView | undefined> {
    while (this.timer || this.loading) {
      if (this.loading) await this.loading;
      else await new Promise((r) => setTimeout(r, this.debounceMs));
    }
    return this.current;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private async reloadNow(paths: string[] | undefined): Promise<ProductionView | undefined> {
    const loader = this.loader;
    if (!loader) return undefined;
    const work = (async () => {
      const started = performance.now();
      try {
        // Files under .filmcrew/ and git state (locks, gates, proposals) are read by buildView, not the loader.
        const production = paths ? await loader.reload(paths) : await loader.load();
        const view = await buildView(production);
        if (this.loader !== loader) return this.current; // the folder changed meanwhile
        this.set(view);
        this.log.debug(`production ${paths ? `reloaded (${paths.length} changed)` : 'loaded'} in ${(performance.now() - started).toFixed(0)} ms`);
        return view;
      } catch (error) {
        this.log.error(`could not load the production at ${loader.root}: ${(error as Error)?.message ?? String(error)}`);
        if (this.loader === loader) this.set(undefined);
        return undefined;
      }
    })();
    this.loading = work;
    try {
      return await work;
    } finally {
      if (this.loading === work) this.loading = undefined;
    }
  }

  private set(view: ProductionView | undefined): void {
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
