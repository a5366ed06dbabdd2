// The README's first command: runs the whole spine on a copy of examples/lighthouse with the
// offline provider, answering yes to every question (--yes), and says where the results are.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(mkdtempSync(join(tmpdir(), 'filmcrew-demo-')), 'lighthouse');
cpSync(join(root, 'examples/lighthouse'), dir, { recursive: true });

const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
git('config', 'user.name', 'Filmcrew Demo');
git('config', 'user.email', 'demo@filmcrew.invalid');
git('add', '-A');
git('commit', '-q', '-m', 'The Last Light: script and crew');

const filmcrew = (...args) => {
  console.log(`\n$ filmcrew ${args.join(' ')}`);
  try {
    execFileSync(process.execPath, [join(root, 'bin/filmcrew.js'), ...args], { cwd: dir, stdio: 'inherit' });
  } catch (e) {
    process.exitCode = e.status ?? 1;
  }
};

filmcrew('validate', dir);
filmcrew('status', dir);
console.log(`\nThe production is in ${dir}`);
