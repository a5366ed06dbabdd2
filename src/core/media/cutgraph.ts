/**
 * The rough cut's video filtergraph: one chain per shot (its clip conformed to the cut's rate and
 * size, trimmed or held to exactly its frames, the slate's shot id), joined by `concat` at cuts
 * and `xfade` at the script's transitions, with the running timecode burned in last when slated.
 * Every transition starts at its cut, so the joined length is the sum of the shots (see
 * export/transitions.ts).
 */
import type { Cut, CutShot } from '../export/cut';
import { timecode } from '../export/cut';
import type { PictureFormat } from './format';

const XFADE: Record<'dissolve' | 'wipe' | 'fade', string> = { dissolve: 'fade', wipe: 'wipeleft', fade: 'fadeblack' };

/** Text safe inside a drawtext value: letters, digits and a few marks. */
function plain(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._-]/g, '');
}

function shotChain(i: number, shot: CutShot, format: PictureFormat, font: string | undefined): string {
  const { width: w, height: h } = format;
  const rate = `${format.rate.num}/${format.rate.den}`;
  const seconds = shot.frames / format.fps;
  const parts = [
    `fps=${rate}`,
    `scale=${w}:${h}:force_original_aspect_ratio=decrease`,
    `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`,
    'setsar=1',
    'format=yuv420p',
    // A clip shorter than its shot holds its last frame; a longer one is trimmed to the shot.
    `tpad=stop_mode=clone:stop_duration=${(seconds + 1).toFixed(3)}`,
    `trim=end_frame=${shot.frames}`,
    'setpts=PTS-STARTPTS',
  ];
  if (font) {
    const size = Math.max(10, Math.round(h / 24));
    parts.push(`drawtext=fontfile=${font}:text='${plain(shot.id)}':x=${size}:y=${size}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=${Math.round(size / 4)}`);
  }
  const t = shot.transition;
  if (t?.kind === 'fade-out') parts.push(`fade=t=out:start_frame=${shot.frames - t.frames}:nb_frames=${t.frames}`);
  else if (t) parts.push(`tpad=stop_mode=clone:stop=${t.frames}`);
  return `[${i}:v]${parts.join(',')}[v${i}]`;
}

/** The video filtergraph: one chain per shot, then the joins; the result is labelled `[vj]`. */
export function videoGraph(cut: Cut, format: PictureFormat, font: string | undefined): string[] {
  const graph = cut.shots.map((s, i) => shotChain(i, s, format, font));
  let current = 'v0';
  let length = cut.shots[0]!.frames + (cut.shots[0]!.transition && cut.shots[0]!.transition.kind !== 'fade-out' ? cut.shots[0]!.transition.frames : 0);
  for (let i = 1; i < cut.shots.length; i++) {
    const shot = cut.shots[i]!;
    const into = cut.shots[i - 1]!.transition;
    const own = shot.frames + (shot.transition && shot.transition.kind !== 'fade-out' ? shot.transition.frames : 0);
    const next = `j${i}`;
    if (into && into.kind !== 'fade-out') {
      const offset = (length - into.frames) / format.fps;
      graph.push(`[${current}][v${i}]xfade=transition=${XFADE[into.kind]}:duration=${(into.frames / format.fps).toFixed(6)}:offset=${offset.toFixed(6)}[${next}]`);
      length += own - into.frames;
    } else {
      // concat answers in microseconds; an xfade after it needs the chains' 1/fps back.
      graph.push(`[${current}][v${i}]concat=n=2:v=1:a=0,settb=${format.rate.den}/${format.rate.num}[${next}]`);
      length += own;
    }
    current = next;
  }
  const tail = font ? `,drawtext=fontfile=${font}:timecode='${timecode(0, cut.fps).replace(/:/g, '\\:')}':rate=${format.rate.num}/${format.rate.den}:x=w-tw-${Math.round(format.height / 24)}:y=${Math.round(format.height / 24)}:fontsize=${Math.max(10, Math.round(format.height / 24))}:fontcolor=white:box=1:boxcolor=black@0.55` : '';
  // Frame n at exactly n/fps: xfade's timestamps carry rounding that the encoder's constant
  // rate would otherwise turn into a doubled frame here and a dropped one there.
  graph.push(`[${current}]trim=end_frame=${cut.totalFrames},settb=${format.rate.den}/${format.rate.num},setpts=N${tail}[vj]`);
  return graph;
}
