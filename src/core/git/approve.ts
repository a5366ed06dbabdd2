/**
 * A person's approval as a git commit: `approve` locks artifacts (status `locked`, an entry in
 * `filmcrew.lock`, one commit with a `Filmcrew-Lock` trailer per artifact and `Approved-by`),
 * `choose` records an asset's chosen option and locks it, `unlock` takes a lock back with a
 * reason. Each commits only the paths it names.
 */
import { withRunLock } from '../orchestrator/run-lock';
import { existsSync, readFileSync } from 'node:fs';
import { fileHash } from '../artifact/hash';
import { FilmcrewError } from '../diagnostics';
import { LOCKFILE } from '../model/paths';
import { commitExactly, readSeen, type FileWrite, type Seen } from './commit';
import { setFrontmatterScalars } from './frontmatter-keys';
import { commitMessage, frontmatterOf, lockFile, lockSubject, type ApproveOptions, type LockContext, type LockedFile } from './locking';
import { formatLockfile, lockfileForUpdate, type Lockfile } from './lockfile';
import { readProvenanceLedger } from './provenance';
import { approveProposal } from './proposals';
import { Repo, signature } from './repo';
import { resolveTargets } from './targets';

export type { ApproveOptions } from './locking';

export interface ApproveResult {
  /** The lock commit; undefined when everything was already locked as it is. */
  commit?: string;
  /** Paths locked by this approval (including those of merged proposals). */
  locked: string[];
  /** Paths that were already locked exactly as they are. */
  unchanged: string[];
  /** Proposal branches merged. */
  merged: string[];
}

function readTarget(repo: Repo, path: string): Seen {
  try {
    return readSeen(repo.abs(path));
  } catch {
    throw new FilmcrewError('not-found', `${path} does not exist or cannot be read`, 'Check the path (relative to the production folder).', path);
  }
}

/** Locks `paths` (with `patch` set in each markdown file) in one commit. */
async function lockPaths(
  repo: Repo,
  paths: string[],
  opts: ApproveOptions & { subject?: string },
): Promise<{ commit?: string; locked: string[]; unchanged: string[] }> {
  const { identity, ref, head } = await repo.readyToCommit();
  const lock = await lockfileForUpdate(repo.root);
  const { ledger } = await readProvenanceLedger(repo.root);
  const ctx: LockContext = { lock, ledger, approver: signature(identity), at: (opts.now ?? new Date()).toISOString(), inputs: opts.inputs };
  const files: (LockedFile & { seen: Seen })[] = [];
  for (const path of paths) {
    const seen = readTarget(repo, path);
    files.push({ ...lockFile(path, seen.bytes, ctx, opts.patch?.[path]), seen });
  }
  const changed = files.filter((f) => !f.unchanged);
  const unchanged = files.filter((f) => f.unchanged).map((f) => f.path);
  if (!changed.length) return { locked: [], unchanged };
  const next: Lockfile = { version: 1, locks: { ...lock.locks } };
  for (const f of changed) next.locks[f.path] = f.entry;
  const writes: FileWrite[] = changed
    .filter((f) => f.content !== undefined)
    .map((f) => ({ path: f.path, content: f.content!, seen: f.seen }));
  writes.push({ path: LOCKFILE, content: formatLockfile(next), durable: true });
  const locked = changed.map((f) => f.path);
  const message = commitMessage(opts.subject ?? lockSubject('Lock', locked), [opts.note], [
    ...(opts.trailers ?? []),
    ...locked.map((p): [string, string] => ['Filmcrew-Lock', p]),
    ['Approved-by', ctx.approver],
  ]);
  const committed = await commitExactly(repo, {
    ref,
    head,
    writes,
    fromDisk: changed.filter((f) => f.content === undefined).map((f) => f.path),
    message,
    reflog: `filmcrew: ${locked.length === 1 ? 'lock ' + locked[0] : `lock ${locked.length} artifacts`}`,
  });
  return { commit: committed?.commit, locked, unchanged };
}

/**
 * Locks every file the targets name (paths, folders, globs) and merges and locks every proposal
 * branch among them: one commit for the files, one merge commit per proposal.
 */
export function approve(root: string, targets: string[], opts: ApproveOptions = {}): Promise<ApproveResult> {
  return withRunLock(root, 'approve', () => approveLocked(root, targets, opts));
}

async function approveLocked(root: string, targets: string[], opts: ApproveOptions): Promise<ApproveResult> {
  if (!targets.length) throw new FilmcrewError('usage', 'nothing to approve', 'Name files, a glob like `shots/*.md`, or a proposal branch.');
  const repo = await Repo.open(root);
  const { paths, branches } = await resolveTargets(repo, targets);
  const result: ApproveResult = { locked: [], unchanged: [], merged: [] };
  if (paths.length) {
    const r = await lockPaths(repo, paths, opts);
    Object.assign(result, { commit: r.commit, locked: r.locked, unchanged: r.unchanged });
  }
  for (const branch of branches) {
    const r = await approveProposal(repo.root, branch, opts);
    result.commit = r.commit;
    result.locked.push(...r.locked);
    result.merged.push(branch);
  }
  return result;
}

const ASSET_KINDS = new Set(['character', 'costume', 'location', 'prop']);

/** Records `optionId` as the chosen option of an asset sheet and locks the sheet (and that option's image). */
export function choose(root: string, assetPath: string, optionId: string, opts: ApproveOptions = {}): Promise<ApproveResult> {
  return withRunLock(root, 'choose', () => chooseLocked(root, assetPath, optionId, opts));
}

async function chooseLocked(root: string, assetPath: string, optionId: string, opts: ApproveOptions): Promise<ApproveResult> {
  const repo = await Repo.open(root);
  const { paths } = await resolveTargets(repo, [assetPath]);
  const path = paths[0];
  if (paths.length !== 1 || !path?.endsWith('.md')) {
    throw new FilmcrewError('not-an-asset', `\`${assetPath}\` is not one asset sheet`, 'Give one sheet, e.g. `characters/mara.md`.');
  }
  const data = frontmatterOf(path, readTarget(repo, path).bytes.toString('utf8'));
  if (!data || !ASSET_KINDS.has(String(data.kind))) {
    throw new FilmcrewError('not-an-asset', `${path} is not an asset sheet (kind: ${String(data?.kind ?? 'none')})`, 'Choose options on characters/, costumes/, locations/ or props/ sheets.', path);
  }
  const options = Array.isArray(data.options) ? (data.options as { id?: unknown; image?: unknown }[]) : [];
  const option = options.find((o) => String(o.id) === optionId);
  if (!option) {
    const ids = options.map((o) => String(o.id));
    throw new FilmcrewError(
      'unknown-option',
      `${path} has no option \`${optionId}\``,
      ids.length ? `Choose one of: ${ids.join(', ')}.` : 'The sheet has no options yet: run its crew role first (`filmcrew run`).',
      path,
    );
  }
  const targets = [path];
  if (typeof option.image === 'string' && existsSync(repo.abs(option.image))) targets.push(option.image);
  const r = await lockPaths(repo, targets, {
    ...opts,
    patch: { [path]: { chosen: optionId } },
    subject: `Choose option ${optionId} for ${path}`,
    trailers: [['Filmcrew-Chosen', `${path} ${optionId}`]],
  });
  return { ...r, merged: [] };
}

/** Takes back the lock of `path` (status `draft`, out of filmcrew.lock) in a commit that records why. */
export async function unlock(root: string, path: string, reason: string): Promise<{ commit: string }> {
  if (!reason.trim()) throw new FilmcrewError('usage', 'unlocking needs a reason', 'Say why, e.g. `--reason "Mara\'s coat changes colour in act two"`.');
  return withRunLock(root, 'unlock', () => unlockLocked(root, path, reason));
}

async function unlockLocked(root: string, path: string, reason: string): Promise<{ commit: string }> {
  const repo = await Repo.open(root);
  const { identity, ref, head } = await repo.readyToCommit();
  const lock = await lockfileForUpdate(repo.root);
  const { paths } = await resolveTargets(repo, [path]).catch(() => ({ paths: [path] }));
  const target = paths[0]!;
  const entry = lock.locks[target];
  if (!entry) throw new FilmcrewError('not-locked', `${target} is not locked`, 'Nothing to unlock: `filmcrew status` lists what is locked.', target);
  const next: Lockfile = { version: 1, locks: { ...lock.locks } };
  delete next.locks[target];
  const writes: FileWrite[] = [{ path: LOCKFILE, content: formatLockfile(next), durable: true }];
  const fromDisk: string[] = [];
  if (existsSync(repo.abs(target))) {
    const read = readFileSync(repo.abs(target));
    const text = target.endsWith('.md') ? read.toString('utf8') : undefined;
    const unlocked = text !== undefined && frontmatterOf(target, text) ? setFrontmatterScalars(text, { status: 'draft' }) : undefined;
    if (unlocked !== undefined && unlocked !== text) writes.push({ path: target, content: unlocked, expected: fileHash(read) });
    else fromDisk.push(target);
  }
  const by = signature(identity);
  const message = commitMessage(`Unlock ${target}`, [reason], [
    ['Filmcrew-Unlock', target],
    ['Unlocked-by', by],
  ]);
  const committed = await commitExactly(repo, { ref, head, writes, fromDisk, message, reflog: `filmcrew: unlock ${target}` });
  return { commit: committed!.commit };
}
