// Test only: one chat model, registered through the finalized vscode.lm API (VS Code 1.104+).
// VS Code invokes a chat participant only with a language model to hand it (Copilot's, or one a
// person picked); this stands for the model a person has. toolCalling: the picker lists only
// models fit for agent mode, the Chat view's default mode. Its answer is fixed text: the e2e
// checks the producer's rules, not a model.
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.lm.registerLanguageModelChatProvider('filmcrew-e2e', {
      provideLanguageModelChatInformation: () => [
        { id: 'e2e-model', name: 'E2E Model', family: 'e2e', version: '1', maxInputTokens: 100000, maxOutputTokens: 4000, isUserSelectable: true, capabilities: { toolCalling: true } },
      ],
      async provideLanguageModelChatResponse(_model, _messages, _options, progress) {
        progress.report(new vscode.LanguageModelTextPart('The e2e model has nothing to say.'));
      },
      provideTokenCount: (_model, text) => Math.ceil((typeof text === 'string' ? text.length : 100) / 4),
    }),
    // The picker lists a third-party model only once a person added its provider (Manage Models);
    // the Chat view's own open command picks it as a person would.
    vscode.commands.registerCommand('filmcrewE2e.chatWithModel', () =>
      vscode.commands.executeCommand('workbench.action.chat.open', { modelSelector: { vendor: 'filmcrew-e2e', id: 'e2e-model' } }),
    ),
  );
};
