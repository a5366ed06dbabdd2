/**
 * A team on one remote, for the team tests: a bare repository in a temp folder as the remote,
 * the example production taken to its asset lock by a lead and pushed, and clones of it, each
 * with its own person as git identity.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction, type RunOptions } from '../../src/core/orchestrator/index';
import { copyExample, git, tempDir } from '../support/fixtures';

export const offline: RunOptions = { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' };

export interface Team {
  remote: string;
  /** A fresh clone with `name` as its git identity. */
  clone(name: string): string;
}

function identify(dir: string, name: string): void {
  git(dir, 'config', 'user.name', name);
  git(dir, 'config', 'user.email', `${name.toLowerCase()}@example.invalid`);
  git(dir, 'config', 'commit.gpgsign', 'false');
}

/** The example production, script, shot list and assets locked (offline), on a bare remote. */
export async function teamAtStoryboard(): Promise<Team> {
  const base = tempDir('filmcrew-team-');
  const remote = join(base, 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  const lead = copyExample();
  git(lead, 'init', '-q', '-b', 'main');
  identify(lead, 'Lead');
  git(lead, 'add', '-A');
  git(lead, 'commit', '-q', '-m', 'The Last Light');
  for (const stage of ['script', 'breakdown', 'assets'] as const) await runProduction(lead, { ...offline, stage });
  // The unchosen option cards, committed so every clone starts from the same files.
  git(lead, 'add', '-A');
  git(lead, 'commit', '-q', '-m', 'The other options');
  git(lead, 'remote', 'add', 'origin', remote);
  git(lead, 'push', '-q', '--follow-tags', 'origin', 'main');
  git(lead, 'push', '-q', 'origin', '--tags');
  let n = 0;
  return {
    remote,
    clone(name: string) {
      const dir = join(base, `${name.toLowerCase()}-${++n}`);
      execFileSync('git', ['clone', '-q', remote, dir], { stdio: 'ignore' });
      identify(dir, name);
      return dir;
    },
  };
}
