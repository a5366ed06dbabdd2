/**
 * The inputs of files that cannot say where they came from (frames, option cards), carried by a
 * proposal's commits as `Filmcrew-Inputs: <path> <json>` trailers: whoever approves the branch,
 * on whatever clone (a teammate's, the CI's merge job), locks them with the inputs they were made
 * from, not only the machine whose `.filmcrew/provenance.json` knows them.
 */
import type { Repo } from './repo';

const INPUTS_TRAILER = 'Filmcrew-Inputs';

export function inputTrailers(inputs: Record<string, Record<string, string>> | undefined): [string, string][] {
  return Object.keys(inputs ?? {})
    .sort()
    .map((path) => [INPUTS_TRAILER, `${encodeURIComponent(path)} ${JSON.stringify(inputs![path])}`]);
}

/** The inputs carried by a proposal's commits (`Filmcrew-Inputs` trailers), newest commit's first. */
export async function proposedInputs(repo: Repo, base: string, tip: string): Promise<Record<string, Record<string, string>>> {
  const out: Record<string, Record<string, string>> = {};
  const log = (await repo.git(['log', `--format=%(trailers:key=${INPUTS_TRAILER},valueonly,unfold)%x00`, `${base}..${tip}`])).stdout;
  for (const line of log.split(/[\n\0]/)) {
    const m = /^(\S+) (\{.*\})\s*$/.exec(line.trim());
    if (!m) continue;
    const path = decodeURIComponent(m[1]!);
    if (out[path]) continue;
    try {
      const parsed = JSON.parse(m[2]!) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        out[path] = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
      }
    } catch {
      // a trailer a person edited by hand: the ledger or the frontmatter still apply
    }
  }
  return out;
}
