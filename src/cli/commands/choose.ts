/** `filmcrew choose <asset> <option>`: records the chosen option of an asset sheet and locks it. */
import type { Command } from '../command';
import { fromCwd, productionRoot } from './approve';

export const choose: Command = {
  name: 'choose',
  summary: "Choose one of an asset sheet's options and lock the sheet",
  usage: 'filmcrew choose <asset sheet> <option id> [--dir <production>]',
  options: { dir: { type: 'string' } },
  async run(args, io) {
    const [asset, option] = args.positionals;
    if (!asset || !option || args.positionals.length > 2) {
      io.err('filmcrew choose: give the sheet and the option, e.g. `filmcrew choose characters/mara.md b`.');
      return 2;
    }
    const root = productionRoot(args, io);
    const { choose: chooseOption } = await import('../../core/git/approve');
    const r = await chooseOption(root, fromCwd(root, io, asset), option);
    io.out(`Chose option ${option} for ${r.locked[0] ?? asset}${r.commit ? ` and locked it in ${r.commit.slice(0, 7)}` : ' (already locked so)'}.`);
    return 0;
  },
};
