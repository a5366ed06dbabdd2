/**
 * Questions from real models. Every role's answer schema forbids unknown keys, so a model could
 * not ask; the engine widens each structured text request with one shared envelope: the answer
 * is either the role's own or `{"questions": [...]}` (schemas/answers/questions.schema.json). A
 * model that asks raises `QuestionRaised` exactly as the offline crew does, so the task waits and
 * the run ends with exit 4; the answers reach the model in its prompt on the next run.
 */
import questionsSchema from '../../../schemas/answers/questions.schema.json';
import type { CallModel, DraftRequest } from '../crew/role';
import { QuestionRaised, type DecisionNote, type QuestionAbout, type QuestionDraft } from './types';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// One widened schema per role schema: the same object each time keeps request hashes and validators stable.
const widened = new WeakMap<object, object>();

/** A role's answer schema that also accepts `{"questions": [...]}` in place of the answer. */
export function withQuestions(schema: object): object {
  const cached = widened.get(schema);
  if (cached) return cached;
  const s = schema as Json;
  let out: object = schema;
  // Only an object answer can carry the envelope; its own required keys become one of two choices.
  if (s.type === 'object' && isRecord(s.properties) && !('questions' in s.properties)) {
    const { required, ...rest } = s;
    out = {
      ...rest,
      properties: { ...s.properties, questions: questionsSchema },
      anyOf: [{ required: Array.isArray(required) ? required : [] }, { required: ['questions'] }],
    };
  }
  widened.set(schema, out);
  return out;
}

/** The questions a model's answer asks, or undefined when it answered. */
export function questionsIn(content: unknown): QuestionDraft[] | undefined {
  if (!isRecord(content) || !Array.isArray(content.questions) || content.questions.length === 0) return undefined;
  return content.questions.filter(isRecord).map((q) => ({
    topic: String(q.topic),
    about: String(q.about) as QuestionAbout,
    question: String(q.question),
    ...(Array.isArray(q.options) ? { options: q.options.map(String) } : {}),
    ...(typeof q.context === 'string' ? { context: q.context } : {}),
  }));
}

/** The engine's call, letting every structured answer be questions instead (raised as `QuestionRaised`). */
export function askingCall(call: CallModel): CallModel {
  return (async (draft: DraftRequest) => {
    const widenedDraft = draft.modality === 'text' && draft.schema ? { ...draft, schema: withQuestions(draft.schema) } : draft;
    const result = await call(widenedDraft);
    const asked = result.modality === 'text' ? questionsIn(result.content) : undefined;
    if (asked) throw new QuestionRaised(asked);
    return result;
  }) as CallModel;
}

/** The person's answers to a task's questions, for its prompt. */
export function decisionsSection(decisions: readonly DecisionNote[]): string {
  return `A person answered your questions (work from these; do not ask them again):\n${decisions.map((d) => `- ${d.topic} (${d.question}): ${d.answer}`).join('\n')}`;
}
