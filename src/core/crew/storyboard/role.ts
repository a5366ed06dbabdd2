/**
 * The storyboard artist: one frame per shot, drawn after the shot list is locked (the stage
 * table's `storyboard` stage needs the `shotlist` gate; the engine enforces it).
 *
 * A task reads its shot, production.md and the sheets of the shot's characters, location and
 * props when they exist (assets are a parallel branch, so they often do not yet). It drafts one
 * image request whose structured input is a FrameInput; the offline provider draws it with
 * `drawFrame`, a real image model reads the prompt. The image is written at the frame path.
 */
import { PRODUCTION_FILE, characterFile, costumeFile, framePath, locationFile, propFile, shotFile } from '../../model/paths';
import type { Artifact, CharacterData, CostumeData, LocationData, Production, PropData, ShotData } from '../../model/types';
import { defineRole, type CallModel, type PlanScope, type PlannedTask, type RoleHandler, type ScopedContext, type TaskOutput } from '../role';
import { inputSection, promptFor } from '../template';
import type { FrameInput } from './frame';
import { drawSketches } from './offline';
import { worldOf } from './places';

const ROLE = 'storyboard-artist';
const FRAMES_DIR = 'media/frames/';

/** Whether a shot still needs a frame from the crew: not omitted, and no frame of a person's own. */
function drawable(shot: Artifact<ShotData>): boolean {
  if (shot.data.omitted) return false;
  // A `frame` outside media/frames/ is a person's own drawing: never overwrite it.
  return !shot.data.frame || shot.data.frame.startsWith(FRAMES_DIR);
}

function plan(production: Production, scope: PlanScope): PlannedTask[] {
  // Every shot asks after its sheets: the sheets' paths in one set, not a search of each list per shot.
  const sheetPaths = new Set([production.characters, production.costumes, production.locations, production.props].flatMap((list) => list.map((a) => a.path)));
  const tasks: PlannedTask[] = [];
  const byScene = new Intl.Collator('en', { numeric: true });
  const shots = [...production.shots].sort((a, b) => byScene.compare(a.data.scene, b.data.scene) || a.data.order - b.data.order);
  for (const shot of shots) {
    const s = shot.data;
    if (!drawable(shot)) continue;
    if (scope.act && s.act !== scope.act) continue;
    if (scope.subjects?.size && !scope.subjects.has(s.id)) continue;
    const sheets: string[] = [];
    for (const c of s.characters ?? []) {
      if (sheetPaths.has(characterFile(c))) sheets.push(characterFile(c));
      if (sheetPaths.has(costumeFile(c))) sheets.push(costumeFile(c));
    }
    if (s.location && sheetPaths.has(locationFile(s.location))) sheets.push(locationFile(s.location));
    for (const p of s.props ?? []) if (sheetPaths.has(propFile(p))) sheets.push(propFile(p));
    tasks.push({
      id: `${ROLE}:${s.id}`,
      ...(s.act ? { act: s.act } : {}),
      scene: s.scene,
      subject: s.id,
      reads: [shot.path, PRODUCTION_FILE, ...sheets],
      writes: [framePath(s)],
      after: [],
    });
  }
  return tasks;
}

/** `lighthouse-lamp-room` → `LIGHTHOUSE LAMP ROOM` when no sheet gives the name. */
function displayName(id: string): string {
  return id.replace(/[-_]+/g, ' ').trim().toUpperCase();
}

function sheet<D>(files: ScopedContext['files'], path: string): D | undefined {
  return files.get(path)?.artifact?.data as D | undefined;
}

/** The shot as the frame needs it: names from the sheets, place and light from the shot or its location. */
export function frameInputOf(shot: ShotData, ctx: Pick<ScopedContext, 'files' | 'format' | 'style'>): FrameInput {
  const c = ctx.files;
  const name = (id: string) => sheet<CharacterData>(c, characterFile(id))?.name ?? displayName(id);
  const location = shot.location ? sheet<LocationData>(c, locationFile(shot.location)) : undefined;
  // The breakdown copies INT./EXT. and the time of day from the scene heading into the shot;
  // a location sheet says the same; failing both, the place's name and the action are read.
  const extra = shot as ShotData & { time_of_day?: unknown; heading?: unknown };
  const heading = typeof extra.heading === 'string' ? extra.heading : '';
  const interior =
    typeof shot.interior === 'boolean'
      ? shot.interior
      : typeof location?.interior === 'boolean'
        ? location.interior
        : /^\s*(INT|I\/E)\b/i.test(heading)
          ? true
          : /^\s*EXT\b/i.test(heading)
            ? false
            : /\b(room|kitchen|hall|office|house|bedroom|bar|pub|cabin|corridor|stair|stairs|cellar|church|shop|car|interior)\b/i.test((shot.location ?? '').replace(/-/g, ' '));
  const time =
    typeof shot.time === 'string' && shot.time.trim()
      ? shot.time
      : typeof extra.time_of_day === 'string'
        ? extra.time_of_day
        : location?.time_of_day?.[0] ?? /\b(night|midnight|dusk|dawn|day|morning|evening)\b/i.exec(`${heading} ${shot.action ?? ''}`)?.[1]?.toUpperCase();
  const names = new Map((shot.characters ?? []).map((id) => [id, name(id)]));
  // What casting and costume say each character looks like, so every frame draws them alike.
  const looks: Record<string, string> = {};
  for (const [id, display] of names) {
    // The chosen options say how this person looks; the description quotes the script, whose
    // lines may describe someone else, so only its first sentence (name and introduction) counts.
    const sheets = [sheet<CharacterData>(c, characterFile(id)), sheet<CostumeData>(c, costumeFile(id))];
    const chosen = sheets.flatMap((a) => (a ? [(a.options?.find((o) => o.id === a.chosen)?.prompt ?? '').split(' Style: ')[0]!] : []));
    const said = chosen.some(Boolean) ? chosen : sheets.map((a) => (a?.description ?? '').split(/(?<=\.)\s/)[0]!);
    const text = said.join(' ').trim();
    if (text) looks[display] = text;
  }
  const world = worldOf(ctx.style);
  return {
    shot: shot.id,
    scene: shot.scene,
    size: shot.size,
    ...(shot.angle ? { angle: shot.angle } : {}),
    ...(shot.movement ? { movement: shot.movement } : {}),
    ...(typeof shot.duration === 'number' ? { duration: shot.duration } : {}),
    aspect: ctx.format.aspect,
    characters: [...names.values()],
    ...(shot.location ? { location: location?.name ?? displayName(shot.location) } : {}),
    interior,
    ...(time ? { time } : {}),
    props: (shot.props ?? []).map((id) => sheet<PropData>(c, propFile(id))?.name ?? displayName(id)),
    ...(shot.action ? { action: shot.action } : {}),
    dialogue: (shot.dialogue ?? []).map((d) => ({ character: names.get(d.character) ?? name(d.character), line: d.line })),
    ...(Object.keys(looks).length ? { looks } : {}),
    ...(world ? { world } : {}),
  };
}

async function run(ctx: ScopedContext, call: CallModel): Promise<TaskOutput[]> {
  const file = ctx.files.get(shotFile(ctx.task.subject)) ?? [...ctx.files.values()].find((f) => f.artifact?.data.kind === 'shot');
  const shot = file?.artifact?.data as ShotData | undefined;
  if (!shot || shot.kind !== 'shot') throw new Error(`${ctx.task.id} was given no shot: its reads must include ${shotFile(ctx.task.subject)}.`);
  const input = frameInputOf(shot, ctx);
  const prompt = promptFor(
    ctx,
    {
      size: shot.size ?? 'MS',
      angle: shot.angle ?? 'eye level',
      movement: shot.movement ?? 'static',
      action: shot.action ?? '',
      characters: input.characters?.join(', '),
      location: input.location,
    },
    inputSection(input),
  );
  const result = await call({ modality: 'image', n: 1, aspect: ctx.format.aspect, input, prompt });
  const image = result.images[0];
  if (!image) throw new Error(`${result.model} returned no image for shot ${shot.id}.`);
  return [{ type: 'file', path: framePath(shot, image.ext), content: image.data }];
}

export const storyboardRole = defineRole({
  role: 'storyboard-artist',
  stage: 'storyboard',
  agent: {
    name: 'Storyboard artist',
    responsibility: 'Draws one storyboard frame per shot that shows its framing, blocking and camera movement.',
    reads: ['production.md', 'shots/*.md', 'characters/*.md', 'costumes/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['media/frames/*'],
    models: { image: ['offline'] },
    brief: `Storyboard frame for shot {{subject}} of "{{title}}": {{size}} {{angle}}, {{movement}}.
{{action}}

Style: {{style}}`,
  },
  offline: { images: drawSketches },
  handlers: [{ modalities: ['image'], plan, run }],
});

/** The storyboard's handler: a frame per shot. */
export const [storyboardArtist] = storyboardRole.handlers as [RoleHandler];
