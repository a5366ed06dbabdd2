/**
 * `filmcrew sync`: fetch the team's remote, show teammates' locks and gates, refuse to push a
 * lock of something a teammate locked since, bring their work in and push ours.
 */
import type { Command } from '../command';
import { printList, productionRoot } from './approve';

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

export const sync: Command = {
  name: 'sync',
  summary: "Fetch the team's locks and gates, bring them in, and push yours",
  usage: [
    'filmcrew sync [--remote NAME] [--no-push] [--dir <production>]',
    '',
    '  --remote NAME     the team repository (default origin)',
    '  --no-push         fetch, show and bring in, but push nothing',
    '',
    'Refuses (exit 1), pushing nothing, when a teammate locked something since your last sync that you',
    'locked too: the message names who and when.',
  ].join('\n'),
  options: { remote: { type: 'string' }, 'no-push': { type: 'boolean' }, dir: { type: 'string' } },
  async run(args, io) {
    const root = productionRoot(args, io);
    const { syncProduction } = await import('../../core/team/sync');
    const remote = typeof args.values.remote === 'string' ? args.values.remote : 'origin';
    const r = await syncProduction(root, { remote, push: !args.values['no-push'] });
    const brought = { 'up-to-date': 'nothing new from your teammates', 'fast-forward': 'their work brought in (fast-forward)', merged: 'their work merged with yours (filmcrew.lock joined entry by entry)' }[r.integrated];
    io.out(`Synced ${r.branch} with ${r.remote}: ${brought}.`);
    if (r.theirs.length) {
      io.out(`Locked by teammates since your last sync (${r.theirs.length}):`);
      printList(io, r.theirs.map((l) => `${l.path}  by ${l.by}, ${when(l.at)}  (${l.commit.slice(0, 7)})`));
    }
    if (r.ours.length) {
      io.out(`${r.pushed ? 'Pushed' : 'Not pushed (--no-push)'}: your lock${r.ours.length === 1 ? '' : 's'} of ${r.ours.length} file${r.ours.length === 1 ? '' : 's'}:`);
      printList(io, r.ours.map((l) => `${l.path}  ${when(l.at)}`));
    } else if (r.pushed) io.out('Pushed your commits.');
    if (r.tagsPushed.length) io.out(`Pushed gate tags: ${r.tagsPushed.join(', ')}.`);
    io.out(r.gates.length ? `Gates passed on ${r.remote}:` : `No gate passed on ${r.remote} yet.`);
    printList(io, r.gates.map((g) => `${g.gate}  by ${g.by}, ${when(g.at)}  (${g.commit.slice(0, 7)})`));
    if (r.proposals.length) {
      io.out(`Proposal branches on ${r.remote} (${r.proposals.length}), to review with \`filmcrew review\`:`);
      printList(io, r.proposals.map((b) => `${b}${r.fetchedProposals.includes(b) ? '  (new here)' : ''}`));
    }
    if (r.closedProposals.length) {
      io.out(`Closed on ${r.remote} (approved or rejected here):`);
      printList(io, r.closedProposals);
    }
    return 0;
  },
};
