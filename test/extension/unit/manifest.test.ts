import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/fixtures';
import { COMMAND_IDS } from '../../../src/extension/command-ids';
import type { NodeFlag } from '../../../src/extension/views/node';

interface MenuItem {
  command: string;
  when?: string;
}
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

describe('the extension manifest', () => {
  it('contributes exactly the commands the extension registers, each in the Film Crew category', () => {
    const contributed = (pkg.contributes.commands as { command: string; category: string }[]).map((c) => c.command);
    assert.deepEqual([...contributed].sort(), [...COMMAND_IDS].sort());
    assert.ok((pkg.contributes.commands as { category: string }[]).every((c) => c.category === 'Film Crew'));
  });

  it('names only contributed commands in its menus', () => {
    const known = new Set<string>(COMMAND_IDS);
    for (const [menu, items] of Object.entries(pkg.contributes.menus as Record<string, MenuItem[]>)) {
      for (const item of items) assert.ok(known.has(item.command), `${menu} names unknown command ${item.command}`);
    }
  });

  it('matches tree rows by flags the trees set', () => {
    const flags: NodeFlag[] = ['can-approve', 'can-reject', 'can-choose', 'can-unlock', 'can-pass', 'can-run', 'can-regenerate', 'proposal', 'shot', 'role'];
    const used = (pkg.contributes.menus['view/item/context'] as MenuItem[]).map((i) => /\\b([a-z-]+)\\b/.exec(i.when ?? '')?.[1]);
    for (const flag of used) assert.ok(flag && flags.includes(flag as NodeFlag), `menu matches unknown flag ${flag}`);
  });

  it('activates on a production.md, lazily, and supports untrusted folders in a limited way', () => {
    assert.deepEqual(pkg.activationEvents, ['workspaceContains:**/production.md', 'onWebviewPanel:filmcrew.storyboard']);
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    const gated = ['filmcrew.run', 'filmcrew.resume', 'filmcrew.approve', 'filmcrew.reject', 'filmcrew.passGate', 'filmcrew.setApiKey'];
    for (const id of gated) {
      const c = (pkg.contributes.commands as { command: string; enablement?: string }[]).find((x) => x.command === id)!;
      assert.match(c.enablement ?? '', /isWorkspaceTrusted/, `${id} must need a trusted folder`);
    }
  });

  it('has three views in a Film Crew activity bar container, with a welcome that creates a production', () => {
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c: { title: string }) => c.title), ['Film Crew']);
    assert.deepEqual(pkg.contributes.views.filmcrew.map((v: { id: string }) => v.id), ['filmcrew.production', 'filmcrew.crew', 'filmcrew.review']);
    assert.ok(pkg.contributes.viewsWelcome.some((w: { view: string; contents: string }) => w.view === 'filmcrew.production' && w.contents.includes('command:filmcrew.newProduction')));
  });

  it('keeps API keys out of settings', () => {
    const keys = Object.keys(pkg.contributes.configuration.properties);
    assert.deepEqual(keys.sort(), ['filmcrew.approvalMode', 'filmcrew.concurrency', 'filmcrew.provider']);
  });
});
