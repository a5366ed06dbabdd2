/**
 * The offline crew's pictures: SVG sketches drawn from the request's structured input. The
 * storyboard artist's frames and the asset roles' option cards; nothing else draws offline.
 */
import type { GeneratedFile, ImageRequest } from '../types';
import { ProviderError } from '../types';

const SVG = 'image/svg+xml';

/** One SVG per requested image. */
export function drawImages(request: ImageRequest): GeneratedFile[] {
  throw new ProviderError('refused', `The offline crew draws no pictures for the role "${request.role}" yet.`, false);
}

export { SVG };
