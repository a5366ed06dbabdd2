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

/**
 * Calls `done` once, after the first timed card is painted (or after a frame, where the browser
 * has no Element Timing, or after FALLBACK_MS at the latest). `frames` is how many timed frames
 * the first paint drew.
 */
export function afterFirstPaint(drawn: { cards: number; frames: number }, done: () => void): void {
  let finished = false;
  const finish = (at?: number) => {
    if (finished) return;
    finished = true;
    performance.mark('storyboard:first-paint', at ? { startTime: at } : undefined);
    done();
  };
  if (!drawn.cards || !PerformanceObserver.supportedEntryTypes?.includes('element')) {
    // After the frame is painted, not before it.
    requestAnimationFrame(() => setTimeout(() => finish(), 0));
    return;
  }
  let frames = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as ElementTiming[]) {
      if (entry.identifier === 'card') finish(entry.renderTime || entry.startTime);
      else if (entry.identifier === 'frame' && ++frames === drawn.frames) performance.mark('storyboard:frames-painted', { startTime: entry.renderTime || entry.loadTime });
    }
    if (finished && frames >= drawn.frames) observer.disconnect();
  });
  observer.observe({ type: 'element', buffered: true });
  setTimeout(() => finish(), FALLBACK_MS);
}
