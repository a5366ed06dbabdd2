import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../src/core/host';
import { isIgnoredPath as isNoise } from '../../../src/core/session/index';
import { WorkspaceProduction } from '../../../src/extension/workspace-production';
import { lighthouse, shotText } from './production';

describe('the production the views show', function () {
  this.timeout(20000);

  it('reloads once for a burst of changed files, with what changed', async () => {
    const root = await lighthouse();
    const lines: string[] = [];
    const log: Logger = { debug: (m) => lines.push(m), info() {}, warn() {}, error: (m) => lines.push(m) };
    const source = new WorkspaceProduction(log, 30);
    await source.open(root);
    let changes = 0;
    source.onDidChange(() => changes++);
    writeFileSync(join(root, 'shots/s01-003.md'), shotText('s01-003', 's01', 3, 'proposed'));
    writeFileSync(join(root, 'shots/s01-004.md'), shotText('s01-004', 's01', 4, 'proposed'));
    source.changed([join(root, 'shots/s01-003.md'), join(root, '.git/index'), join(root, 'shots/s01-004.md')]);
    source.changed([join(root, 'shots/s01-004.md')]);
    const view = await source.settled();
    assert.equal(changes, 1);
    assert.deepEqual(view!.production.shots.map((s) => String(s.data.id)).sort(), ['s01-001', 's01-002', 's01-003', 's01-004', 's02-001']);
    assert.ok(lines.some((l) => /reloaded \(2 changed\)/.test(l)), lines.join('\n'));
  });

  it('ignores git internals and caches', () => {
    assert.ok(isNoise('.git/index'));
    assert.ok(isNoise('.filmcrew/index.json'));
    assert.ok(!isNoise('shots/s01-001.md'));
    assert.ok(!isNoise('filmcrew.lock'));
    // The journals say what failed and what was spent: the views follow them.
    assert.ok(!isNoise('.filmcrew/runs/20260101-000000-a.jsonl'));
    assert.ok(isNoise('.filmcrew/tmp/x') && isNoise('node_modules/a/b.js'));
  });

  it('shows nothing, and says why in the log, for a folder without a production', async () => {
    const errors: string[] = [];
    const source = new WorkspaceProduction({ debug() {}, info() {}, warn() {}, error: (m) => errors.push(m) });
    const { tempDir } = await import('../../support/fixtures');
    assert.equal(await source.open(tempDir()), undefined);
    assert.match(errors[0]!, /no production\.md/);
  });
});
