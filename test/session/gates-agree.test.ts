import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { approve, passGate, unlock } from '../../src/core/git/index';
import { silentLogger } from '../../src/core/host';
import { gateKeeper } from '../../src/core/orchestrator/gates';
import { listFiles } from '../../src/core/orchestrator/inputs';
import { GATES, type GateId } from '../../src/core/pipeline/stages';
import { ProductionLoader } from '../../src/core/production/load';
import type { TreeNode } from '../../src/extension/views/node';
import { productionTree } from '../../src/extension/views/production-tree';
import { WorkspaceProduction } from '../../src/extension/workspace-production';
import { git, initRepo, tempDir } from '../support/fixtures';
import { lighthouse, shotText } from '../extension/unit/production';

type Gates = Record<GateId, boolean>;

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => out.push(l), interactive: false, cwd: tempDir(), env: { ...process.env, CI: '1' } };
  const code = await main(args, io);
  return { code, out: out.join('\n') };
}

/** `filmcrew status --json`: its gates. */
async function statusGates(root: string): Promise<Gates> {
  const r = await cli(['status', root, '--json']);
  assert.equal(r.code, 0, r.out);
  return (JSON.parse(r.out) as { gates: Gates }).gates;
}

/** `filmcrew gate status`: passed or not, per gate (needs git). */
async function gateStatusGates(root: string): Promise<Gates> {
  const r = await cli(['gate', 'status', '--dir', root]);
  assert.equal(r.code, 0, r.out);
  const out = {} as Gates;
  for (const g of GATES) out[g.id] = new RegExp(`^${g.id}\\s.*\\spassed\\s`, 'm').test(r.out);
  return out;
}

/** What `filmcrew run`'s planner waits on: its gate keeper's states. */
async function plannerGates(root: string): Promise<Gates> {
  const production = await new ProductionLoader(root, { persistentIndex: false }).load();
  const keeper = await gateKeeper(root, () => listFiles(root));
  return keeper.states(production);
}

/** The Production tree's stage rows: a gate row says `passed` or not. */
async function treeGates(root: string): Promise<Gates> {
  const source = new WorkspaceProduction(silentLogger, 20);
  const view = await source.open(root);
  assert.ok(view);
  const out = {} as Gates;
  const walk = (nodes: readonly TreeNode[]): void => {
    for (const node of nodes) {
      const gate = node.target?.gate as GateId | undefined;
      if (gate && node.flags.includes('stage')) out[gate] = / passed$/.test(String(node.description));
      walk(node.children ?? []);
    }
  };
  walk(productionTree(view, true));
  source.dispose();
  return out;
}

/** Every reader's gates, asserted equal to each other and to what is expected. */
async function agree(root: string, expected: Partial<Gates>, withGit = true): Promise<void> {
  const readers: [string, Gates][] = [
    ['filmcrew status', await statusGates(root)],
    ['the run planner', await plannerGates(root)],
    ['the Production tree', await treeGates(root)],
  ];
  if (withGit) readers.push(['filmcrew gate status', await gateStatusGates(root)]);
  const want = Object.fromEntries(GATES.map((g) => [g.id, expected[g.id] ?? false])) as Gates;
  for (const [who, gates] of readers) assert.deepEqual(gates, want, `${who} disagrees`);
}

describe('status, the run planner and the trees agree on every gate', function () {
  this.timeout(120_000);

  it('after approve and gate pass, after unlock, after re-lock and after passing again', async () => {
    const root = await lighthouse();
    await approve(root, ['script.fountain']);
    await passGate(root, 'script');
    await approve(root, ['shots/s01-001.md', 'shots/s01-002.md', 'shots/s02-001.md']);
    await agree(root, { script: true });
    await passGate(root, 'shotlist');
    await agree(root, { script: true, shotlist: true });

    // Taking back a lock the gate covered takes the gate back, everywhere.
    await unlock(root, 'shots/s01-002.md', 'the lamp room scene changes');
    await agree(root, { script: true });

    // Locking it again is not passing the gate: a person passes it again.
    await approve(root, ['shots/s01-002.md']);
    await agree(root, { script: true });
    const again = await passGate(root, 'shotlist');
    assert.equal(again.alreadyPassed, false);
    await agree(root, { script: true, shotlist: true });
    // The gate's tag moved to the new gate commit.
    assert.equal(git(root, 'rev-parse', 'filmcrew/gate/shotlist^{commit}'), again.commit);
  });

  it('without git, judges every gate by the one rule from the files’ statuses', async () => {
    const root = await lighthouse({
      'shots/s01-001.md': shotText('s01-001', 's01', 1, 'locked'),
      'shots/s01-002.md': shotText('s01-002', 's01', 2, 'locked'),
      'shots/s02-001.md': shotText('s02-001', 's02', 3, 'locked'),
    });
    // A lock file from a repository the folder was copied out of: without git it proves nothing.
    await approve(root, ['script.fountain']);
    const bare = join(tempDir(), 'film');
    cpSync(root, bare, { recursive: true });
    rmSync(join(bare, '.git'), { recursive: true, force: true });
    // The script cannot say it is locked without git: nothing passes, though every shot says locked.
    await agree(bare, {}, false);
    // In a repository whose history has no gate, the same files pass nothing either.
    await agree(initRepo(bare), {});
  });
});
