/**
 * `filmcrew review [--pr <branch>]`: the pending proposal branches with their diffstat (and the
 * proposed files in the working tree); with --pr, a pull-request description of one branch;
 * with --combine, the shard branches of a run combined into one branch per role.
 */
import type { Command } from '../command';
import { printList, productionRoot } from './approve';
import { workArtifacts } from '../../core/model/artifacts';
import { money } from '../../core/money';

export const review: Command = {
  name: 'review',
  summary: 'List pending proposals with their diffstat, or print a pull-request description',
  usage: [
    'filmcrew review [--pr <crew/role/run>] [--link-base URL] [--combine <run> [--remote NAME]] [--dir <production>]',
    '',
    '  --pr BRANCH       a pull-request description of one proposal branch (markdown)',
    '  --link-base URL   where file links and pictures point, e.g. https://github.com/o/r/raw (else relative)',
    '  --combine RUN     combine the shard branches of RUN (crew/<role>/RUN.shard-i-of-n, local and the',
    '                    remote\'s after a fetch) into crew/<role>/RUN, one per role',
  ].join('\n'),
  options: { pr: { type: 'string' }, dir: { type: 'string' }, 'link-base': { type: 'string' }, combine: { type: 'string' }, remote: { type: 'string' } },
  async run(args, io) {
    const root = productionRoot(args, io);
    if (typeof args.values.pr === 'string') {
      const { prDescription } = await import('../../core/git/pr');
      const linkBase = typeof args.values['link-base'] === 'string' ? args.values['link-base'] : undefined;
      io.out(await prDescription(root, args.values.pr, linkBase ? { linkBase } : {}));
      return 0;
    }
    if (typeof args.values.combine === 'string') {
      const { combineShards } = await import('../../core/team/combine');
      const remote = typeof args.values.remote === 'string' ? args.values.remote : 'origin';
      for (const c of await combineShards(root, args.values.combine, { remote })) {
        io.out(`${c.branch}  ${c.files} file${c.files === 1 ? '' : 's'} from shard${c.shards.length === 1 ? '' : 's'} ${c.shards.join(', ')} of ${c.count}  (${c.commit.slice(0, 7)})`);
      }
      return 0;
    }
    const [{ listProposals }, { loadProduction }] = await Promise.all([import('../../core/git/proposals'), import('../../core/production/load')]);
    const proposals = await listProposals(root);
    if (!proposals.length) io.out('No proposal branches waiting for review.');
    for (const p of proposals) {
      const cost = p.cost !== undefined ? `  ${money(p.cost, 'USD', 'symbol')}` : '';
      io.out(`${p.branch}  ${p.files.length} file${p.files.length === 1 ? '' : 's'}  +${p.insertions} −${p.deletions}${cost}  ${p.at.slice(0, 16).replace('T', ' ')}  ${p.subject}`);
      printList(io, p.files.map((f) => `${f.path}  ${f.added === null ? 'binary' : `+${f.added} −${f.deleted}`}`), '    ');
    }
    const production = await loadProduction(root);
    const proposed = [production.production, ...workArtifacts(production)]
      .filter((a) => a?.data.status === 'proposed')
      .map((a) => a!.path);
    if (proposed.length) {
      io.out(`\nProposed in the working tree (${proposed.length}):`);
      printList(io, proposed);
    }
    if (proposals.length || proposed.length) {
      io.out('\nApprove with `filmcrew approve <branch|path|glob>`; reject with `filmcrew reject <branch|path> --note "…"`.');
    }
    return 0;
  },
};
