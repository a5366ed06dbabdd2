/** A real production for the adapter's tests: examples/lighthouse, its crew, a few shots, in a real git repo. */
import { copyExample, initRepo, writeFiles } from '../../support/fixtures';
import { writeCrew } from '../../../src/core/production/init';
import type { DisplayStatus } from '../../../src/core/model/types';
import { WorkspaceProduction } from '../../../src/extension/workspace-production';
import { silentLogger } from '../../../src/core/host';

/** The text of a shot file with `status` (and provenance from the director's assistant when proposed). */
export function shotText(id: string, scene: string, order: number, status: DisplayStatus, act = 'act1'): string {
  const provenance =
    status === 'proposed'
      ? `provenance:\n  run: 20250101-000000-abcd\n  task: directors-assistant:${scene}\n  role: directors-assistant\n  model: offline\n  provider: offline\n  inputs: {}\n`
      : '';
  return `---\nkind: shot\nid: ${id}\nscene: ${scene}\norder: ${order}\nact: ${act}\nsize: WS\nmovement: static\nduration: 3\ncharacters: []\naction: Rain lashes the lamp room glass.\nstatus: ${status}\n${provenance}---\n\nNotes.\n`;
}

/** examples/lighthouse with its crew and three shots (two proposed, one draft), committed. */
export async function lighthouse(extra: Record<string, string> = {}): Promise<string> {
  const dir = copyExample('lighthouse');
  await writeCrew(dir);
  writeFiles(dir, {
    '.gitignore': '.filmcrew/\n',
    'shots/s01-001.md': shotText('s01-001', 's01', 1, 'proposed'),
    'shots/s01-002.md': shotText('s01-002', 's01', 2, 'proposed'),
    'shots/s02-001.md': shotText('s02-001', 's02', 3, 'draft', 'act2'),
    ...extra,
  });
  return initRepo(dir);
}

/** A loaded WorkspaceProduction of `root`. */
export async function sourceOf(root: string): Promise<WorkspaceProduction> {
  // The extension's host services as a test gives them: trusted, nothing to confirm, no runs.
  const source = new WorkspaceProduction(silentLogger, 20, { trusted: () => true, confirm: async () => false, run: async () => undefined, progress: () => undefined, log: () => undefined });
  await source.open(root);
  return source;
}
