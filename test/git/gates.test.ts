import assert from 'node:assert/strict';
import { approve, choose } from '../../src/core/git/approve';
import { checkGate, gateState, GateRefused, passGate } from '../../src/core/git/gates';
import { git, writeFiles } from '../support/fixtures';
import { production, read, status, trailers } from './production';

describe('gates', () => {
  it('shows no gate passed in a fresh production', async () => {
    const dir = production();
    const state = await gateState(dir);
    assert.deepEqual(Object.keys(state).sort(), ['assets', 'final', 'roughcut', 'script', 'shotlist', 'storyboard']);
    assert.ok(Object.values(state).every((s) => !s.passed));
  });

  it('refuses the shot list lock with the list of what is missing, then passes it once all is locked', async () => {
    const dir = production();
    const head = git(dir, 'rev-parse', 'HEAD');
    await assert.rejects(passGate(dir, 'shotlist'), (e: unknown) => {
      assert.ok(e instanceof GateRefused);
      assert.ok(e.missing.some((m) => /gate `script`.*has not passed/.test(m)), e.message);
      assert.ok(e.missing.some((m) => /shots\/s01-001\.md: not locked/.test(m)), e.message);
      assert.ok(e.missing.some((m) => /shots\/s01-002\.md: not locked/.test(m)), e.message);
      assert.match(e.message, /Shot list lock cannot pass yet; 3 things missing/);
      return true;
    });
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head, 'a refused gate commits nothing');
    assert.equal(git(dir, 'tag', '--list', 'filmcrew/gate/*'), '');

    await approve(dir, ['script.fountain']);
    const script = await passGate(dir, 'script');
    assert.equal(script.alreadyPassed, false);
    await approve(dir, ['shots/*.md']);
    const passed = await passGate(dir, 'shotlist');
    assert.deepEqual(passed.artifacts, ['shots/s01-001.md', 'shots/s01-002.md']);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), passed.commit);
    assert.deepEqual(trailers(dir, 'Filmcrew-Gate'), ['shotlist']);
    assert.equal(git(dir, 'rev-parse', 'filmcrew/gate/shotlist^{commit}'), passed.commit);
    assert.equal(git(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', 'HEAD'), '', 'a gate commit changes no file');
    assert.deepEqual(status(dir), []);

    const state = await gateState(dir);
    assert.equal(state.script.passed, true);
    assert.equal(state.shotlist.passed, true);
    assert.equal(state.shotlist.commit, passed.commit);
    assert.equal(state.assets.passed, false);
  });

  it('does not commit twice for a gate that already passed', async () => {
    const dir = production();
    await approve(dir, ['script.fountain']);
    const first = await passGate(dir, 'script');
    const again = await passGate(dir, 'script');
    assert.equal(again.alreadyPassed, true);
    assert.equal(again.commit, first.commit);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), first.commit);
  });

  it('will not pass the asset lock while a sheet has no chosen option, nor with a locked file edited since', async () => {
    const dir = production();
    await approve(dir, ['script.fountain']);
    await passGate(dir, 'script');
    await approve(dir, ['shots/*.md']);
    await passGate(dir, 'shotlist');
    await approve(dir, ['characters/mara.md']);
    let check = await checkGate(dir, 'assets');
    assert.deepEqual(check.missing, ['characters/mara.md: no option chosen: `filmcrew choose characters/mara.md <option>`']);
    await choose(dir, 'characters/mara.md', 'a');
    check = await checkGate(dir, 'assets');
    assert.equal(check.ready, true, check.missing.join('\n'));
    const sheet = read(dir, 'characters/mara.md');
    writeFiles(dir, { 'characters/mara.md': sheet.replace('in her sixties', 'in her seventies') });
    check = await checkGate(dir, 'assets');
    assert.equal(check.missing.length, 1);
    assert.match(check.missing[0]!, /^characters\/mara\.md: edited after lock on .* by Test Director: approve again or revert/);
    writeFiles(dir, { 'characters/mara.md': sheet });
    const passed = await passGate(dir, 'assets');
    assert.equal((await gateState(dir)).assets.commit, passed.commit);
  });

  it('reads a passed gate from its tag when the trailer is not in the history', async () => {
    const dir = production();
    git(dir, 'tag', '-a', '-m', 'by hand', 'filmcrew/gate/script');
    const state = await gateState(dir);
    assert.equal(state.script.passed, true);
    assert.equal(state.script.commit, git(dir, 'rev-parse', 'HEAD'));
  });
});
