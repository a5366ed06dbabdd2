/**
 * A scratch checkout for a run whose work goes to proposal branches: a detached `git worktree`
 * of the current commit in a temp folder. The run reads and writes there, so the person's
 * working tree and index are never touched; its `.filmcrew` is the production's own (linked),
 * so the journal, the paid-answer cache and the provenance ledger are shared and a re-run of
 * the same run is a cache hit. What the run already proposed on its branches is checked out
 * first, so a re-run starts from its own proposals.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilmcrewError } from '../diagnostics';
import { STATE_DIR } from '../model/paths';
import { runGit, type Repo } from '../git/repo';

export interface Scratch {
  /** The production's folder inside the scratch checkout. */
  root: string;
  /** The commit it was checked out at. */
  base: string;
  /** Removes the checkout and git's record of it. */
  dispose(): Promise<void>;
}

/** A detached checkout of HEAD with the production's `.filmcrew` linked in. */
export async function openScratch(repo: Repo): Promise<Scratch> {
  const base = await repo.head();
  if (!base) throw new FilmcrewError('no-commits', 'the repository has no commit yet to base proposals on', 'Commit the production first (`git add -A && git commit -m "Start"`).');
  const dir = mkdtempSync(join(tmpdir(), 'filmcrew-scratch-'));
  const top = join(dir, 'checkout');
  // --force: another worktree may have the same commit checked out (it always has: the person's).
  await repo.git(['worktree', 'add', '--detach', '--force', '--quiet', top, base]);
  const root = join(top, repo.prefix);
  const state = join(repo.root, STATE_DIR);
  mkdirSync(state, { recursive: true });
  rmSync(join(root, STATE_DIR), { recursive: true, force: true });
  symlinkSync(state, join(root, STATE_DIR), 'junction');
  return {
    root,
    base,
    async dispose() {
      rmSync(join(root, STATE_DIR), { force: true });
      await repo.git(['worktree', 'remove', '--force', top], { okCodes: [128] });
      rmSync(dir, { recursive: true, force: true });
      await repo.git(['worktree', 'prune'], { okCodes: [128] });
    },
  };
}

/** Checks out, in the scratch, the files each branch changed since the scratch's base. */
export async function checkoutProposed(repo: Repo, scratch: Scratch, branches: readonly string[]): Promise<number> {
  let files = 0;
  for (const branch of branches) {
    const changed = (await repo.git(['diff', '--name-only', '-z', '--no-renames', '--diff-filter=AM', scratch.base, `refs/heads/${branch}`])).stdout.split('\0').filter(Boolean);
    if (!changed.length) continue;
    // `checkout <tip> -- paths` in the scratch: its own index and files only.
    await runGit(scratch.root, ['checkout', `refs/heads/${branch}`, '--', ...changed.map((p) => `:(top,literal)${p}`)]);
    files += changed.length;
  }
  return files;
}
