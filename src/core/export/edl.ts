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

/** The cut as CMX 3600 EDL text. */
export function toEdl(cut: Cut, edlPath = 'edit/cut.edl'): string {
  const reels = reelNames(cut.shots.map((s) => s.id));
  const lines = [`TITLE: ${ascii(cut.title).toUpperCase().slice(0, 70) || 'UNTITLED'}`, 'FCM: NON-DROP FRAME', ''];
  cut.shots.forEach((shot, i) => {
    const event = String(i + 1).padStart(3, '0');
    const srcIn = timecode(0, cut.fps);
    const srcOut = timecode(shot.frames, cut.fps);
    const recIn = timecode(shot.start, cut.fps, 1);
    const recOut = timecode(shot.start + shot.frames, cut.fps, 1);
    lines.push(`${event}  ${reels[i]!.padEnd(8)} ${'V'.padEnd(5)} C        ${srcIn} ${srcOut} ${recIn} ${recOut}`);
    lines.push(`* FROM CLIP NAME:  ${ascii(shot.media.split('/').pop() ?? shot.id)}`);
    lines.push(`* FROM CLIP: ${ascii(relativeTo(edlPath, shot.media))}`);
    lines.push(`* SHOT: ${ascii(shot.id)}${shot.standIn ? ' (STORYBOARD FRAME STANDS IN FOR THE CLIP)' : ''}`);
    lines.push('');
  });
  return lines.join('\n');
}
