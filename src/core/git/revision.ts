/**
 * A file as a commit has it: the left and right sides of a proposal's diff (the extension's
 * Review view and anything else that shows what a proposal changes).
 */
import { Repo } from './repo';

/** The text of production-relative `path` at `rev` (a commit, branch or `HEAD`), or undefined when it has no such file. */
export async function fileAtRevision(root: string, rev: string, path: string): Promise<string | undefined> {
  const repo = await Repo.open(root);
  const r = await repo.git(['cat-file', '-p', `${rev}:${repo.toGit(path)}`], { okCodes: [128] });
  return r.code === 0 ? r.stdout : undefined;
}
