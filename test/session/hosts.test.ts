/**
 * Issue 16's must-show: the same storyboard actions through both hosts give the same commits and
 * the same statuses. `filmcrew preview` is driven through its real HTTP server (the shell's token,
 * POST /api/action, the snapshot embedded in the shell); the VS Code host through its storyboard
 * session and WorkspaceProduction in-process, with a fake transport (the messages it would post
 * to the webview) and a run host like the extension's minus VS Code's progress UI.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { builtinRoles } from '../../src/core/crew/index';
import { unlock } from '../../src/core/git/index';
import { environmentSecrets, silentLogger, type ApprovalPrompt } from '../../src/core/host';
import { runProduction } from '../../src/core/orchestrator/index';
import { freeCallsOnly } from '../../src/core/session/index';
import type { ActionMessage, ActionResultMessage, HostMessage, ProductionSnapshot } from '../../src/core/storyboard/protocol';
import { SNAPSHOT_BLOCK_ID } from '../../src/core/storyboard/protocol';
import { startPreview, type PreviewServer } from '../../src/cli/preview/server';
import { StoryboardSession } from '../../src/extension/storyboard-session';
import { WorkspaceProduction } from '../../src/extension/workspace-production';
import { copyExample, git, initRepo, tempDir } from '../support/fixtures';
import { builtApp } from '../storyboard/browser';

/** A person at the run's prompts: free calls yes; the script and shot list locks yes, the rest no. */
const scriptAndShots: ApprovalPrompt = {
  ask: async (q) => (q.kind === 'gate' && q.gate !== 'script' && q.gate !== 'shotlist' ? { answer: 'deny' } : { answer: 'approve' }),
};

/** One host as the test drives it: an action in, its answer out; the snapshot a fresh app would get. */
interface Host {
  act(message: ActionMessage): Promise<ActionResultMessage>;
  snapshot(): Promise<ProductionSnapshot>;
  close(): Promise<void>;
}

async function previewHost(root: string): Promise<Host> {
  const server: PreviewServer = await startPreview({ root, appDir: await builtApp() });
  const shell = async () => (await fetch(server.url)).text();
  const token = /<meta name="filmcrew-host-token" content="([^"]+)">/.exec(await shell())![1]!;
  return {
    async act(message) {
      const r = await fetch(`${server.url}api/action`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-filmcrew-token': token }, body: JSON.stringify(message) });
      assert.equal(r.status, 200);
      return (await r.json()) as ActionResultMessage;
    },
    async snapshot() {
      const html = await shell();
      const block = new RegExp(`<script type="application/json" id="${SNAPSHOT_BLOCK_ID}"[^>]*>([\\s\\S]*?)</script>`).exec(html)![1]!;
      return (JSON.parse(block) as { snapshot: ProductionSnapshot }).snapshot;
    },
    close: () => server.close(),
  };
}

async function vscodeHost(root: string): Promise<Host> {
  const source = new WorkspaceProduction(silentLogger, 20, {
    trusted: () => true,
    confirm: async () => false,
    run: (run, observer) => runProduction(root, { ...run, prompt: freeCallsOnly, secrets: environmentSecrets, logger: silentLogger, observer }),
    progress: () => undefined,
    log: () => undefined,
  });
  await source.open(root);
  const posted: HostMessage[] = [];
  const panel = new StoryboardSession(source, (m) => posted.push(m), String, async () => undefined);
  await panel.receive({ type: 'app/ready' });
  return {
    async act(message) {
      await panel.receive(message);
      const answer = posted.filter((m): m is ActionResultMessage => m.type === 'action/result' && m.requestId === message.requestId);
      assert.equal(answer.length, 1);
      return answer[0]!;
    },
    async snapshot() {
      const fresh: HostMessage[] = [];
      await new StoryboardSession(source, (m) => fresh.push(m), String, async () => undefined).receive({ type: 'app/ready' });
      assert.equal(fresh[0]?.type, 'production/snapshot');
      return (fresh[0] as { snapshot: ProductionSnapshot }).snapshot;
    },
    close: async () => source.dispose(),
  };
}

/** Hashes and times differ between the two copies; everything else must not. */
const normal = (text: string) => text.replace(/\b[0-9a-f]{7,40}\b/g, '<hash>').replace(/\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?/g, '<time>');

/** Each commit since `base`: its message and the files it changed. */
function commitsSince(root: string, base: string): string[] {
  const hashes = git(root, 'rev-list', '--reverse', `${base}..HEAD`).split('\n').filter(Boolean);
  return hashes.map((h) => normal(git(root, 'show', '--format=%B', '--name-only', h)));
}

/** What the cards say: each shot's and asset's status (and why), the chosen option. */
function statuses(s: ProductionSnapshot): string[] {
  return [...s.shots.map((c) => `${c.id} ${c.status}${c.reason ? ` (${c.reason})` : ''}`), ...s.assets.map((a) => `${a.kind}/${a.id} ${a.status} chosen=${a.chosen ?? '-'}`)];
}

describe('both storyboard hosts drive one action handler', function () {
  this.timeout(600_000);
  let base: string;

  before(async () => {
    // The breakdown, casting's sheets and the storyboard's frames, offline; shots locked at their gate.
    base = initRepo(copyExample(), 'The Last Light');
    const roles = builtinRoles().filter((r) => ['directors-assistant', 'casting', 'storyboard-artist'].includes(r.role));
    const run = await runProduction(base, { roles, provider: 'offline', roughStoryboard: true, prompt: scriptAndShots, secrets: environmentSecrets, logger: silentLogger });
    assert.equal(run.counts.failed, 0, JSON.stringify(run.tasks.filter((t) => t.outcome === 'failed')));
    assert.ok(run.gates.some((g) => g.gate === 'shotlist' && g.outcome === 'passed'), JSON.stringify(run.gates));
  });

  it('gives the same answers, the same commits and the same statuses for approve, choose, regenerate and reject', async () => {
    const results: Record<string, { answers: string[]; commits: string[]; statuses: string[] }> = {};
    for (const [name, start] of [['preview', previewHost], ['vscode', vscodeHost]] as const) {
      const root = join(tempDir(), name);
      cpSync(base, root, { recursive: true });
      const head = git(root, 'rev-parse', 'HEAD');
      const host = await start(root);
      try {
        const before = await host.snapshot();
        const mara = before.assets.find((a) => a.kind === 'character' && a.id === 'mara')!;
        assert.ok(mara.options.length > 1, 'casting drew options for Mara');
        const answers: ActionResultMessage[] = [];
        const act = async (m: ActionMessage) => void answers.push(await host.act(m));
        await act({ type: 'shot/approve', requestId: 'a', shotId: 's01-001' });
        await act({ type: 'asset/choose', requestId: 'b', kind: 'character', assetId: 'mara', optionId: mara.options[1]!.id });
        await act({ type: 'shot/regenerate', requestId: 'c', shotId: 's01-002', what: 'frame' });
        await act({ type: 'shot/reject', requestId: 'd', shotId: 's01-003', note: 'Closer on the lamp.' });
        // A person takes the shot's lock back at the command line; then the card's reject goes through.
        await unlock(root, 'shots/s01-003.md', 'the lamp needs a closer shot');
        await act({ type: 'shot/reject', requestId: 'e', shotId: 's01-003', note: 'Closer on the lamp.' });
        const after = await host.snapshot();
        results[name] = { answers: answers.map((a) => normal(`${a.requestId} ${a.ok} ${a.message}`)), commits: commitsSince(root, head), statuses: statuses(after) };
      } finally {
        await host.close();
      }
    }
    const { preview, vscode } = results;
    // What the actions did, as a reader would check it on either side.
    assert.deepEqual(preview!.answers.map((a) => a.split(' ').slice(0, 2).join(' ')), ['a true', 'b true', 'c true', 'd false', 'e true']);
    assert.match(preview!.answers[0]!, /Locked s01-001 \(commit <hash>\)/);
    assert.match(preview!.answers[2]!, /Regenerated the frame of s01-002/);
    assert.match(preview!.answers[3]!, /shots\/s01-003\.md is locked/);
    assert.match(preview!.commits[0]!, /media\/frames\/s01-001\.svg/, 'approving the card locks its frame too');
    assert.ok(preview!.statuses.includes('s01-003 rejected'), preview!.statuses.join('\n'));
    assert.ok(preview!.statuses.some((s) => /^character\/mara locked chosen=/.test(s)), preview!.statuses.join('\n'));
    // And the same on both sides.
    assert.deepEqual(vscode!.answers, preview!.answers);
    assert.deepEqual(vscode!.commits, preview!.commits);
    assert.deepEqual(vscode!.statuses, preview!.statuses);
  });
});
