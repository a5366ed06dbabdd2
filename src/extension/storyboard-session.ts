/**
 * The storyboard's host side, without VS Code: turns the production into snapshots and changes
 * for the app, and the app's messages (validated by the protocol's guards) into actions. The
 * panel (storyboard-panel.ts) gives it a way to post and to build media URLs.
 */
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { FilmcrewError } from '../core/diagnostics';
import { isWithin } from '../core/artifact/paths';
import { isActionMessage, isAppMessage, type ActionMessage, type HostMessage, type ProductionSnapshot } from '../core/storyboard/protocol';
import { confinedPath, storyboardChanges, storyboardSnapshot } from '../core/storyboard/snapshot';
import type { RunActivity } from './crew-activity';
import type { ProductionSource } from './production-view';

/** What the app's buttons do; the extension binds them to the same core calls as its commands. */
export interface StoryboardActions {
  approve(path: string): Promise<string>;
  reject(path: string, note: string): Promise<string>;
  choose(path: string, optionId: string): Promise<string>;
  regenerate(shotId: string, what: 'frame' | 'clip'): Promise<string>;
  openFile(path: string, line?: number): Promise<void>;
  /** False in an untrusted folder: the storyboard previews only. */
  trusted(): boolean;
}

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
    private readonly actions: StoryboardActions,
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

  private snapshot(): ProductionSnapshot | undefined {
    const view = this.source.view;
    if (!view) return undefined;
    return storyboardSnapshot(view.production, {
      mediaUrl: (rel) => this.mediaUrl(rel),
      statusOf: (rel) => {
        const s = view.states.get(rel);
        return s && (s.status === 'stale' || s.status === 'failed') ? { status: s.status, ...(s.reason ? { reason: s.reason } : {}) } : undefined;
      },
    });
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
        if (rel && this.source.root) await this.actions.openFile(rel, raw.line);
        return;
      }
      case 'animatic/play':
        return;
      default:
        if (isActionMessage(raw)) await this.act(raw);
    }
  }

  private shotPath(shotId: string): string | undefined {
    return this.source.view?.production.shots.find((s) => String(s.data.id) === shotId)?.path;
  }

  private assetPath(kind: string, id: string): string | undefined {
    const p = this.source.view?.production;
    if (!p) return undefined;
    const list = kind === 'character' ? p.characters : kind === 'costume' ? p.costumes : kind === 'location' ? p.locations : p.props;
    return list.find((a) => String(a.data.id) === id)?.path;
  }

  private async act(m: ActionMessage): Promise<void> {
    const answer = (ok: boolean, message: string) => this.post({ type: 'action/result', requestId: m.requestId, ok, message });
    if (!this.actions.trusted()) {
      answer(false, 'This folder is not trusted: the storyboard previews only. Trust the folder to approve, reject or regenerate.');
      return;
    }
    try {
      switch (m.type) {
        case 'shot/approve': {
          const path = this.shotPath(m.shotId);
          answer(!!path, path ? await this.actions.approve(path) : `No shot ${m.shotId}.`);
          return;
        }
        case 'shot/reject': {
          const path = this.shotPath(m.shotId);
          answer(!!path, path ? await this.actions.reject(path, m.note) : `No shot ${m.shotId}.`);
          return;
        }
        case 'asset/choose': {
          const path = this.assetPath(m.kind, m.assetId);
          answer(!!path, path ? await this.actions.choose(path, m.optionId) : `No ${m.kind} ${m.assetId}.`);
          return;
        }
        case 'shot/regenerate':
          answer(true, await this.actions.regenerate(m.shotId, m.what));
          return;
      }
    } catch (error) {
      const e = error as Error;
      answer(false, e instanceof FilmcrewError ? `${e.message}${e.advice ? ` — ${e.advice}` : ''}` : e.message);
    }
  }
}
