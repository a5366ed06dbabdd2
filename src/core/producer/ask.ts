/**
 * Talking to the producer. With a text model configured (production.md `models: producer:
 * text:`, or `--model`), the model answers from the whole-film context and may propose actions
 * (`ACTION {"tool":…}` lines), each confirmed before it runs; the model call itself goes through
 * `decide()` like any crew call. Without one, the rules in offline.ts answer and say so.
 */
import { ProductionLoader } from '../production/load';
import { createProviders } from '../providers/index';
import { modelList, ProviderRegistry } from '../providers/registry';
import type { Provider } from '../providers/types';
import { agentOf } from '../orchestrator/planner';
import { approvalSettings } from './confirm';
import { paidProducerCall } from './paid-call';
import { producerContext, renderContext, type ProducerContext } from './context';
import { intentOf, NO_MODEL, OFFLINE_HELP } from './offline';
import { callTool, PRODUCER_TOOLS, statusText, type ToolArgs, type ToolHost, type ToolOutcome } from './tools';

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface AskOptions {
  host: ToolHost;
  /** A model name (`openai-compatible/gpt-4.1-mini`, `ollama/llama3.1`); default: the production's producer model. */
  model?: string;
  /** Providers to route to; default: the configured HTTP ones. */
  providers?: Provider[];
  /** Earlier turns of this conversation with the producer (its own history, no role's feedback). */
  history?: ChatTurn[];
  env?: NodeJS.ProcessEnv;
  /** A model the host streams from (VS Code's language models): used instead of the production's. */
  chat?: StreamingModel;
  /** Each line of the answer as it streams (ACTION lines held back: they are confirmed, not shown). */
  onText?: (text: string) => void;
  signal?: AbortSignal;
}

/** A text model that answers in chunks; free to the production's budget (the host asks its own consent). */
export interface StreamingModel {
  name: string;
  stream(prompt: string, signal?: AbortSignal): AsyncIterable<string>;
}

export interface ProducerReply {
  /** The model that answered; undefined when the rules did. */
  model?: string;
  text: string;
  actions: ToolOutcome[];
  /** A paid call's booking: what it cost, the production's spend after it, the cap. */
  spend?: { cost: number; spent: number; cap: number | undefined };
}

const ACTION = /^\s*ACTION\s+(\{.*\})\s*$/;

/** The system prompt: who the producer is, and how it may act. */
export function producerSystemPrompt(): string {
  return [
    'You are the creative producer of this film. You hold the whole film in mind (below) and answer the person you work for: plainly, briefly, in the film’s words.',
    'You do not do the crew’s work yourself: you route each fix to the role that owns it (a continuity error in a character goes to casting, not to a re-roll of the clip).',
    'To act, end your answer with one line per action: ACTION {"tool": "<name>", "args": {…}}. Each action is shown to the person and runs only if they confirm it.',
    'Tools:',
    ...PRODUCER_TOOLS.map((t) => `- ${t.name}${t.effect === 'read' ? '' : ` (${t.effect === 'write' ? 'changes files' : t.effect === 'gate' ? 'passes a gate' : 'may spend'})`}: ${t.description} Args: ${JSON.stringify(t.inputSchema.properties)}`),
  ].join('\n');
}

/** The user prompt: the context, then the person's message. */
export function producerPrompt(ctx: ProducerContext, message: string, history: ChatTurn[] = []): string {
  const earlier = history.map((t) => `${t.role === 'user' ? 'Person' : 'Producer'}: ${t.content}`);
  return [renderContext(ctx), ...(earlier.length ? ['## This conversation so far', '', ...earlier, ''] : []), '## The person asks', '', message].join('\n');
}

/** The actions a model's answer proposes, and its text without them. */
export function actionsIn(answer: string): { text: string; actions: { tool: string; args: ToolArgs }[] } {
  const actions: { tool: string; args: ToolArgs }[] = [];
  const kept: string[] = [];
  for (const line of answer.split('\n')) {
    const m = ACTION.exec(line);
    if (!m) {
      kept.push(line);
      continue;
    }
    try {
      const parsed = JSON.parse(m[1]!) as { tool?: unknown; args?: unknown };
      if (typeof parsed.tool === 'string') actions.push({ tool: parsed.tool, args: typeof parsed.args === 'object' && parsed.args ? (parsed.args as ToolArgs) : {} });
    } catch {
      kept.push(line);
    }
  }
  return { text: kept.join('\n').trim(), actions };
}

async function producerModel(root: string, explicit: string | undefined): Promise<{ model?: string; prices?: unknown }> {
  const production = await new ProductionLoader(root).load();
  const data = production.production?.data;
  const model = explicit ?? modelList('producer', 'text', agentOf(production, 'producer')?.data, data)[0];
  return { ...(model && model !== 'offline' ? { model } : {}), prices: data?.prices };
}

async function offlineReply(message: string, host: ToolHost): Promise<ProducerReply> {
  const intent = intentOf(message);
  if (!intent.tool) {
    const ctx = await producerContext(host.root);
    return { text: `${NO_MODEL}\n\n${statusText(ctx)}\n\n${OFFLINE_HELP}`, actions: [] };
  }
  const outcome = await callTool(intent.tool, intent.args, host);
  return { text: `${NO_MODEL}\n\n${outcome.text}`, actions: [outcome] };
}

/** Streams a model's answer line by line to `onText`, holding back ACTION lines; the whole answer at the end. */
async function streamed(model: StreamingModel, prompt: string, options: AskOptions): Promise<string> {
  let all = '';
  let pending = '';
  const emit = (line: string) => {
    if (!ACTION.test(line)) options.onText?.(line);
  };
  for await (const chunk of model.stream(prompt, options.signal)) {
    all += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) emit(`${line}\n`);
  }
  if (pending) emit(pending);
  return all;
}

async function actOn(model: string, raw: string, host: ToolHost): Promise<ProducerReply> {
  const { text, actions } = actionsIn(raw);
  const outcomes: ToolOutcome[] = [];
  for (const a of actions) outcomes.push(await callTool(a.tool, a.args, host));
  return { model, text, actions: outcomes };
}

/** Asks the producer; the reply says which model answered, or that none did. */
export async function askProducer(message: string, options: AskOptions): Promise<ProducerReply> {
  const { host } = options;
  if (options.chat) {
    const ctx = await producerContext(host.root);
    const raw = await streamed(options.chat, `${producerSystemPrompt()}\n\n${producerPrompt(ctx, message, options.history)}`, options);
    return actOn(options.chat.name, raw, host);
  }
  const { model, prices } = await producerModel(host.root, options.model);
  if (!model) return offlineReply(message, host);

  const providers = options.providers ?? createProviders({ secrets: host.secrets, prices, logger: host.logger, ...(options.env ? { env: options.env } : {}) });
  const registry = new ProviderRegistry(providers);
  if (!registry.resolve(model, 'text')) {
    const reply = await offlineReply(message, host);
    return { ...reply, text: `No provider serves ${model} for text (known: ${providers.map((p) => p.name).join(', ')}).\n${reply.text}` };
  }
  const ctx = await producerContext(host.root);
  const prompt = `${producerSystemPrompt()}\n\n${producerPrompt(ctx, message, options.history)}`;
  // Booked like a crew call: decide(), the person's yes, the cap, the ledger and a journal.
  const { mode, cap } = await approvalSettings(host.root);
  const paid = await paidProducerCall({ root: host.root, model, prompt, registry, approval: host.prompt, mode, cap, logger: host.logger, ...(options.signal ? { signal: options.signal } : {}) });
  const spend = { cost: paid.cost, spent: paid.spent, cap: paid.cap };
  if (paid.text === undefined) return { model, text: `Not asked: ${paid.refusal ?? `the call to ${model} was not made`}.`, actions: [], spend };
  options.onText?.(actionsIn(paid.text).text);
  return { ...(await actOn(model, paid.text, host)), spend };
}
