/**
 * The provider registry: turns a role's model list into the providers that serve it, in the
 * list's order (first preferred, the rest fallbacks). production.md `models` overrides the
 * agent.md list; `--provider NAME` forces every call onto one provider.
 */
import type { AgentData, Modality, ProductionData } from '../model/types';
import type { Provider } from './types';

export interface Route {
  model: string;
  provider: Provider;
}

/** A model of the list no registered provider serves: reported as a routing step, never thrown. */
export interface Unrouted {
  model: string;
  reason: string;
}

/** The ordered model list of a role for a modality: production.md `models` wins over agent.md. */
export function modelList(
  role: string,
  modality: Modality,
  agent: Pick<AgentData, 'models'> | undefined,
  production: Pick<ProductionData, 'models'> | undefined,
): string[] {
  const fromProduction = production?.models?.[role]?.[modality];
  if (Array.isArray(fromProduction) && fromProduction.length > 0) return fromProduction.map(String);
  const fromAgent = agent?.models?.[modality];
  if (Array.isArray(fromAgent) && fromAgent.length > 0) return fromAgent.map(String);
  return [];
}

/** A provider's family name: `video-job:runway` answers to `video-job` as well. */
function answersTo(provider: Provider, name: string): boolean {
  return provider.name === name || provider.name.split(':')[0] === name;
}

export class ProviderRegistry {
  readonly forced: Provider | undefined;

  /** Throws a plain Error naming the known providers when `force` names none of them (the edge turns it into advice). */
  constructor(
    readonly providers: readonly Provider[],
    force?: string,
  ) {
    if (force) {
      this.forced = providers.find((p) => answersTo(p, force));
      if (!this.forced) throw new UnknownProviderError(force, providers.map((p) => p.name));
    }
  }

  /** The first provider (registration order) that serves this model and modality. */
  resolve(model: string, modality: Modality): Provider | undefined {
    return this.providers.find((p) => p.modalities.includes(modality) && p.handles(model));
  }

  /**
   * The routes to try, in order. With a forced provider: the list's models it serves, or the
   * provider's own name as the model when it serves none of them.
   */
  routes(models: readonly string[], modality: Modality): { routes: Route[]; unrouted: Unrouted[] } {
    const routes: Route[] = [];
    const unrouted: Unrouted[] = [];
    const forced = this.forced;
    if (forced) {
      if (!forced.modalities.includes(modality)) {
        return { routes, unrouted: [{ model: forced.name, reason: `provider ${forced.name} does not make ${modality}` }] };
      }
      for (const model of models) if (forced.handles(model)) routes.push({ model, provider: forced });
      if (routes.length === 0) {
        if (forced.handles(forced.name)) routes.push({ model: forced.name, provider: forced });
        else unrouted.push({ model: models.join(', ') || '(none)', reason: `provider ${forced.name} serves none of the models listed for this role` });
      }
      return { routes, unrouted };
    }
    for (const model of models) {
      const provider = this.resolve(model, modality);
      if (provider) routes.push({ model, provider });
      else unrouted.push({ model, reason: `no provider serves model ${model} for ${modality}` });
    }
    return { routes, unrouted };
  }
}

export class UnknownProviderError extends Error {
  constructor(
    readonly requested: string,
    readonly known: string[],
  ) {
    super(`unknown provider '${requested}' (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownProviderError';
  }
}
