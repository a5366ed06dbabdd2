/**
 * The producer in VS Code, without `vscode`: one conversation turn drawn on a ChatSurface (the
 * Chat view's response stream, or the Ask the Producer command's document). Used by the
 * `@producer` participant and by the command; tested with a scripted surface.
 */
import type { ApprovalPrompt, Logger, Secrets } from '../../core/host';
import { askProducer, type ChatTurn, type ProducerReply, type StreamingModel } from '../../core/producer/ask';
import type { ToolHost } from '../../core/producer/tools';

export interface ChatSurface {
  /** Production text and model text: shown as text, never as HTML or markdown that runs. */
  text(text: string): void;
  /** Asks the person to confirm a change the producer would make; false = not done. */
  confirm(description: string): Promise<boolean>;
}

export interface ProducerChatRequest {
  root: string;
  message: string;
  /** This participant's earlier turns only: no other participant's, no role's feedback. */
  history: ChatTurn[];
  /** The chat's model (VS Code's language model); undefined = the production's producer model, or rules. */
  model?: StreamingModel;
  /** `offline`: answer from rules whatever is configured (the `filmcrew.provider` setting). */
  provider?: string;
  secrets: Secrets;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Production and model text as markdown that shows it as written: every markdown and HTML
 * character escaped, each line break kept. Unlike `MarkdownString.appendText`, spaces stay
 * spaces, so the Chat view wraps long lines between words.
 */
export function plainMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&=:"']/g, '\\$&').replace(/\r?\n/g, '  \n');
}

/** One turn with the producer, drawn on `surface`. */
export async function producerChat(req: ProducerChatRequest, surface: ChatSurface): Promise<ProducerReply> {
  const prompt: ApprovalPrompt = {
    ask: async (q) => ({ answer: (await surface.confirm(q.kind === 'gate' ? `Pass the ${q.gate} gate` : `Send a paid call to ${q.model} for ${q.taskId}`)) ? 'approve' : 'deny' }),
  };
  const host: ToolHost = {
    root: req.root,
    secrets: req.secrets,
    logger: req.logger,
    prompt,
    ...(req.provider === 'offline' ? { provider: 'offline' } : {}),
    confirm: (_tool, description) => surface.confirm(description),
  };
  let streamed = false;
  const reply = await askProducer(req.message, {
    host,
    history: req.history,
    ...(req.provider === 'offline' ? { model: 'offline' } : req.model ? { chat: req.model } : {}),
    onText: (t) => {
      streamed = true;
      surface.text(t);
    },
    ...(req.signal ? { signal: req.signal } : {}),
  });
  if (!streamed) surface.text(reply.text);
  if (reply.model) for (const a of reply.actions) surface.text(`\n\n${a.done ? 'Done' : 'Not done'} (${a.tool}): ${a.text}`);
  return reply;
}
