/**
 * The cut as FCPXML 1.10 (`edit/cut.fcpxml`), which Final Cut Pro, DaVinci Resolve and Premiere
 * (through XML import) read: one format, an asset per shot's media with its media-rep relative
 * to the .fcpxml, one project whose spine holds an asset-clip per shot at its place and a
 * transition wherever the script has one. Times are rational seconds at the production's
 * rate (`72/24s`, `1001/24000s` per frame at 23.976), so every duration is exact in frames.
 * Transitions start at their cut and do not move the clips (export/transitions.ts).
 */
import type { PictureFormat } from '../media/format';
import type { Cut } from './cut';
import { relativeTo } from './otio';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/** Frames as FCPXML time: `0s`, `72/24s`, `3003/24000s`. */
export function fcpTime(frames: number, rate: { num: number; den: number }): string {
  if (frames === 0) return '0s';
  return `${frames * rate.den}/${rate.num}s`;
}

/** Final Cut Pro's built-in transitions (FxPlug ids as FCP and Resolve write them); black is Fade To Color's default. */
const EFFECTS = {
  dissolve: { name: 'Cross Dissolve', uid: 'FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265' },
  fade: { name: 'Fade To Color', uid: 'FxPlug:F779C565-486D-4633-8035-0374B4DB8F5C' },
  wipe: { name: 'Edge Wipe', uid: 'FxPlug:857E2FBA-98DB-411B-A88C-CE6ABC1F65D8' },
};

/** The cut as FCPXML text. */
export function toFcpxml(cut: Cut, format: PictureFormat, fcpxmlPath = 'edit/cut.fcpxml'): string {
  const rate = format.rate;
  const t = (frames: number) => fcpTime(frames, rate);
  const formatName = `FFVideoFormat${format.height}p${Math.round(format.fps * 100) / 100}`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<!DOCTYPE fcpxml>', '<fcpxml version="1.10">', '  <resources>'];
  lines.push(`    <format id="r0" name="${xml(formatName)}" frameDuration="${t(1)}" width="${format.width}" height="${format.height}"/>`);
  const used = new Set(cut.shots.map((s) => s.transition?.kind).filter((k): k is 'dissolve' | 'fade' | 'wipe' | 'fade-out' => !!k).map((k) => (k === 'fade-out' ? 'fade' : k)));
  for (const kind of used) lines.push(`    <effect id="fx-${kind}" name="${EFFECTS[kind].name}" uid="${EFFECTS[kind].uid}"/>`);
  cut.shots.forEach((s, i) => {
    // A still stands in for a clip not yet made: it has video but no duration of its own.
    const duration = s.standIn ? '0s' : t(s.frames);
    lines.push(`    <asset id="a${i + 1}" name="${xml(s.id)}" start="0s" duration="${duration}" hasVideo="1" format="r0" videoSources="1">`);
    lines.push(`      <media-rep kind="original-media" src="${xml(relativeTo(fcpxmlPath, s.media))}"/>`);
    lines.push('    </asset>');
  });
  lines.push('  </resources>', '  <library>', `    <event name="${xml(cut.title || 'Untitled')}">`, `      <project name="${xml(cut.title || 'Untitled')}">`);
  lines.push(`        <sequence format="r0" duration="${t(cut.totalFrames)}" tcStart="0s" tcFormat="NDF">`, '          <spine>');
  cut.shots.forEach((s, i) => {
    const element = s.standIn ? 'video' : 'asset-clip';
    lines.push(`            <${element} ref="a${i + 1}" name="${xml(s.id)}" offset="${t(s.start)}" start="0s" duration="${t(s.frames)}"/>`);
    const tr = s.transition;
    if (!tr) return;
    const kind = tr.kind === 'fade-out' ? 'fade' : tr.kind;
    const at = tr.kind === 'fade-out' ? s.start + s.frames - tr.frames : s.start + s.frames;
    lines.push(`            <transition name="${EFFECTS[kind].name}" offset="${t(at)}" duration="${t(tr.frames)}">`);
    lines.push(`              <filter-video ref="fx-${kind}" name="${EFFECTS[kind].name}"/>`);
    lines.push(`              <note>${xml(tr.text)}</note>`);
    lines.push('            </transition>');
  });
  lines.push('          </spine>', '        </sequence>', '      </project>', '    </event>', '  </library>', '</fcpxml>', '');
  return lines.join('\n');
}
