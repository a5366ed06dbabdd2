/**
 * Gates in a run: whether each gate has passed, what it would lock, and passing it when a
 * person approves. Gates are read from git (a gate is a commit and a tag); without a repository
 * a gate counts as passed when every artifact it covers is locked, and cannot be passed here.
 */
import { FilmcrewError } from '../diagnostics';
import { readLockfile } from '../git/lockfile';
import { Repo } from '../git/repo';
import { approve } from '../git/approve';
import type { Production } from '../model/types';
import { GATES, type Gate, type GateId } from '../pipeline/stages';
import { matcher, type FileIndex } from './inputs';

export type GateStates = Record<GateId, boolean>;

export interface GateKeeper {
  /** Set when gates cannot be passed in this production, saying why and what to do. */
  readonly unavailable: string | undefined;
  states(production: Production): Promise<GateStates>;
  /** Locks the gate's artifacts and records the gate. */
  pass(gate: GateId, artifacts: string[]): Promise<void>;
}

/** The files a gate covers, as they are now. */
export function gateArtifacts(gate: Gate, index: FileIndex, all: readonly string[]): string[] {
  const globs = gate.requires.flatMap((r) => r.split('|'));
  return all.filter((f) => globs.some((g) => g === f || matcher(g)(f))).filter((f) => index.exists(f));
}

/** A gate passes when it covers at least one file and every one of them is in filmcrew.lock. */
async function lockedStates(root: string, production: Production, files: () => string[]): Promise<GateStates> {
  const { lock } = await readLockfile(root).catch(() => ({ lock: { version: 1 as const, locks: {} } }));
  const statuses = new Map<string, unknown>();
  for (const a of [...production.shots, ...production.characters, ...production.costumes, ...production.locations, ...production.props, ...production.reviews]) {
    statuses.set(a.path, a.data.status);
  }
  const all = files();
  const states = {} as GateStates;
  for (const gate of GATES) {
    const globs = gate.requires.flatMap((r) => r.split('|'));
    const covered = all.filter((f) => globs.some((g) => g === f || matcher(g)(f)));
    states[gate.id] = covered.length > 0 && covered.every((f) => (statuses.has(f) ? statuses.get(f) === 'locked' : false) || f in lock.locks);
  }
  return states;
}

/** The gate keeper of a production: git when it is a repository, else locked-status only. */
export async function gateKeeper(root: string, files: () => string[]): Promise<GateKeeper> {
  let repo: Repo | undefined;
  let why: string | undefined;
  try {
    repo = await Repo.open(root);
  } catch (e) {
    why = e instanceof FilmcrewError ? e.message : (e as Error).message;
  }
  if (!repo) {
    return {
      unavailable: `${root} is not in a git repository (${why}), so gates cannot be passed: run \`git init\` and commit the production, then run again`,
      states: (production) => lockedStates(root, production, files),
      pass: async (gate) => {
        throw new FilmcrewError('no-git', `gate ${gate} cannot be passed without a git repository`, 'Run `git init` in the production folder and commit it.');
      },
    };
  }
  return {
    unavailable: undefined,
    states: (production) => lockedStates(root, production, files),
    pass: async (_gate, artifacts) => {
      await approve(root, artifacts, { note: `Approved in a filmcrew run` });
    },
  };
}
