/**
 * The generation stage's clip task, one per shot: when no video model made the shot's clip, the
 * storyboard frame becomes one — `media/clips/<shot>.mp4`, the shot's duration at the
 * production's rate and size, with its camera move (the DOP's when lit, else the shot's
 * movement). It runs after its scene's DOP (it reads the lit shot) and, like every task, only
 * when its inputs changed: an unchanged clip is never rendered again.
 *
 * A real video model's clip takes the same place: when the DOP wrote the shot a clip that is
 * not the offline stand-in, this task makes nothing.
 */
import { PRODUCTION_FILE, clipPath, framePath } from '../../model/paths';
import type { Production, ShotData } from '../../model/types';
import { isVideoClip, DEFAULT_SHOT_SECONDS } from '../../export/cut';
import { renderClip, type ClipSource } from '../../media/clip';
import { metered } from '../../meter';
import { framesOf, pictureFormat } from '../../media/format';
import { clipMove } from '../../media/moves';
import type { HandlerSpec, PlanScope, PlannedTask, ScopedContext, TaskOutput } from '../role';

const ROLE = 'dop';
const RASTER = /\.(png|jpe?g|webp)$/i;

/**
 * Whether the shot names its own clip: a video model's (the DOP records it) or one a person put
 * there. The offline DOP records none, so the frame's clip is made here.
 */
export function hasModelClip(shot: ShotData): boolean {
  return isVideoClip(shot.clip);
}

/** The clip task's id for a shot. */
export const clipTaskId = (shotId: string) => `${ROLE}:clip-${shotId}`;

function plan(production: Production, scope: PlanScope): PlannedTask[] {
  const tasks: PlannedTask[] = [];
  for (const { data, path } of production.shots) {
    if (data.omitted || hasModelClip(data)) continue;
    if (scope.act && data.act !== scope.act) continue;
    if (scope.subjects?.size && !scope.subjects.has(data.id) && !scope.subjects.has(data.scene)) continue;
    tasks.push({
      id: clipTaskId(data.id),
      instance: data.scene,
      ...(data.act ? { act: data.act } : {}),
      scene: data.scene,
      subject: data.id,
      // The shot is read after its DOP lit it: the planner orders this task after the DOP's.
      reads: [PRODUCTION_FILE, path, framePath(data)],
      writes: [clipPath(data.id)],
      after: [],
    });
  }
  return tasks;
}

async function run(ctx: ScopedContext): Promise<TaskOutput[]> {
  const shot = [...ctx.files.values()].map((f) => f.artifact?.data).find((d): d is ShotData => d?.kind === 'shot');
  if (!shot || shot.omitted || hasModelClip(shot)) return [];
  const framePathOf = framePath(shot);
  const file = ctx.files.get(framePathOf);
  if (!file) throw new Error(`${framePathOf} does not exist: the storyboard frame of ${shot.id} is drawn first (run the storyboard stage)`);
  let frame: ClipSource['frame'];
  if (file.bytes && RASTER.test(framePathOf)) frame = { image: file.bytes, ext: framePathOf.split('.').pop()!.toLowerCase() };
  else if (/\.svg$/i.test(framePathOf)) frame = { svg: file.text };
  else throw new Error(`${framePathOf} is not an image a clip can be made from (svg, png, jpg or webp)`);
  const format = pictureFormat(ctx.format);
  const seconds = typeof shot.duration === 'number' && shot.duration > 0 ? shot.duration : DEFAULT_SHOT_SECONDS;
  const content = await metered('renderer', () => renderClip({ frame, frames: framesOf(seconds, format.fps), move: clipMove(shot) }, format, ctx.signal));
  return [{ type: 'file', path: clipPath(shot.id), content }];
}

/** The clip task: a second handler of the DOP's role (its agent.md reads frames and writes media/clips). */
export const clipTask: HandlerSpec = { modalities: [], plan, run };
