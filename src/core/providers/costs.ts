/**
 * The cost table: per-model prices from prices.json, overridable by production.md `prices:`.
 * Estimates come before a call (budget, approval), actual cost after it (the ledger). An
 * unknown price is `undefined`, never a guess: the engine then asks a person even in auto mode.
 */
import type { ProviderRequest, Usage } from './types';
import defaults from './prices.json';

export interface ModelPrice {
  input_per_1m?: number;
  output_per_1m?: number;
  per_image?: number;
  per_video_second?: number;
  /** Where the figure comes from; informational. */
  source?: string;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

const PRICE_FIELDS = ['input_per_1m', 'output_per_1m', 'per_image', 'per_video_second'] as const;

/** The shipped table (prices.json). */
export const defaultPrices: PriceTable = defaults.models as PriceTable;

/**
 * Reads production.md `prices:` — `model: { input_per_1m, output_per_1m, per_image, per_video_second }`,
 * or `model: 0` for a free model — and says what it could not read.
 */
export function parsePrices(value: unknown): { prices: Record<string, ModelPrice>; problems: string[] } {
  const prices: Record<string, ModelPrice> = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { prices, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { prices, problems: ['`prices` must be a map of model name → prices, e.g. `gpt-4.1-mini: { input_per_1m: 0.4, output_per_1m: 1.6 }`.'] };
  }
  for (const [model, entry] of Object.entries(value as Record<string, unknown>)) {
    if (entry === 0) {
      prices[model] = { input_per_1m: 0, output_per_1m: 0, per_image: 0, per_video_second: 0 };
      continue;
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`prices.${model}: expected a map with ${PRICE_FIELDS.join(', ')} (or 0 for a free model).`);
      continue;
    }
    const price: ModelPrice = {};
    for (const [key, raw] of Object.entries(entry as Record<string, unknown>)) {
      if (key === 'source' && typeof raw === 'string') price.source = raw;
      else if ((PRICE_FIELDS as readonly string[]).includes(key) && typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) {
        price[key as (typeof PRICE_FIELDS)[number]] = raw;
      } else problems.push(`prices.${model}.${key}: expected one of ${PRICE_FIELDS.join(', ')} with a number ≥ 0.`);
    }
    prices[model] = price;
  }
  return { prices, problems };
}

/** The shipped table with a production's overrides on top (an override's fields win, per model). */
export function priceTable(overrides?: Record<string, ModelPrice>): PriceTable {
  const table: Record<string, ModelPrice> = { ...defaultPrices };
  for (const [model, price] of Object.entries(overrides ?? {})) table[model] = { ...table[model], ...price };
  return table;
}

/** Routing prefixes that name the same priced model: `openai-compatible/gpt-4.1-mini` costs what `gpt-4.1-mini` costs. */
const ALIAS_PREFIXES = ['openai-compatible/', 'openai/'];

/** The price entry for a model: exact name, then without a routing prefix, then the longest `prefix/*` wildcard. */
export function priceFor(model: string, table: PriceTable = defaultPrices): ModelPrice | undefined {
  if (table[model]) return table[model];
  for (const prefix of ALIAS_PREFIXES) {
    if (model.startsWith(prefix) && table[model.slice(prefix.length)]) return table[model.slice(prefix.length)];
  }
  // The name the person wrote may carry the routing prefix the call was made without
  // (`openai-compatible` with OPENAI_MODEL=my-finetune is priced by `openai-compatible/my-finetune`).
  for (const prefix of ALIAS_PREFIXES) if (table[prefix + model]) return table[prefix + model];
  const wildcard = Object.keys(table)
    .filter((key) => key.endsWith('/*') && model.startsWith(key.slice(0, -1)))
    .sort((a, b) => b.length - a.length)[0];
  return wildcard ? table[wildcard] : undefined;
}

/** Output tokens assumed before a text call: generous, so a budget check errs on the safe side. */
export const ESTIMATED_OUTPUT_TOKENS = 2000;

/** The usage a request is expected to have (about four characters per token for text). */
export function expectedUsage(request: ProviderRequest): Usage {
  switch (request.modality) {
    case 'text': {
      const schemaChars = request.schema ? JSON.stringify(request.schema).length : 0;
      return { inputTokens: Math.ceil((request.prompt.length + schemaChars + 400) / 4), outputTokens: ESTIMATED_OUTPUT_TOKENS };
    }
    case 'image':
      return { images: request.n };
    case 'video':
      return { videoSeconds: request.durationSeconds };
  }
}

/** Estimated cost of a request before it is sent; `undefined` when the model's price is unknown. */
export function estimateCost(model: string, request: ProviderRequest, table: PriceTable = defaultPrices): number | undefined {
  return actualCost(model, expectedUsage(request), table);
}

/** Cost of a call from its reported usage; `undefined` when a used quantity has no price. */
export function actualCost(model: string, usage: Usage, table: PriceTable = defaultPrices): number | undefined {
  const price = priceFor(model, table);
  if (!price) return undefined;
  const parts: [number | undefined, number | undefined, number][] = [
    [usage.inputTokens, price.input_per_1m, 1e-6],
    [usage.outputTokens, price.output_per_1m, 1e-6],
    [usage.images, price.per_image, 1],
    [usage.videoSeconds, price.per_video_second, 1],
  ];
  let total = 0;
  for (const [quantity, rate, scale] of parts) {
    if (!quantity) continue;
    if (rate === undefined) return undefined;
    total += quantity * rate * scale;
  }
  // Money in the ledger: round away binary-float noise, keep sub-cent token costs.
  return Math.round(total * 1e6) / 1e6;
}
