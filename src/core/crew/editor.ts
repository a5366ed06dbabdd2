/**
 * The editor: assembles the shots in sequence order into the cut and writes it for every place
 * it goes — OpenTimelineIO (`edit/cut.otio`), a CMX 3600 EDL (`edit/cut.edl`), FCPXML 1.10
 * (`edit/cut.fcpxml`), the shot list as CSV, the storyboard as PDF, a self-contained animatic
 * page, and, when every shot has its clip, the rough cut itself (`edit/roughcut.mp4`, with the
 * script's transitions, and the slate and scratch dialogue production.md's `edit:` asks for).
 * Two tasks for the whole film, after generation: the timelines, and the rough cut with the PDF.
 *
 * Assembly is deterministic: cutting shots of known lengths in a known order needs no model, so
 * the editor never calls one (offline or not) and its output is the same for the same inputs.
 */
import { PRODUCTION_FILE, clipPath, cutFiles, framePath, timelineFiles } from '../model/paths';
import { clipOf, photographed, photographyByShot } from '../model/photography';
import type { PhotographyData, Production, ProductionData, ShotData } from '../model/types';
import { toAnimatic, imageMime, type AnimaticFrame } from '../export/animatic';
import { cutOf, isVideoClip, type Cut } from '../export/cut';
import { toEdl } from '../export/edl';
import { toFcpxml } from '../export/fcpxml';
import { toOtio } from '../export/otio';
import { toShotlistCsv } from '../export/shotlist';
import { FRAMES_PER_PAGE, storyboardPrintParts } from '../export/storyboard-print';
import { pictureFormat } from '../media/format';
import { printParts, printPdfParts } from '../media/pdf';
import { renderRoughCut, type ClipSource } from '../media/roughcut';
import { metered } from '../meter';
import { defineRole, type PlanScope, type PlannedTask, type RoleHandler, type ScopedContext, type TaskOutput } from './role';

const ROLE = 'editor';
const SUBJECT = 'cut';
const MEDIA_SUBJECT = 'roughcut';

function plan(production: Production, scope: PlanScope): PlannedTask[] {
  const shots = production.shots.filter((s) => !s.data.omitted);
  if (!shots.length) return [];
  if (scope.subjects?.size && !scope.subjects.has(SUBJECT) && !scope.subjects.has(MEDIA_SUBJECT) && !shots.some((s) => scope.subjects!.has(s.data.id))) return [];
  // The cut is the whole film: an act-scoped run still cuts every shot (a partial cut would
  // overwrite the full one), so `scope.act` does not narrow it.
  const media = new Set<string>();
  const photography = photographyByShot(production.photography);
  for (const s of shots) {
    media.add(framePath(s.data));
    // The clip the DOP's photography or the shot names, else the one generation makes by convention.
    const clip = clipOf(s.data, photography);
    media.add(isVideoClip(clip) ? clip : clipPath(s.data.id));
  }
  const reads = [PRODUCTION_FILE, ...shots.map((s) => s.path), ...(production.photography ?? []).map((p) => p.path), ...media];
  // Two tasks: the timelines are text and quick; the rough cut and the PDF need ffmpeg and
  // chromium and take a while. One failing (a tool not installed) leaves the other's work.
  return [
    {
      id: `${ROLE}:${SUBJECT}`,
      subject: SUBJECT,
      reads,
      writes: [timelineFiles.otio, timelineFiles.edl, timelineFiles.animatic, cutFiles.fcpxml, cutFiles.shotlist],
      after: [],
    },
    {
      id: `${ROLE}:${MEDIA_SUBJECT}`,
      subject: MEDIA_SUBJECT,
      reads,
      writes: [cutFiles.storyboard, cutFiles.roughcut],
      after: [],
    },
  ];
}

type EditorContext = Pick<ScopedContext, 'title' | 'format' | 'files'>;

/** The shots of the context, each with the clip it has: named on the shot, else made by convention. */
function shotsOf(ctx: EditorContext): ShotData[] {
  const shots: ShotData[] = [];
  const sheets: { data: PhotographyData }[] = [];
  for (const f of ctx.files.values()) {
    const data = f.artifact?.data;
    if (data?.kind === 'shot') shots.push(data);
    else if (data?.kind === 'photography') sheets.push({ data });
  }
  const photography = photographyByShot(sheets);
  return shots.map((shot) => {
    const lit = photographed(shot, photography);
    const made = clipPath(lit.id);
    // Whether the clip is there, not its bytes: the timelines never read a clip (the context reads media only when asked).
    return !isVideoClip(lit.clip) && ctx.files.has(made) ? { ...lit, clip: made } : lit;
  });
}

/** The editor's options from production.md's `edit:` block. */
export function editOptions(ctx: EditorContext): { roughcut: boolean; slate: boolean; scratchAudio: boolean } {
  const data = ctx.files.get(PRODUCTION_FILE)?.artifact?.data as ProductionData | undefined;
  const edit = data?.edit ?? {};
  return { roughcut: edit.roughcut !== false, slate: edit.slate === true, scratchAudio: edit.scratch_audio === true };
}

/** The timeline files of the cut (OTIO, EDL, FCPXML, shot list, animatic), from the task's context. */
export function assemble(ctx: EditorContext): TaskOutput[] {
  const shots = shotsOf(ctx);
  const cut = cutOf(ctx.title, ctx.format.fps, shots);
  const format = pictureFormat(ctx.format);
  const frames = new Map<string, AnimaticFrame>();
  for (const s of cut.shots) {
    const file = ctx.files.get(s.frame);
    const mime = imageMime(s.frame);
    // Only text images survive the context as text; a binary frame is shown as a slate.
    if (file && mime === 'image/svg+xml') frames.set(s.frame, { mime, data: file.text });
  }
  return [
    { type: 'file', path: timelineFiles.otio, content: toOtio(cut, timelineFiles.otio) },
    { type: 'file', path: timelineFiles.edl, content: toEdl(cut, timelineFiles.edl) },
    { type: 'file', path: timelineFiles.animatic, content: toAnimatic(cut, frames) },
    { type: 'file', path: cutFiles.fcpxml, content: toFcpxml(cut, format, cutFiles.fcpxml) },
    { type: 'file', path: cutFiles.shotlist, content: toShotlistCsv(cut, new Map(shots.map((s) => [s.id, s]))) },
  ];
}

/** The cut of the context, for the media outputs. */
function cutIn(ctx: EditorContext): { cut: Cut; shots: ShotData[] } {
  const shots = shotsOf(ctx);
  return { cut: cutOf(ctx.title, ctx.format.fps, shots), shots };
}

/** The `roughcut` task: the storyboard PDF and, when every shot has its clip, the rough cut. */
async function media(ctx: ScopedContext): Promise<TaskOutput[]> {
  const { cut, shots } = cutIn(ctx);
  // Looked up as each part of the PDF is made: the engine reads a frame's text when asked, so the
  // 2,000 frames of a feature are not all held while it prints.
  const svgs = { get: (frame: string) => (/\.svg$/i.test(frame) ? ctx.files.get(frame)?.text : undefined) };
  const meta = new Map(shots.map((s) => [s.id, { size: s.size, move: s.movement }]));
  const pages = Math.ceil(cut.shots.length / FRAMES_PER_PAGE);
  // The PDF (chromium) and the rough cut (ffmpeg) are made at once: two programs, two cores.
  const [storyboard, roughcut] = await Promise.all([
    metered('renderer', () => printPdfParts(storyboardPrintParts(cut, svgs, meta, printParts(pages)))),
    metered('renderer', () => roughCut(ctx, cut)),
  ]);
  const outputs: TaskOutput[] = [{ type: 'file', path: cutFiles.storyboard, content: storyboard }];
  if (roughcut) outputs.push({ type: 'file', path: cutFiles.roughcut, content: roughcut });
  return outputs;
}

/** The rough cut, when the production wants one and every shot has its clip. */
async function roughCut(ctx: ScopedContext, cut: Cut): Promise<Uint8Array | undefined> {
  const options = editOptions(ctx);
  if (!options.roughcut || cut.shots.some((s) => s.standIn)) return undefined;
  const clips = new Map<string, ClipSource>();
  for (const s of cut.shots) {
    const file = ctx.files.get(s.media);
    // Copied to ffmpeg's folder from the production when the engine can, not held here.
    const source = file?.copyTo ?? file?.bytes;
    if (source) clips.set(s.media, source);
  }
  // A clip the shot names but that is not on disk leaves the cut without a rough cut, not broken.
  if (clips.size < cut.shots.length) return undefined;
  ctx.progress?.(0, 'rendering the rough cut');
  return renderRoughCut(cut, clips, pictureFormat(ctx.format), {
    slate: options.slate,
    scratchAudio: options.scratchAudio,
    signal: ctx.signal,
    onProgress: (f) => ctx.progress?.(f, 'rendering the rough cut'),
  });
}

export const editorRole = defineRole({
  role: 'editor',
  stage: 'edit',
  agent: {
    name: 'Editor',
    responsibility: 'Assembles the shots in sequence order into a timeline and an animatic.',
    reads: ['production.md', 'shots/*.md', 'photography/*.md', 'media/frames/*', 'media/clips/*'],
    writes: ['edit/*'],
    models: { text: ['offline'] },
    brief: `Assemble "{{title}}" in sequence order at {{fps}} fps; export OTIO, a CMX 3600 EDL and an animatic.`,
  },
  // The editor asks no model: its work is the same offline and online.
  offline: {},
  handlers: [
    {
      modalities: [],
      plan,
      async run(ctx) {
        return ctx.task.subject === MEDIA_SUBJECT ? media(ctx) : assemble(ctx);
      },
    },
  ],
});

/** The editor's handler: the timelines, and the media (rough cut, printable storyboard). */
export const [editor] = editorRole.handlers as [RoleHandler];
