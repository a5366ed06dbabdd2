import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { repoRoot } from '../support/fixtures';
import { finishedExample, removeProduction } from './support';

type TextContent = { type: 'text'; text: string }[];

/** `filmcrew mcp <dir>` from source, driven by the SDK's own client over stdio. */
describe('filmcrew mcp: the producer over MCP (stdio, the official SDK client)', () => {
  let dir: string;
  let client: Client;
  before(async function () {
    this.timeout(180_000);
    dir = await finishedExample();
    client = new Client({ name: 'filmcrew-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: join(repoRoot, 'node_modules/.bin/tsx'),
      args: [join(repoRoot, 'src/cli/main.ts'), 'mcp', dir, '--provider', 'offline'],
      cwd: repoRoot,
      stderr: 'ignore',
    });
    await client.connect(transport);
  });
  after(async function () {
    this.timeout(60_000);
    await client?.close();
    removeProduction(dir);
  });

  it('answers initialize with its name and the tools and resources capabilities', () => {
    assert.equal(client.getServerVersion()?.name, 'filmcrew');
    const caps = client.getServerCapabilities();
    assert.ok(caps?.tools, 'tools');
    assert.ok(caps?.resources, 'resources');
  });

  it('lists the producer’s tools, the ones that change files with a confirm argument', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    assert.deepEqual(names, ['answer_question', 'approve', 'list_questions', 'pass_gate', 'regenerate', 'review_cut', 'route_note', 'run_stage', 'show_shot', 'status']);
    const route = tools.find((t) => t.name === 'route_note')!;
    assert.ok((route.inputSchema.properties as Record<string, unknown>).confirm);
    assert.deepEqual(route.inputSchema.required, ['note']);
    assert.equal(tools.find((t) => t.name === 'status')!.annotations?.readOnlyHint, true);
  });

  it('answers a status call from the production', async () => {
    const r = await client.callTool({ name: 'status', arguments: {} });
    assert.equal(r.isError, false);
    const text = (r.content as TextContent)[0]!.text;
    assert.match(text, /^The Last Light:/);
    assert.match(text, /Shot breakdown: done, gate Shot list lock passed — 21 shots: 21 locked/);
  });

  it('changes nothing without confirm: true, and routes the note once confirmed', async () => {
    const args = { category: 'continuity', note: 'Keep the braid tied in s02-002.', subject: 's02-002' };
    const first = await client.callTool({ name: 'route_note', arguments: args });
    assert.equal(first.isError, true);
    assert.match((first.content as TextContent)[0]!.text, /not confirmed.*\n.*confirm: true/);
    assert.ok(!existsSync(join(dir, 'agents/casting/feedback.md')));
    const second = await client.callTool({ name: 'route_note', arguments: { ...args, confirm: true } });
    assert.equal(second.isError, false, (second.content as TextContent)[0]!.text);
    assert.match(readFileSync(join(dir, 'agents/casting/feedback.md'), 'utf8'), /Keep the braid tied in s02-002\./);
  });

  it('serves the production’s files as resources, confined to the production', async () => {
    const { resources } = await client.listResources();
    assert.ok(resources.some((r) => r.uri === 'filmcrew://production/shots/s01-001.md'));
    const read = await client.readResource({ uri: 'filmcrew://production/script.fountain' });
    assert.match((read.contents[0] as { text: string }).text, /^Title: The Last Light/);
    await assert.rejects(client.readResource({ uri: 'filmcrew://production/../../etc/passwd' }));
  });
});
