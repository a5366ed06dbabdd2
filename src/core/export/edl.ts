/**
 * The cut as a CMX 3600 edit decision list: one cut event per shot on the video track, source
 * timecodes from 00:00:00:00 (each shot's media starts at its head), record timecodes running
 * from 01:00:00:00, non-drop-frame at the production's rate. Reel names are at most 8 characters,
 * derived from shot ids and unique within the list; `* FROM CLIP NAME:` names the media file and
 * `* FROM CLIP:` gives its path relative to the EDL, so a conform tool can find it.
 */
import type { Cut } from './cut';
import { timecode } from './cut';
import { relativeTo } from './otio';

/** Characters an EDL line can carry safely (the format is 7-bit ASCII, one event per line). */
function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '')
    .trim();
}

/** Reel names of at most 8 upper-case letters and digits, one per shot id, all distinct. */
export function reelNames(shotIds: readonly string[]): string[] {
  const used = new Set<string>();
  return shotIds.map((id) => {
    const clean = ascii(id).toUpperCase().replace(/[^A-Z0-9]/g, '') || 'SHOT';
    // Long ids keep their start (scene) and their end (shot number), which tell shots apart.
    let reel = clean.length <= 8 ? clean : clean.slice(0, 3) + clean.slice(-5);
    for (let k = 1; used.has(reel); k++) {
      const tag = k.toString(36).toUpperCase();
      reel = reel.slice(0, 8 - tag.length) + tag;
    }
    used.add(reel);
    return reel;
  });
}

/** CMX 3600's edit type and duration field for a transition into an event: `C`, `D    024`, `W001 012`. */
function editType(kind: 'dissolve' | 'wipe' | 'fade' | 'fade-out' | undefined, frames: number): string {
  if (!kind) return 'C       ';
  const d = String(frames).padStart(3, '0');
  return kind === 'wipe' ? `W001 ${d}` : `D    ${d}`;
}

/**
 * The cut as CMX 3600 EDL text. A transition into a shot is the standard two-line event: the
 * outgoing reel, zero length at its out point, then the incoming reel with `D` (dissolve; a
 * fade through black is written as a dissolve and named in a comment) or `W001` (wipe) and the
 * length in frames, starting at the cut. A fade-out after the last shot dissolves to black
 * (`BL`) over the shot's last frames.
 */
export function toEdl(cut: Cut, edlPath = 'edit/cut.edl'): string {
  const reels = reelNames(cut.shots.map((s) => s.id));
  const lines = [`TITLE: ${ascii(cut.title).toUpperCase().slice(0, 70) || 'UNTITLED'}`, 'FCM: NON-DROP FRAME', ''];
  let n = 0;
  const tc = (f: number, rec = false) => timecode(f, cut.fps, rec ? 1 : 0);
  const event = (reel: string, type: string, srcIn: number, srcOut: number, recIn: number, recOut: number) =>
    `${String(n).padStart(3, '0')}  ${reel.padEnd(8)} ${'V'.padEnd(5)} ${type} ${tc(srcIn)} ${tc(srcOut)} ${tc(recIn, true)} ${tc(recOut, true)}`;
  cut.shots.forEach((shot, i) => {
    n++;
    const into = i > 0 ? cut.shots[i - 1]!.transition : undefined;
    const fadeOut = shot.transition?.kind === 'fade-out' ? shot.transition : undefined;
    const frames = fadeOut ? shot.frames - fadeOut.frames : shot.frames;
    if (into) {
      const prev = cut.shots[i - 1]!;
      lines.push(event(reels[i - 1]!, editType(undefined, 0), prev.frames, prev.frames, shot.start, shot.start));
    }
    lines.push(event(reels[i]!, editType(into?.kind, into?.frames ?? 0), 0, frames, shot.start, shot.start + frames));
    if (into) lines.push(`* TRANSITION: ${ascii(into.text).toUpperCase()}${into.kind === 'fade' ? ' (THROUGH BLACK)' : ''}`);
    lines.push(`* FROM CLIP NAME:  ${ascii(shot.media.split('/').pop() ?? shot.id)}`);
    lines.push(`* FROM CLIP: ${ascii(relativeTo(edlPath, shot.media))}`);
    lines.push(`* SHOT: ${ascii(shot.id)}${shot.standIn ? ' (STORYBOARD FRAME STANDS IN FOR THE CLIP)' : ''}`);
    lines.push('');
    if (fadeOut) {
      n++;
      const at = shot.start + frames;
      lines.push(event(reels[i]!, editType(undefined, 0), frames, frames, at, at));
      lines.push(event('BL', editType('fade-out', fadeOut.frames), 0, fadeOut.frames, at, at + fadeOut.frames));
      lines.push(`* TRANSITION: ${ascii(fadeOut.text).toUpperCase()} (TO BLACK)`);
      lines.push('');
    }
  });
  return lines.join('\n');
}
