/**
 * The producer, as a person waits for it: `filmcrew ask "where are we?"` answered from rules (the
 * whole process, against `filmcrew status` on the same production as the baseline), and an MCP
 * client's first answer (spawn `filmcrew mcp` → initialize → tools/list → a status call) and a
 * warm status call. Uses dist/cli.js (`node scripts/build.mjs`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { approveEverything, environmentSecrets, silentLogger } from '../src/core/host';
import { runProduction } from '../src/core/orchestrator/index';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.js');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function finished(): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'filmcrew-bench-producer-')), 'lighthouse');
  cpSync(join(root, 'examples', 'lighthouse'), dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@filmcrew.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  await runProduction(dir, { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' });
  return dir;
}

function wall(args: string[]): number {
  const t = performance.now();
  execFileSync(process.execPath, [cli, ...args], { stdio: 'ignore', env: { ...process.env, CI: '1' } });
  return performance.now() - t;
}

export async function run(): Promise<void> {
  if (!existsSync(cli)) {
    console.log('   dist/cli.js is missing: run `node scripts/build.mjs` first');
    return;
  }
  const dir = await finished();
  const status: number[] = [];
  const ask: number[] = [];
  for (let i = 0; i < 7; i++) {
    status.push(wall(['status', dir]));
    ask.push(wall(['ask', '--dir', dir, 'where are we?']));
  }
  console.log(`   filmcrew ask "where are we?" (offline rules, whole process): median ${median(ask).toFixed(0)} ms; filmcrew status (baseline, same runs): ${median(status).toFixed(0)} ms`);

  const first: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', dir], stderr: 'ignore' }));
    await client.listTools();
    await client.callTool({ name: 'status', arguments: {} });
    first.push(performance.now() - t0);
    for (let j = 0; j < 5; j++) {
      const t = performance.now();
      await client.callTool({ name: 'status', arguments: {} });
      warm.push(performance.now() - t);
    }
    await client.close();
  }
  console.log(`   filmcrew mcp: spawn → initialize → tools/list → status answered: median ${median(first).toFixed(0)} ms; a warm status call: median ${median(warm).toFixed(0)} ms`);
}
