/**
 * The real model providers, built from the host's secrets and environment. The registry
 * (registry.ts) puts these after the offline provider and routes each role's model list to them.
 */
import { silentLogger, type Logger, type Secrets } from '../host';
import { commandProblems, commandProvider, type CommandSpec } from './command';
import { parsePrices, priceTable } from './costs';
import { defaultKeyAdvice } from './http';
import { openAICompatibleProviders } from './openai-compatible';
import { Redactor, redactingLogger } from './redact';
import type { Provider } from './types';
import { videoJobProvider, type PollPolicy } from './video-job';
import { builtinPresets, presetProblems, type VideoPreset } from './video-presets';

export interface ProvidersConfig {
  /** API keys: SecretStorage in VS Code, the environment in the CLI. Read only when a call needs one. */
  secrets: Secrets;
  /** Non-secret settings: OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_IMAGE_MODEL, OLLAMA_HOST, RUNWAY_BASE_URL… */
  env?: NodeJS.ProcessEnv;
  /** production.md `prices:` as written; merged over prices.json. */
  prices?: unknown;
  logger?: Logger;
  /**
   * Share the engine's redactor so that every key a provider reads is also masked in the journal.
   * One is made when absent.
   */
  redactor?: Redactor;
  /** Local programs as `command/<name>` models. Pass only trusted configuration (see command.ts). */
  commands?: Record<string, CommandSpec>;
  /** Further video presets; one with a built-in's name replaces it. */
  videoPresets?: VideoPreset[];
  /** How to tell a person where to set a key; the default names the environment variable and the VS Code command. */
  keyAdvice?: (secretName: string) => string;
  /** Per HTTP request, for every hosted provider (defaults: 3 min text, 5 min images, 2 min per video request). */
  timeoutMs?: number;
  /** Until an answer starts, for the OpenAI-compatible providers (default 60 s: far shorter than the whole answer). */
  firstByteMs?: number;
  /** Until a TCP connection is made, for every hosted provider (default 5 s; see Wire.connectMs). */
  connectMs?: number;
  poll?: Partial<PollPolicy>;
  /** Bare model ids to serve through OPENAI_BASE_URL besides OpenAI's own names. */
  openaiModels?: string[];
}

/** Every real provider (not `offline`): OpenAI-compatible, Ollama, one video-job per preset, and `command` when configured. */
export function createProviders(config: ProvidersConfig): Provider[] {
  const redactor = config.redactor ?? new Redactor();
  const logger = redactingLogger(config.logger ?? silentLogger, redactor);
  const env = config.env ?? process.env;
  const parsed = parsePrices(config.prices);
  for (const problem of parsed.problems) logger.warn(`production.md: ${problem}`);
  const prices = priceTable(parsed.prices);
  const keyAdvice = config.keyAdvice ?? defaultKeyAdvice;
  const shared = { secrets: config.secrets, env, prices, redactor, logger, keyAdvice, timeoutMs: config.timeoutMs, ...(config.connectMs ? { connectMs: config.connectMs } : {}) };

  const providers: Provider[] = [...openAICompatibleProviders({ ...shared, models: config.openaiModels, ...(config.firstByteMs ? { firstByteMs: config.firstByteMs } : {}) })];

  const presets = new Map(builtinPresets.map((p) => [p.name, p]));
  for (const preset of config.videoPresets ?? []) {
    const problems = presetProblems(preset);
    if (problems.length) logger.warn(`Video preset ${preset.name} is not used: ${problems.join('; ')}.`);
    else presets.set(preset.name, preset);
  }
  for (const preset of presets.values()) providers.push(videoJobProvider(preset, { ...shared, poll: config.poll }));

  const commands = Object.fromEntries(
    Object.entries(config.commands ?? {}).filter(([name, spec]) => {
      const problems = commandProblems(name, spec);
      if (problems.length) logger.warn(`Command ${name} is not used: ${problems.join('; ')}.`);
      return problems.length === 0;
    }),
  );
  if (Object.keys(commands).length > 0) providers.push(commandProvider({ commands, prices, redactor, logger, env }));
  return providers;
}

export { abTakes, callerFor, type ModelCall, type Take } from './ab';
export { actualCost, estimateCost, parsePrices, priceFor, priceTable, defaultPrices, type ModelPrice, type PriceTable } from './costs';
export { Redactor, redactingLogger } from './redact';
export { builtinPresets, replicatePreset, runwayPreset, type VideoPreset } from './video-presets';
export type { CommandSpec } from './command';
export type { PollPolicy } from './video-job';
