/** `filmcrew gate pass <gate>` and `filmcrew gate status`: the approval gates, read from git. */
import type { CliIO, Command } from '../command';
// The stage table is plain data (the usage line lists the gates); the git layer is imported when run.
import { GATES, isGateId } from '../../core/pipeline/stages';
import { printList, productionRoot } from './approve';

async function status(root: string, io: CliIO): Promise<number> {
  const { checkGate, gateState } = await import('../../core/git/gates');
  const state = await gateState(root);
  const rows: string[][] = [['GATE', 'TITLE', 'STATE']];
  for (const g of GATES) {
    const s = state[g.id];
    if (s.passed) {
      rows.push([g.id, g.title, `passed ${s.at?.slice(0, 16).replace('T', ' ') ?? ''} (${s.commit?.slice(0, 7) ?? ''})`]);
    } else {
      const check = await checkGate(root, g.id);
      rows.push([g.id, g.title, check.ready ? 'ready to pass' : `not passed: ${check.missing.length} missing`]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.out(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  '));
  return 0;
}

export const gate: Command = {
  name: 'gate',
  summary: 'Pass an approval gate (a commit and a tag) or show which gates have passed',
  usage: `filmcrew gate pass <${GATES.map((g) => g.id).join('|')}> | filmcrew gate status [--dir <production>]`,
  options: { dir: { type: 'string' } },
  async run(args, io) {
    const [sub, id] = args.positionals;
    const root = productionRoot(args, io);
    if (sub === 'status' && !id) return status(root, io);
    if (sub !== 'pass' || !id || args.positionals.length > 2) {
      io.err(`filmcrew gate: usage: ${this.usage}`);
      return 2;
    }
    if (!isGateId(id)) {
      io.err(`filmcrew gate: unknown gate '${id}'. The gates are: ${GATES.map((g) => g.id).join(', ')}.`);
      return 2;
    }
    const { GateRefused, passGate } = await import('../../core/git/gates');
    try {
      const r = await passGate(root, id);
      if (r.alreadyPassed) io.out(`${GATES.find((g) => g.id === id)!.title} had already passed (${r.commit.slice(0, 7)}, ${r.at.slice(0, 10)}).`);
      else io.out(`${GATES.find((g) => g.id === id)!.title} passed in ${r.commit.slice(0, 7)}, tagged ${r.tag} (${r.artifacts.length} artifacts locked).`);
      return 0;
    } catch (e) {
      if (!(e instanceof GateRefused)) throw e;
      io.err(`${GATES.find((g) => g.id === id)!.title} cannot pass yet. Missing:`);
      printList({ ...io, out: io.err }, e.missing, '  - ');
      io.err(e.advice ?? '');
      return 1;
    }
  },
};
