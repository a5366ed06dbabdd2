import assert from 'node:assert/strict';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { copyExample, initRepo } from '../support/fixtures';

function io(cwd: string): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), interactive: false, cwd, env: { CI: '1' } };
}

describe('filmcrew run and trace', () => {
  it('stops cleanly at the first question without a terminal, runs the whole spine offline with --yes, then has nothing to do', async function () {
    // The spine renders 21 clips and a 76-second rough cut at the example's 1080p.
    this.timeout(420_000);
    const dir = initRepo(copyExample('lighthouse'));

    const asked = io(dir);
    assert.equal(await main(['run', dir], asked), 4);
    const text = asked.lines.join('\n');
    assert.match(text, /Script lock gate needs a person's approval/);
    assert.match(text, /rerun with --yes/);

    const yes = io(dir);
    assert.equal(await main(['run', dir, '--yes', '--provider', 'offline'], yes), 0, yes.lines.join('\n'));
    const done = yes.lines.join('\n');
    for (const gate of ['Script lock', 'Shot list lock', 'Asset lock', 'Storyboard approval', 'Rough cut', 'Final sign-off']) {
      assert.match(done, new RegExp(`✓ ${gate} passed`));
    }
    assert.match(done, /0 failed/);

    // A full run leaves nothing stale, not even what its own gates chose and locked: the next run has nothing to do.
    const again = io(dir);
    assert.equal(await main(['run', dir, '--yes'], again), 0);
    assert.match(again.lines.join('\n'), /0 done, \d+ unchanged \(cached\), 0 failed, 0 skipped; 0 model calls/);

    const trace = io(dir);
    assert.equal(await main(['trace', dir], trace), 0);
    assert.match(trace.lines.join('\n'), /cached \(inputs unchanged, no call\)/);
    const list = io(dir);
    await main(['trace', '--list', dir], list);
    const first = list.lines[1]!.split(' ')[0]!;
    const full = io(dir);
    assert.equal(await main(['trace', first, dir], full), 0);
    assert.match(full.lines.join('\n'), /✓ directors-assistant:s01 succeeded in .* with offline, cost 0\.00/);
    assert.match(full.lines.join('\n'), /⛩ gate shotlist passed/);
  });

  it('says which values --stage accepts', async () => {
    const dir = initRepo(copyExample('lighthouse'));
    const bad = io(dir);
    assert.equal(await main(['run', dir, '--stage', 'catering'], bad), 2);
    assert.match(bad.errors.join('\n'), /unknown stage 'catering'[\s\S]*breakdown/);
  });
});
