/**
 * The live production a host shows: loaded once, then reloaded file by file as the host reports
 * file events (chokidar in `filmcrew preview`, `vscode.workspace.createFileSystemWatcher` in VS
 * Code), debounced so a run writing fifty files costs one reload, and turned into the one read
 * model (read-model.ts) every view reads. Core never watches files itself: the host injects them.
 */
import { relative, resolve, sep } from 'node:path';
import type { Logger } from '../host';
import type { Production } from '../model/types';
import { ProductionLoader, type LoaderOptions } from '../production/load';
import { isIgnoredPath } from './ignore';
import { buildReadModel, type ReadModel, type StoryboardModel } from './read-model';

export interface SessionOptions<M extends StoryboardModel = ReadModel> {
  /** What the host shows, built from each load: the whole read model (default), or the storyboard's part (`buildStoryboardModel`). */
  build?: (production: Production) => Promise<M>;
  /** Quiet time after the last file event before reloading; a save is often several events. */
  debounceMs?: number;
  loader?: LoaderOptions;
}

export class ProductionSession<M extends StoryboardModel = ReadModel> {
  readonly root: string;
  private readonly loader: ProductionLoader;
  private current: M | undefined;
  private readonly build: (production: Production) => Promise<M>;
  private readonly listeners = new Set<(model: M, changed: readonly string[] | undefined) => void>();
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private work: Promise<M | undefined> = Promise.resolve(undefined);
  private busy = 0;
  private closed = false;

  constructor(
    root: string,
    private readonly log: Pick<Logger, 'debug' | 'error'>,
    private readonly options: SessionOptions<M> = {},
  ) {
    this.root = resolve(root);
    // Without `build`, M is the default, the whole ReadModel.
    this.build = options.build ?? ((p) => buildReadModel(p) as Promise<unknown> as Promise<M>);
    this.loader = new ProductionLoader(this.root, options.loader);
  }

  /** The read model as last built; undefined before `open` resolves. */
  get model(): M | undefined {
    return this.current;
  }

  /** Loads the whole production; throws the loader's readable error when the folder is not one. */
  async open(): Promise<M> {
    const production = await this.loader.load();
    const model = await this.build(production);
    this.set(model, undefined);
    return model;
  }

  /** Calls `listener` with every new read model and the paths reloaded (undefined: all); returns a function that unsubscribes. */
  onDidChange(listener: (model: M, changed: readonly string[] | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The host saw these files change (absolute or production-relative): reload them after a quiet moment. */
  changed(paths: readonly string[]): void {
    if (this.closed) return;
    for (const p of paths) {
      const rel = this.relative(p);
      if (rel && !rel.startsWith('..') && !isIgnoredPath(rel)) this.pending.add(rel);
    }
    if (!this.pending.size) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, this.options.debounceMs ?? 150);
  }

  /** Reloads now: these paths and any pending ones (everything when none are known). Resolves with the new model. */
  refresh(paths: readonly string[] = []): Promise<M | undefined> {
    for (const p of paths) this.pending.add(this.relative(p));
    clearTimeout(this.timer);
    this.timer = undefined;
    const changed = [...this.pending];
    this.pending = new Set();
    this.busy++;
    this.work = this.work.then(() => this.reload(changed)).finally(() => this.busy--);
    return this.work;
  }

  /** Resolves once no reload is scheduled or running (tests, and commands that read right after writing). */
  async settled(): Promise<M | undefined> {
    while (this.timer || this.busy) {
      if (this.busy) await this.work;
      else await new Promise((r) => setTimeout(r, this.options.debounceMs ?? 150));
    }
    return this.current;
  }

  dispose(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  private relative(p: string): string {
    return (p.startsWith(this.root) ? relative(this.root, p) : p).split(sep).join('/');
  }

  private async reload(paths: string[]): Promise<M | undefined> {
    if (this.closed) return this.current;
    const started = performance.now();
    try {
      // Files under .filmcrew/ and git state (locks, gates, proposals) are read by the read model, not the loader.
      const production = paths.length ? await this.loader.reload(paths) : await this.loader.load();
      const model = await this.build(production);
      if (this.closed) return this.current;
      this.set(model, paths.length ? paths : undefined);
      this.log.debug(`production ${paths.length ? `reloaded (${paths.length} changed)` : 'loaded'} in ${(performance.now() - started).toFixed(0)} ms`);
      return model;
    } catch (error) {
      this.log.error(`could not reload the production at ${this.root} (${(error as Error)?.message ?? String(error)}); keeping the last good state`);
      return this.current;
    }
  }

  private set(model: M, changed: readonly string[] | undefined): void {
    this.current = model;
    for (const listener of [...this.listeners]) {
      try {
        listener(model, changed);
      } catch (error) {
        this.log.error(`a view failed to update: ${(error as Error)?.message ?? String(error)}`);
      }
    }
  }
}
