/**
 * Asking at the terminal: the CLI's ApprovalPrompt. One question at a time (parallel tasks
 * queue behind each other), the live display hidden while a person reads. Without a terminal
 * and without `--yes` nobody can answer: the run stops cleanly and says how to go on.
 */
import { createInterface } from 'node:readline/promises';
import type { Answer, ApprovalPrompt, Question } from '../core/host';
import { NobodyToAsk } from '../core/orchestrator/index';
import { gate as gateOf } from '../core/pipeline/stages';
import type { RunDisplay } from './progress';
import { amount } from '../core/money';

const PROMPT_SHOWN = 600;

/** The question in a person's words, a few lines. */
export function describeQuestion(q: Question): string[] {
  if (q.kind === 'gate') {
    const g = gateOf(q.gate);
    const shown = q.artifacts.slice(0, 12).map((a) => `    ${a}`);
    const more = q.artifacts.length > 12 ? [`    … and ${q.artifacts.length - 12} more`] : [];
    const n = `${q.artifacts.length} artifact${q.artifacts.length === 1 ? '' : 's'}`;
    const head = q.relock ? `Gate: ${g.title} (passed before) — the run redid ${n} of its stale work; approving locks them again in git:` : `Gate: ${g.title} — passing it locks ${n} in git:`;
    return [head, ...shown, ...more];
  }
  const cost = q.estimatedCost === undefined ? 'unknown price' : `estimated ${amount(q.estimatedCost)}`;
  const budget = q.cap !== undefined ? ` (spent ${amount(q.spent)} of ${amount(q.cap)})` : ` (spent ${amount(q.spent)})`;
  const prompt = q.prompt.length > PROMPT_SHOWN ? `${q.prompt.slice(0, PROMPT_SHOWN)}…` : q.prompt;
  return [
    `Paid call for ${q.taskId} (${q.role}): ${q.modality} with ${q.model}, ${cost}${budget}`,
    ...(q.references.length ? [`  references: ${q.references.join(', ')}`] : []),
    ...prompt.split('\n').map((l) => `  │ ${l}`),
  ];
}

/** Asks at the terminal, one question at a time. */
export function terminalPrompt(display: RunDisplay): ApprovalPrompt {
  let queue: Promise<unknown> = Promise.resolve();
  const askOne = async (q: Question, signal?: AbortSignal): Promise<Answer> => {
    display.suspend();
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      process.stderr.write('\n' + describeQuestion(q).join('\n') + '\n');
      const verb = q.kind === 'gate' ? 'Pass the gate' : 'Send it';
      const reply = (await rl.question(`${verb}? [y/N] `, signal ? { signal } : {})).trim().toLowerCase();
      return { answer: reply === 'y' || reply === 'yes' ? 'approve' : 'deny' };
    } finally {
      rl.close();
      display.resume();
    }
  };
  return {
    ask(q, signal) {
      const next = queue.then(() => askOne(q, signal));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

/** No terminal, no `--yes`: the first question stops the run with what to do. */
export const nobodyAtTheTerminal: ApprovalPrompt = {
  async ask(q) {
    const what = q.kind === 'gate' ? `the ${gateOf(q.gate).title} gate` : `a paid call to ${q.model} for ${q.taskId}`;
    throw new NobodyToAsk(`${what} needs a person's approval and there is no terminal to ask at: rerun with --yes to approve everything, or run it in VS Code`);
  },
};
