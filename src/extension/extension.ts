/**
 * The extension's entry point. Activation only registers command stubs and starts loading the
 * rest (studio.ts) on the next turn: the production is loaded off the activation path, and a
 * command invoked before that finishes waits for it.
 */
import { bundleStart } from './clock';
import * as vscode from 'vscode';
import { COMMAND_IDS } from './command-ids';
import type { Studio } from './studio';
import { vscodeLog } from './vscode-host';

export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Film Crew', { log: true });
  context.subscriptions.push(channel);
  const log = vscodeLog(channel);

  let studio: Promise<Studio> | undefined;
  const start = () =>
    (studio ??= import('./studio').then((m) => m.startStudio(context, log)).catch((error: unknown) => {
      log.error(`Film Crew could not start: ${(error as Error)?.stack ?? String(error)}`);
      throw error;
    }));
  for (const id of COMMAND_IDS) {
    context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => (await start()).run(id, args)));
  }
  setTimeout(() => void start().catch(() => undefined), 0);

  const ms = performance.now() - started;
  log.info(`activated in ${ms.toFixed(1)} ms (bundle evaluated in ${(started - bundleStart).toFixed(1)} ms before activate)`);
}

export function deactivate(): void {}
