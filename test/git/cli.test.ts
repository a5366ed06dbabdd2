import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { writeProposalBranch } from '../../src/core/git/proposals';
import { git, writeFiles } from '../support/fixtures';
import { production, read, trailers } from './production';

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false, cwd, env: {} };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the git commands of the CLI', () => {
  it('approve locks a glob and says what it locked', async () => {
    const dir = production();
    const r = await cli(dir, 'approve', 'shots/*.md', '--note', 'Breakdown reviewed.');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Locked 2 artifacts in [0-9a-f]{7}:\n {2}shots\/s01-001\.md\n {2}shots\/s01-002\.md$/);
    assert.match(git(dir, 'log', '-1', '--format=%B'), /Breakdown reviewed\./);
  });

  it('approve takes paths relative to the current folder', async () => {
    const dir = production();
    const r = await cli(join(dir, 'shots'), 'approve', 's01-001.md', '--dir', '..');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(trailers(dir, 'Filmcrew-Lock'), ['shots/s01-001.md']);
  });

  it('approve outside a repository prints what to do, not a stack trace', async () => {
    const { tempDir } = await import('../support/fixtures');
    const dir = tempDir();
    writeFiles(dir, { 'a.md': '---\nkind: shot\n---\n' });
    const r = await cli(dir, 'approve', 'a.md');
    assert.equal(r.code, 2);
    assert.match(r.err, /^filmcrew approve: .* is not in a git repository.*\n {2}Run `git init`/);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
  });

  it('gate pass lists what is missing and exits 1, gate status shows the gates', async () => {
    const dir = production();
    let r = await cli(dir, 'gate', 'pass', 'script');
    assert.equal(r.code, 1);
    assert.match(r.err, /Script lock cannot pass yet\. Missing:\n {2}- script\.fountain: not locked/);
    await cli(dir, 'approve', 'script.fountain');
    r = await cli(dir, 'gate', 'pass', 'script');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Script lock passed in [0-9a-f]{7}, tagged filmcrew\/gate\/script/);
    r = await cli(dir, 'gate', 'status');
    assert.match(r.out, /^script +Script lock +passed \d{4}-\d\d-\d\d/m);
    assert.match(r.out, /^shotlist +Shot list lock +not passed: 2 missing$/m);
    r = await cli(dir, 'gate', 'pass', 'nope');
    assert.equal(r.code, 2);
  });

  it('choose, unlock, review and reject work end to end', async () => {
    const dir = production();
    let r = await cli(dir, 'choose', 'characters/mara.md', 'c');
    assert.equal(r.code, 0, r.err);
    assert.match(read(dir, 'characters/mara.md'), /^chosen: c$/m);
    r = await cli(dir, 'unlock', 'characters/mara.md');
    assert.equal(r.code, 2, 'a reason is required');
    r = await cli(dir, 'unlock', 'characters/mara.md', '--reason', 'Recasting Mara.');
    assert.equal(r.code, 0, r.err);
    assert.match(git(dir, 'log', '-1', '--format=%B'), /Recasting Mara\./);

    await writeProposalBranch(dir, { role: 'casting', runId: 'r2', message: 'Mara, older', files: [{ path: 'characters/jonah.md', content: '---\nkind: character\nid: jonah\nname: JONAH\nstatus: proposed\n---\n' }] });
    r = await cli(dir, 'review');
    assert.match(r.out, /^crew\/casting\/r2 {2}1 file {2}\+6 −0 .* Mara, older$/m);
    assert.match(r.out, /Proposed in the working tree \(2\):\n {2}shots\/s01-001\.md/);
    r = await cli(dir, 'review', '--pr', 'crew/casting/r2');
    assert.match(r.out, /^## Mara, older/);
    r = await cli(dir, 'reject', 'crew/casting/r2', '--note', 'Older, greyer.');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /the note is in agents\/casting\/feedback\.md/);
    r = await cli(dir, 'reject', 'shots/s01-001.md', '--note', 'Wider.');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /for directors-assistant/);
    r = await cli(dir, 'review', '--pr', 'crew/casting/r2');
    assert.equal(r.code, 2);
    assert.match(r.err, /no proposal branch `crew\/casting\/r2`/);
  });
});
