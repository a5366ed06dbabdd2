/**
 * A/B takes: the same request on two models, both results kept. An asset role (or the engine)
 * writes both as options side by side so a person chooses between models by their work; one
 * side failing does not lose the other.
 *
 *   const [a, b] = await abTakes(request, ['openai-compatible/gpt-4.1-mini', 'ollama/llama3.1'], call);
 *   for (const take of [a, b]) if (take.ok) writeOption(take.model, take.result);
 *
 * `call` is whatever sends one request to one named model: the engine passes its own (approval,
 * budget, journal included); `callerFor(providers)` is the direct one for tools and tests.
 */
import { ProviderError, type Provider, type ProviderRequest, type ResultFor } from './types';

export type ModelCall = <R extends ProviderRequest>(request: R) => Promise<ResultFor<R>>;

export type Take<R extends ProviderRequest> =
  | { model: string; ok: true; result: ResultFor<R> }
  | { model: string; ok: false; error: Error };

export interface AbOptions {
  /** Video only: each side's job id, so the engine can journal both (a single `onJobSubmitted` cannot tell them apart). */
  onJobSubmitted?: (model: string, jobId: string) => void;
}

/** Runs `request` on both models at once and returns both takes, in the order of `models`. */
export async function abTakes<R extends ProviderRequest>(
  request: R,
  models: readonly [string, string],
  call: ModelCall,
  options: AbOptions = {},
): Promise<[Take<R>, Take<R>]> {
  if (models[0] === models[1]) throw new ProviderError('bad-request', `An A/B take needs two different models; both are ${models[0]}.`, false);
  if (request.modality === 'video' && request.resumeJobId) {
    throw new ProviderError('bad-request', 'An A/B take cannot resume a single job id; resume each side as its own task.', false);
  }
  const side = async (model: string): Promise<Take<R>> => {
    const one = { ...request, model } as R;
    if (one.modality === 'video') {
      one.onJobSubmitted = (jobId: string) => options.onJobSubmitted?.(model, jobId);
    }
    try {
      return { model, ok: true, result: await call(one) };
    } catch (error) {
      return { model, ok: false, error: error instanceof Error ? error : new Error(String(error)) };
    }
  };
  const [a, b] = await Promise.all([side(models[0]), side(models[1])]);
  return [a, b];
}

/** A ModelCall straight to the first provider that serves the model: no approval, budget or journal. */
export function callerFor(providers: readonly Provider[]): ModelCall {
  return (request) => {
    const provider = providers.find((p) => p.handles(request.model) && p.modalities.includes(request.modality));
    if (!provider) {
      return Promise.reject(new ProviderError('bad-request', `No provider serves ${request.modality} for model ${request.model}.`, false));
    }
    return provider.call(request);
  };
}
