/**
 * What every command handler gets: the host (VS Code's UI, injected), the production source,
 * the crew's live activity and the storyboard. Plus the few helpers every handler shares:
 * what a command was invoked on, and turning a thrown FilmcrewError into a readable message.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { FilmcrewError } from '../../core/diagnostics';
import type { Secrets } from '../../core/host';
import type { Provider } from '../../core/providers/types';
import type { CrewActivity } from '../crew-activity';
import type { Host } from '../host';
import type { ProductionSource } from '../production-view';
import type { TreeNode } from '../views/node';

export interface StoryboardHost {
  /** Opens (or reveals) the storyboard beside the editor, selecting a shot when given. */
  open(shotId?: string): Promise<void>;
}

export interface CommandContext {
  host: Host;
  source: ProductionSource;
  activity: CrewActivity;
  storyboard: StoryboardHost;
  /** Providers a run may use besides offline and the configured HTTP ones (vscode-lm). Called when a run starts. */
  extraProviders(): Provider[];
  /** Tells the views the crew's activity changed. */
  activityChanged(): void;
}

export type CommandHandler = (...args: unknown[]) => Promise<void>;

/** A file URI as VS Code passes it (explorer, editor title): only its path matters here. */
interface UriLike {
  fsPath: string;
  scheme?: string;
}

export function isTreeNode(arg: unknown): arg is TreeNode {
  return typeof arg === 'object' && arg !== null && 'id' in arg && 'flags' in arg && Array.isArray((arg as TreeNode).flags);
}

function isUri(arg: unknown): arg is UriLike {
  return typeof arg === 'object' && arg !== null && typeof (arg as UriLike).fsPath === 'string';
}

/** Production-relative path of an absolute one, or undefined when it is outside the production. */
export function insideProduction(root: string, abs: string): string | undefined {
  const rel = relative(root, abs);
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** The production-relative path a command acts on: the tree row's, the URI's, or the active editor's. */
export function targetPath(ctx: CommandContext, arg: unknown): string | undefined {
  const root = ctx.source.root;
  if (!root) return undefined;
  if (isTreeNode(arg)) return arg.path;
  if (isUri(arg)) return insideProduction(root, arg.fsPath);
  if (typeof arg === 'string' && arg) return isAbsolute(arg) ? insideProduction(root, arg) : arg;
  const active = ctx.host.activeFile();
  return active ? insideProduction(root, active) : undefined;
}

export function absolute(ctx: CommandContext, rel: string): string {
  return join(ctx.source.root ?? '', rel);
}

/** The production root, or a message saying there is none (and undefined). */
export function requireRoot(ctx: CommandContext): string | undefined {
  const root = ctx.source.root;
  if (!root || !ctx.source.view) {
    ctx.host.warn('This folder has no production yet. Run "Film Crew: New Production" to start one.');
    return undefined;
  }
  return root;
}

/** In an untrusted folder: say why nothing happens, and return false. */
export function requireTrust(ctx: CommandContext, what: string): boolean {
  if (ctx.host.trusted()) return true;
  ctx.host.warn(`${what} needs a trusted folder: in Restricted Mode Film Crew only browses, validates and previews. Trust the folder to run, approve or spend.`);
  return false;
}

/** Secrets for core: VS Code Secret Storage first, then the environment. */
export function secretsOf(ctx: CommandContext): Secrets {
  return { get: async (name) => (await ctx.host.secrets.get(name)) || process.env[name] || undefined };
}

/** Wraps a handler: a FilmcrewError becomes its message and advice; anything else is logged too. */
export function guarded(ctx: CommandContext, name: string, handler: CommandHandler): CommandHandler {
  return async (...args) => {
    try {
      await handler(...args);
    } catch (error) {
      if (error instanceof FilmcrewError) {
        ctx.host.error(`${error.file ? `${error.file}: ` : ''}${error.message}${error.advice ? ` — ${error.advice}` : ''}`);
        ctx.host.log.warn(`${name}: ${error.message}`);
        return;
      }
      const message = (error as Error)?.message ?? String(error);
      ctx.host.log.error(`${name} failed: ${(error as Error)?.stack ?? message}`);
      ctx.host.error(`Film Crew: ${name} failed: ${message}`);
    }
  };
}
