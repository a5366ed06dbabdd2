/**
 * The inputs of files that cannot say where they came from (frames, option cards), carried by a
 * proposal's commits as `Filmcrew-Inputs: <path> <json>` trailers: whoever approves the branch,
 * on whatever clone (a teammate's, the CI's merge job), locks them with the inputs they were made
 * from, not only the machine whose `.filmcrew/provenance.json` knows them.
 */
import { lexicalProblem } from '../artifact/paths';
import type { Repo } from './repo';

const INPUTS_TRAILER = 'Filmcrew-Inputs';

export function inputTrailers(inputs: Record<string, Record<string, string>> | undefined): [string, string][] {
  return Object.keys(inputs ?? {})
    .sort()
    .map((path) => [INPUTS_TRAILER, `${encodeURIComponent(path)} ${JSON.stringify(inputs![path])}`]);
}

/** A production path (no control characters, inside the production) and an input hash. */
function isInput(path: string, hash: unknown): boolean {
  return typeof hash === 'string' && /^([0-9a-f]{64}|missing)$/.test(hash) && !/[\0-\x1f\x7f]/.test(path) && lexicalProblem(path) === undefined;
}

/** The inputs carried by a proposal's commits (`Filmcrew-Inputs` trailers), newest commit's first. */
export async function proposedInputs(repo: Repo, base: string, tip: string): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  const log = (await repo.git(['log', `--format=%(trailers:key=${INPUTS_TRAILER},valueonly,unfold)%x00`, `${base}..${tip}`])).stdout;
  for (const line of log.split(/[\n\0]/)) {
    const m = /^(\S+) (\{.*\})\s*$/.exec(line.trim());
    if (!m) continue;
    try {
      const path = decodeURIComponent(m[1]!);
      if (out[path]) continue;
      const parsed = JSON.parse(m[2]!) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        // Commits come from teammates and CI: only production paths and hashes reach the lock file.
        out[path] = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => isInput(e[0], e[1])));
      }
    } catch {
      // a trailer a person edited by hand: the ledger or the frontmatter still apply
    }
  }
  return out;
}
