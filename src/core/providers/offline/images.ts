/**
 * The offline crew's pictures: SVG sketches drawn from the request's structured input — the
 * storyboard artist's frames (drawFrame) and the asset roles' option cards (drawOptionCard, one
 * card per option). Any other image request is refused with advice.
 */
import { drawOptionCard, isOptionCardInput } from '../../crew/cards/option-card';
import { drawFrame, isFrameInput } from '../../crew/storyboard/frame';
import type { GeneratedFile, ImageRequest } from '../types';
import { ProviderError } from '../types';

const SVG = 'image/svg+xml';
const ASSET_ROLES = new Set(['casting', 'costume', 'production-design']);

function svg(data: string): GeneratedFile {
  return { ext: 'svg', data, mime: SVG };
}

/** One SVG per requested image. */
export function drawImages(request: ImageRequest): GeneratedFile[] {
  const n = Math.max(1, Math.floor(request.n || 1));
  const input = request.input;
  if ((request.role === 'storyboard-artist' || !ASSET_ROLES.has(request.role)) && isFrameInput(input)) {
    const frame = drawFrame(input);
    return Array.from({ length: n }, () => svg(frame));
  }
  if (isOptionCardInput(input)) {
    return Array.from({ length: n }, (_, i) => svg(drawOptionCard({ ...input, index: input.index + i })));
  }
  const expected = ASSET_ROLES.has(request.role) ? 'an option card input (kind, asset, name, option, index, prompt)' : 'a frame input (shot, size, characters…)';
  throw new ProviderError(
    'bad-request',
    `The offline crew cannot draw for ${request.role}: the request's input is not ${expected}. A custom role needs an image model in its agent.md.`,
    false,
  );
}
