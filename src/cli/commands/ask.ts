/**
 * `filmcrew ask "<message>"`: talk to the producer. It answers from the whole-film context with
 * the configured text model, or from rules when there is none (and says so). Anything it would
 * change is shown and asked at the terminal; `--yes` confirms for you; without a terminal and
 * without `--yes` nothing is changed and the reply says how to confirm. A paid answer is booked
 * like a crew call (approval, cap, ledger, journal) and its cost printed.
 */
import { createInterface } from 'node:readline/promises';
import type { Logger } from '../../core/host';
import type { CliIO, Command } from '../command';
import { productionRoot } from './approve';
import { money } from '../../core/money';

async function askAtTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const reply = (await rl.question(`${question} [y/N] `)).trim().toLowerCase();
    return reply === 'y' || reply === 'yes';
  } finally {
    rl.close();
  }
}


export const ask: Command = {
  name: 'ask',
  summary: 'Ask the producer: status, open questions, notes on the cut; it routes notes and acts after you confirm',
  usage: 'filmcrew ask "<message>" [--model <name>] [--yes] [--provider <name>] [--dir <production>]',
  options: { dir: { type: 'string' }, model: { type: 'string' }, yes: { type: 'boolean', short: 'y' }, provider: { type: 'string' } },
  async run(args, io: CliIO) {
    const message = args.positionals.join(' ').trim();
    if (!message) {
      io.err('filmcrew ask: say something, e.g. `filmcrew ask "where are we?"`.');
      return 2;
    }
    const root = productionRoot(args, io);
    const v = args.values;
    const [{ approveEverything, environmentSecrets }, { askProducer }, { nobodyAtTheTerminal, describeQuestion }] = await Promise.all([
      import('../../core/host'),
      import('../../core/producer/ask'),
      import('../prompt'),
    ]);
    const logger: Logger = { debug: () => {}, info: (m) => io.err(m), warn: (m) => io.err(`warning: ${m}`), error: (m) => io.err(m) };
    const unconfirmed: string[] = [];
    const reply = await askProducer(message, {
      ...(typeof v.model === 'string' ? { model: v.model } : {}),
      env: io.env,
      host: {
        root,
        secrets: environmentSecrets,
        logger,
        ...(typeof v.provider === 'string' ? { provider: v.provider } : {}),
        prompt: v.yes
          ? approveEverything
          : io.interactive
            ? { ask: async (q) => ({ answer: (await askAtTerminal(`${describeQuestion(q).join('\n')}\nApprove?`)) ? 'approve' : 'deny' }) }
            : nobodyAtTheTerminal,
        async confirm(tool, description) {
          if (v.yes) {
            io.out(`» ${description} (confirmed by --yes)`);
            return true;
          }
          if (io.interactive) return askAtTerminal(`The producer wants to: ${description}\nDo it?`);
          unconfirmed.push(tool.name);
          return false;
        },
      },
    });
    io.out(reply.model ? `producer (${reply.model}):` : 'producer (no model):');
    if (reply.text) io.out(reply.text);
    for (const a of reply.actions) if (reply.model) io.out(`» ${a.tool}: ${a.text}`);
    if (reply.spend) {
      const { cost, spent, cap } = reply.spend;
      io.out(`Spent ${money(cost)} on this answer; the production has spent ${money(spent)}${cap !== undefined ? ` of a ${cap} cap` : ''}.`);
    }
    if (unconfirmed.length) io.out(`Nothing was changed: no terminal to confirm at. Run again with --yes to confirm ${unconfirmed.join(', ')}.`);
    return reply.actions.some((a) => !a.done) ? 1 : 0;
  },
};
