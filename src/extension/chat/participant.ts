/**
 * `@producer` in the Chat view and the producer's tools for agent mode (`vscode.lm.registerTool`),
 * both over the same core tools. The participant streams the chat's own model (VS Code asks the
 * person's consent for it) or answers from rules; every change is confirmed in a modal first.
 * A language model tool that writes or spends says what it will do in `prepareInvocation`, and
 * VS Code asks before `invoke` runs.
 */
import * as vscode from 'vscode';
import type { ChatTurn, StreamingModel } from '../../core/producer/ask';
import { callTool, PRODUCER_TOOLS, type ToolArgs } from '../../core/producer/tools';
import type { Host } from '../host';
import { plainMarkdown, producerChat } from './producer-chat';

export const PARTICIPANT_ID = 'filmcrew.producer';
/** The name a tool has in VS Code: `filmcrew_status`, `filmcrew_route_note`… */
export const lmToolName = (name: string) => `filmcrew_${name}`;

function streamingModel(model: vscode.LanguageModelChat, token: vscode.CancellationToken): StreamingModel {
  return {
    name: `vscode-lm/${model.family}`,
    async *stream(prompt) {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], { justification: 'The Film Crew producer answers from your production.' }, token);
      for await (const chunk of response.text) yield chunk;
    },
  };
}

/** This participant's earlier turns, as text. */
function historyOf(context: vscode.ChatContext): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const turn of context.history) {
    if (turn.participant !== PARTICIPANT_ID) continue;
    if (turn instanceof vscode.ChatRequestTurn) turns.push({ role: 'user', content: turn.prompt });
    else if (turn instanceof vscode.ChatResponseTurn) {
      const text = turn.response.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : '')).join('');
      if (text) turns.push({ role: 'assistant', content: text });
    }
  }
  return turns;
}

/** Registers `@producer` and the language model tools; `root()` is the open production, if any. */
export function registerProducer(host: Host, root: () => string | undefined): vscode.Disposable[] {
  const confirm = async (description: string) =>
    host.trusted() && (await host.ask('The producer wants to change the production', description, ['Do it'])) === 'Do it';

  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) => {
    const production = root();
    if (!production) {
      stream.markdown('Open a folder with a `production.md` to talk to its producer.');
      return;
    }
    const offline = host.settings().provider === 'offline';
    const message = request.command ? `${request.command} ${request.prompt}` : request.prompt;
    await producerChat(
      {
        root: production,
        message,
        history: historyOf(context),
        ...(offline ? { provider: 'offline' } : { model: streamingModel(request.model, token) }),
        secrets: host.secrets,
        logger: host.log,
      },
      // Escaped: the production's words are shown as written, never as markdown or HTML.
      { text: (t) => stream.markdown(new vscode.MarkdownString(plainMarkdown(t))), confirm },
    );
  });
  participant.iconPath = new vscode.ThemeIcon('device-camera-video');

  const tools = PRODUCER_TOOLS.map((tool) =>
    vscode.lm.registerTool<ToolArgs>(lmToolName(tool.name), {
      prepareInvocation(options) {
        const description = tool.describe(options.input ?? {});
        if (tool.effect === 'read') return { invocationMessage: description };
        return {
          invocationMessage: description,
          confirmationMessages: { title: `Film Crew: ${tool.title}`, message: new vscode.MarkdownString().appendText(`${description}${tool.effect === 'spend' ? ' The crew’s paid calls are asked again as in any run.' : ''}`) },
        };
      },
      async invoke(options) {
        const production = root();
        if (!production) throw new Error('No production is open: open a folder with a production.md.');
        if (tool.effect !== 'read' && !host.trusted()) throw new Error('This folder is not trusted: Film Crew changes nothing in it.');
        // VS Code confirmed with the person (prepareInvocation's message) before calling invoke.
        const outcome = await callTool(tool.name, options.input ?? {}, {
          root: production,
          secrets: host.secrets,
          logger: host.log,
          prompt: { ask: async (q) => ({ answer: (await confirm(q.kind === 'gate' ? `Pass the ${q.gate} gate` : `Send a paid call to ${q.model}`)) ? 'approve' : 'deny' }) },
          ...(host.settings().provider === 'offline' ? { provider: 'offline' } : {}),
          confirm: async () => true,
        });
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(outcome.text)]);
      },
    }),
  );
  return [participant, ...tools];
}
