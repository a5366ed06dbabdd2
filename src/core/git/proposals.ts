/**
 * Proposal branches `crew/<role>/<run>`: a crew role's work as a branch a person reviews like a
 * pull request. Written with plumbing only (blobs, a temporary index, commit-tree, a
 * compare-and-swap update-ref): nothing is checked out, so parallel roles never collide and the
 * person's working tree and index are never touched. Approving merges into the current branch
 * without a checkout and locks what the proposal brought; rejecting deletes the branch (only
 * ever a `crew/` one) and sends the note to the role's feedback.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { lexicalProblem } from '../artifact/paths';
import { FilmcrewError } from '../diagnostics';
import { LOCKFILE, STATE_DIR } from '../model/paths';
import { convertedPaths, writeBlobAt, writeBlobs } from './blobs';
import { commitExactly, type FileWrite } from './commit';
import { commitMessage, lockFile, type ApproveOptions, type LockContext } from './locking';
import { formatLockfile, lockfileForUpdate, type Lockfile } from './lockfile';
import { readProvenanceLedger } from './provenance';
import { inputTrailers, proposedInputs } from './proposal-inputs';
import { isBookkeeping } from './targets';
import { commitFeedback } from './reject';
import { GitFailure, Repo, signature } from './repo';

export const PROPOSAL_PREFIX = 'crew/';

export interface ProposalFile {
  /** Production-relative. */
  path: string;
  content: string | Uint8Array;
}

export interface ProposalRequest {
  role: string;
  runId: string;
  files: ProposalFile[];
  /** The commit subject (and body): what the role proposes. */
  message: string;
  /** What the run spent on these files. */
  cost?: number;
  /**
   * Inputs (path → inputHash) of files that cannot carry provenance (frames, cards), by path:
   * written as `Filmcrew-Inputs` trailers so an approval on any clone locks them with their inputs.
   */
  inputs?: Record<string, Record<string, string>>;
}

export interface ProposalFileStat {
  path: string;
  /** null for binary files. */
  added: number | null;
  deleted: number | null;
}

export interface Proposal {
  branch: string;
  role: string;
  runId: string;
  commit: string;
  /** Where it forked from the current branch. */
  base: string;
  at: string;
  subject: string;
  files: ProposalFileStat[];
  insertions: number;
  deletions: number;
  /** Sum of the `Filmcrew-Cost` trailers of its commits. */
  cost?: number;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `crew/<role>/<run>`, or a refusal naming what is wrong with the parts. */
export function proposalBranch(role: string, runId: string): string {
  if (!NAME.test(role) || !NAME.test(runId) || runId.endsWith('.lock') || runId.includes('..')) {
    throw new FilmcrewError('bad-proposal-name', `cannot name a proposal branch from role \`${role}\` and run \`${runId}\``, 'Use letters, digits, dots, dashes and underscores.');
  }
  return `${PROPOSAL_PREFIX}${role}/${runId}`;
}

function assertProposalName(branch: string): void {
  if (!branch.startsWith(PROPOSAL_PREFIX) || branch.split('/').length < 3) {
    throw new FilmcrewError(
      'not-a-proposal',
      `\`${branch}\` is not a proposal branch: filmcrew only merges or deletes \`crew/<role>/<run>\` branches`,
      'Run `filmcrew review` to see the pending proposals.',
    );
  }
}

async function tipOf(repo: Repo, branch: string): Promise<string> {
  const r = await repo.git(['rev-parse', '-q', '--verify', `refs/heads/${branch}^{commit}`], { okCodes: [1] });
  if (r.code !== 0) {
    throw new FilmcrewError('proposal-missing', `there is no proposal branch \`${branch}\``, 'Run `filmcrew review` to see the pending proposals.');
  }
  return r.stdout.trim();
}

/** Writes blobs for in-memory files; clean filters (LFS) apply where attributes ask for them. */
async function proposalBlobs(repo: Repo, files: ProposalFile[]): Promise<string[]> {
  const gitPaths = files.map((f) => repo.toGit(f.path));
  const converted = await convertedPaths(repo, gitPaths);
  const plain = files.map((_, i) => i).filter((i) => !converted.has(gitPaths[i]!));
  const oids: string[] = new Array(files.length);
  const written = await writeBlobs(repo, plain.map((i) => files[i]!.content));
  plain.forEach((i, k) => (oids[i] = written[k]!));
  for (let i = 0; i < files.length; i++) if (oids[i] === undefined) oids[i] = await writeBlobAt(repo, gitPaths[i]!, files[i]!.content);
  return oids;
}

export interface ProposalWritten {
  branch: string;
  /** The branch's tip; undefined when there was nothing to propose and no branch was made. */
  commit: string | undefined;
  /** The files are already what the branch (or, for a new branch, HEAD) has: no commit was made. */
  unchanged: boolean;
}

/**
 * Commits `files` onto `crew/<role>/<run>` (on top of it if it exists, else on HEAD) without
 * touching the working tree or the index. Concurrent calls are safe: each builds its own
 * temporary index and moves the branch only if nobody moved it meanwhile, retrying if so.
 * Files that change nothing make no commit (a re-run of the same work).
 */
export async function writeProposalBranch(root: string, req: ProposalRequest): Promise<ProposalWritten> {
  const branch = proposalBranch(req.role, req.runId);
  const repo = await Repo.open(root);
  await repo.identity();
  const head = await repo.head();
  if (!head) throw new FilmcrewError('no-commits', 'the repository has no commit yet to base a proposal on', 'Commit the production first (`git add -A && git commit -m "Start"`).');
  if (!req.files.length) throw new FilmcrewError('usage', 'a proposal needs at least one file');
  for (const f of req.files) {
    const problem = lexicalProblem(f.path);
    if (problem) throw new FilmcrewError('path-escapes', `proposal file \`${f.path}\` ${problem}`, undefined, f.path);
    if (f.path === LOCKFILE || f.path.startsWith(STATE_DIR + '/')) {
      throw new FilmcrewError('not-an-artifact', `a proposal may not write ${f.path} (filmcrew's bookkeeping)`, undefined, f.path);
    }
  }
  const oids = await proposalBlobs(repo, req.files);
  const info = req.files.map((f, i) => `100644 ${oids[i]}\t${repo.toGit(f.path)}\0`).join('');
  const author = { GIT_AUTHOR_NAME: `${req.role} (filmcrew crew)`, GIT_AUTHOR_EMAIL: `${req.role}@crew.filmcrew.invalid` };
  const message = commitMessage(req.message.split('\n')[0]!, [req.message.split('\n').slice(1).join('\n')], [
    ['Filmcrew-Role', req.role],
    ['Filmcrew-Run', req.runId],
    ...(req.cost !== undefined ? [['Filmcrew-Cost', String(req.cost)] as [string, string]] : []),
    ...inputTrailers(req.inputs),
  ]);
  const ref = `refs/heads/${branch}`;
  for (let attempt = 0; ; attempt++) {
    const existing = await repo.git(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { okCodes: [1] });
    const parent = existing.code === 0 ? existing.stdout.trim() : undefined;
    const tempIndex = join(repo.gitDir, `filmcrew-index-${process.pid}-${randomBytes(6).toString('hex')}`);
    const env = { GIT_INDEX_FILE: tempIndex };
    try {
      await repo.git(['read-tree', parent ?? head], { env });
      await repo.git(['update-index', '-z', '--index-info'], { env, input: info });
      const tree = (await repo.git(['write-tree'], { env })).stdout.trim();
      if (tree === (await repo.git(['rev-parse', `${parent ?? head}^{tree}`])).stdout.trim()) return { branch, commit: parent, unchanged: true };
      const commit = (await repo.git(['commit-tree', tree, '-p', parent ?? head, '-F', '-'], { input: message, env: author })).stdout.trim();
      try {
        await repo.moveRef(ref, commit, parent, `filmcrew: proposal of ${req.role} in run ${req.runId}`);
        return { branch, commit, unchanged: false };
      } catch (e) {
        if (attempt >= 8 || !(e instanceof FilmcrewError) || e.code !== 'ref-moved') throw e;
      }
    } finally {
      await rm(tempIndex, { force: true });
      await rm(tempIndex + '.lock', { force: true });
    }
  }
}

async function describe(repo: Repo, branch: string, tip: string, at: string, subject: string): Promise<Proposal> {
  const [, role = '', ...run] = branch.split('/');
  const head = await repo.head();
  const base = head ? (await repo.git(['merge-base', head, tip], { okCodes: [1] })).stdout.trim() || tip : tip;
  const numstat = (await repo.git(['diff', '--numstat', '-z', '--no-renames', base, tip])).stdout.split('\0');
  const files: ProposalFileStat[] = [];
  for (const rec of numstat) {
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(rec);
    if (!m) continue;
    const path = repo.fromGit(m[3]!);
    if (path === undefined) continue;
    files.push({ path, added: m[1] === '-' ? null : Number(m[1]), deleted: m[2] === '-' ? null : Number(m[2]) });
  }
  const costs = (await repo.git(['log', '--format=%(trailers:key=Filmcrew-Cost,valueonly)', `${base}..${tip}`])).stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isFinite(n));
  const cost = costs.length ? Math.round(costs.reduce((a, b) => a + b, 0) * 1e6) / 1e6 : undefined;
  return {
    branch,
    role,
    runId: run.join('/'),
    commit: tip,
    base,
    at,
    subject,
    files,
    insertions: files.reduce((a, f) => a + (f.added ?? 0), 0),
    deletions: files.reduce((a, f) => a + (f.deleted ?? 0), 0),
    ...(cost !== undefined ? { cost } : {}),
  };
}

/** The proposal branches not yet merged into the current branch, newest first, with their diffstat. */
export async function listProposals(root: string): Promise<Proposal[]> {
  const repo = await Repo.open(root);
  const out = (await repo.git(['for-each-ref', '--sort=-committerdate', '--format=%(refname)%00%(objectname)%00%(committerdate:iso-strict)%00%(subject)', 'refs/heads/crew/'])).stdout;
  const head = await repo.head();
  const proposals: Proposal[] = [];
  for (const line of out.split('\n').filter(Boolean)) {
    const [refname, tip, at, subject] = line.split('\0') as [string, string, string, string];
    if (head) {
      const merged = await repo.git(['merge-base', '--is-ancestor', tip, head], { okCodes: [1] });
      if (merged.code === 0) continue;
    }
    proposals.push(await describe(repo, refname.slice('refs/heads/'.length), tip, at, subject));
  }
  return proposals;
}

/** One pending proposal, or a refusal: not a proposal name, or no such branch. */
export async function getProposal(root: string, branch: string): Promise<Proposal> {
  assertProposalName(branch);
  const repo = await Repo.open(root);
  const tip = await tipOf(repo, branch);
  const meta = (await repo.git(['log', '-1', '--format=%cI%x00%s', tip])).stdout.trim().split('\0');
  return describe(repo, branch, tip, meta[0]!, meta[1]!);
}

/** Files changed between two tree-ish, as `[status, path]` (top-level paths). */
async function changes(repo: Repo, from: string, to: string): Promise<[string, string][]> {
  const out = (await repo.git(['diff-tree', '-r', '-z', '--no-renames', '--name-status', from, to])).stdout.split('\0');
  const result: [string, string][] = [];
  for (let i = 0; i + 1 < out.length; i += 2) if (out[i]) result.push([out[i]!, out[i + 1]!]);
  return result;
}

/** Bytes of `<tree>:<path>` for each path, as the working tree would have them (smudge filters, eol). */
async function blobs(repo: Repo, tree: string, paths: string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (!paths.length) return out;
  const special = await convertedPaths(repo, paths);
  const plain = paths.filter((p) => !special.has(p));
  for (const p of special) {
    // `cat-file --batch --filters` cannot take a path in git 2.39: one call per such file.
    out.set(p, (await repo.git(['cat-file', '--filters', `${tree}:${p}`], { binary: true })).bytes!);
  }
  if (!plain.length) return out;
  const r = await repo.git(['cat-file', '--batch'], { input: plain.map((p) => `${tree}:${p}\n`).join(''), binary: true });
  const bytes = r.bytes!;
  let at = 0;
  for (const p of plain) {
    const nl = bytes.indexOf(10, at);
    const header = bytes.subarray(at, nl).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size)) throw new FilmcrewError('merge-failed', `cannot read ${p} from the merge result`);
    out.set(p, bytes.subarray(nl + 1, nl + 1 + size));
    at = nl + 1 + size + 1;
  }
  return out;
}

/** Paths (top-level) that differ from HEAD in the index or the working tree, or exist untracked. */
async function dirtyAmong(repo: Repo, paths: string[], added: Set<string>): Promise<string[]> {
  if (!paths.length) return [];
  const dirty = new Set<string>();
  const out = (await repo.git(['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...paths])).stdout.split('\0');
  for (let i = 0; i < out.length; i++) {
    const rec = out[i]!;
    if (rec.length < 4) continue;
    dirty.add(rec.slice(3));
    if (rec[0] === 'R' || rec[0] === 'C') i++; // the source path follows
  }
  for (const p of added) if (existsSync(join(repo.top, p))) dirty.add(p); // ignored files too
  return [...dirty].sort();
}

/**
 * Merges a proposal into the current branch without checking anything out and locks every file
 * it brought, in one merge commit; then deletes the merged branch. Refuses on a conflict or when
 * a file it would write has changes of the person's.
 */
export async function approveProposal(root: string, branch: string, opts: ApproveOptions = {}): Promise<{ commit: string; locked: string[] }> {
  assertProposalName(branch);
  const repo = await Repo.open(root);
  const { identity, ref, head } = await repo.readyToCommit();
  const tip = await tipOf(repo, branch);
  if (!head) throw new FilmcrewError('no-commits', 'the current branch has no commit to merge into');
  if (ref === `refs/heads/${branch}`) throw new FilmcrewError('proposal-checked-out', `${branch} is checked out`, 'Switch back to your branch first (`git switch main`).');
  if ((await repo.git(['merge-base', '--is-ancestor', tip, head], { okCodes: [1] })).code === 0) {
    throw new FilmcrewError('already-merged', `${branch} is already merged into ${ref.replace('refs/heads/', '')}`, 'Nothing to approve.');
  }
  const lock = await lockfileForUpdate(repo.root);
  const merge = await repo.git(['merge-tree', '--write-tree', '-z', '--name-only', head, tip], { okCodes: [1] });
  const fields = merge.stdout.split('\0');
  if (merge.code === 1) {
    const end = fields.indexOf('', 1);
    const conflicted = [...new Set(fields.slice(1, end < 0 ? undefined : end))].map((p) => repo.fromGit(p) ?? p);
    throw new FilmcrewError(
      'merge-conflict',
      `${branch} conflicts with your branch in ${conflicted.join(', ')}: nothing was merged`,
      `Reject it and run the role again on the current files (\`filmcrew reject ${branch} --note "…"\`), or merge it by hand (\`git merge ${branch}\`).`,
    );
  }
  const mergedTree = fields[0]!.trim();
  const base = (await repo.git(['merge-base', head, tip])).stdout.trim();
  const proposed = (await changes(repo, base, tip)).filter(([s]) => s !== 'D').map(([, p]) => p);
  const touched = await changes(repo, head, mergedTree);
  const added = new Set(touched.filter(([s]) => s === 'A').map(([, p]) => p));
  const dirty = await dirtyAmong(repo, [...new Set([...touched.map(([, p]) => p), ...proposed])], added);
  if (dirty.length) {
    throw new FilmcrewError(
      'dirty',
      `${branch} would overwrite your uncommitted changes in ${dirty.map((p) => repo.fromGit(p) ?? p).join(', ')}: nothing was merged`,
      'Commit them (`filmcrew approve <file>` or `git commit`), or discard them, then approve the proposal again.',
    );
  }
  const written = [...new Set([...touched.filter(([s]) => s !== 'D').map(([, p]) => p), ...proposed])];
  const bytes = await blobs(repo, mergedTree, written);
  const { ledger } = await readProvenanceLedger(repo.root);
  const approver = signature(identity);
  const inputs = { ...(await proposedInputs(repo, base, tip)), ...opts.inputs };
  const ctx: LockContext = { lock, ledger, approver, at: (opts.now ?? new Date()).toISOString(), inputs };
  const next: Lockfile = { version: 1, locks: { ...lock.locks } };
  const contents = new Map<string, string | Uint8Array>();
  const locked: string[] = [];
  for (const gitPath of proposed) {
    const path = repo.fromGit(gitPath);
    // Feedback a proposal carries (the checker's notes) is merged, never locked.
    if (path === undefined || isBookkeeping(path)) continue;
    const f = lockFile(path, bytes.get(gitPath)!, ctx);
    next.locks[path] = f.entry;
    if (f.content !== undefined) contents.set(gitPath, f.content);
    locked.push(path);
  }
  const writes: FileWrite[] = [];
  for (const gitPath of written) {
    const path = repo.fromGit(gitPath);
    if (path !== undefined) writes.push({ path, content: contents.get(gitPath) ?? bytes.get(gitPath)! });
  }
  for (const [s, p] of touched) if (s === 'D' && repo.fromGit(p) !== undefined) writes.push({ path: repo.fromGit(p)!, content: null });
  writes.push({ path: LOCKFILE, content: formatLockfile(next), durable: true });
  const subject = (await repo.git(['log', '-1', '--format=%s', tip])).stdout.trim();
  const message = commitMessage(`Approve proposal ${branch}: ${subject}`, [opts.note], [
    ['Filmcrew-Proposal', branch],
    ...locked.map((p): [string, string] => ['Filmcrew-Lock', p]),
    ['Approved-by', approver],
  ]);
  const committed = await commitExactly(repo, { ref, head, baseTree: mergedTree, extraParents: [tip], writes, message, reflog: `filmcrew: approve ${branch}` });
  // Merged: the branch has nothing left to review. Delete it only if it still points where we merged.
  await repo.git(['update-ref', '-d', `refs/heads/${branch}`, tip]).catch(() => undefined);
  return { commit: committed!.commit, locked };
}

/** Deletes a proposal branch (only `crew/…`) and commits the note to the role's feedback file. */
export async function rejectProposal(root: string, branch: string, note: string, now = new Date()): Promise<{ feedback: string; commit: string; noted?: string }> {
  assertProposalName(branch);
  if (!note.trim()) throw new FilmcrewError('usage', 'a rejection needs a note for the crew', 'Say what to change: `--note "…"`.');
  const repo = await Repo.open(root);
  const tip = await tipOf(repo, branch);
  const current = await repo.git(['symbolic-ref', '-q', 'HEAD'], { okCodes: [1] });
  if (current.stdout.trim() === `refs/heads/${branch}`) {
    throw new FilmcrewError('proposal-checked-out', `${branch} is checked out`, 'Switch back to your branch first (`git switch main`).');
  }
  const role = branch.split('/')[1]!;
  // The branch goes first (only if it is still where it was read), then the note is committed;
  // if the note cannot be committed, the branch is put back.
  try {
    await repo.git(['update-ref', '-m', `filmcrew: reject ${branch}`, '-d', `refs/heads/${branch}`, tip]);
  } catch (e) {
    if (e instanceof GitFailure) throw new FilmcrewError('ref-moved', `${branch} changed while it was being rejected: nothing was done`, 'Run `filmcrew review` and try again.');
    throw e;
  }
  try {
    const r = await commitFeedback(repo.root, role, `rejected ${branch} (${tip.slice(0, 7)})`, note, {
      now,
      subject: `Feedback for ${role}: ${branch} rejected`,
      trailers: [['Filmcrew-Proposal', branch], ['Filmcrew-Rejected', tip]],
    });
    return { feedback: r.path, commit: tip, noted: r.commit };
  } catch (e) {
    await repo.git(['update-ref', '-m', `filmcrew: reject ${branch} undone`, `refs/heads/${branch}`, tip, '']).catch(() => undefined);
    throw e;
  }
}
