/**
 * The producer's tools and the production's files over MCP (the official SDK's McpServer), so
 * any MCP client can drive a production. Reads run at once. A tool that changes the production
 * takes `confirm: true`: without it the call only says what it would do (the client shows that
 * to its person and calls again). Runs a tool starts ask `decide()` before each paid call like
 * any run; with no person to ask over MCP, a call the policy would ask about is not sent.
 */
import { readFile } from 'node:fs/promises';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z, type ZodTypeAny } from 'zod';
import { confine } from '../../core/artifact/paths';
import type { ApprovalPrompt, Logger, Secrets } from '../../core/host';
import { listFiles } from '../../core/orchestrator/inputs';
import { NobodyToAsk } from '../../core/orchestrator/task';
import { callTool, PRODUCER_TOOLS, type ProducerTool, type ToolArgs } from '../../core/producer/tools';

const TEXT_FILES = /\.(md|fountain|lock|otio|edl|json|yaml|yml|txt)$/;
const URI_PREFIX = 'filmcrew://production/';

/** No person at the other end of the pipe: a question the policy asks stops the run and says why. */
const nobodyOverMcp: ApprovalPrompt = {
  async ask(q) {
    const what = q.kind === 'gate' ? `the ${q.gate} gate` : `a paid call to ${q.model} for ${q.taskId}`;
    throw new NobodyToAsk(`${what} needs a person's approval, which an MCP client cannot give mid-run: pass gates with the pass_gate tool, and set \`approval: auto\` with a budget cap in production.md for paid calls`);
  },
};

/** A zod shape for a tool's JSON Schema arguments (strings, enums, string lists). */
function shapeOf(tool: ProducerTool): Record<string, ZodTypeAny> {
  const shape: Record<string, ZodTypeAny> = {};
  const required = new Set(tool.inputSchema.required ?? []);
  for (const [key, raw] of Object.entries(tool.inputSchema.properties)) {
    const p = raw as { type?: string; enum?: string[]; description?: string };
    let t: ZodTypeAny = p.enum?.length ? z.enum(p.enum as [string, ...string[]]) : p.type === 'array' ? z.array(z.string()) : z.string();
    if (p.description) t = t.describe(p.description);
    shape[key] = required.has(key) ? t : t.optional();
  }
  if (tool.effect !== 'read') {
    shape.confirm = z.boolean().optional().describe('true once the person has seen what this does and said yes; without it nothing changes');
  }
  return shape;
}

export interface McpOptions {
  root: string;
  secrets: Secrets;
  logger: Logger;
  provider?: string;
  version: string;
}

/** The MCP server of one production; connect it to a transport. */
export function producerMcpServer(options: McpOptions): McpServer {
  const server = new McpServer({ name: 'filmcrew', version: options.version }, { instructions: 'The creative producer of a filmcrew production: status, shots, the crew’s questions, notes routed to the role that owns the fix, runs and gates. Tools that change files need confirm: true after the person agrees.' });
  for (const tool of PRODUCER_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.effect === 'read' ? tool.description : `${tool.description} Changes the production: call with confirm: true only after the person agreed.`,
        inputSchema: shapeOf(tool),
        annotations: { readOnlyHint: tool.effect === 'read', destructiveHint: false, openWorldHint: tool.effect === 'spend' },
      },
      async (args: ToolArgs) => {
        const { confirm, ...rest } = args;
        const outcome = await callTool(tool.name, rest, {
          root: options.root,
          secrets: options.secrets,
          logger: options.logger,
          prompt: nobodyOverMcp,
          ...(options.provider ? { provider: options.provider } : {}),
          confirm: async () => confirm === true,
        });
        const text = !outcome.done && confirm !== true && tool.effect !== 'read' ? `${outcome.text}\nCall ${tool.name} again with confirm: true once the person agrees.` : outcome.text;
        return { content: [{ type: 'text' as const, text }], isError: !outcome.done };
      },
    );
  }
  server.registerResource(
    'production-files',
    new ResourceTemplate(`${URI_PREFIX}{+path}`, {
      list: async () => ({
        resources: listFiles(options.root)
          .filter((p) => TEXT_FILES.test(p))
          .map((p) => ({ uri: `${URI_PREFIX}${p}`, name: p, mimeType: p.endsWith('.md') ? 'text/markdown' : 'text/plain' })),
      }),
    }),
    { title: 'The production’s files', description: 'Screenplay, shots, sheets, agents, reviews, questions and decisions, as text.' },
    async (uri) => {
      const rel = decodeURIComponent(uri.href.slice(URI_PREFIX.length));
      const where = confine(options.root, rel);
      if ('problem' in where) throw new Error(`${rel}: ${where.problem}`);
      return { contents: [{ uri: uri.href, mimeType: rel.endsWith('.md') ? 'text/markdown' : 'text/plain', text: await readFile(where.path, 'utf8') }] };
    },
  );
  return server;
}
