/**
 * The storyboard's host side in VS Code, without VS Code: turns the read model into snapshots and
 * changes for the app, and passes the app's messages (validated by the protocol's guards) to
 * core's action handler (core/session/actions.ts), the same one `filmcrew preview` uses. The
 * panel (storyboard-panel.ts) gives it a way to post and to build media URLs.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { isWithin } from '../core/artifact/paths';
import { storyboardStatusOf } from '../core/session/index';
import { isActionMessage, isAppMessage, type ActionMessage, type EmbeddedSnapshot, type HostMessage, type ProductionSnapshot } from '../core/storyboard/protocol';
import { confinedPath, shellSnapshot, storyboardChanges, storyboardSnapshot } from '../core/storyboard/snapshot';
import type { RunActivity } from './crew-activity';
import type { ProductionSource } from './production-view';

/** Opens a production-relative file in an editor (the app's "open" links). */
export type OpenFile = (path: string, line?: number) => Promise<void>;

export class StoryboardSession {
  private last: ProductionSnapshot | undefined;
  private ready = false;
  /** A shot to select once the app is ready (the panel opens on the shot being edited). */
  private pendingReveal: string | undefined;

  constructor(
    private readonly source: ProductionSource,
    private readonly post: (message: HostMessage) => void,
    /** A URL the webview may load for an absolute file path. */
    private readonly url: (absPath: string) => string,
    private readonly openFile: OpenFile,
  ) {}

  /** The URL of a production-relative media file, when it exists inside the production (symlinks resolved). */
  mediaUrl(rel: string): string | undefined {
    const root = this.source.root;
    const confined = confinedPath(rel);
    if (!root || !confined) return undefined;
    const abs = join(root, confined);
    if (!existsSync(abs)) return undefined;
    try {
      if (!isWithin(realpathSync(root), realpathSync(abs))) return undefined;
    } catch {
      return undefined;
    }
    return this.url(abs);
  }

  /** The last snapshot built, and the view it was built from (the shell's is used again on ready). */
  private built: { view: object; snapshot: ProductionSnapshot } | undefined;

  private snapshot(): ProductionSnapshot | undefined {
    const view = this.source.view;
    if (!view) return undefined;
    if (this.built?.view === view) return this.built.snapshot;
    const snapshot = storyboardSnapshot(view.production, { mediaUrl: (rel) => this.mediaUrl(rel), statusOf: storyboardStatusOf(view) });
    this.built = { view, snapshot };
    return snapshot;
  }

  /**
   * What the panel's HTML carries, so the board paints its first cards without waiting for the
   * app's ready and the host's answer (a large film's shell has only the first cards; the whole
   * snapshot follows the app's ready, as it always did).
   */
  shell(): EmbeddedSnapshot | undefined {
    const snapshot = this.snapshot();
    return snapshot && shellSnapshot(0, snapshot);
  }

  /** The production changed: send the app only what changed (or everything, the first time). */
  update(): void {
    if (!this.ready) return;
    const next = this.snapshot();
    if (!next) return;
    const message = this.last ? storyboardChanges(this.last, next) : { type: 'production/snapshot' as const, snapshot: next };
    this.last = next;
    if (message) this.post(message);
  }

  reveal(shotId: string): void {
    if (this.ready) this.post({ type: 'shot/reveal', shotId });
    else this.pendingReveal = shotId;
  }

  progress(run: RunActivity): void {
    if (!this.ready || !run.runId) return;
    this.post({ type: 'run/progress', runId: run.runId, state: run.running ? 'running' : 'finished', done: run.finished, total: run.total, message: run.message });
  }

  /** A message from the app: anything that fails the protocol's guards is ignored. */
  async receive(raw: unknown): Promise<void> {
    if (!isAppMessage(raw)) return;
    switch (raw.type) {
      case 'app/ready':
        this.ready = true;
        this.last = undefined;
        this.update();
        if (this.pendingReveal) this.reveal(this.pendingReveal);
        this.pendingReveal = undefined;
        return;
      case 'file/open': {
        const rel = confinedPath(raw.path);
        if (rel && this.source.root) await this.openFile(rel, raw.line);
        return;
      }
      case 'animatic/play':
        return;
      default:
        if (isActionMessage(raw)) await this.act(raw);
    }
  }

  private async act(m: ActionMessage): Promise<void> {
    const actions = this.source.actions;
    if (!actions) {
      this.post({ type: 'action/result', requestId: m.requestId, ok: false, message: 'The production is still loading: try again in a moment.' });
      return;
    }
    const result = await actions.perform(m);
    // The action refreshed the session; the app gets the change with its answer.
    this.update();
    this.post(result);
  }
}
