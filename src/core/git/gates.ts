/**
 * Gates as git: passing a gate is a commit with a `Filmcrew-Gate: <gate>` trailer and a tag
 * `filmcrew/gate/<gate>`. The orchestrator reads gates from git, never from memory. A gate passes
 * only when everything it needs is locked, unedited and fresh; otherwise it refuses with the list.
 */
import { withRunLock } from '../orchestrator/run-lock';
import { existsSync, readFileSync } from 'node:fs';
import picomatch from 'picomatch';
import { FilmcrewError } from '../diagnostics';
import { parseFountain } from '../fountain/parse';
import { isVideoClip } from '../export/cut';
import { PRODUCTION_FILE, clipPath, cutFiles, framePath, isBesideProposal } from '../model/paths';
import type { ProductionData, ShotData } from '../model/types';
import { gate as gateInfo, GATES, stage, type GateId } from '../pipeline/stages';
import { commitExactly } from './commit';
import { commitMessage, frontmatterOf, stageOf } from './locking';
import { readLockfile, type Lockfile } from './lockfile';
import { Repo, signature } from './repo';
import { isBookkeeping, productionFiles } from './targets';
import { lockBroken, staleness } from './verify';

export interface GateState {
  passed: boolean;
  /** The gate commit. */
  commit?: string;
  /** ISO time it passed. */
  at?: string;
}

export const gateTag = (gate: GateId) => `filmcrew/gate/${gate}`;

function notPassed(): Record<GateId, GateState> {
  return Object.fromEntries(GATES.map((g) => [g.id, { passed: false }])) as Record<GateId, GateState>;
}

/** True when `path` is among what `gate` covers (its `requires` globs). */
function coversPath(gate: GateId, path: string): boolean {
  return gateInfo(gate).requires.some((r) => r.split('|').some((g) => picomatch(g)(path)));
}

/**
 * Which gates have passed on the current branch: gate commits reachable from HEAD, and gate tags
 * on its history — unless a file the gate covers was unlocked after it (`filmcrew unlock`): the
 * gate then has to be passed again once that file is locked again.
 */
export async function gateState(root: string): Promise<Record<GateId, GateState>> {
  const repo = await Repo.open(root);
  const state = notPassed();
  const head = await repo.head();
  if (!head) return state;
  const trailers = '%(trailers:key=Filmcrew-Gate,valueonly,separator=%x2C)%x00%(trailers:key=Filmcrew-Unlock,valueonly,separator=%x2C)';
  const log = (await repo.git(['log', '--topo-order', `--format=%H%x00%cI%x00${trailers}`, '--grep=^Filmcrew-Gate:', '--grep=^Filmcrew-Unlock:', head])).stdout;
  // Newest first: the unlocks seen so far came after the gate commits still to come.
  const unlocks: { commit: string; path: string }[] = [];
  const decided = new Set<GateId>();
  for (const line of log.split('\n').filter(Boolean)) {
    const [commit = '', at, gates = '', unlocked = ''] = line.split('\0');
    for (const g of gates.split(',').map((x) => x.trim()) as GateId[]) {
      if (!state[g] || decided.has(g)) continue;
      decided.add(g);
      if (!unlocks.some((u) => coversPath(g, u.path))) state[g] = { passed: true, commit, at };
    }
    for (const path of unlocked.split(',').map((x) => x.trim()).filter(Boolean)) unlocks.push({ commit, path });
  }
  const tags = (await repo.git(['for-each-ref', '--format=%(refname:strip=4)%00%(*objectname)%00%(objectname)%00%(creatordate:iso-strict)', 'refs/tags/filmcrew/gate/'])).stdout;
  for (const line of tags.split('\n').filter(Boolean)) {
    const [g, peeled, oid, at] = line.split('\0') as [GateId, string, string, string];
    const commit = peeled || oid;
    if (!state[g] || state[g].passed || decided.has(g)) continue;
    if (!(await isAncestor(repo, commit, head))) continue;
    let voided = false;
    for (const u of unlocks.filter((x) => coversPath(g, x.path))) voided ||= await isAncestor(repo, commit, u.commit);
    if (!voided) state[g] = { passed: true, commit, at };
  }
  return state;
}

async function isAncestor(repo: Repo, commit: string, of: string): Promise<boolean> {
  return (await repo.git(['merge-base', '--is-ancestor', commit, of], { okCodes: [1] })).code === 0;
}

export interface GateCheck {
  gate: GateId;
  ready: boolean;
  /** The artifacts the gate covers. */
  artifacts: string[];
  /** What stops it, one sentence each, with what to do. */
  missing: string[];
}

/** The files a gate covers now (its `requires` globs over the production's files), with what is missing among them. */
async function coveredFiles(repo: Repo, gate: GateId): Promise<{ files: string[]; artifacts: Set<string>; missing: string[] }> {
  const info = gateInfo(gate);
  const missing: string[] = [];
  const files = (await productionFiles(repo)).filter((f) => !isBookkeeping(f) && !isBesideProposal(f) && existsSync(repo.abs(f)));
  const artifacts = new Set<string>();
  for (const req of info.requires) {
    const alternatives = req.split('|');
    const matchers = alternatives.map((a) => picomatch(a));
    const hits = files.filter((f) => matchers.some((m) => m(f)));
    if (alternatives.length > 1 && !hits.length) missing.push(`no ${alternatives.join(' or ')} yet`);
    hits.forEach((h) => artifacts.add(h));
  }
  return { files, artifacts, missing };
}

/** The artifacts passing `gate` would lock now, sorted: the listing alone, without checking them (checkGate does). */
export async function gateArtifacts(root: string, gate: GateId): Promise<string[]> {
  return [...(await coveredFiles(await Repo.open(root), gate)).artifacts].sort();
}

/**
 * The lock entries a gate's artifacts depend on: theirs, and those of the locked files they were
 * made from, transitively. Staleness flows only along inputs, so this part of the lock says
 * exactly what the whole would about these artifacts — at the cost of what the gate locks (the
 * final sign-off checks one review, not 4,000 locks).
 */
function lockOf(lock: Lockfile, artifacts: Iterable<string>): Lockfile {
  const part: Lockfile = { version: 1, locks: {} };
  const queue = [...artifacts];
  while (queue.length) {
    const path = queue.pop()!;
    const entry = lock.locks[path];
    if (!entry || path in part.locks) continue;
    part.locks[path] = entry;
    for (const input of Object.keys(entry.inputs)) if (!(input in part.locks)) queue.push(input);
  }
  return part;
}

/** What passing `gate` needs that is not there yet. */
export async function checkGate(root: string, gate: GateId): Promise<GateCheck> {
  const info = gateInfo(gate);
  const repo = await Repo.open(root);
  const missing: string[] = [];
  const state = await gateState(repo.root);
  for (const need of stage(info.stage).needs) {
    if (!state[need].passed) missing.push(`gate \`${need}\` (${gateInfo(need).title}) has not passed: \`filmcrew gate pass ${need}\``);
  }
  const { lock, diagnostics } = await readLockfile(repo.root);
  for (const d of diagnostics) missing.push(`filmcrew.lock:${d.line}: ${d.message}`);
  const { files, artifacts, missing: notYet } = await coveredFiles(repo, gate);
  missing.push(...notYet);
  // Earlier stages' artifacts it re-locks (the rough cut's lit shots) are not work of its own.
  if (![...artifacts].some((a) => stageOf(a) === info.stage)) missing.push(`nothing to lock yet: no file matches ${info.requires.join(', ')}`);
  const stale = await staleness(repo.root, lockOf(lock, artifacts));
  const sorted = [...artifacts].sort();
  for (const path of sorted) {
    const entry = lock.locks[path];
    const bytes = readFileSync(repo.abs(path));
    if (gate === 'script') {
      // The placeholder `init` writes is a title page: nothing to break down, nothing to lock.
      const text = bytes.toString('utf8').replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '');
      if (!parseFountain(text).elements.some((e) => e.type === 'scene_heading')) {
        missing.push(`${path}: no scenes yet: start each scene with a heading such as \`INT. KITCHEN - NIGHT\`, then lock it`);
      }
    }
    if (!entry) {
      missing.push(`${path}: not locked: \`filmcrew approve ${path}\``);
      continue;
    }
    const broken = lockBroken(entry, bytes, path);
    if (broken) missing.push(`${path}: ${broken}`);
    const s = stale.get(path);
    if (s) missing.push(`${path}: stale (${s.via ? `made from ${s.via}, which is stale` : `${s.changed.join(', ')} changed`}): \`filmcrew run\` redoes it`);
    if (gate === 'assets' && path.endsWith('.md')) {
      const data = frontmatterOf(path, bytes.toString('utf8'));
      if (Array.isArray(data?.options) && data.options.length && !data.chosen) {
        missing.push(`${path}: no option chosen: \`filmcrew choose ${path} <option>\``);
      }
    }
  }
  if (gate === 'storyboard') {
    for (const shot of files.filter((f) => /^shots\/[^/]+\.md$/.test(f))) {
      const data = frontmatterOf(shot, readFileSync(repo.abs(shot), 'utf8')) as Partial<ShotData> | undefined;
      if (!data?.id) continue;
      const frame = framePath({ id: data.id, frame: data.frame });
      const hasFrame = artifacts.has(frame) || [...artifacts].some((a) => a.startsWith(`media/frames/${data.id}.`));
      if (!hasFrame) missing.push(`${shot}: no storyboard frame yet (${frame})`);
    }
  }
  if (gate === 'roughcut') missing.push(...cutMissing(files, artifacts, (f) => readFileSync(repo.abs(f), 'utf8')));
  return { gate, ready: missing.length === 0, artifacts: sorted, missing };
}

/** What the rough cut gate needs besides locks: every live shot's clip, and the rough cut unless production.md turns it off. */
function cutMissing(files: readonly string[], artifacts: ReadonlySet<string>, read: (f: string) => string): string[] {
  const missing: string[] = [];
  const present = new Set(files);
  for (const shot of files.filter((f) => /^shots\/[^/]+\.md$/.test(f))) {
    const data = frontmatterOf(shot, read(shot)) as Partial<ShotData> | undefined;
    if (!data?.id || data.omitted) continue;
    const clip = isVideoClip(data.clip) ? data.clip : clipPath(data.id);
    if (!present.has(clip)) missing.push(`${shot}: no clip yet (${clip}): \`filmcrew run --stage generation\` makes it`);
  }
  const production = present.has(PRODUCTION_FILE) ? (frontmatterOf(PRODUCTION_FILE, read(PRODUCTION_FILE)) as Partial<ProductionData> | undefined) : undefined;
  if (production?.edit?.roughcut !== false && !artifacts.has(cutFiles.roughcut)) missing.push(`no rough cut yet (${cutFiles.roughcut}): \`filmcrew run --stage edit\` renders it from the clips`);
  return missing;
}

/** A gate that cannot pass, with everything that stops it. */
export class GateRefused extends FilmcrewError {
  constructor(
    readonly gate: GateId,
    readonly missing: string[],
  ) {
    super(
      'gate-not-ready',
      `${gateInfo(gate).title} cannot pass yet; ${missing.length} thing${missing.length === 1 ? '' : 's'} missing:\n  - ${missing.join('\n  - ')}`,
      'Lock what is listed (`filmcrew approve`, `filmcrew choose`), then pass the gate again.',
    );
    this.name = 'GateRefused';
  }
}

export interface GatePassed {
  gate: GateId;
  commit: string;
  at: string;
  tag: string;
  artifacts: string[];
  /** It had passed before on this branch: nothing was committed. */
  alreadyPassed: boolean;
}

/** Passes `gate` (commit with `Filmcrew-Gate` + tag) when everything it needs is locked and fresh; else throws GateRefused. */
export function passGate(root: string, gate: GateId): Promise<GatePassed> {
  return withRunLock(root, `pass gate ${gate}`, () => passGateLocked(root, gate));
}

async function passGateLocked(root: string, gate: GateId): Promise<GatePassed> {
  const info = gateInfo(gate);
  const repo = await Repo.open(root);
  const { identity, ref, head } = await repo.readyToCommit();
  const tag = gateTag(gate);
  const state = (await gateState(repo.root))[gate];
  if (state.passed) return { gate, commit: state.commit!, at: state.at ?? '', tag, artifacts: [], alreadyPassed: true };
  const existing = await repo.git(['rev-parse', '-q', '--verify', `${tag}^{commit}`], { okCodes: [1] });
  // On this branch's history, the tag marks a passing an unlock took back: it moves to the new one.
  const taken = existing.code === 0 && (await isAncestor(repo, existing.stdout.trim(), head ?? 'HEAD'));
  if (existing.code === 0 && !taken) {
    throw new FilmcrewError(
      'gate-tag-elsewhere',
      `the tag ${tag} exists but is not on this branch's history (the gate passed on another branch)`,
      `Merge that branch, or delete the tag if it is wrong (\`git tag -d ${tag}\`), then pass the gate again.`,
    );
  }
  const check = await checkGate(repo.root, gate);
  if (!check.ready) throw new GateRefused(gate, check.missing);
  const approver = signature(identity);
  const counts = new Map<string, number>();
  for (const a of check.artifacts) counts.set(a.split('/')[0]!, (counts.get(a.split('/')[0]!) ?? 0) + 1);
  const summary = `Locked and fresh: ${[...counts].map(([f, n]) => `${n} in ${f}/`).join(', ')}.`;
  const message = commitMessage(`Pass gate: ${info.title}`, [summary], [
    ['Filmcrew-Gate', gate],
    ['Approved-by', approver],
  ]);
  const committed = await commitExactly(repo, { ref, head, writes: [], message, allowEmpty: true, reflog: `filmcrew: gate ${gate}` });
  await repo.git(['tag', ...(taken ? ['-f'] : []), '-a', '-m', `${info.title} passed\n\nApproved-by: ${approver}`, tag, committed!.commit]);
  const at = (await repo.git(['log', '-1', '--format=%cI', committed!.commit])).stdout.trim();
  return { gate, commit: committed!.commit, at, tag, artifacts: check.artifacts, alreadyPassed: false };
}
