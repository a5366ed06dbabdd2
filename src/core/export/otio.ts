/**
 * The cut as OpenTimelineIO JSON (`.otio`): Timeline.1 → Stack.1 → one video Track.1 of Clip.2,
 * each with an ExternalReference.1 to its clip or storyboard frame. Times are RationalTime.1 at
 * the production's frame rate; the clips' durations sum to the cut's length. Clip names are shot
 * ids; target URLs are relative to the .otio file (edit/cut.otio → ../media/…), which is how
 * editorial tools relink media that travels with the timeline.
 */
import type { Cut, CutShot } from './cut';

interface RationalTime {
  OTIO_SCHEMA: 'RationalTime.1';
  rate: number;
  value: number;
}
interface TimeRange {
  OTIO_SCHEMA: 'TimeRange.1';
  start_time: RationalTime;
  duration: RationalTime;
}

const time = (value: number, rate: number): RationalTime => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const range = (start: number, duration: number, rate: number): TimeRange => ({
  OTIO_SCHEMA: 'TimeRange.1',
  start_time: time(start, rate),
  duration: time(duration, rate),
});

/** `media/frames/a.svg` as seen from `edit/cut.otio`. */
export function relativeTo(fromFile: string, target: string): string {
  const from = fromFile.split('/').slice(0, -1);
  const to = target.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

function clip(shot: CutShot, rate: number, otioPath: string) {
  return {
    OTIO_SCHEMA: 'Clip.2',
    metadata: {
      filmcrew: {
        shot: shot.id,
        scene: shot.scene,
        order: shot.order,
        media: shot.media,
        frame: shot.frame,
        ...(shot.clip ? { clip: shot.clip } : {}),
        // Honest about what plays: a still storyboard frame standing in for a clip not yet made.
        stand_in: shot.standIn ? 'storyboard frame' : null,
      },
    },
    name: shot.id,
    source_range: range(0, shot.frames, rate),
    effects: [],
    markers: [],
    enabled: true,
    media_references: {
      DEFAULT_MEDIA: {
        OTIO_SCHEMA: 'ExternalReference.1',
        metadata: {},
        name: shot.media.split('/').pop() ?? shot.id,
        available_range: range(0, shot.frames, rate),
        available_image_bounds: null,
        target_url: relativeTo(otioPath, shot.media),
      },
    },
    active_media_reference_key: 'DEFAULT_MEDIA',
  };
}

/**
 * A Transition.1 after `shot`: a dissolve is OTIO's SMPTE_Dissolve, a wipe or a fade through
 * black a Custom_Transition named for it. It starts at the cut (in_offset 0, out_offset its
 * length) and, as in OTIO, takes no time of its own; a fade-out closes the track over the last
 * shot's last frames (in_offset its length).
 */
function transition(shot: CutShot, rate: number) {
  const t = shot.transition!;
  const end = t.kind === 'fade-out';
  return {
    OTIO_SCHEMA: 'Transition.1',
    metadata: { filmcrew: { kind: t.kind, script: t.text } },
    name: t.text || t.kind,
    transition_type: t.kind === 'dissolve' ? 'SMPTE_Dissolve' : 'Custom_Transition',
    in_offset: time(end ? t.frames : 0, rate),
    out_offset: time(end ? 0 : t.frames, rate),
  };
}

/** The cut as OTIO JSON text (2-space indented, newline-terminated). */
export function toOtio(cut: Cut, otioPath = 'edit/cut.otio'): string {
  const rate = cut.fps;
  const timeline = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: { filmcrew: { title: cut.title, fps: rate, shots: cut.shots.length, total_frames: cut.totalFrames } },
    name: cut.title,
    global_start_time: time(0, rate),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: [],
      enabled: true,
      children: [
        {
          OTIO_SCHEMA: 'Track.1',
          metadata: {},
          name: 'V1',
          source_range: null,
          effects: [],
          markers: [],
          enabled: true,
          children: cut.shots.flatMap((s) => (s.transition ? [clip(s, rate, otioPath), transition(s, rate)] : [clip(s, rate, otioPath)])),
          kind: 'Video',
        },
      ],
    },
  };
  return JSON.stringify(timeline, null, 2) + '\n';
}
