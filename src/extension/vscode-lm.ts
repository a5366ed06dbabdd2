/** Binds the `vscode-lm` provider's ChatModels to VS Code's Language Model API. */
import * as vscode from 'vscode';
import { ChatModelError, type ChatFailure, type ChatModel, type ChatModels } from './lm-provider';

function failureOf(error: unknown): ChatFailure {
  if (error instanceof vscode.CancellationError) return 'cancelled';
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions().code) return 'no-permissions';
    if (error.code === vscode.LanguageModelError.Blocked().code) return 'blocked';
    if (error.code === vscode.LanguageModelError.NotFound().code) return 'not-found';
  }
  return 'other';
}

function chatModel(model: vscode.LanguageModelChat): ChatModel {
  return {
    id: model.id,
    vendor: model.vendor,
    family: model.family,
    name: model.name,
    async send(prompt, signal, justification) {
      const cancel = new vscode.CancellationTokenSource();
      const onAbort = () => cancel.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], { justification }, cancel.token);
        let text = '';
        for await (const chunk of response.text) text += chunk;
        return text;
      } catch (error) {
        throw new ChatModelError(failureOf(error), (error as Error)?.message ?? String(error));
      } finally {
        signal?.removeEventListener('abort', onAbort);
        cancel.dispose();
      }
    },
  };
}

/** VS Code's chat models, selected by family when one is named. */
export function vscodeChatModels(): ChatModels {
  return {
    async select(family) {
      const models = await vscode.lm.selectChatModels(family ? { family } : {});
      return models.map(chatModel);
    },
  };
}
