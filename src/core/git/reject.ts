/**
 * A rejection carries a note back to the role that made the work: appended, dated, to
 * `agents/<role>/feedback.md`, which only that role ever sees. Rejecting a file also marks it
 * `status: rejected` so the orchestrator plans it again.
 */
import { readFile, rm } from 'node:fs/promises';
import { fileHash } from '../artifact/hash';
import { resolveInside } from '../artifact/paths';
import { updateArtifact, writeFileAtomic } from '../artifact/writer';
import { FilmcrewError } from '../diagnostics';
import { feedbackFile } from '../model/paths';
import { commitExactly } from './commit';
import { commitMessage, frontmatterOf } from './locking';
import { readLockfile } from './lockfile';
import { Repo, signature } from './repo';
import { ownerOf, readProvenanceLedger } from './provenance';
import { normalizePath } from './targets';

export interface FeedbackUndo {
  path: string;
  /** The file's bytes before the note (undefined: it did not exist). */
  before: Buffer | undefined;
}

async function readIfExists(abs: string): Promise<Buffer | undefined> {
  try {
    return await readFile(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Appends a dated note under `heading` to the role's feedback file; returns how to take it back. */
export async function appendFeedback(root: string, role: string, heading: string, note: string, now = new Date()): Promise<FeedbackUndo> {
  const path = feedbackFile(role);
  const abs = resolveInside(root, path);
  const before = await readIfExists(abs);
  await writeFileAtomic(abs, feedbackText(role, before, heading, note, now));
  return { path, before };
}

/** The feedback file's text with a dated note under `heading` added at the end. */
function feedbackText(role: string, before: Buffer | undefined, heading: string, note: string, now = new Date()): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(role)) {
    throw new FilmcrewError('bad-role', `\`${role}\` is not a crew role name`, 'Role names are lower-case words joined by dashes, e.g. `casting`.');
  }
  const start = before?.toString('utf8') ?? `# Feedback for ${role}\n\nNotes from review, addressed to this role only. The newest is last.\n`;
  const date = now.toISOString().slice(0, 10);
  const entry = `\n## ${date} · ${heading}\n\n${note.trim()}\n`;
  return (start.endsWith('\n') ? start : start + '\n') + entry;
}

/**
 * Appends the note to the role's feedback and commits that file alone (a person's other work
 * stays as it is), so the note reaches history and every teammate. Outside a git repository,
 * or before the first commit, the note is written and left for the person to commit.
 */
export async function commitFeedback(
  root: string,
  role: string,
  heading: string,
  note: string,
  opts: { now?: Date; subject: string; trailers?: [string, string][] },
): Promise<{ path: string; commit?: string }> {
  let repo: Repo | undefined;
  try {
    repo = await Repo.open(root);
  } catch (e) {
    if (!(e instanceof FilmcrewError) || e.code !== 'not-a-git-repo') throw e;
  }
  const head = repo ? await repo.head() : undefined;
  if (!repo || !head) return { path: (await appendFeedback(root, role, heading, note, opts.now)).path };
  const { identity, ref } = await repo.readyToCommit();
  const path = feedbackFile(role);
  const before = await readIfExists(resolveInside(repo.root, path));
  const content = feedbackText(role, before, heading, note, opts.now);
  const message = commitMessage(opts.subject, [], [['Filmcrew-Feedback', role], ...(opts.trailers ?? []), ['Noted-by', signature(identity)]]);
  const committed = await commitExactly(repo, {
    ref,
    head,
    writes: [{ path, content, expected: before ? fileHash(before) : null }],
    message,
    reflog: `filmcrew: feedback for ${role}`,
  });
  return { path, commit: committed?.commit };
}

/** Puts a feedback file back as it was before `appendFeedback`. */
export async function undoFeedback(root: string, undo: FeedbackUndo): Promise<void> {
  const abs = resolveInside(root, undo.path);
  if (undo.before === undefined) await rm(abs, { force: true });
  else await writeFileAtomic(abs, undo.before);
}

/**
 * Rejects one file: markdown artifacts get `status: rejected`; the note goes to the feedback of
 * the role that made it (its provenance). Locked files must be unlocked first.
 */
export async function rejectArtifact(root: string, target: string, note: string, now = new Date()): Promise<{ path: string; role: string; feedback: string }> {
  if (!note.trim()) throw new FilmcrewError('usage', 'a rejection needs a note for the crew', 'Say what to change: `--note "Mara is older, weathered"`.');
  const path = normalizePath(target);
  const abs = resolveInside(root, path);
  const bytes = await readIfExists(abs);
  if (!bytes) throw new FilmcrewError('not-found', `${path} does not exist`, 'Give a path relative to the production folder.', path);
  const { lock } = await readLockfile(root);
  if (lock.locks[path]) {
    throw new FilmcrewError('locked', `${path} is locked`, `Unlock it first: \`filmcrew unlock ${path} --reason "…"\`.`, path);
  }
  const text = bytes.toString('utf8');
  const data = path.endsWith('.md') ? frontmatterOf(path, text) : undefined;
  const { ledger } = await readProvenanceLedger(root);
  const role = ownerOf(path, data, ledger);
  if (!role) {
    throw new FilmcrewError(
      'no-owner',
      `${path} does not say which crew role made it (no provenance), so there is no one to send the note to`,
      'Edit it yourself, or reject the proposal branch it came from (`filmcrew reject crew/<role>/<run> --note …`).',
      path,
    );
  }
  // The artifact's status first (checked against what was read), then the note, committed.
  if (data) await updateArtifact(root, path, { status: 'rejected' }, { expectedFileHash: fileHash(bytes) });
  try {
    const r = await commitFeedback(root, role, `rejected ${path}`, note, { now, subject: `Feedback for ${role}: ${path} rejected`, trailers: [['Filmcrew-Rejected', path]] });
    return { path, role, feedback: r.path };
  } catch (e) {
    if (data) await writeFileAtomic(abs, bytes);
    throw e;
  }
}
