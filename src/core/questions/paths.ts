/** Where questions and decisions live, and how an id names its task: `<role>.<subject>.<topic>`. */
import { slug } from '../model/paths';

export const QUESTIONS_DIR = 'questions';
export const DECISIONS_DIR = 'decisions';

export const questionFile = (id: string) => `${QUESTIONS_DIR}/${id}.md`;
export const decisionFile = (id: string) => `${DECISIONS_DIR}/${id}.md`;

/** A task id without its alternative suffix (`dop:s01~alt2` asks as `dop:s01`). */
export function baseTask(taskId: string): string {
  const i = taskId.indexOf('~');
  return i < 0 ? taskId : taskId.slice(0, i);
}

/** The id of a question a task asks: stable across runs, so asking again finds the same file. */
export function questionId(role: string, subject: string, topic: string): string {
  return [slug(role), slug(subject), slug(topic)].join('.');
}

/** The prefix every decision of one task's questions starts with. */
export function decisionPrefix(role: string, subject: string): string {
  return `${DECISIONS_DIR}/${slug(role)}.${slug(subject)}.`;
}

/** A question id as typed by a person: `casting.jonah.look`, `questions/casting.jonah.look.md`. */
export function normalizeQuestionId(typed: string): string {
  return typed
    .trim()
    .replace(/^\.?\/?(questions|decisions)\//, '')
    .replace(/\.md$/, '');
}
