import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FilmcrewError } from '../../src/core/diagnostics';
import { checkGate } from '../../src/core/git/gates';
import { runProduction } from '../../src/core/orchestrator/index';
import { initProduction } from '../../src/core/production/init';
import { loadProduction } from '../../src/core/production/load';
import { offlineProvider } from '../../src/core/crew/offline';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { copyExample, tempDir } from '../support/fixtures';
import { IDENTITY, withGitConfig } from '../core/git-config';

describe('screenplay diagnostics', () => {
  it('reports a production with no screenplay as an error on production.md, saying what to write', async () => {
    const dir = copyExample();
    rmSync(join(dir, 'script.fountain'));
    const p = await loadProduction(dir);
    const d = p.diagnostics.find((x) => x.code === 'no-screenplay');
    assert.ok(d, 'a missing screenplay is diagnosed');
    assert.equal(d.severity, 'error');
    assert.equal(d.file, 'production.md');
    assert.match(d.message, /script\.fountain/);
  });

  it('warns at the first line of a screenplay that has text but no scene heading', async () => {
    const dir = copyExample();
    writeFileSync(join(dir, 'script.fountain'), 'Title: Draft\n\nShe waits by the door.\n\nNothing happens.\n');
    const p = await loadProduction(dir);
    const d = p.diagnostics.find((x) => x.code === 'no-scenes');
    assert.ok(d);
    assert.deepEqual([d.file, d.line, d.severity], ['script.fountain', 3, 'warning']);
    assert.match(d.message, /INT\. KITCHEN - NIGHT/);
  });

  it('refuses to run an act the production does not have, naming the acts it has', async () => {
    const dir = copyExample();
    await assert.rejects(
      runProduction(dir, { act: 'act9', prompt: approveEverything, providers: [offlineProvider()], secrets: environmentSecrets, logger: silentLogger }),
      (e: unknown) => e instanceof FilmcrewError && e.code === 'unknown-act' && /act9/.test(e.message) && /act1, act2/.test(e.advice ?? ''),
    );
  });

  it('will not pass the script lock on the placeholder script init writes, and says why', async () => {
    const dir = join(tempDir(), 'blank-page');
    await withGitConfig(IDENTITY, {}, () => initProduction(dir, { date: '2026-01-31' }));
    const before = await checkGate(dir, 'script');
    assert.equal(before.ready, false);
    assert.ok(before.missing.some((m) => /script\.fountain: no scenes yet/.test(m)), before.missing.join('\n'));

    writeFileSync(join(dir, 'script.fountain'), 'Title: Blank Page\n\nINT. STUDY - NIGHT\n\nA page fills.\n');
    const after = await checkGate(dir, 'script');
    assert.ok(!after.missing.some((m) => /no scenes yet/.test(m)), after.missing.join('\n'));
  });
});
