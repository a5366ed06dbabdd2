/** `filmcrew unlock <path> --reason "…"`: takes a lock back, recording why in the commit. */
import type { Command } from '../command';
import { fromCwd, productionRoot } from './approve';

export const unlock: Command = {
  name: 'unlock',
  summary: 'Take back the lock of an artifact, with the reason recorded in the commit',
  usage: 'filmcrew unlock <path> --reason "…" [--dir <production>]',
  options: { reason: { type: 'string' }, dir: { type: 'string' } },
  async run(args, io) {
    const [path] = args.positionals;
    const reason = args.values.reason;
    if (!path || args.positionals.length > 1 || typeof reason !== 'string' || !reason.trim()) {
      io.err('filmcrew unlock: give one path and a reason, e.g. `filmcrew unlock characters/mara.md --reason "recast"`.');
      return 2;
    }
    const root = productionRoot(args, io);
    const target = fromCwd(root, io, path);
    const { unlock: unlockPath } = await import('../../core/git/approve');
    const r = await unlockPath(root, target, reason);
    io.out(`Unlocked ${target} in ${r.commit.slice(0, 7)}; it is a draft again. Anything made from it keeps its lock until it goes stale.`);
    return 0;
  },
};
