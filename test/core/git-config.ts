/** Tests that run `git init` need an identity of their own: CI machines have none. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/fixtures';

/** Runs `fn` with a git configuration of our own instead of the machine's (CI has no identity). */
export async function withGitConfig<T>(config: string, env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const file = join(tempDir(), 'gitconfig');
  writeFileSync(file, config);
  const saved: Record<string, string | undefined> = {};
  const set = { GIT_CONFIG_GLOBAL: file, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: undefined, GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_NAME: undefined, GIT_COMMITTER_EMAIL: undefined, ...env };
  for (const [k, v] of Object.entries(set)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export const IDENTITY = '[user]\n\tname = Test Director\n\temail = director@example.invalid\n[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n';
