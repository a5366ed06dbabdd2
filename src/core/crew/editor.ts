/**
 * The editor: assembles the shots in sequence order into the cut and writes it three ways —
 * OpenTimelineIO (`edit/cut.otio`), a CMX 3600 EDL (`edit/cut.edl`) and a self-contained
 * animatic page (`edit/animatic.html`). One task for the whole film, after generation.
 *
 * Assembly is deterministic: cutting shots of known lengths in a known order needs no model, so
 * the editor never calls one (offline or not) and its output is the same for the same inputs.
 */
import { PRODUCTION_FILE, framePath, timelineFiles } from '../model/paths';
import { clipOf, photographed, photographyByShot } from '../model/photography';
import type { PhotographyData, Production, ShotData } from '../model/types';
import { toAnimatic, imageMime, type AnimaticFrame } from '../export/animatic';
import { cutOf } from '../export/cut';
import { toEdl } from '../export/edl';
import { toOtio } from '../export/otio';
import type { PlanScope, RoleHandler, ScopedContext, TaskOutput, TaskSpec } from './role';

const ROLE = 'editor';
const SUBJECT = 'cut';

function plan(production: Production, scope: PlanScope): TaskSpec[] {
  const shots = production.shots.filter((s) => !s.data.omitted);
  if (!shots.length) return [];
  if (scope.subjects?.size && !scope.subjects.has(SUBJECT) && !shots.some((s) => scope.subjects!.has(s.data.id))) return [];
  // The cut is the whole film: an act-scoped run still cuts every shot (a partial cut would
  // overwrite the full one), so `scope.act` does not narrow it.
  const media = new Set<string>();
  const photography = photographyByShot(production.photography);
  for (const s of shots) {
    media.add(framePath(s.data));
    const clip = clipOf(s.data, photography);
    if (clip) media.add(clip);
  }
  return [
    {
      id: `${ROLE}:${SUBJECT}`,
      role: ROLE,
      stage: 'edit',
      subject: SUBJECT,
      reads: [PRODUCTION_FILE, ...shots.map((s) => s.path), ...(production.photography ?? []).map((p) => p.path), ...media],
      writes: [timelineFiles.otio, timelineFiles.edl, timelineFiles.animatic],
      after: [],
    },
  ];
}

/** The three timeline files of the cut, from the task's context. */
export function assemble(ctx: Pick<ScopedContext, 'title' | 'format' | 'files'>): TaskOutput[] {
  const shots: ShotData[] = [];
  const sheets: { data: PhotographyData }[] = [];
  for (const f of ctx.files.values()) {
    const data = f.artifact?.data;
    if (data?.kind === 'shot') shots.push(data);
    else if (data?.kind === 'photography') sheets.push({ data });
  }
  const photography = photographyByShot(sheets);
  for (let i = 0; i < shots.length; i++) shots[i] = photographed(shots[i]!, photography);
  const cut = cutOf(ctx.title, ctx.format.fps, shots);
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
  ];
}

export const editor: RoleHandler = {
  role: ROLE,
  stage: 'edit',
  modalities: [],
  plan,
  async run(ctx) {
    return assemble(ctx);
  },
};
