/**
 * A text provider over VS Code's Language Model API (`vscode.lm`): the chat models a person
 * already has in VS Code (Copilot and others). Model names are `vscode-lm` (any available
 * model) or `vscode-lm/<family>` (e.g. `vscode-lm/gpt-4o`). It is handed to a run only when a
 * person starts one, so the consent dialog VS Code shows on first use answers a user action.
 *
 * VS Code's models are reached through the small `ChatModels` interface so the provider can be
 * tested without VS Code; `vscodeChatModels()` in ./vscode-lm.ts binds it to `vscode.lm`.
 */
import { checkAnswer } from '../core/providers/answer';
import { ProviderError, type Provider, type ProviderRequest, type ResultFor, type TextRequest, type TextResult } from '../core/providers/types';

export const VSCODE_LM = 'vscode-lm';

/** One chat model as VS Code offers it. */
export interface ChatModel {
  readonly id: string;
  readonly vendor: string;
  readonly family: string;
  readonly name: string;
  /** Sends one user message and resolves with the whole answer text. */
  send(prompt: string, signal: AbortSignal | undefined, justification: string): Promise<string>;
}

export interface ChatModels {
  /** The models VS Code offers, of one family when given. */
  select(family: string | undefined): Promise<readonly ChatModel[]>;
}

/** Why a chat model refused, as VS Code's LanguageModelError codes say it. */
export type ChatFailure = 'no-permissions' | 'blocked' | 'not-found' | 'cancelled' | 'other';

/** The error a `ChatModel.send` implementation throws, classified. */
export class ChatModelError extends Error {
  constructor(
    readonly failure: ChatFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ChatModelError';
  }
}

function familyOf(model: string): string | undefined {
  return model.startsWith(`${VSCODE_LM}/`) ? model.slice(VSCODE_LM.length + 1) || undefined : undefined;
}

function asProviderError(error: unknown, model: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof ChatModelError) {
    switch (error.failure) {
      case 'no-permissions':
        return new ProviderError(
          'refused',
          `VS Code did not allow Film Crew to use ${model}: the permission was refused. Allow it when VS Code asks (or in the Accounts menu under "Manage Language Model Access"), or choose another model for this role.`,
          false,
        );
      case 'blocked':
        return new ProviderError('rate-limit', `${model} is not available right now (blocked or over quota): ${error.message}`, true, 60_000);
      case 'not-found':
        return new ProviderError('bad-request', `${model} is no longer available in VS Code: ${error.message}`, false);
      case 'cancelled':
        return new ProviderError('aborted', 'The request was cancelled.', false);
      case 'other':
        return new ProviderError('server', `${model} failed: ${error.message}`, true);
    }
  }
  return new ProviderError('server', `${model} failed: ${(error as Error)?.message ?? String(error)}`, true);
}

/** The prompt a chat model sees: the brief, then the structured input, then the answer's shape. */
export function chatPrompt(request: TextRequest): string {
  const parts = [request.prompt.trim()];
  if (request.input !== undefined) parts.push('Input (JSON):\n```json\n' + JSON.stringify(request.input, null, 2) + '\n```');
  if (request.schema) {
    parts.push('Answer with one JSON value only, no prose, that satisfies this JSON Schema:\n```json\n' + JSON.stringify(request.schema) + '\n```');
  }
  return parts.join('\n\n');
}

/**
 * The `vscode-lm` provider. Free to the production's budget (VS Code's models are paid for by the
 * person's own subscription, not per call), so it is not `paid`; always-ask still asks per call.
 */
export function languageModelProvider(models: ChatModels): Provider {
  const provider: Provider = {
    name: VSCODE_LM,
    modalities: ['text'],
    paid: false,
    handles: (model) => model === VSCODE_LM || model.startsWith(`${VSCODE_LM}/`),
    estimate: () => 0,
    async call<R extends ProviderRequest>(request: R): Promise<ResultFor<R>> {
      if (request.modality !== 'text') {
        throw new ProviderError('bad-request', `${VSCODE_LM} makes text only; ${request.role} asked it for ${request.modality}. List an image or video model for this role.`, false);
      }
      return (await callText(models, request)) as ResultFor<R>;
    },
  };
  return provider;
}

async function callText(models: ChatModels, request: TextRequest): Promise<TextResult> {
  const family = familyOf(request.model);
  let available: readonly ChatModel[];
  try {
    available = await models.select(family);
  } catch (error) {
    throw asProviderError(error, request.model);
  }
  const model = available[0];
  if (!model) {
    throw new ProviderError(
      'refused',
      family
        ? `VS Code offers no language model of family "${family}". Install and sign in to a chat extension that provides it (e.g. GitHub Copilot), or name another model in this role's list.`
        : 'VS Code offers no language model. Install and sign in to a chat extension (e.g. GitHub Copilot), or choose another provider in the Film Crew settings.',
      false,
    );
  }
  const justification = `Film Crew: the ${request.role} task ${request.taskId} you started asks ${model.name} for its answer.`;
  let prompt = chatPrompt(request);
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await model.send(prompt, request.signal, justification);
    } catch (error) {
      if (request.signal?.aborted) throw new ProviderError('aborted', 'The run was cancelled.', false);
      throw asProviderError(error, request.model);
    }
    const result = (content: unknown): TextResult => ({
      modality: 'text',
      content,
      usage: {},
      cost: 0,
      model: `${VSCODE_LM}/${model.family}`,
    });
    if (!request.schema) return result({ text });
    const checked = checkAnswer(text, request.schema);
    if (checked.ok) return result(checked.value);
    // One repair turn, as every text provider does: the model sees why its answer was refused.
    if (attempt >= 1) throw new ProviderError('malformed', `${model.name} did not answer with valid JSON: ${checked.reason}`, false);
    prompt = `${chatPrompt(request)}\n\nYour previous answer was refused because ${checked.reason}. Answer again with the JSON only.`;
  }
}
