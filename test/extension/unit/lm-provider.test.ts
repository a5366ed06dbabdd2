import assert from 'node:assert/strict';
import { ProviderError, type TextRequest } from '../../../src/core/providers/types';
import { ChatModelError, languageModelProvider, type ChatModel, type ChatModels } from '../../../src/extension/lm-provider';

function model(family: string, answers: (string | Error)[], prompts: string[] = []): ChatModel {
  return {
    id: `copilot-${family}`,
    vendor: 'copilot',
    family,
    name: `Copilot ${family}`,
    async send(prompt) {
      prompts.push(prompt);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next ?? '';
    },
  };
}

function models(list: ChatModel[]): ChatModels & { asked: (string | undefined)[] } {
  const asked: (string | undefined)[] = [];
  return { asked, select: async (family) => (asked.push(family), list.filter((m) => !family || m.family === family)) };
}

const request = (over: Partial<TextRequest> = {}): TextRequest => ({
  modality: 'text',
  model: 'vscode-lm/gpt-4o',
  role: 'directors-assistant',
  taskId: 'directors-assistant:s01',
  input: { scene: 's01' },
  prompt: 'Break scene s01 down into shots.',
  ...over,
});

const schema = { type: 'object', required: ['shots'], properties: { shots: { type: 'array' } } };

describe('the vscode-lm text provider', () => {
  it('serves vscode-lm and vscode-lm/<family> names, text only, free to the budget', () => {
    const p = languageModelProvider(models([]));
    assert.ok(p.handles('vscode-lm') && p.handles('vscode-lm/gpt-4o'));
    assert.ok(!p.handles('gpt-4o'));
    assert.deepEqual(p.modalities, ['text']);
    assert.equal(p.paid, false);
  });

  it('asks the model of the named family and returns its answer checked against the schema', async () => {
    const prompts: string[] = [];
    const lm = models([model('gpt-4o', ['```json\n{"shots": [1, 2]}\n```'], prompts)]);
    const result = await languageModelProvider(lm).call(request({ schema }));
    assert.deepEqual(result.content, { shots: [1, 2] });
    assert.equal(result.model, 'vscode-lm/gpt-4o');
    assert.deepEqual(lm.asked, ['gpt-4o']);
    assert.match(prompts[0]!, /Break scene s01[\s\S]*"scene": "s01"[\s\S]*JSON Schema/);
  });

  it('gives the model one repair turn, then refuses a malformed answer', async () => {
    const prompts: string[] = [];
    const lm = models([model('gpt-4o', ['not json', '{"shots": "no"}'], prompts)]);
    await assert.rejects(languageModelProvider(lm).call(request({ schema })), (e: ProviderError) => e.kind === 'malformed');
    assert.equal(prompts.length, 2);
    assert.match(prompts[1]!, /refused because it is not JSON/);
  });

  it('says clearly when VS Code offers no language model', async () => {
    await assert.rejects(languageModelProvider(models([])).call(request({ model: 'vscode-lm' })), (e: ProviderError) => {
      assert.equal(e.kind, 'refused');
      assert.match(e.message, /VS Code offers no language model.*GitHub Copilot/);
      return true;
    });
  });

  it('says clearly when the person refused the consent', async () => {
    const lm = models([model('gpt-4o', [new ChatModelError('no-permissions', 'denied')])]);
    await assert.rejects(languageModelProvider(lm).call(request()), (e: ProviderError) => {
      assert.equal(e.kind, 'refused');
      assert.equal(e.retryable, false);
      assert.match(e.message, /permission was refused/);
      return true;
    });
  });

  it('reports a cancelled run as aborted', async () => {
    const controller = new AbortController();
    const lm = models([{ ...model('gpt-4o', []), send: async () => (controller.abort(), Promise.reject(new ChatModelError('cancelled', 'cancelled'))) }]);
    await assert.rejects(languageModelProvider(lm).call(request({ signal: controller.signal })), (e: ProviderError) => e.kind === 'aborted');
  });

  it('refuses image requests with a sentence saying what to do', async () => {
    const p = languageModelProvider(models([model('gpt-4o', [])]));
    await assert.rejects(p.call({ modality: 'image', model: 'vscode-lm', role: 'casting', taskId: 't', input: {}, prompt: 'x', n: 4 }), /makes text only/);
  });
});
