/**
 * The open questions as `status` and `validate` show them: how many, and each one's id, asking
 * role, subject and question, with how to answer. An open question holds work back, so
 * `validate` exits 4 for it (as `run` does) when nothing is broken.
 */
import { openQuestions } from './store';

export interface OpenQuestionSummary {
  id: string;
  role: string;
  subject: string;
  question: string;
  options?: string[];
  path: string;
}

export interface OpenQuestionsReport {
  questions: OpenQuestionSummary[];
  /** Lines for a terminal: a heading, one line per question, how to answer; empty when none is open. */
  lines: string[];
}

/** The production's open questions, oldest first. */
export async function openQuestionsReport(root: string): Promise<OpenQuestionsReport> {
  const questions = (await openQuestions(root)).map((q) => ({
    id: q.data.id,
    role: q.data.role,
    subject: q.data.subject,
    question: q.data.question,
    ...(q.data.options?.length ? { options: q.data.options } : {}),
    path: q.path,
  }));
  if (!questions.length) return { questions, lines: [] };
  const lines = [
    `Open questions: ${questions.length} (the work that asked waits for a person's answer)`,
    ...questions.map((q) => `  ${q.id} (${q.role}, about ${q.subject}): ${q.question}${q.options ? ` [${q.options.map((o, i) => `${i + 1}. ${o}`).join(' | ')}]` : ''}`),
    '  Answer with `filmcrew answer <id> "<answer>"` (or `filmcrew ask`), then run again.',
  ];
  return { questions, lines };
}
