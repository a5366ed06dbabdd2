import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCER_TOOLS } from '../../src/core/producer/tools';
import { repoRoot } from '../support/fixtures';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

describe('the manifest’s producer: @producer and the language model tools', () => {
  it('contributes the @producer chat participant with its slash commands', () => {
    const [p] = pkg.contributes.chatParticipants as { id: string; name: string; commands: { name: string }[] }[];
    assert.equal(p!.id, 'filmcrew.producer');
    assert.equal(p!.name, 'producer');
    assert.deepEqual(p!.commands.map((c) => c.name), ['status', 'questions', 'review']);
  });

  it('contributes one language model tool per producer tool, with the same argument schema', () => {
    const tools = pkg.contributes.languageModelTools as { name: string; inputSchema: unknown; modelDescription: string }[];
    assert.deepEqual(tools.map((t) => t.name), PRODUCER_TOOLS.map((t) => `filmcrew_${t.name}`));
    for (const t of PRODUCER_TOOLS) {
      const c = tools.find((x) => x.name === `filmcrew_${t.name}`)!;
      assert.deepEqual(c.inputSchema, JSON.parse(JSON.stringify(t.inputSchema)), t.name);
      assert.match(c.modelDescription, t.effect === 'read' ? /Reads only\./ : /the person confirms first/, t.name);
    }
  });

  it('needs no newer VS Code than it declares: the chat and tool APIs are in @types/vscode 1.95', () => {
    const types = readFileSync(join(repoRoot, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
    assert.match(types, /export function createChatParticipant\(/);
    assert.match(types, /export function registerTool<T>\(/);
    assert.match(types, /confirmationMessages\?: LanguageModelToolConfirmationMessages/);
    assert.equal(pkg.engines.vscode, '^1.95.0');
  });
});
