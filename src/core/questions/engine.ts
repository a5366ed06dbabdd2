/**
 * The engine's side of questions: a task's decisions as inputs (so an answer makes exactly the
 * task that asked stale), the decisions in its scoped context, and a raised question turned
 * into files and a skip reason. Called from the orchestrator with one-line hooks.
 */
import type { TaskSpec } from '../crew/role';
import type { FileIndex } from '../orchestrator/inputs';
import { decisionPrefix, DECISIONS_DIR } from './paths';
import { decisionsOfTask, raiseQuestions } from './store';
import type { DecisionNote, QuestionFile, QuestionRaised } from './types';

/** All decisions are one glob (expanded once per index and cached); each task then filters by its prefix. */
const ALL_DECISIONS = `${DECISIONS_DIR}/*.md`;

function decisionsOf(spec: Pick<TaskSpec, 'role' | 'subject'>, index: FileIndex): string[] {
  const prefix = decisionPrefix(spec.role, spec.subject);
  return index.expand([ALL_DECISIONS]).filter((p) => p.startsWith(prefix));
}

/** Path → input hash of each decision answering this task's questions. */
export function decisionInputs(spec: Pick<TaskSpec, 'role' | 'subject'>, index: FileIndex): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of decisionsOf(spec, index)) out[p] = index.hash(p);
  return out;
}

/** The answers a task's role sees, or undefined when none was asked. */
export async function decisionsInContext(root: string, spec: TaskSpec, index: FileIndex): Promise<DecisionNote[] | undefined> {
  if (decisionsOf(spec, index).length === 0) return undefined;
  return decisionsOfTask(root, spec.role, spec.subject);
}

/** Writes a raised question's files; the reason the task waits, and the questions. */
export async function waitForAnswers(root: string, spec: TaskSpec, raised: QuestionRaised): Promise<{ reason: string; questions: QuestionFile[] }> {
  const questions = await raiseQuestions(root, spec, raised.questions);
  const reason = `waits for an answer: ${questions.map((q) => `${q.path} (${q.data.question})`).join('; ')}`;
  return { reason, questions };
}

/** The run's stop message: every question that holds work back, and how to answer it. */
export function questionsMessage(questions: readonly QuestionFile[]): string {
  const unique = [...new Map(questions.map((q) => [q.data.id, q])).values()];
  const lines = unique.map((q) => {
    const options = q.data.options?.length ? ` [${q.data.options.map((o, i) => `${i + 1}. ${o}`).join(' | ')}]` : '';
    return `\n  ${q.data.id} (${q.data.role}, about ${q.data.subject}): ${q.data.question}${options}`;
  });
  return `${unique.length === 1 ? 'a question needs' : `${unique.length} questions need`} a person's answer; only the work that asked waits:${lines.join('')}\n  Answer with \`filmcrew answer <id> "<answer>"\` (or \`filmcrew ask\`), then run again.`;
}
