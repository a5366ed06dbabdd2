/**
 * The storyboard artist's offline pictures: the pencil frame drawn from the request's
 * FrameInput (frame.ts). A request with an option card's input gets option cards instead, so a
 * custom role that asks for either is drawn for too.
 */
import { drawOptionCard, isOptionCardInput } from '../cards/option-card';
import { cannotDraw } from '../offline-input';
import type { GeneratedFile, ImageRequest } from '../../providers/types';
import { drawFrame, isFrameInput } from './frame';

function svg(data: string): GeneratedFile {
  return { ext: 'svg', data, mime: 'image/svg+xml' };
}

/** One SVG per requested image: the frame, or numbered option cards. */
export function drawSketches(request: ImageRequest): GeneratedFile[] {
  const n = Math.max(1, Math.floor(request.n || 1));
  const input = request.input;
  if (isFrameInput(input)) {
    const frame = drawFrame(input);
    return Array.from({ length: n }, () => svg(frame));
  }
  if (isOptionCardInput(input)) {
    return Array.from({ length: n }, (_, i) => svg(drawOptionCard({ ...input, index: input.index + i })));
  }
  throw cannotDraw(request.role, 'a frame input (shot, size, characters…)');
}
