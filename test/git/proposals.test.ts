import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approve } from '../../src/core/git/approve';
import { readLockfile } from '../../src/core/git/lockfile';
import { prDescription } from '../../src/core/git/pr';
import { approveProposal, listProposals, rejectProposal, writeProposalBranch } from '../../src/core/git/proposals';
import { rejectArtifact } from '../../src/core/git/reject';
import { FilmcrewError } from '../../src/core/diagnostics';
import { git, writeFiles } from '../support/fixtures';
import { character, hashOf, production, read, shot, status, trailers } from './production';

function code(c: string, message?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof FilmcrewError, String(e));
    assert.equal(e.code, c, e.message);
    if (message) assert.match(e.message, message);
    return true;
  };
}

/** A storyboard proposal: two frames and a revised shot, as the storyboard artist would write. */
async function storyboardProposal(dir: string, runId = 'run-1') {
  return writeProposalBranch(dir, {
    role: 'storyboard-artist',
    runId,
    message: 'Storyboard frames for scene 1\n\nTwo frames, drawn offline.',
    cost: 0.25,
    files: [
      { path: 'media/frames/s01-001.svg', content: '<svg><text>s01-001</text></svg>' },
      { path: 'media/frames/s01-002.svg', content: '<svg><text>s01-002</text></svg>' },
      { path: 'shots/s01-002.md', content: shot('s01-002', { 'script.fountain': hashOf(dir, 'script.fountain') }, 'movement: push in\n') },
    ],
  });
}

describe('proposal branches', () => {
  it('are written without touching the working tree or the index, even with edits in progress', async () => {
    const dir = production();
    writeFiles(dir, { 'shots/s01-002.md': read(dir, 'shots/s01-002.md') + '\nA person\'s note.\n', 'scratch.txt': 'x' });
    git(dir, 'add', 'scratch.txt');
    const before = { status: status(dir), index: readFileSync(join(dir, '.git', 'index')), shot: read(dir, 'shots/s01-002.md'), head: git(dir, 'rev-parse', 'HEAD') };
    const { branch, commit } = await storyboardProposal(dir);
    assert.equal(branch, 'crew/storyboard-artist/run-1');
    assert.equal(git(dir, 'rev-parse', branch), commit);
    assert.deepEqual(status(dir), before.status);
    assert.deepEqual(readFileSync(join(dir, '.git', 'index')), before.index, 'the index file is byte-for-byte the same');
    assert.equal(read(dir, 'shots/s01-002.md'), before.shot);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), before.head);
    assert.equal(git(dir, 'show', `${branch}:media/frames/s01-001.svg`), '<svg><text>s01-001</text></svg>');
    assert.equal(git(dir, 'log', '-1', '--format=%an', branch), 'storyboard-artist (filmcrew crew)');
    assert.deepEqual(trailers(dir, 'Filmcrew-Cost', branch), ['0.25']);
  });

  it('can be written concurrently for different roles and for the same role', async () => {
    const dir = production();
    const roles = ['casting', 'costume', 'production-design', 'storyboard-artist'];
    await Promise.all([
      ...roles.map((role) => writeProposalBranch(dir, { role, runId: 'r9', message: `${role} work`, files: [{ path: `notes/${role}.md`, content: `# ${role}\n` }] })),
      ...[1, 2, 3].map((i) => writeProposalBranch(dir, { role: 'dop', runId: 'r9', message: `scene ${i}`, files: [{ path: `notes/dop-${i}.md`, content: `${i}\n` }] })),
    ]);
    const proposals = await listProposals(dir);
    assert.deepEqual(proposals.map((p) => p.branch).sort(), ['crew/casting/r9', 'crew/costume/r9', 'crew/dop/r9', 'crew/production-design/r9', 'crew/storyboard-artist/r9']);
    const dop = proposals.find((p) => p.role === 'dop')!;
    assert.deepEqual(dop.files.map((f) => f.path).sort(), ['notes/dop-1.md', 'notes/dop-2.md', 'notes/dop-3.md'], 'no concurrent commit was lost');
    assert.deepEqual(status(dir), []);
  });

  it('are listed with their diffstat and cost', async () => {
    const dir = production();
    await storyboardProposal(dir);
    const [p] = await listProposals(dir);
    assert.equal(p!.role, 'storyboard-artist');
    assert.equal(p!.runId, 'run-1');
    assert.equal(p!.subject, 'Storyboard frames for scene 1');
    assert.equal(p!.cost, 0.25);
    assert.deepEqual(p!.files.map((f) => f.path), ['media/frames/s01-001.svg', 'media/frames/s01-002.svg', 'shots/s01-002.md']);
    assert.equal(p!.files[0]!.added, 1);
    assert.ok(p!.insertions >= 3);
  });

  it('merge on approval into the current branch, lock what they brought, and leave the person\'s other changes alone', async () => {
    const dir = production();
    const scriptHash = hashOf(dir, 'script.fountain');
    const { commit: tip } = await storyboardProposal(dir);
    // The person goes on working meanwhile: a commit on main, and an uncommitted edit elsewhere.
    writeFiles(dir, { 'production.md': read(dir, 'production.md').replace('cold blue night', 'colder') });
    git(dir, 'commit', '-qam', 'style');
    writeFiles(dir, { 'script.fountain': read(dir, 'script.fountain') + '\nMore.\n' });
    const r = await approve(dir, ['crew/storyboard-artist/run-1']);
    assert.deepEqual(r.merged, ['crew/storyboard-artist/run-1']);
    assert.deepEqual(r.locked.sort(), ['media/frames/s01-001.svg', 'media/frames/s01-002.svg', 'shots/s01-002.md']);
    assert.equal(git(dir, 'rev-parse', 'HEAD^2'), tip, 'a merge commit with the proposal as second parent');
    assert.equal(git(dir, 'log', '-1', '--format=%s'), 'Approve proposal crew/storyboard-artist/run-1: Storyboard frames for scene 1');
    assert.deepEqual(trailers(dir, 'Filmcrew-Proposal'), ['crew/storyboard-artist/run-1']);
    assert.equal(trailers(dir, 'Filmcrew-Lock').length, 3);
    assert.equal(read(dir, 'media/frames/s01-001.svg'), '<svg><text>s01-001</text></svg>');
    assert.match(read(dir, 'shots/s01-002.md'), /^movement: push in$/m);
    assert.match(read(dir, 'shots/s01-002.md'), /^status: locked$/m);
    assert.match(read(dir, 'production.md'), /colder/);
    assert.deepEqual(status(dir), [' M script.fountain'], 'only the person\'s own edit remains');
    const { lock } = await readLockfile(dir);
    assert.ok(lock.locks['media/frames/s01-002.svg']);
    assert.deepEqual(lock.locks['shots/s01-002.md']!.inputs, { 'script.fountain': scriptHash }, 'inputs from the proposal\'s provenance');
    assert.equal(git(dir, 'branch', '--list', 'crew/*'), '', 'the merged proposal branch is gone');
    assert.deepEqual(await listProposals(dir), []);
  });

  it('refuse to merge when a file the proposal writes has uncommitted changes', async () => {
    const dir = production();
    await storyboardProposal(dir);
    writeFiles(dir, { 'shots/s01-002.md': read(dir, 'shots/s01-002.md') + '\nmine\n' });
    const head = git(dir, 'rev-parse', 'HEAD');
    await assert.rejects(approveProposal(dir, 'crew/storyboard-artist/run-1'), code('dirty', /shots\/s01-002\.md/));
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    assert.match(read(dir, 'shots/s01-002.md'), /mine/);
    assert.throws(() => read(dir, 'media/frames/s01-001.svg'));
  });

  it('refuse to merge on a conflict, naming the files, and change nothing', async () => {
    const dir = production();
    await storyboardProposal(dir);
    writeFiles(dir, { 'shots/s01-002.md': read(dir, 'shots/s01-002.md').replace('in the storm.\n', 'in the storm.\nmovement: tilt up\n') });
    git(dir, 'commit', '-qam', 'tilt');
    const head = git(dir, 'rev-parse', 'HEAD');
    await assert.rejects(approveProposal(dir, 'crew/storyboard-artist/run-1'), code('merge-conflict', /conflicts with your branch in shots\/s01-002\.md/));
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
    assert.deepEqual(status(dir), []);
    assert.ok(git(dir, 'rev-parse', '--verify', 'crew/storyboard-artist/run-1'), 'the proposal is kept for the person to decide');
  });

  it('refuse a missing proposal and any branch that is not a proposal', async () => {
    const dir = production();
    git(dir, 'branch', 'feature');
    await assert.rejects(approveProposal(dir, 'crew/casting/nope'), code('proposal-missing'));
    await assert.rejects(rejectProposal(dir, 'feature', 'no'), code('not-a-proposal'));
    await assert.rejects(rejectProposal(dir, 'main', 'no'), code('not-a-proposal'));
    assert.ok(git(dir, 'rev-parse', '--verify', 'feature'));
  });

  it('are deleted on rejection, with the dated note appended to the role\'s feedback', async () => {
    const dir = production();
    const { commit } = await storyboardProposal(dir);
    writeFiles(dir, { 'agents/storyboard-artist/feedback.md': '# Feedback\n\nEarlier note.\n' });
    const r = await rejectProposal(dir, 'crew/storyboard-artist/run-1', 'Frames are too dark; keep the lantern visible.', new Date('2026-04-02T12:00:00Z'));
    assert.equal(r.feedback, 'agents/storyboard-artist/feedback.md');
    assert.equal(git(dir, 'branch', '--list', 'crew/*'), '');
    const feedback = read(dir, 'agents/storyboard-artist/feedback.md');
    assert.match(feedback, /^# Feedback\n\nEarlier note\.\n/);
    assert.match(feedback, new RegExp(`## 2026-04-02 · rejected crew/storyboard-artist/run-1 \\(${commit!.slice(0, 7)}\\)\n\nFrames are too dark; keep the lantern visible\\.\n$`));
  });
});

describe('rejecting a file', () => {
  it('sets it rejected and sends the note to the role that made it', async () => {
    const dir = production();
    const r = await rejectArtifact(dir, 'shots/s01-001.md', 'Open wider on the cliff.');
    assert.equal(r.role, 'directors-assistant');
    assert.match(read(dir, 'shots/s01-001.md'), /^status: rejected$/m);
    assert.match(read(dir, 'agents/directors-assistant/feedback.md'), /rejected shots\/s01-001\.md\n\nOpen wider on the cliff\.\n$/);
  });

  it('refuses a locked file and a file with no known maker', async () => {
    const dir = production();
    await approve(dir, ['shots/s01-001.md']);
    await assert.rejects(rejectArtifact(dir, 'shots/s01-001.md', 'no'), code('locked'));
    writeFiles(dir, { 'characters/mara.md': character() });
    await assert.rejects(rejectArtifact(dir, 'characters/mara.md', 'no'), code('no-owner'));
  });
});

describe('pull-request description', () => {
  it('says what changed, which shots, links thumbnails relatively and gives the cost', async () => {
    const dir = production();
    await storyboardProposal(dir);
    const md = await prDescription(dir, 'crew/storyboard-artist/run-1');
    assert.match(md, /^## Storyboard frames for scene 1\n/);
    assert.match(md, /\*\*storyboard-artist\*\* crew role in run `run-1`/);
    assert.match(md, /\| \[shots\/s01-002\.md\]\(shots\/s01-002\.md\) \| \+\d+ −\d+ \|/);
    assert.match(md, /### Shots\n\n- \*\*s01-001\*\* \(scene s01, WS\) — The lighthouse in the storm\.\n- \*\*s01-002\*\* \(scene s01, WS, push in\) — The lighthouse in the storm\./);
    assert.match(md, /!\[media\/frames\/s01-001\.svg\]\(media\/frames\/s01-001\.svg\)/);
    assert.match(md, /\$0\.25 spent/);
    assert.match(md, /filmcrew approve crew\/storyboard-artist\/run-1/);
  });

  it('renders production text inert', async () => {
    const dir = production();
    await writeProposalBranch(dir, {
      role: 'casting',
      runId: 'x',
      message: 'Mara <img src=x onerror=alert(1)> [link](http://evil)',
      files: [{ path: 'characters/mara.md', content: character(['a', 'b']) }],
    });
    const md = await prDescription(dir, 'crew/casting/x');
    assert.doesNotMatch(md, /<img/);
    assert.match(md, /^## Mara &lt;img src=x onerror=alert\(1\)&gt; \\\[link\\\]\(http:\/\/evil\)$/m, 'brackets escaped: no link');
  });
});
