/**
 * Gates in a run: whether each gate has passed, what it would lock, and passing it when a
 * person approves. Gates are read from git (a gate is a commit and a tag, src/core/git/gates).
 * Without a repository a gate is judged by the one rule status uses too (pipeline/gate-rule.ts),
 * and cannot be passed in a run: the run says so and what to do.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { lexicalProblem } from '../artifact/paths';
import { FilmcrewError } from '../diagnostics';
import { approve, gateArtifacts, gateState, passGate } from '../git/index';
import { frontmatterOf, stageOf } from '../git/locking';
import { Repo } from '../git/repo';
import { isBesideProposal } from '../model/paths';
import type { Production } from '../model/types';
import { judgeGates, lockableWithoutGit } from '../pipeline/gate-rule';
import { GATES, type GateId } from '../pipeline/stages';
import { matcher } from './inputs';
import { workArtifacts } from '../model/artifacts';

export type GateStates = Record<GateId, boolean>;

export interface GatePass {
  artifacts: string[];
  /** Asset sheets nobody had chosen an option for: the approval chose their first option. */
  chosen: string[];
}

export interface GateKeeper {
  /** Set when gates cannot be passed in this production, saying why and what to do. */
  readonly unavailable: string | undefined;
  states(production: Production): Promise<GateStates>;
  /** The artifacts a gate would lock now. */
  artifacts(gate: GateId, files: readonly string[]): Promise<string[]>;
  /** Locks the gate's artifacts and records the gate. */
  pass(gate: GateId): Promise<GatePass>;
  /** Locks again, in one commit, work a run redid under a gate that had passed (its stale work); no new gate. */
  relock(gate: GateId, paths: readonly string[]): Promise<string[]>;
}

/** Of `paths`, those a gate covers (proposals beside a person's file never). */
export function coveredBy(gate: GateId, paths: readonly string[]): string[] {
  return covered(gate, paths);
}

function covered(gate: GateId, files: readonly string[]): string[] {
  const globs = GATES.find((g) => g.id === gate)!.requires.flatMap((r) => r.split('|'));
  return files.filter((f) => !isBesideProposal(f) && globs.some((g) => g === f || matcher(g)(f)));
}

/** True when a gate's stage has made something: the earlier work it re-locks (shots at the rough cut) alone is not. */
function ownWorkAmong(gate: GateId, paths: readonly string[]): boolean {
  const own = GATES.find((g) => g.id === gate)!.stage;
  return paths.some((p) => stageOf(p) === own);
}

/** True when at least one file on disk is of the kind the gate covers and made by its stage. */
export function coversAny(gate: GateId, files: readonly string[]): boolean {
  return ownWorkAmong(gate, covered(gate, files));
}

/** Without git: the one rule (pipeline/gate-rule.ts) over the files each gate covers and their statuses. */
function lockedStates(production: Production, files: () => string[]): GateStates {
  const statuses = new Map<string, unknown>();
  for (const a of workArtifacts(production)) statuses.set(a.path, a.data.status);
  const all = files();
  return judgeGates((gate) => {
    const paths = covered(gate, all);
    return { own: ownWorkAmong(gate, paths), locked: paths.every((f) => lockableWithoutGit(f) && statuses.get(f) === 'locked') };
  });
}

/**
 * The first option of every asset sheet among `paths` that has options and no choice, as what
 * `choose` would do for each — the `chosen` patch, the chosen option's image to lock with it, a
 * `Filmcrew-Chosen` trailer — so the whole gate is one lock commit, not one commit per sheet.
 */
async function firstOptions(root: string, paths: readonly string[]): Promise<{ chosen: string[]; patch: Record<string, Record<string, string>>; images: string[]; trailers: [string, string][] }> {
  const out = { chosen: [] as string[], patch: {} as Record<string, Record<string, string>>, images: [] as string[], trailers: [] as [string, string][] };
  for (const path of paths.filter((p) => p.endsWith('.md'))) {
    const data = frontmatterOf(path, await readFile(`${root}/${path}`, 'utf8'));
    const options = Array.isArray(data?.options) ? (data.options as { id?: unknown; image?: unknown }[]) : [];
    if (!options.length || data?.chosen) continue;
    const id = String(options[0]!.id);
    out.patch[path] = { chosen: id };
    const image = options[0]!.image;
    if (typeof image === 'string' && !lexicalProblem(image) && existsSync(join(root, image))) out.images.push(image);
    out.trailers.push(['Filmcrew-Chosen', `${path} ${id}`]);
    out.chosen.push(`${path} → ${id}`);
  }
  return out;
}

/** The gate keeper of a production: git when it is a repository, else locked-status only. */
export async function gateKeeper(root: string, files: () => string[]): Promise<GateKeeper> {
  let why: string | undefined;
  try {
    await Repo.open(root);
  } catch (e) {
    why = e instanceof FilmcrewError ? e.message : (e as Error).message;
  }
  if (why !== undefined) {
    return {
      unavailable: `gates cannot be passed here: ${why}. Run \`git init\` in the production folder and commit it, then run again`,
      states: async (production) => lockedStates(production, files),
      artifacts: async (gate, all) => {
        const paths = covered(gate, all);
        return ownWorkAmong(gate, paths) ? paths : [];
      },
      pass: async (gate) => {
        throw new FilmcrewError('no-git', `gate ${gate} cannot be passed without a git repository`, 'Run `git init` in the production folder and commit it.');
      },
      relock: async (gate) => {
        throw new FilmcrewError('no-git', `the work redone under gate ${gate} cannot be locked without a git repository`, 'Run `git init` in the production folder and commit it.');
      },
    };
  }
  return {
    unavailable: undefined,
    states: async () => {
      const state = await gateState(root);
      return Object.fromEntries(Object.entries(state).map(([g, s]) => [g, s.passed])) as GateStates;
    },
    // Listing what a gate covers is enough to ask about it and to lock it: passGate checks it all once, after the lock.
    artifacts: async (gate) => {
      const artifacts = await gateArtifacts(root, gate);
      return ownWorkAmong(gate, artifacts) ? artifacts : [];
    },
    pass: async (gate) => {
      const artifacts = await gateArtifacts(root, gate);
      // Approving the asset gate is approving a look for every asset: when no one chose, the first option.
      const first = gate === 'assets' ? await firstOptions(root, artifacts) : undefined;
      const targets = [...artifacts, ...(first?.images ?? []).filter((i) => !artifacts.includes(i))];
      const note = `Approved at the ${gate} gate in a filmcrew run.`;
      if (targets.length) await approve(root, targets, { note, ...(first?.chosen.length ? { patch: first.patch, trailers: first.trailers } : {}) });
      await passGate(root, gate);
      return { artifacts, chosen: first?.chosen ?? [] };
    },
    relock: async (gate, paths) => {
      const artifacts = covered(gate, paths);
      if (artifacts.length) await approve(root, artifacts, { note: `Redone by a filmcrew run after the ${gate} gate had passed: its stale work, approved again.` });
      return artifacts;
    },
  };
}
