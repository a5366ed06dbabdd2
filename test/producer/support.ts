import { rmSync } from 'node:fs';
/** A finished offline production of the example, made once per test file, and a tool host on it. */
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction } from '../../src/core/orchestrator/index';
import type { ProducerTool, ToolHost } from '../../src/core/producer/tools';
import { copyExample, initRepo } from '../support/fixtures';

/** The example run offline through every gate (`filmcrew run --yes --provider offline`). */
export async function finishedExample(): Promise<string> {
  const dir = initRepo(copyExample(), 'The Last Light');
  const summary = await runProduction(dir, { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' });
  if (summary.exitCode !== 0) throw new Error(`the example did not finish: ${summary.stopped?.message ?? summary.exitCode}`);
  return dir;
}

/**
 * Removes a production a suite made, in the suite's own `after` (with its own timeout): the
 * root cleanup of every temp folder then has little left to do on a loaded machine.
 */
export function removeProduction(dir: string | undefined): void {
  if (dir && !process.env.FILMCREW_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
}

/** A host whose person answers `yes` (or not) to every confirmation, and records what was shown. */
export function hostOn(root: string, yes: boolean): ToolHost & { shown: string[] } {
  const shown: string[] = [];
  return {
    root,
    shown,
    prompt: approveEverything,
    secrets: environmentSecrets,
    logger: silentLogger,
    provider: 'offline',
    async confirm(_tool: ProducerTool, description: string) {
      shown.push(description);
      return yes;
    },
  };
}
