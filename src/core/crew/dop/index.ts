/**
 * The director of photography: one instance per scene. It gives every shot of its scene a lens,
 * a light and a camera support consistent with one light key for the scene, writes a generation
 * prompt per shot, and asks the video model for the clip. Offline there is no video: the shot
 * records that its clip is made from its storyboard frame (the clip task, clip.ts).
 *
 * The DOP writes its own sheet per scene, `photography/<scene>.md` (lens, light, camera,
 * generation prompt, clip per shot), never the shots: a locked shot stays as the breakdown and a
 * person left it, and the sheets and frames made from it do not go stale because it was lit.
 * Readers use model/photography.ts.
 */
import schema from '../../../../schemas/answers/dop.schema.json';
import { PRODUCTION_FILE, characterFile, clipPath, costumeFile, framePath, locationFile, photographyFile, propFile } from '../../model/paths';
import type { Artifact, AssetSheetData, PhotographyData, Production, ShotData, ShotPhotography } from '../../model/types';
import { VIDEO_STAND_IN_MIME } from '../../providers/types';
import { answerObject, arrayField, isRecord, malformed, stringField } from '../answer';
import { defineRole, type CallModel, type PlanScope, type PlannedTask, type RoleHandler, type ScopedContext, type TaskOutput } from '../role';
import { expectArrays, expectObject } from '../offline-input';
import { clipTask } from './clip';
import { lightScene } from './offline';
import { inputSection, isOffline, promptFor } from '../template';
import type { DopAnswer, DopInput } from './types';

export type { DopAnswer, DopInput, DopShot } from './types';

const ROLE = 'dop';
export const DOP_SCHEMA_ID = 'answers/dop.schema.json';


function liveShots(shots: readonly Artifact<ShotData>[], scene: string): Artifact<ShotData>[] {
  return shots.filter((s) => s.data.scene === scene && !s.data.omitted).sort((a, b) => a.data.order - b.data.order);
}

function plan(production: Production, scope: PlanScope): PlannedTask[] {
  const scenes = [...new Set(production.shots.filter((s) => !s.data.omitted).map((s) => s.data.scene))];
  const tasks: PlannedTask[] = [];
  for (const scene of scenes) {
    const shots = liveShots(production.shots, scene);
    const act = shots[0]?.data.act;
    if (scope.act && act !== scope.act) continue;
    if (scope.subjects?.size && !scope.subjects.has(scene) && !shots.some((s) => scope.subjects!.has(s.data.id))) continue;
    const sheets = new Set<string>();
    for (const { data } of shots) {
      for (const c of data.characters ?? []) sheets.add(characterFile(c)).add(costumeFile(c));
      if (data.location) sheets.add(locationFile(data.location));
      for (const p of data.props ?? []) sheets.add(propFile(p));
    }
    tasks.push({
      id: `${ROLE}:${scene}`,
      instance: scene,
      ...(act ? { act } : {}),
      scene,
      subject: scene,
      reads: [PRODUCTION_FILE, ...shots.map((s) => s.path), ...shots.map((s) => framePath(s.data)), ...sheets],
      writes: [photographyFile(scene), ...shots.map((s) => clipPath(s.data.id, '*'))],
      after: [],
    });
  }
  return tasks;
}

function chosenPrompt(sheet: AssetSheetData | undefined): string | undefined {
  if (!sheet?.chosen) return undefined;
  return sheet.options?.find((o) => o.id === sheet.chosen)?.prompt;
}

function inputOf(ctx: ScopedContext, shots: Artifact<ShotData>[]): DopInput {
  const sheet = (path: string) => ctx.files.get(path)?.artifact?.data as AssetSheetData | undefined;
  const looks: DopInput['looks'] = [];
  const seen = new Set<string>();
  const addLook = (path: string, kind: string, id: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const s = sheet(path);
    const prompt = chosenPrompt(s);
    if (s && prompt) looks.push({ id, kind, name: s.name, prompt });
  };
  for (const { data } of shots) {
    for (const c of data.characters ?? []) {
      addLook(characterFile(c), 'character', c);
      addLook(costumeFile(c), 'costume', c);
    }
    for (const p of data.props ?? []) addLook(propFile(p), 'prop', p);
  }
  const locationId = shots.find((s) => s.data.location)?.data.location;
  const location = locationId ? sheet(locationFile(locationId)) : undefined;
  const locationLook = chosenPrompt(location);
  // The location sheet when there is one, else the shot list's INT/EXT and D/N columns.
  const first = shots[0]!.data as ShotData & { interior?: unknown; time?: unknown };
  const interior =
    location && 'interior' in location && typeof location.interior === 'boolean' ? location.interior : typeof first.interior === 'boolean' ? first.interior : undefined;
  const time =
    location && 'time_of_day' in location && Array.isArray(location.time_of_day)
      ? (location.time_of_day[0] as string | undefined)
      : typeof first.time === 'string'
        ? first.time
        : undefined;
  return {
    title: ctx.title,
    style: ctx.style,
    scene: ctx.task.scene ?? ctx.task.subject,
    ...(locationId
      ? { location: { id: locationId, name: location?.name ?? locationId, ...(interior !== undefined ? { interior } : {}), ...(time ? { time } : {}), ...(locationLook ? { look: locationLook } : {}) } }
      : {}),
    looks,
    shots: shots.map(({ data }) => ({
      id: data.id,
      ...(data.size ? { size: data.size } : {}),
      ...(data.angle ? { angle: data.angle } : {}),
      ...(data.movement ? { movement: data.movement } : {}),
      ...(typeof data.duration === 'number' ? { duration: data.duration } : {}),
      characters: data.characters ?? [],
      props: data.props ?? [],
      ...(data.action ? { action: data.action } : {}),
      dialogue: (data.dialogue ?? []).map((d) => `${d.character}: ${d.line}`),
      ...(ctx.files.has(framePath(data)) ? { frame: framePath(data) } : {}),
    })),
  };
}

function readAnswer(content: unknown, ids: string[]): DopAnswer {
  const answer = answerObject(ROLE, content);
  const shots = arrayField(ROLE, answer, 'shots').map((raw) => {
    if (!isRecord(raw) || !isRecord(raw.camera)) throw malformed(ROLE, 'each shot needs id, lens, light, camera {support, move} and prompt');
    return {
      id: stringField(ROLE, raw, 'id'),
      lens: stringField(ROLE, raw, 'lens'),
      light: stringField(ROLE, raw, 'light'),
      camera: { support: stringField(ROLE, raw.camera, 'support'), move: stringField(ROLE, raw.camera, 'move') },
      prompt: stringField(ROLE, raw, 'prompt'),
    };
  });
  const missing = ids.filter((id) => !shots.some((s) => s.id === id));
  if (missing.length) throw malformed(ROLE, `it leaves out shot${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return { key: stringField(ROLE, answer, 'key'), shots };
}

function litBy(model: string): string {
  return isOffline(model) ? 'offline: the built-in crew, no model, no network' : model;
}

async function run(ctx: ScopedContext, call: CallModel): Promise<TaskOutput[]> {
  const scene = ctx.task.scene ?? ctx.task.subject;
  const shots = liveShots(
    [...ctx.files.values()].map((f) => f.artifact).filter((a): a is Artifact<ShotData> => a?.data.kind === 'shot'),
    scene,
  );
  if (shots.length === 0) return [];
  const input = inputOf(ctx, shots);
  const prompt = promptFor(ctx, { scene, subject: scene }, inputSection(input));
  const text = await call({ modality: 'text', input, prompt, schema, schemaId: DOP_SCHEMA_ID });
  const answer = readAnswer(text.content, shots.map((s) => s.data.id));

  const outputs: TaskOutput[] = [];
  const lit: ShotPhotography[] = [];
  for (const shot of shots) {
    const notes = answer.shots.find((s) => s.id === shot.data.id)!;
    const seconds = typeof shot.data.duration === 'number' && shot.data.duration > 0 ? shot.data.duration : 3;
    const video = await call({
      modality: 'video',
      durationSeconds: seconds,
      aspect: ctx.format.aspect,
      input: { shot: shot.data.id, scene, key: answer.key, ...notes, frame: input.shots.find((s) => s.id === shot.data.id)?.frame },
      prompt: notes.prompt,
    });
    const standIn = video.video.mime === VIDEO_STAND_IN_MIME;
    const generation = standIn
      ? { offline: true, note: "no video model: the shot's clip is made from its storyboard frame", lit_by: litBy(text.model), prompt: notes.prompt }
      : { lit_by: litBy(text.model), prompt: notes.prompt, ...(video.jobId ? { job: video.jobId } : {}), ...(video.video.seed !== undefined ? { seed: video.video.seed } : {}) };
    const clip = standIn ? undefined : clipPath(shot.data.id, video.video.ext);
    if (clip) outputs.push({ type: 'file', path: clip, content: video.video.data });
    // Offline no clip exists for this version of the shot: no `clip` key at all.
    lit.push({ id: shot.data.id, lens: notes.lens, light: notes.light, camera: notes.camera, generation, ...(clip ? { clip, model: video.model } : {}) });
  }
  const data: PhotographyData = { kind: 'photography', scene, key: answer.key, shots: lit };
  const body = `Photography of scene ${scene}: the light key above, then each shot's lens, light, camera and generation prompt.\n`;
  outputs.push({ type: 'artifact', path: photographyFile(scene), data, body });
  return outputs;
}

export const dopRole = defineRole({
  role: 'dop',
  stage: 'generation',
  agent: {
    name: 'Director of photography',
    responsibility: 'Sets lens, light and camera movement for every shot of one scene and prompts its generation.',
    reads: ['production.md', 'shots/*.md', 'media/frames/*', 'characters/*.md', 'costumes/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['photography/*.md', 'media/clips/*'],
    models: { text: ['offline'], video: ['offline'] },
    instances: 'per-scene',
    brief: `You are the director of photography for scene {{scene}} of "{{title}}". Keep lens and light
consistent within the scene; write a generation prompt per shot from its frame and the locked assets.

Style: {{style}}`,
  },
  answer: { id: DOP_SCHEMA_ID, schema },
  offline: {
    text(input) {
      const i = expectObject(ROLE, input);
      expectArrays(ROLE, i, ['shots', 'looks']);
      return lightScene(i as unknown as DopInput);
    },
  },
  handlers: [{ modalities: ['text', 'video'], plan, run }, clipTask],
});

/** The DOP's handlers: the photography of a scene, and the clip of each shot (clip.ts). */
export const [dop, clipMaker] = dopRole.handlers as [RoleHandler, RoleHandler];
