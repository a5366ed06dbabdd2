// The README's first command: runs the whole spine on a copy of examples/lighthouse with the
// offline provider, answering yes to every question (--yes), and says where the results are.
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(mkdtempSync(join(tmpdir(), 'filmcrew-demo-')), 'lighthouse');
cpSync(join(root, 'examples/lighthouse'), dir, { recursive: true });

const git = (...args) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
git('init', '-q', '-b', 'main');
// A local identity: the demo's commits (locks, gates) must not depend on the machine's git config.
git('config', 'user.name', 'Filmcrew Demo');
git('config', 'user.email', 'demo@filmcrew.invalid');
git('config', 'commit.gpgsign', 'false');
git('add', '-A');
git('commit', '-q', '-m', 'The Last Light: script and production');

// The CLI from source (through tsx), so the demo runs the crew as it is in the tree.
const cli = [process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts')];
const filmcrew = (...args) => {
  console.log(`\n$ filmcrew ${args.join(' ')}`);
  try {
    execFileSync(cli[0], [...cli.slice(1), ...args], { cwd: root, stdio: 'inherit' });
    return true;
  } catch (e) {
    process.exitCode = e.status ?? 1;
    return false;
  }
};

const started = performance.now();
const ran = filmcrew('run', '--yes', dir);
const seconds = (performance.now() - started) / 1000;
filmcrew('status', dir);

const here = (rel) => (existsSync(join(dir, rel)) ? join(dir, rel) : `${join(dir, rel)} (not made: see the run above)`);
const frames = existsSync(join(dir, 'media/frames')) ? readdirSync(join(dir, 'media/frames')).length : 0;
const reviews = existsSync(join(dir, 'reviews')) ? readdirSync(join(dir, 'reviews')).filter((f) => f.endsWith('.md')) : [];
console.log(`
The production:  ${dir}
Storyboard:      ${frames} frames in ${join(dir, 'media/frames')}
                 browse them (and the animatic) with \`filmcrew preview\`, from this checkout:
                 cd ${root} && npx filmcrew preview ${dir}
Animatic:        ${here('edit/animatic.html')}
Timeline:        ${here('edit/cut.otio')}
                 ${here('edit/cut.edl')}
Review:          ${reviews.length ? reviews.map((r) => join(dir, 'reviews', r)).join(', ') : '(none yet)'}
Made offline: no model, no network, no cost. The whole spine took ${seconds.toFixed(1)} s (wall time)${ran ? '' : ', and stopped early: see above'}.`);
