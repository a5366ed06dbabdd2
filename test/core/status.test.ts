import assert from 'node:assert/strict';
import { loadProduction } from '../../src/core/production/load';
import { computeStatus } from '../../src/core/production/status';
import { copyExample, writeFiles } from '../support/fixtures';

const shot = (id: string, order: number, status: string, extra = '') =>
  `---\nkind: shot\nid: ${id}\nscene: s01\norder: ${order}\nstatus: ${status}\n${extra}---\n`;

describe('production status', () => {
  it('shows a fresh production waiting on its script lock', async () => {
    const report = computeStatus(await loadProduction(copyExample()));
    assert.equal(report.title, 'The Last Light');
    const byId = Object.fromEntries(report.stages.map((s) => [s.id, s]));
    assert.equal(byId.script!.state, 'ready');
    assert.equal(byId.breakdown!.state, 'waiting');
    assert.deepEqual(byId.breakdown!.waitingFor, ['script']);
    assert.deepEqual(byId.generation!.waitingFor, ['assets', 'storyboard']);
    assert.equal(report.artifacts.find((a) => a.kind === 'agent')!.total, 8);
    assert.equal(report.problems.errors, 0);
  });

  it('counts artifacts by status per kind, with stale ones counted as stale', async () => {
    const root = copyExample();
    writeFiles(root, {
      'shots/s01-001.md': shot('s01-001', 1, 'locked'),
      'shots/s01-002.md': shot('s01-002', 2, 'proposed'),
      'shots/s01-003.md': shot('s01-003', 3, 'locked'),
    });
    const report = computeStatus(await loadProduction(root), { stale: ['shots/s01-003.md'] });
    assert.deepEqual(report.artifacts.find((a) => a.kind === 'shot')!.byStatus, { locked: 1, proposed: 1, stale: 1 });
    assert.deepEqual(report.stale, ['shots/s01-003.md']);
  });

  it('passes the shot list gate when every shot is locked, and lets assets and storyboard start', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1, 'locked'), 'shots/s01-002.md': shot('s01-002', 2, 'locked') });
    const report = computeStatus(await loadProduction(root), { gates: { script: { passed: true, at: '2026-01-31T10:00:00Z' } } });
    const byId = Object.fromEntries(report.stages.map((s) => [s.id, s]));
    assert.equal(byId.script!.state, 'done');
    assert.equal(byId.script!.gate!.source, 'git');
    assert.equal(byId.breakdown!.state, 'done');
    assert.equal(byId.breakdown!.gate!.source, 'artifacts');
    assert.equal(byId.assets!.state, 'ready');
    assert.equal(byId.storyboard!.state, 'ready');
    assert.equal(byId.generation!.state, 'waiting');
  });

  it('takes gates from the caller over artifact statuses, and reports spend as given', async () => {
    const root = copyExample();
    writeFiles(root, { 'shots/s01-001.md': shot('s01-001', 1, 'locked') });
    const report = computeStatus(await loadProduction(root), {
      gates: { script: { passed: true }, shotlist: { passed: false } },
      spend: { total: 1.5, cap: 25, byRole: { casting: 1.5 } },
    });
    assert.equal(report.stages.find((s) => s.id === 'breakdown')!.state, 'ready');
    assert.deepEqual(report.spend, { total: 1.5, cap: 25, byRole: { casting: 1.5 } });
  });

  it('does not pass a gate from locked artifacts while a gate before it is open', async () => {
    const root = copyExample();
    writeFiles(root, {
      'shots/s01-001.md': shot('s01-001', 1, 'proposed'),
      'characters/mara.md': '---\nkind: character\nid: mara\nname: Mara\nstatus: locked\n---\n',
    });
    const report = computeStatus(await loadProduction(root), { gates: { script: { passed: true } } });
    const assets = report.stages.find((s) => s.id === 'assets')!;
    assert.equal(assets.gate!.passed, false);
    assert.equal(assets.state, 'waiting');
  });
});
