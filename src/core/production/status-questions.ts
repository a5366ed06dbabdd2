/**
 * The open questions as `status` last read them, kept in `.filmcrew/questions.json` with the
 * size and mtime of every `questions/*.md` file and the folder's mtime, so a warm status (the
 * status entry point) lists them without loading YAML and the question schema. Answered questions
 * stay in questions/, so without this a production that ever asked could never be answered warm.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../artifact/atomic';
import { STATE_DIR } from '../model/paths';
import { QUESTIONS_DIR } from '../questions/paths';
import type { OpenQuestionsReport } from '../questions/report';
import { racilyClean } from './racy';
import { UNTRUSTED } from './status-snapshot';

export const QUESTIONS_SNAPSHOT = `${STATE_DIR}/questions.json`;
const FORMAT = 'filmcrew-questions/1';

/** The questions folder's mtime (-1 when absent) and each file's size and mtime, taken before reading them. */
export interface QuestionsStamp {
  folder: number;
  files: { name: string[]; size: number[]; mtimeMs: number[] };
}

interface Snapshot {
  format: string;
  stamp: QuestionsStamp;
  open: OpenQuestionsReport;
}

/** The stamp of the questions folder now; `readAt` marks what changed as it was read UNTRUSTED. */
export function stampQuestions(root: string, readAt?: number): QuestionsStamp {
  const dir = join(resolve(root), QUESTIONS_DIR);
  const judged = (m: number) => (readAt !== undefined && racilyClean(m, readAt) ? UNTRUSTED : m);
  const folder = statSync(dir, { throwIfNoEntry: false });
  const stamp: QuestionsStamp = { folder: folder ? judged(folder.mtimeMs) : -1, files: { name: [], size: [], mtimeMs: [] } };
  if (!folder) return stamp;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md')) continue;
    const st = statSync(join(dir, name), { throwIfNoEntry: false });
    stamp.files.name.push(name);
    stamp.files.size.push(st ? st.size : -1);
    stamp.files.mtimeMs.push(st ? judged(st.mtimeMs) : UNTRUSTED);
  }
  return stamp;
}

function same(a: QuestionsStamp, b: QuestionsStamp): boolean {
  const n = a.files.name.length;
  if (a.folder !== b.folder || n !== b.files.name.length) return false;
  for (let i = 0; i < n; i++) {
    if (a.files.name[i] !== b.files.name[i] || a.files.size[i] !== b.files.size[i] || a.files.mtimeMs[i] !== b.files.mtimeMs[i]) return false;
  }
  return true;
}

/** The open questions from the snapshot when no question file changed, else undefined. None without a questions folder. */
export function savedOpenQuestions(root: string): OpenQuestionsReport | undefined {
  const abs = resolve(root);
  const now = stampQuestions(abs);
  if (now.folder === -1) return { questions: [], lines: [] };
  let snap: Snapshot;
  try {
    snap = JSON.parse(readFileSync(join(abs, QUESTIONS_SNAPSHOT), 'utf8')) as Snapshot;
  } catch {
    return undefined;
  }
  if (snap.format !== FORMAT || !snap.stamp?.files || !snap.open) return undefined;
  return same(snap.stamp, now) ? snap.open : undefined;
}

/** Saves the open questions read after `stamp` was taken (with `readAt`, when reading began). */
export async function saveOpenQuestions(root: string, stamp: QuestionsStamp, open: OpenQuestionsReport): Promise<void> {
  const snap: Snapshot = { format: FORMAT, stamp, open };
  try {
    await writeFileAtomic(join(resolve(root), QUESTIONS_SNAPSHOT), JSON.stringify(snap));
  } catch {
    /* a cache that cannot be written is not a problem */
  }
}
