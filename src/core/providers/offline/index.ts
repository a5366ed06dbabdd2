/**
 * `offline`: the embedded default provider. No network, no cost, deterministic. It answers text
 * requests with the built-in crew's rules (the same JSON a real model returns for the role's
 * schema, so one code path turns any answer into files), draws storyboard frames and option
 * cards as SVG sketches, and makes no video: the animatic stands in for the clips.
 */
import type { ImageRequest, ImageResult, Provider, ProviderRequest, ResultFor, TextRequest, TextResult, VideoRequest, VideoResult } from '../types';
import { ANIMATIC_STAND_IN_MIME, ProviderError } from '../types';
import { answerText } from './text';
import { drawImages } from './images';

export const OFFLINE = 'offline';

export { ANIMATIC_STAND_IN_MIME };

function text(request: TextRequest): TextResult {
  return { modality: 'text', content: answerText(request.role, request.input), usage: {}, cost: 0, model: request.model };
}

function image(request: ImageRequest): ImageResult {
  const images = drawImages(request);
  return { modality: 'image', images, usage: { images: images.length }, cost: 0, model: request.model };
}

function video(request: VideoRequest): VideoResult {
  const marker = {
    offline: true,
    note: 'animatic stands in for the clip',
    task: request.taskId,
    seconds: request.durationSeconds,
    advice: 'No video is made offline. List a video model for the dop role (agents/dop/agent.md) to generate clips.',
  };
  return {
    modality: 'video',
    video: { ext: 'json', data: JSON.stringify(marker, null, 2) + '\n', mime: ANIMATIC_STAND_IN_MIME },
    usage: {},
    cost: 0,
    model: request.model,
  };
}

/** Whether a video result is the offline stand-in rather than a clip. */
export function isAnimaticStandIn(result: Pick<VideoResult, 'video'>): boolean {
  return result.video.mime === ANIMATIC_STAND_IN_MIME;
}

/** The offline provider. */
export function offlineProvider(): Provider {
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
          return text(request) as ResultFor<R>;
        case 'image':
          return image(request) as ResultFor<R>;
        case 'video':
          return video(request) as ResultFor<R>;
      }
    },
  };
}
