/**
 * `filmcrew reject <branch|path> --note "…"`: deletes a proposal branch, or marks a file
 * rejected; either way the note goes to the feedback of the role that made it.
 */
import type { Command } from '../command';
import { fromCwd, productionRoot } from './approve';

export const reject: Command = {
  name: 'reject',
  summary: "Reject a proposal branch or a file, sending a note to the crew role's feedback",
  usage: 'filmcrew reject <crew/role/run|path> --note "…" [--dir <production>]',
  options: { note: { type: 'string' }, dir: { type: 'string' } },
  async run(args, io) {
    const [target] = args.positionals;
    const note = args.values.note;
    if (!target || args.positionals.length > 1 || typeof note !== 'string' || !note.trim()) {
      io.err('filmcrew reject: give one branch or path and a note, e.g. `filmcrew reject crew/casting/r1 --note "Mara is older"`.');
      return 2;
    }
    const root = productionRoot(args, io);
    if (target.startsWith('crew/')) {
      const { rejectProposal } = await import('../../core/git/proposals');
      const r = await rejectProposal(root, target, note);
      io.out(`Rejected ${target} (deleted the branch at ${r.commit.slice(0, 7)}); the note is in ${r.feedback}.`);
      return 0;
    }
    const { rejectArtifact } = await import('../../core/git/reject');
    const r = await rejectArtifact(root, fromCwd(root, io, target), note);
    io.out(`Rejected ${r.path}; the note is in ${r.feedback} for ${r.role}.`);
    return 0;
  },
};
