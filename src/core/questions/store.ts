/**
 * Questions and decisions on disk. A raised question is written once (a person may edit it; a
 * run that asks again finds it); answering writes `decisions/<id>.md` and marks the question
 * answered. Nothing here commits: a decision is a file like any other, locked when a person locks it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseDocument, stringify } from 'yaml';
import decisionSchema from '../../../schemas/decision.schema.json';
import questionSchema from '../../../schemas/question.schema.json';
import { parseFrontmatter } from '../artifact/frontmatter';
import { resolveInside } from '../artifact/paths';
import { writeFileAtomic } from '../artifact/writer';
import { diagnostic, FilmcrewError, type Diagnostic } from '../diagnostics';
import { baseTask, decisionFile, decisionPrefix, DECISIONS_DIR, normalizeQuestionId, questionFile, questionId, QUESTIONS_DIR } from './paths';
import type { DecisionData, DecisionNote, QuestionData, QuestionDraft, QuestionFile } from './types';
import { YAML_LIMITS } from '../artifact/yaml-limits';

let validators: { question: ValidateFunction; decision: ValidateFunction } | undefined;

function compiled(): { question: ValidateFunction; decision: ValidateFunction } {
  if (validators) return validators;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv = (require('ajv') as { default: typeof AjvModule }).default;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  validators = { question: ajv.compile(questionSchema), decision: ajv.compile(decisionSchema) };
  return validators;
}

function mdFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => `${dir}/${e.name}`)
    .sort();
}

async function readMarkdown(root: string, path: string): Promise<{ data: Record<string, unknown>; body: string; diagnostics: Diagnostic[] }> {
  const text = await readFile(resolveInside(root, path), 'utf8');
  const parsed = parseFrontmatter(text, path);
  return { data: parsed.data, body: parsed.body, diagnostics: parsed.diagnostics };
}

function schemaProblems(path: string, kind: 'question' | 'decision', data: Record<string, unknown>): Diagnostic[] {
  const validate = compiled()[kind];
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) =>
    diagnostic(path, 1, 1, 'error', 'schema', `${e.instancePath.slice(1) || kind}: ${e.message ?? 'is not valid'} (see schemas/${kind}.schema.json)`),
  );
}

/** Every question of the production, valid ones first-class, broken ones as diagnostics. */
export async function readQuestions(root: string): Promise<{ questions: QuestionFile[]; diagnostics: Diagnostic[] }> {
  const questions: QuestionFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of mdFiles(root, QUESTIONS_DIR)) {
    const read = await readMarkdown(root, path);
    const problems = [...read.diagnostics.filter((d) => d.severity === 'error'), ...schemaProblems(path, 'question', read.data)];
    if (problems.length) diagnostics.push(...problems);
    else questions.push({ path, data: read.data as QuestionData, body: read.body });
  }
  return { questions, diagnostics };
}

/** The open questions, oldest first. */
export async function openQuestions(root: string): Promise<QuestionFile[]> {
  return (await readQuestions(root)).questions.filter((q) => q.data.status === 'open');
}

/** Every decision recorded, by question id. */
export async function readDecisions(root: string): Promise<Map<string, DecisionData>> {
  const out = new Map<string, DecisionData>();
  for (const path of mdFiles(root, DECISIONS_DIR)) {
    const read = await readMarkdown(root, path);
    if (read.diagnostics.some((d) => d.severity === 'error') || schemaProblems(path, 'decision', read.data).length) continue;
    const data = read.data as DecisionData;
    out.set(data.question, data);
  }
  return out;
}

/** The decisions that answer one task's questions, as its role sees them. */
export async function decisionsOfTask(root: string, role: string, subject: string): Promise<DecisionNote[]> {
  const prefix = decisionPrefix(role, subject);
  const notes: DecisionNote[] = [];
  for (const path of mdFiles(root, DECISIONS_DIR).filter((p) => p.startsWith(prefix))) {
    const read = await readMarkdown(root, path);
    const data = read.data as Partial<DecisionData>;
    if (typeof data.answer !== 'string' || typeof data.question !== 'string') continue;
    notes.push({ question: data.question, topic: data.question.split('.').pop() ?? '', answer: data.answer });
  }
  return notes;
}

/**
 * Writes the questions a task raised. A question already on disk is left as a person may have
 * edited it; returns every question the task waits for.
 */
export async function raiseQuestions(root: string, task: { id: string; role: string; subject: string }, drafts: QuestionDraft[], now = new Date()): Promise<QuestionFile[]> {
  const out: QuestionFile[] = [];
  for (const draft of drafts) {
    const id = questionId(task.role, task.subject, draft.topic);
    const path = questionFile(id);
    const abs = resolveInside(root, path);
    if (existsSync(abs)) {
      const read = await readMarkdown(root, path);
      out.push({ path, data: read.data as QuestionData, body: read.body });
      continue;
    }
    const data: QuestionData = {
      kind: 'question',
      id,
      role: task.role,
      task: baseTask(task.id),
      subject: task.subject,
      about: draft.about,
      question: draft.question,
      ...(draft.options?.length ? { options: draft.options } : {}),
      status: 'open',
      asked_at: now.toISOString(),
    };
    const body = [
      `# ${draft.question}`,
      '',
      ...(draft.context ? [draft.context, ''] : []),
      ...(draft.options?.length ? ['Options:', '', ...draft.options.map((o, i) => `${i + 1}. ${o}`), ''] : []),
      `Answer with \`filmcrew answer ${id} "<your answer>"\`; the ${task.role} then works from it.`,
      '',
    ].join('\n');
    await writeFileAtomic(abs, `---\n${stringify(data, { lineWidth: 0 })}---\n\n${body}`);
    out.push({ path, data, body });
  }
  return out;
}

/** An answer as typed: `2` picks the second option; anything else is the answer in words. */
function answerText(question: QuestionData, typed: string): string {
  const n = /^\d+$/.test(typed.trim()) ? Number(typed.trim()) : NaN;
  const pick = question.options?.[n - 1];
  return pick ?? typed.trim();
}

/**
 * Records a person's answer: `decisions/<id>.md` (an input of the asking task) and the question
 * marked answered. Answering again replaces the decision, which makes that task stale again.
 */
export async function answerQuestion(root: string, typedId: string, typedAnswer: string, by = 'person', now = new Date()): Promise<{ question: QuestionData; decision: string; answer: string }> {
  const id = normalizeQuestionId(typedId);
  if (!typedAnswer.trim()) throw new FilmcrewError('usage', 'an answer needs some words', `Say it: \`filmcrew answer ${id} "…"\`.`);
  const { questions } = await readQuestions(root);
  const q = questions.find((x) => x.data.id === id);
  if (!q) {
    const open = questions.filter((x) => x.data.status === 'open').map((x) => x.data.id);
    throw new FilmcrewError('unknown-question', `there is no question ${id}`, open.length ? `Open questions: ${open.join(', ')}.` : 'No question is open.', questionFile(id));
  }
  const answer = answerText(q.data, typedAnswer);
  const decision: DecisionData = {
    kind: 'decision',
    question: id,
    role: q.data.role,
    task: q.data.task,
    subject: q.data.subject,
    answer,
    decided_by: by,
    decided_at: now.toISOString(),
  };
  const path = decisionFile(id);
  await writeFileAtomic(resolveInside(root, path), `---\n${stringify(decision, { lineWidth: 0 })}---\n\n# ${q.data.question}\n\n${answer}\n`);
  await markAnswered(root, q.path, answer);
  return { question: { ...q.data, status: 'answered', answer }, decision: path, answer };
}

/** Sets `status: answered` and `answer:` in the question's frontmatter, keeping the rest as written. */
async function markAnswered(root: string, path: string, answer: string): Promise<void> {
  const abs = resolveInside(root, path);
  const text = await readFile(abs, 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---(\r?\n[\s\S]*)?$/.exec(text);
  if (!m) throw new FilmcrewError('frontmatter-missing', `${path} has no frontmatter`, 'Restore its `---` block or delete it and run again.', path);
  const doc = parseDocument(m[1]!, YAML_LIMITS);
  doc.set('status', 'answered');
  doc.set('answer', answer);
  await writeFileAtomic(abs, `---\n${doc.toString({ lineWidth: 0 })}---${m[2] ?? '\n'}`);
}
