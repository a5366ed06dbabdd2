/**
 * A question a crew role raises instead of guessing, and the decision a person records in
 * answer. Questions live in `questions/<id>.md`, decisions in `decisions/<id>.md` (same id): one
 * file each, so an answer is an input of exactly the task that asked (its hash in the task key).
 */

/** What a question is about: a shot, an asset (by kind), a scene, or the whole film. */
export type QuestionAbout = 'shot' | 'character' | 'costume' | 'location' | 'prop' | 'scene' | 'production';

/** A question as a role drafts it; the engine gives it its id and writes the file. */
export interface QuestionDraft {
  /** A short word for what is unclear (`look`, `time-of-day`, `same-person`): part of the id. */
  topic: string;
  about: QuestionAbout;
  /** The question itself, one sentence a person can answer. */
  question: string;
  /** Answers to choose from, when there are few sensible ones. */
  options?: string[];
  /** Why the role asks: where the script is ambiguous (file, line, what it says). */
  context?: string;
}

/** `questions/<id>.md` frontmatter. */
export interface QuestionData {
  kind: 'question';
  id: string;
  /** The asking role. */
  role: string;
  /** The task that asked and waits: `<role>:<subject>`. */
  task: string;
  /** Shot id, asset id, scene id, or `production`. */
  subject: string;
  about: QuestionAbout;
  question: string;
  options?: string[];
  status: 'open' | 'answered';
  answer?: string;
  asked_at?: string;
  [key: string]: unknown;
}

/** `decisions/<id>.md` frontmatter: a person's answer, an input of the asking task. */
export interface DecisionData {
  kind: 'decision';
  /** The question's id. */
  question: string;
  role: string;
  task: string;
  subject: string;
  answer: string;
  decided_by?: string;
  decided_at?: string;
  [key: string]: unknown;
}

/** A question read from disk, with its path and body. */
export interface QuestionFile {
  path: string;
  data: QuestionData;
  body: string;
}

/** A decision as the asking role sees it in its scoped context. */
export interface DecisionNote {
  question: string;
  topic: string;
  answer: string;
}

/**
 * Thrown by a role's `run` when it cannot go on without a person's answer. The engine writes
 * each question to `questions/`, skips only this task (and what waits for it), and the run ends
 * with exit 4 listing the questions.
 */
export class QuestionRaised extends Error {
  constructor(readonly questions: QuestionDraft[]) {
    super(questions.map((q) => q.question).join(' '));
    this.name = 'QuestionRaised';
  }
}
