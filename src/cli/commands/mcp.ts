/**
 * `filmcrew mcp [dir]`: serves the production to an MCP client over stdio (the producer's tools
 * and the production's files as resources). stdout carries the protocol: every log line goes to stderr.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '../command';

export const mcp: Command = {
  name: 'mcp',
  summary: "Serve the production to an MCP client over stdio: the producer's tools and the files as resources",
  usage: 'filmcrew mcp [dir] [--provider <name>]',
  options: { provider: { type: 'string' } },
  async run(args, io) {
    const root = resolve(io.cwd, args.positionals[0] ?? '.');
    if (!existsSync(resolve(root, 'production.md'))) {
      io.err(`filmcrew mcp: ${root} has no production.md. Give the production folder: \`filmcrew mcp my-film\`.`);
      return 2;
    }
    const [{ producerMcpServer }, { StdioServerTransport }, { environmentSecrets }] = await Promise.all([
      import('../mcp/server'),
      import('@modelcontextprotocol/sdk/server/stdio.js'),
      import('../../core/host'),
    ]);
    const log = (m: string) => process.stderr.write(`${m}\n`);
    const server = producerMcpServer({
      root,
      secrets: environmentSecrets,
      logger: { debug: () => {}, info: log, warn: (m) => log(`warning: ${m}`), error: log },
      version: '0.1.0',
      ...(typeof args.values.provider === 'string' ? { provider: args.values.provider } : {}),
    });
    const transport = new StdioServerTransport();
    await server.connect(transport);
    // Served until the client goes: it closes the pipe, or the protocol closes.
    const closed = new Promise<void>((done) => {
      server.server.onclose = () => done();
      process.stdin.once('end', () => done());
    });
    log(`filmcrew mcp: serving ${root} on stdio`);
    await closed;
    await server.close();
    return 0;
  },
};
