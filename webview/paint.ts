/**
 * When the board's first cards are on screen, as a person sees them: the browser's Element Timing
 * (the frame that drew the timed cards was presented), not a callback before that frame. Marks
 * `storyboard:first-paint` at that time (the bench reads it) and `storyboard:frames-painted` once
 * the first cards' frames are drawn too.
 */

/** Element Timing's entry (not in TypeScript's DOM types yet). */
interface ElementTiming extends PerformanceEntry {
  readonly identifier: string;
  readonly renderTime: number;
  readonly loadTime: number;
}

/** A page that never paints (hidden, or a board with nothing timed) goes on after this. */
const FALLBACK_MS = 1000;
/** Frames that do not arrive (a slow disk, a broken file) hold the rest of the page no longer than this. */
const FRAMES_FALLBACK_MS = 400;

export interface PaintSteps {
  /** The first cards are on screen: load their frames. */
  painted(): void;
  /** Their frames are painted too (or took too long): the rest of the page's work. */
  framed(): void;
}

/**
 * Runs `steps.painted` once the first timed card is painted (or after a frame, where the browser
 * has no Element Timing, or after FALLBACK_MS at the latest), then `steps.framed` once the
 * `drawn.frames` timed frames are painted (or after FRAMES_FALLBACK_MS).
 */
export function afterFirstPaint(drawn: { cards: number; frames: number }, steps: PaintSteps): void {
  let finished = false;
  let framed = false;
  const frameDone = () => {
    if (framed) return;
    framed = true;
    steps.framed();
  };
  const finish = (at?: number) => {
    if (finished) return;
    finished = true;
    performance.mark('storyboard:first-paint', at ? { startTime: at } : undefined);
    steps.painted();
    if (!drawn.frames || !timing) frameDone();
    else setTimeout(frameDone, FRAMES_FALLBACK_MS);
  };
  const timing = drawn.cards > 0 && PerformanceObserver.supportedEntryTypes?.includes('element');
  if (!timing) {
    // After the frame is painted, not before it.
    requestAnimationFrame(() => setTimeout(() => finish(), 0));
    return;
  }
  let frames = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as ElementTiming[]) {
      if (entry.identifier === 'card') finish(entry.renderTime || entry.startTime);
      else if (entry.identifier === 'frame' && ++frames === drawn.frames) {
        performance.mark('storyboard:frames-painted', { startTime: entry.renderTime || entry.loadTime });
        frameDone();
      }
    }
    if (finished && frames >= drawn.frames) observer.disconnect();
  });
  observer.observe({ type: 'element', buffered: true });
  setTimeout(() => finish(), FALLBACK_MS);
}
