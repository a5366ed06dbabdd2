import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { readLockfile } from '../../src/core/git/lockfile';
import { prDescription } from '../../src/core/git/pr';
import { writeProposalBranch } from '../../src/core/git/proposals';
import { runProduction } from '../../src/core/orchestrator/index';
import { copyExample, git, initRepo } from '../support/fixtures';
import { offline } from './remote';

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false, cwd, env: {} };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('a run that proposes on crew branches', function () {
  this.timeout(240_000);
  let dir: string;

  before(async () => {
    dir = initRepo(copyExample(), 'The Last Light');
    for (const stage of ['script', 'breakdown'] as const) await runProduction(dir, { ...offline, stage });
    const production = readFileSync(join(dir, 'production.md'), 'utf8').replace('approval: always-ask\n', 'approval: always-ask\nproposals: branches\n');
    writeFileSync(join(dir, 'production.md'), production);
    git(dir, 'commit', '-q', '-am', 'Proposals go to crew branches');
  });

  it("commits each role's sheets and all four option cards to its branch, touching neither the working tree nor the index", async () => {
    writeFileSync(join(dir, 'notes.txt'), 'a person at work\n');
    git(dir, 'add', 'notes.txt');
    const index = readFileSync(join(dir, '.git/index'));
    const status = git(dir, 'status', '--porcelain');
    const head = git(dir, 'rev-parse', 'HEAD');

    const r = await cli(dir, 'run', '--stage', 'assets', '--provider', 'offline', '--yes', '--run-id', 'looks-1');
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /Proposed on branches \(your working tree was not touched\):\n {2}crew\/casting\/looks-1 {2}10 files\n {2}crew\/costume\/looks-1 {2}10 files\n {2}crew\/production-design\/looks-1 {2}15 files/);
    assert.match(r.out, /not asked: a run that proposes on branches does not pass gates/);
    assert.match(r.out, /Note: the crew worked from your last commit; your uncommitted changes \(notes\.txt\) were not seen\./);
    assert.deepEqual(readFileSync(join(dir, '.git/index')), index, 'the index, byte for byte');
    assert.equal(git(dir, 'status', '--porcelain'), status);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    assert.equal(git(dir, 'worktree', 'list').split('\n').length, 1, 'the scratch checkout is gone');
    const casting = git(dir, 'diff', '--name-only', 'HEAD', 'crew/casting/looks-1').split('\n');
    assert.deepEqual(casting.filter((p) => p.startsWith('media/options/characters/mara-')), ['a', 'b', 'c', 'd'].map((o) => `media/options/characters/mara-${o}.svg`));

    const review = await cli(dir, 'review');
    assert.match(review.out, /^crew\/casting\/looks-1 {2}10 files {2}\+\d+ −0 {2}\$0\.00 {2}.* {2}casting: 10 files from run looks-1$/m);
    assert.match(review.out, /^ {4}characters\/mara\.md {2}\+\d+ −0$/m);

    const approved = await cli(dir, 'approve', 'crew/casting/looks-1');
    assert.equal(approved.code, 0, approved.err);
    const { lock } = await readLockfile(dir);
    assert.ok(lock.locks['characters/mara.md']);
    assert.ok(Object.keys(lock.locks['media/options/characters/mara-c.svg']!.inputs).length > 0, 'an unchosen card is locked with its inputs');
    assert.equal(git(dir, 'status', '--porcelain'), status, 'nothing of the proposal is left untracked');
  });

  it('runs again with the same id for free and says so', async () => {
    const r = await cli(dir, 'run', '--stage', 'assets', '--provider', 'offline', '--yes', '--run-id', 'looks-1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Run looks-1: 0 done, \d+ unchanged \(cached\)/m);
    assert.match(r.out, /crew\/costume\/looks-1 {2}10 files \(unchanged: already proposed\)/);
  });

  it("writes the pull request: what changed, frames before and after, the cost and the checker's notes on this role", async () => {
    const review = `---\nkind: review\nid: r9\nrun: r9\ncut: edit/cut.otio\nnotes:\n  - id: n1\n    severity: warning\n    role: storyboard-artist\n    shot: s01-001\n    message: The lantern is not lit in the wide.\n  - id: n2\n    severity: info\n    role: editor\n    message: Trim the tail.\nstatus: proposed\n---\n`;
    await writeProposalBranch(dir, { role: 'storyboard-artist', runId: 'r9', message: 'Frames', cost: 0.4, files: [{ path: 'media/frames/s01-001.svg', content: '<svg/>' }, { path: 'reviews/r9.md', content: review }] });
    const before = git(dir, 'rev-parse', 'HEAD');
    const text = await prDescription(dir, 'crew/storyboard-artist/r9', { linkBase: 'https://example.org/raw' });
    const tip = git(dir, 'rev-parse', 'crew/storyboard-artist/r9');
    assert.match(text, new RegExp(`\\| media/frames/s01-001\\.svg \\| new \\| !\\[media/frames/s01-001\\.svg\\]\\(https://example\\.org/raw/${tip}/media/frames/s01-001\\.svg\\) \\|`));
    assert.match(text, /### The checker's notes\n\n- \*\*warning\*\* s01-001: The lantern is not lit in the wide\.\n\n/);
    assert.doesNotMatch(text, /Trim the tail/, "another role's note is not this pull request's");
    assert.match(text, /\$0\.40 spent by this run on these files\./);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), before);
  });

  it('commits a rejection note to the role\'s feedback from the command line', async () => {
    const r = await cli(dir, 'reject', 'crew/storyboard-artist/r9', '--note', 'Light the lantern.');
    assert.equal(r.code, 0, r.err);
    assert.match(git(dir, 'log', '-1', '--format=%s%n%b'), /^Feedback for storyboard-artist: crew\/storyboard-artist\/r9 rejected\n[\s\S]*Filmcrew-Feedback: storyboard-artist/);
    assert.match(git(dir, 'show', 'HEAD:agents/storyboard-artist/feedback.md'), /Light the lantern\.$/);
    assert.equal(git(dir, 'branch', '--list', 'crew/storyboard-artist/*'), '');
  });
});
