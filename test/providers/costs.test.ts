import assert from 'node:assert/strict';
import { actualCost, estimateCost, parsePrices, priceFor, priceTable, defaultPrices } from '../../src/core/providers';
import type { TextRequest } from '../../src/core/providers/types';

const text: TextRequest = { modality: 'text', model: 'gpt-4.1-mini', role: 'checker', taskId: 'checker:cut', input: {}, prompt: 'x'.repeat(3600) };

describe('Cost table', () => {
  it('prices tokens per million, images per image and video per second', () => {
    assert.equal(actualCost('gpt-4.1-mini', { inputTokens: 1_000_000, outputTokens: 500_000 }), 1.2);
    assert.equal(actualCost('gpt-image-1', { images: 4 }), 0.168);
    assert.equal(actualCost('runway/gen4_turbo', { videoSeconds: 10 }), 0.5);
    assert.equal(actualCost('offline', { inputTokens: 9, images: 9, videoSeconds: 9 }), 0);
  });

  it('finds a model under its routing prefix and through a prefix wildcard', () => {
    assert.equal(priceFor('openai-compatible/gpt-4.1-mini'), defaultPrices['gpt-4.1-mini']);
    assert.equal(actualCost('ollama/llama3.1', { inputTokens: 5000, outputTokens: 5000 }), 0);
  });

  it('an unknown model, or a quantity the model has no price for, is undefined — never a guess', () => {
    assert.equal(actualCost('acme/video-9000', { videoSeconds: 5 }), undefined);
    assert.equal(actualCost('gpt-4.1-mini', { images: 1 }), undefined);
    assert.equal(estimateCost('acme/video-9000', text), undefined);
  });

  it('estimates a text call from its prompt length and a generous answer', () => {
    // (3600 + 400) / 4 = 1000 input tokens and 2000 output tokens at $0.40 / $1.60 per million.
    assert.equal(estimateCost('gpt-4.1-mini', text), 0.0036);
  });

  it("production.md's prices override the shipped table, field by field, and name what they cannot read", () => {
    const { prices, problems } = parsePrices({
      'gpt-4.1-mini': { output_per_1m: 2 },
      'replicate/minimax/video-01': { per_video_second: 0.08 },
      'my-local': 0,
      broken: 'cheap',
      typo: { per_second: 1 },
    });
    const table = priceTable(prices);
    assert.equal(actualCost('gpt-4.1-mini', { inputTokens: 1_000_000, outputTokens: 1_000_000 }, table), 2.4);
    assert.equal(actualCost('replicate/minimax/video-01', { videoSeconds: 6 }, table), 0.48);
    assert.equal(actualCost('my-local', { inputTokens: 100 }, table), 0);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /prices\.broken/);
    assert.match(problems[1], /prices\.typo\.per_second/);
  });
});
