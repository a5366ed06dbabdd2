/**
 * `filmcrew approve <path|glob|branch>…`: locks artifacts in one commit (status `locked`, an
 * entry in filmcrew.lock, `Filmcrew-Lock` trailers), or merges and locks a proposal branch.
 */
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { CliIO, Command, CommandArgs } from '../command';

const SHOWN = 20;

/** The production folder: `--dir`, else the current folder. */
export function productionRoot(args: CommandArgs, io: CliIO): string {
  const dir = args.values.dir;
  return resolve(io.cwd, typeof dir === 'string' ? dir : '.');
}

/**
 * A path typed relative to where the person stands, as a production-relative path; globs and
 * branch names pass through (they are read relative to the production folder).
 */
export function fromCwd(root: string, io: CliIO, target: string): string {
  const abs = resolve(io.cwd, target);
  if (!existsSync(abs)) return target;
  const rel = relative(root, abs);
  return rel.startsWith('..') ? target : rel.split(sep).join('/');
}

/** Prints at most SHOWN lines of a list, then how many more. */
export function printList(io: CliIO, items: string[], indent = '  '): void {
  for (const item of items.slice(0, SHOWN)) io.out(`${indent}${item}`);
  if (items.length > SHOWN) io.out(`${indent}… and ${items.length - SHOWN} more`);
}

export const approve: Command = {
  name: 'approve',
  summary: 'Lock artifacts (paths, globs) or merge and lock a proposal branch, in one commit',
  usage: 'filmcrew approve <path|glob|crew/<role>/<run>>… [--note "…"] [--dir <production>]',
  options: { note: { type: 'string' }, dir: { type: 'string' } },
  async run(args, io) {
    if (!args.positionals.length) {
      io.err('filmcrew approve: name what to approve: a file, a glob like "shots/*.md", or a proposal branch.');
      return 2;
    }
    const root = productionRoot(args, io);
    const targets = args.positionals.map((t) => fromCwd(root, io, t));
    const note = typeof args.values.note === 'string' ? args.values.note : undefined;
    // Core is imported when a command runs, so `filmcrew --help` does not load the git layer.
    const [{ approve: approveTargets }, { refuseTeammatesLocks }] = await Promise.all([import('../../core/git/approve'), import('../../core/team/team-locks')]);
    // What a teammate locked since the last fetch is theirs: refuse, naming who and when.
    await refuseTeammatesLocks(root, targets);
    const r = await approveTargets(root, targets, { note });
    for (const branch of r.merged) io.out(`Merged ${branch}.`);
    if (r.locked.length) {
      io.out(`Locked ${r.locked.length} artifact${r.locked.length === 1 ? '' : 's'}${r.commit ? ` in ${r.commit.slice(0, 7)}` : ''}:`);
      printList(io, r.locked);
    }
    if (r.unchanged.length) {
      io.out(`Already locked as they are (${r.unchanged.length}):`);
      printList(io, r.unchanged);
    }
    return 0;
  },
};
