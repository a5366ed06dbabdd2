/** Shared steps of the orchestrator tests: a production in a real git repo, a run, its journal. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoleHandler } from '../../src/core/crew/role';
import { environmentSecrets, silentLogger, type ApprovalPrompt } from '../../src/core/host';
import { readJournal, runProduction, type JournalEvent, type RunOptions, type RunSummary } from '../../src/core/orchestrator/index';
import type { Provider } from '../../src/core/providers/types';
import { initRepo, tempDir } from '../support/fixtures';
import { scriptedPrompt, writeProduction, type ProductionSketch } from './fixtures/crew';

/** A production folder from a sketch, committed in a fresh git repository with a local identity. */
export function production(sketch: ProductionSketch, opts: { git?: boolean } = {}): string {
  const dir = join(tempDir('filmcrew-orch-'), 'film');
  writeProduction(dir, sketch);
  if (opts.git !== false) initRepo(dir, 'the script and the crew');
  return dir;
}

export function run(
  dir: string,
  roles: RoleHandler[],
  providers: Provider[],
  extra: Partial<RunOptions> & { prompt?: ApprovalPrompt } = {},
): Promise<RunSummary> {
  return runProduction(dir, {
    prompt: scriptedPrompt(),
    secrets: environmentSecrets,
    logger: silentLogger,
    roles,
    providers,
    retry: { baseMs: 5, maxMs: 20 },
    ...extra,
  });
}

export function journal(summary: RunSummary): JournalEvent[] {
  return readJournal(summary.journal);
}

export function eventsOf<E extends JournalEvent['e']>(events: JournalEvent[], e: E, task?: string): Extract<JournalEvent, { e: E }>[] {
  return events.filter((x): x is Extract<JournalEvent, { e: E }> => x.e === e && (task === undefined || x.task === task));
}

export function readJson<T>(dir: string, rel: string): T {
  return JSON.parse(readFileSync(join(dir, rel), 'utf8')) as T;
}
