/**
 * `offline`: the embedded default provider. No network, no cost, deterministic. It answers text
 * and image requests with the answers it is given — the built-in crew's (crew/offline.ts), each
 * role's own rules: the same JSON a real model returns for the role's schema, so one code path
 * turns any answer into files, and SVG sketches for frames and option cards. It makes no video:
 * the video stand-in tells the DOP to make the shot's clip from its frame (crew/dop/clip.ts).
 */
import type { GeneratedFile, ImageRequest, ImageResult, Provider, ProviderRequest, ResultFor, TextRequest, TextResult, VideoRequest, VideoResult } from '../types';
import { VIDEO_STAND_IN_MIME, ProviderError } from '../types';

/** What the offline provider answers with: the crew's rules, given by the caller (providers never import the crew). */
export interface OfflineCrew {
  /** A role's text answer from the request's structured input; throws a ProviderError for a role it does not know. */
  text(role: string, input: unknown): unknown;
  /** The pictures for an image request; throws a ProviderError when it cannot draw them. */
  images(request: ImageRequest): GeneratedFile[];
}

export const OFFLINE = 'offline';

export { VIDEO_STAND_IN_MIME };

function text(crew: OfflineCrew, request: TextRequest): TextResult {
  return { modality: 'text', content: crew.text(request.role, request.input), usage: {}, cost: 0, model: request.model };
}

function image(crew: OfflineCrew, request: ImageRequest): ImageResult {
  const images = crew.images(request);
  return { modality: 'image', images, usage: { images: images.length }, cost: 0, model: request.model };
}

function video(request: VideoRequest): VideoResult {
  const marker = {
    offline: true,
    note: "no video model: the shot's clip is made from its storyboard frame",
    task: request.taskId,
    seconds: request.durationSeconds,
    advice: 'No video is made offline: the clip task makes each clip from its storyboard frame. List a video model for the dop role (agents/dop/agent.md) to generate clips.',
  };
  return {
    modality: 'video',
    video: { ext: 'json', data: JSON.stringify(marker, null, 2) + '\n', mime: VIDEO_STAND_IN_MIME },
    usage: {},
    cost: 0,
    model: request.model,
  };
}

/** The offline provider answering with this crew's rules. */
export function offlineProvider(crew: OfflineCrew): Provider {
  return {
    name: OFFLINE,
    modalities: ['text', 'image', 'video'],
    paid: false,
    handles: (model) => model === OFFLINE,
    estimate: () => 0,
    async call<R extends ProviderRequest>(request: R): Promise<ResultFor<R>> {
      if (request.signal?.aborted) throw new ProviderError('aborted', 'the run was cancelled', false);
      switch (request.modality) {
        case 'text':
          return text(crew, request) as ResultFor<R>;
        case 'image':
          return image(crew, request) as ResultFor<R>;
        case 'video':
          return video(request) as ResultFor<R>;
      }
    },
  };
}
