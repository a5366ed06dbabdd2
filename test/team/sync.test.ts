import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approve } from '../../src/core/git/approve';
import { readLockfile } from '../../src/core/git/lockfile';
import { rejectProposal, writeProposalBranch } from '../../src/core/git/proposals';
import { FilmcrewError } from '../../src/core/diagnostics';
import { runOnBranches } from '../../src/core/team/propose';
import { joinLockfiles, syncProduction } from '../../src/core/team/sync';
import { refuseTeammatesLocks } from '../../src/core/team/team-locks';
import { git } from '../support/fixtures';
import { offline, teamAtStoryboard, type Team } from './remote';

function refusal(code: string, ...messages: RegExp[]) {
  return (e: unknown) => {
    assert.ok(e instanceof FilmcrewError, String(e));
    assert.equal(e.code, code, e.message);
    for (const m of messages) assert.match(e.message, m);
    return true;
  };
}

describe('a team syncing locks and gates through one remote', function () {
  this.timeout(240_000);
  let team: Team;
  let ana: string;
  let ben: string;
  let cleo: string;

  before(async () => {
    team = await teamAtStoryboard();
    [ana, ben, cleo] = [team.clone('Ana'), team.clone('Ben'), team.clone('Cleo')];
  });

  const remoteMain = () => git(team.remote, 'rev-parse', 'main');

  it("refuses a lock a teammate made since the last sync, naming who and when, and pushes nothing", async () => {
    await runOnBranches(ana, { ...offline, stage: 'storyboard', runId: 'ana-1' });
    await approve(ana, ['crew/storyboard-artist/ana-1']);
    const anaSync = await syncProduction(ana);
    assert.equal(anaSync.pushed, true);
    assert.equal(anaSync.ours.length, 21);
    assert.equal(remoteMain(), git(ana, 'rev-parse', 'HEAD'));
    assert.deepEqual(anaSync.gates.map((g) => [g.gate, g.by]), [['script', 'Lead <lead@example.invalid>'], ['shotlist', 'Lead <lead@example.invalid>'], ['assets', 'Lead <lead@example.invalid>']]);

    // Ben drew and locked the same frames on his machine without syncing first.
    await runOnBranches(ben, { ...offline, stage: 'storyboard', runId: 'ben-1' });
    await approve(ben, ['crew/storyboard-artist/ben-1']);
    const benHead = git(ben, 'rev-parse', 'HEAD');
    const pushedBefore = remoteMain();
    await assert.rejects(
      syncProduction(ben),
      refusal('teammate-locked', /media\/frames\/s01-001\.svg was locked by Ana <ana@example\.invalid> at 20\d\d-\d\d-\d\d \d\d:\d\d/, /Your locks of them were not pushed \(commit [0-9a-f]{7}\)/),
    );
    assert.equal(remoteMain(), pushedBefore, 'nothing was pushed');
    assert.equal(git(ben, 'rev-parse', 'HEAD'), benHead, "Ben's branch is as it was");

    // Cleo fetched and tries to lock her own take on those frames: refused at approve time too.
    await runOnBranches(cleo, { ...offline, stage: 'storyboard', runId: 'cleo-1' });
    git(cleo, 'fetch', '-q', 'origin');
    await assert.rejects(refuseTeammatesLocks(cleo, ['crew/storyboard-artist/cleo-1']), refusal('teammate-locked', /was locked by Ana <ana@example\.invalid>/));
  });

  it('brings teammates\' locks in and joins filmcrew.lock entry by entry when both sides locked different files', async () => {
    git(ben, 'reset', '-q', '--keep', 'origin/main');
    await approve(ana, ['media/options/characters/mara-b.svg']);
    await syncProduction(ana);
    await approve(ben, ['media/options/characters/jonah-b.svg']);
    const r = await syncProduction(ben);
    assert.equal(r.integrated, 'merged');
    assert.deepEqual(r.theirs.map((l) => [l.path, l.by]), [['media/options/characters/mara-b.svg', 'Ana <ana@example.invalid>']]);
    assert.equal(r.pushed, true);
    const { lock } = await readLockfile(ben);
    assert.equal(lock.locks['media/options/characters/mara-b.svg']?.approved_by, 'Ana <ana@example.invalid>');
    assert.equal(lock.locks['media/options/characters/jonah-b.svg']?.approved_by, 'Ben <ben@example.invalid>');
    assert.equal(git(ben, 'status', '--porcelain'), '');
    assert.equal(remoteMain(), git(ben, 'rev-parse', 'HEAD'));
  });

  it('takes proposal branches from the remote to review here, and closes them there once approved or rejected', async () => {
    const card = (o: string) => ({ path: `media/options/props/lantern-${o}.svg`, content: `<svg><text>lantern ${o}, again</text></svg>\n` });
    await writeProposalBranch(cleo, { role: 'production-design', runId: 'ci-9', message: 'Lanterns, again', files: [card('b')] });
    await writeProposalBranch(cleo, { role: 'production-design', runId: 'ci-10', message: 'Lanterns, darker', files: [card('c')] });
    git(cleo, 'push', '-q', 'origin', 'crew/production-design/ci-9', 'crew/production-design/ci-10');

    const benSync = await syncProduction(ben);
    assert.deepEqual(benSync.fetchedProposals, ['crew/production-design/ci-10', 'crew/production-design/ci-9']);
    await approve(ben, ['crew/production-design/ci-9']);
    await rejectProposal(ben, 'crew/production-design/ci-10', 'Keep the brass.');
    const closing = await syncProduction(ben);
    assert.deepEqual(closing.closedProposals.sort(), ['crew/production-design/ci-10', 'crew/production-design/ci-9']);
    assert.equal(git(team.remote, 'for-each-ref', 'refs/heads/crew/production-design/'), '', 'closed on the remote');
    assert.deepEqual(closing.proposals.filter((b) => b.startsWith('crew/production-design/')), []);
    await syncProduction(cleo);
    assert.equal(git(cleo, 'branch', '--list', 'crew/production-design/ci-10'), '', "Ben's rejection closed Cleo's copy too");
  });

  it("sends a rejected branch's note to the role's feedback, in history, to every teammate", async () => {
    const note = 'Ana\'s frames are in; draw s01-003 again with the lantern lit.';
    const r = await rejectProposal(cleo, 'crew/storyboard-artist/cleo-1', note, new Date('2026-05-06T07:08:09Z'));
    assert.ok(r.noted, 'the note was committed');
    assert.equal(git(cleo, 'status', '--porcelain'), '', 'nothing left untracked');
    const cleoSync = await syncProduction(cleo);
    assert.equal(cleoSync.pushed, true);
    const anaSync = await syncProduction(ana);
    assert.equal(anaSync.integrated, 'fast-forward');
    const history = git(ana, 'log', '--format=%an|%s', '--', 'agents/storyboard-artist/feedback.md');
    assert.match(history, /^Cleo\|Feedback for storyboard-artist: crew\/storyboard-artist\/cleo-1 rejected$/m);
    const feedback = readFileSync(join(ana, 'agents/storyboard-artist/feedback.md'), 'utf8');
    assert.match(feedback, /## 2026-05-06 · rejected crew\/storyboard-artist\/cleo-1 \([0-9a-f]{7}\)\n\nAna's frames are in; draw s01-003 again with the lantern lit\.\n$/);
  });
});

describe('joining two lock files', () => {
  const entry = (by: string, hash = 'h') => ({ hash, approved_by: by, at: '2026-01-01T00:00:00Z', inputs: {} });
  it("keeps ours, takes every entry the teammate added, changed or removed since the base", () => {
    const base = { version: 1 as const, locks: { a: entry('Lead'), b: entry('Lead'), c: entry('Lead') } };
    const ours = { version: 1 as const, locks: { a: entry('Lead'), b: entry('Lead'), c: entry('Lead'), mine: entry('Ben') } };
    const theirs = { version: 1 as const, locks: { a: entry('Ana', 'h2'), c: entry('Lead'), yours: entry('Ana') } };
    assert.deepEqual(joinLockfiles(base, ours, theirs).locks, { a: entry('Ana', 'h2'), c: entry('Lead'), mine: entry('Ben'), yours: entry('Ana') });
  });
});
