/**
 * `filmcrew answer [<id> "<answer>"]`: records a person's answer to a crew question in
 * `decisions/<id>.md`; with no arguments, lists the open questions.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command, CommandArgs, CliIO } from '../command';
import { productionRoot } from './approve';

/**
 * The production and the words of the command. Like `run` and `status`, `answer` takes the
 * production folder last (`filmcrew answer <id> "<answer>" my-film`): a last word that is a
 * folder holding production.md is never part of an answer.
 */
function split(args: CommandArgs, io: CliIO): { root: string; words: string[] } {
  const words = [...args.positionals];
  const last = words.at(-1);
  if (last !== undefined && args.values.dir === undefined && existsSync(join(resolve(io.cwd, last), 'production.md'))) {
    words.pop();
    return { root: resolve(io.cwd, last), words };
  }
  return { root: productionRoot(args, io), words };
}

export const answer: Command = {
  name: 'answer',
  summary: "Answer a crew role's question (the answer goes to decisions/), or list the open ones",
  usage: 'filmcrew answer [<question-id> "<answer>"] [dir | --dir <production>]',
  options: { dir: { type: 'string' } },
  async run(args, io) {
    const { root, words: [id, ...words] } = split(args, io);
    const { answerQuestion, openQuestions } = await import('../../core/questions/store');
    if (!id) {
      const open = await openQuestions(root);
      if (open.length === 0) io.out('No question is open.');
      for (const q of open) {
        io.out(`${q.data.id}  (${q.data.role}, about ${q.data.subject})`);
        io.out(`  ${q.data.question}`);
        q.data.options?.forEach((o, i) => io.out(`    ${i + 1}. ${o}`));
      }
      return 0;
    }
    const text = words.join(' ');
    if (!text.trim()) {
      io.err(`filmcrew answer: give the answer after the id, e.g. \`filmcrew answer ${id} "50s, harbour hand"\` (a number picks an option).`);
      return 2;
    }
    const r = await answerQuestion(root, id, text, io.env.USER || 'person');
    io.out(`Answered ${r.question.id}: ${r.answer}`);
    io.out(`  Recorded in ${r.decision}; the ${r.question.role}'s task ${r.question.task} uses it on the next run.`);
    return 0;
  },
};
