/**
 * The offline crew: each built-in role's own offline answers (declared in its module), put
 * together for the offline provider. Providers never import the crew; the crew hands its
 * answers to the provider here.
 */
import { offlineProvider as offlineProviderWith, type OfflineCrew } from '../providers/offline/index';
import { createProviders, type ProvidersConfig } from '../providers/index';
import { ProviderError, type Provider } from '../providers/types';
import { CREW, crewRole } from './roster';
import { drawSketches } from './storyboard/offline';

export const offlineCrew: OfflineCrew = {
  text(role, input) {
    const answer = crewRole(role)?.offline.text;
    if (!answer) {
      throw new ProviderError(
        'refused',
        `The offline crew has no text answers for the role "${role}". List a text model for it in agents/${role}/agent.md (models.text).`,
        false,
      );
    }
    return answer(input);
  },
  // A role of the production's own is drawn for like the storyboard artist: a frame, or option cards.
  images: (request) => (crewRole(request.role)?.offline.images ?? drawSketches)(request),
};

/** Roles the offline crew can answer in text. */
export const OFFLINE_TEXT_ROLES: readonly string[] = CREW.filter((r) => r.offline.text).map((r) => r.role);

/** The offline provider, answering with the built-in crew's rules. */
export function offlineProvider(): Provider {
  return offlineProviderWith(offlineCrew);
}

/** Every provider a run routes to, in order: the offline crew first, then the real providers. */
export function everyProvider(config: ProvidersConfig): Provider[] {
  return [offlineProvider(), ...createProviders(config)];
}
