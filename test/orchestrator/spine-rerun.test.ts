import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentHash, inputHash } from '../../src/core/artifact/hash';
import { builtinRoles } from '../../src/core/crew/index';
import { checkGate, gateState, readLockfile, staleness } from '../../src/core/git/index';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction, type RunOptions } from '../../src/core/orchestrator/index';
import { GATES } from '../../src/core/pipeline/stages';
import { copyExample, git, initRepo } from '../support/fixtures';

const yes: RunOptions = { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' };

function filesUnder(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (e.name === '.git') continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...filesUnder(root, p));
    else out.push(p);
  }
  return out;
}

function frontmatterStatus(text: string): string | undefined {
  return /^status: (\S+)$/m.exec(text)?.[1];
}

/** `filmcrew run --yes` on the example, twice: the second run has nothing to do. */
describe('a full run --yes on the example, and the run after it', () => {
  let dir: string;
  let shotListCommit: string;

  before(async function () {
    // The spine renders 21 clips and a 76-second rough cut at the example's 1080p.
    this.timeout(420_000);
    dir = initRepo(copyExample(), 'The Last Light');
    const first = await runProduction(dir, yes);
    assert.equal(first.counts.failed, 0, JSON.stringify(first.tasks.filter((t) => t.outcome === 'failed')));
    assert.deepEqual(first.gates.map((g) => [g.gate, g.outcome]), GATES.map((g) => [g.id, 'passed']));
    shotListCommit = git(dir, 'rev-list', '-n', '1', 'filmcrew/gate/shotlist');
  });

  it('leaves every shot locked as the breakdown made it, the DOP\'s lens and light in photography/, each lock entry matching its content', async () => {
    const { lock } = await readLockfile(dir);
    const shots = readdirSync(join(dir, 'shots')).filter((f) => f.endsWith('.md'));
    assert.equal(shots.length, 21);
    for (const name of shots) {
      const path = `shots/${name}`;
      const text = readFileSync(join(dir, path), 'utf8');
      assert.equal(frontmatterStatus(text), 'locked', `${path} is ${frontmatterStatus(text)}`);
      assert.doesNotMatch(text, /^lens: /m, `${path} was not rewritten by the DOP`);
      assert.equal(lock.locks[path]?.hash, contentHash(path, text), `${path}: its lock entry is for another version (edited-after-lock)`);
    }
    for (const scene of ['s01', 's02', 's03']) {
      const path = `photography/${scene}.md`;
      const text = readFileSync(join(dir, path), 'utf8');
      assert.equal(frontmatterStatus(text), 'locked', path);
      assert.match(text, /^\s+lens: /m, `${path} has the lenses`);
      assert.equal(lock.locks[path]?.hash, contentHash(path, text), path);
    }
  });

  it('never touches a shot after the shot list lock; the rough cut locks the DOP\'s photography', async () => {
    const locked = git(dir, 'log', '--format=%H', `${shotListCommit}..HEAD`, '--', 'shots/s01-001.md').split('\n').filter(Boolean);
    assert.deepEqual(locked, [], 'no commit after the shot list lock changes a shot');
    const roughCut = git(dir, 'rev-list', '-n', '1', 'filmcrew/gate/roughcut');
    const lit = git(dir, 'log', '--format=%H', `${shotListCommit}..${roughCut}`, '--', 'photography/s01.md').split('\n').filter(Boolean);
    assert.equal(lit.length, 1, 'one commit locks the photography of s01');
    assert.match(git(dir, 'show', '-s', '--format=%B', lit[0]!), /Filmcrew-Lock: photography\/s01\.md/);
    assert.equal(git(dir, 'status', '--porcelain', '--', 'shots', 'photography'), '');
  });

  it('passes all six gates', async () => {
    const state = await gateState(dir);
    assert.deepEqual(Object.entries(state).filter(([, s]) => !s.passed).map(([g]) => g), []);
  });

  it('leaves nothing stale: lighting the shots changes no shot', async () => {
    const { lock } = await readLockfile(dir);
    assert.deepEqual([...(await staleness(dir, lock)).keys()], []);
    const path = 'shots/s01-001.md';
    // Not the fixture's git(): it trims, and the body's last newline is content.
    const atShotList = execFileSync('git', ['show', `${shotListCommit}:${path}`], { cwd: dir, encoding: 'utf8' });
    const now = readFileSync(join(dir, path), 'utf8');
    assert.equal(contentHash(path, atShotList), contentHash(path, now), 'the DOP did not change the shot');
    assert.equal(lock.locks['media/frames/s01-001.svg']?.inputs[path], inputHash(path, now));
  });

  it('makes no model call and writes nothing on the next run', async function () {
    this.timeout(120_000);
    const tracked = git(dir, 'ls-files', '-s');
    const second = await runProduction(dir, yes);
    assert.equal(second.calls, 0);
    assert.equal(second.counts.succeeded, 0, JSON.stringify(second.tasks.filter((t) => t.outcome !== 'cached').map((t) => t.id)));
    assert.deepEqual(second.diagnostics, []);
    assert.deepEqual(filesUnder(dir).filter((f) => /\.(proposed|alt\d+)(\.|$)/.test(f)), []);
    assert.equal(git(dir, 'ls-files', '-s'), tracked);
    const status = git(dir, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);
    assert.deepEqual(status.filter((l) => !l.startsWith('??')), [], 'no tracked file changed');
    // Left untracked, as after the first run: the run state, the animatic (a view of the locked
    // cut) and the options nobody chose.
    const untracked = status.map((l) => l.slice(3)).filter((p) => !p.startsWith('.filmcrew/') && p !== 'edit/animatic.html');
    assert.deepEqual(untracked.filter((p) => !/^media\/options\/[a-z]+\/[a-z0-9-]+-[b-d]\.svg$/.test(p)), []);
  });
});

describe('the rough cut gate', () => {
  it('has nothing to approve while the edit has made nothing, even with every shot lit', async function () {
    // Lighting renders the 21 clips at 1080p.
    this.timeout(300_000);
    const dir = initRepo(copyExample(), 'The Last Light');
    const summary = await runProduction(dir, { ...yes, roles: builtinRoles().filter((r) => r.role !== 'editor' && r.role !== 'checker') });
    assert.equal(summary.counts.failed, 0);
    const roughCut = summary.gates.find((g) => g.gate === 'roughcut');
    assert.equal(roughCut?.outcome, 'nothing-to-approve', JSON.stringify(summary.gates));
    assert.equal((await gateState(dir)).roughcut.passed, false);
    const check = await checkGate(dir, 'roughcut');
    assert.ok(check.missing.some((m) => m.startsWith('nothing to lock yet')), check.missing.join('\n'));
    // The DOP's photography waits for the rough cut: proposed, not locked; the shots stay locked.
    assert.equal(frontmatterStatus(readFileSync(join(dir, 'photography/s01.md'), 'utf8')), 'proposed');
    assert.equal(frontmatterStatus(readFileSync(join(dir, 'shots/s01-001.md'), 'utf8')), 'locked');
  });
});
