/**
 * `Film Crew: Ask the Producer`: the same turn as `@producer` in the Chat view, for a VS Code
 * without a chat model (and for Workspace Trust's limits: asking reads; changes are confirmed).
 */
import type { CommandContext, CommandHandler } from '../commands/context';
import { producerChat } from './producer-chat';

/** Fences production text so a markdown document shows it as written. */
export function asText(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

export function producerCommands(ctx: CommandContext): Record<string, CommandHandler> {
  return {
    'filmcrew.askProducer': async () => {
      const root = ctx.source.root;
      if (!root) return ctx.host.warn('Open a folder with a production.md to talk to its producer.');
      const message = await ctx.host.input({ title: 'Ask the Producer', prompt: 'Ask about the production, answer a crew question, or send a note to the crew', placeHolder: 'Where are we?' });
      if (!message?.trim()) return;
      let answer = '';
      const reply = await producerChat(
        { root, message, history: [], provider: ctx.host.settings().provider, secrets: ctx.host.secrets, logger: ctx.host.log },
        {
          text: (t) => void (answer += t),
          confirm: async (description) => {
            if (!ctx.host.trusted()) return false;
            return (await ctx.host.ask('The producer wants to change the production', description, ['Do it'])) === 'Do it';
          },
        },
      );
      // Each fence on its own lines: markdown opens a fence only at the start of a line.
      await ctx.host.showMarkdown('Producer', `**You:**\n\n${asText(message)}\n\n**Producer${reply.model ? ` (${reply.model})` : ''}:**\n\n${asText(answer.trim())}\n`);
      await ctx.source.refresh();
    },
  };
}
