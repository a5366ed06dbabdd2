/**
 * `filmcrew init [dir]`: starts a production (production.md, script.fountain, the built-in
 * crew, Git LFS patterns, a first commit).
 */
import { resolve } from 'node:path';
import type { Command } from '../command';

export const init: Command = {
  name: 'init',
  summary: 'Start a production: production.md, a script, the built-in crew, and a first commit',
  usage: 'filmcrew init [dir] [--title "The Film"] [--no-git]',
  options: {
    title: { type: 'string', short: 't' },
    'no-git': { type: 'boolean' },
  },
  async run(args, io) {
    const dir = resolve(io.cwd, args.positionals[0] ?? '.');
    const title = typeof args.values.title === 'string' ? args.values.title : undefined;
    const { initProduction } = await import('../../core/production/init');
    const result = await initProduction(dir, { ...(title ? { title } : {}), git: !args.values['no-git'] });
    const agents = result.written.filter((f) => f.startsWith('agents/')).length;
    io.out(`Started “${result.title}” in ${result.root}`);
    for (const f of result.written.filter((f) => !f.startsWith('agents/'))) io.out(`  ${f}`);
    io.out(`  agents/: ${agents} crew members (edit any of them, or add a role as agents/<role>/agent.md)`);
    if (result.commit) io.out(`${result.createdRepository ? 'New git repository; committed' : 'Committed'} as ${result.commit}.`);
    io.out('\nNext: write the screenplay in script.fountain and the style block in production.md, then run `filmcrew validate` and `filmcrew status`.');
    return 0;
  },
};
