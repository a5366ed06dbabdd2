/**
 * The director's assistant: breaks the screenplay down into shots, one task per scene.
 *
 * Per scene, because a scene is the unit a model can cover well in one answer, scenes can be
 * broken down in parallel and act by act, and a scene's shots never touch another scene's
 * files (ids and `order` are scene-local; see ids.ts). The task reads the script and the
 * scene's existing shots, so a re-run keeps every shot whose text did not change.
 */
import { contentHash } from '../../artifact/hash';
import { parseFountain } from '../../fountain/parse';
import { scenesOf } from '../../fountain/scenes';
import type { Screenplay } from '../../fountain/types';
import type { Artifact, DialogueLine, ProductionData, Scene, ShotData } from '../../model/types';
import { PRODUCTION_FILE, SCRIPT_FILES, shotFile, slug } from '../../model/paths';
import answerSchema from '../../../../schemas/answers/directors-assistant.schema.json';
import { answerObject, arrayField, isRecord, malformed, numberField, stringArray, stringField } from '../answer';
import { defineRole, type ContextFile, type PlannedTask, type RoleHandler, type ScopedContext, type TaskOutput } from '../role';
import { expectArrays, expectObject } from '../offline-input';
import { inputSection, madeBy, promptFor } from '../template';
import { sceneBeats, sceneTransition } from './beats';
import { aliasesOf, castIndex } from './cast';
import { placeShots, type ExistingShot } from './ids';
import { coverScene } from './offline';
import type { Beat, BreakdownInput, Coverage, ShotProposal } from './types';
import { SHOT_SIZES, type ShotSize } from '../../model/types';

const ROLE = 'directors-assistant';
export const BREAKDOWN_SCHEMA_ID = 'answers/directors-assistant.schema.json';

/** A beat's text hash: the key that keeps a shot's id while its text is unchanged. */
export function beatHash(text: string): string {
  return contentHash('beat', text).slice(0, 16);
}

function shotsOfScene(shots: readonly Artifact<ShotData>[], sceneId: string): Artifact<ShotData>[] {
  return shots.filter((s) => s.data.scene === sceneId);
}

function plan(production: Parameters<RoleHandler['plan']>[0], scope: Parameters<RoleHandler['plan']>[1]): PlannedTask[] {
  const script = production.scriptPath;
  if (!script || !production.script) return [];
  const tasks: PlannedTask[] = [];
  for (const scene of production.scenes) {
    if (scope.act && scene.act !== scope.act) continue;
    const existing = shotsOfScene(production.shots, scene.id);
    if (scope.subjects?.size && !scope.subjects.has(scene.id) && !existing.some((s) => scope.subjects!.has(s.data.id))) continue;
    const paths = existing.map((s) => s.path);
    // Sheets that name a character other ways: the cue `THE STRANGER` may be Elena's.
    const aliased = production.characters.filter((c) => Array.isArray((c.data as { aliases?: unknown }).aliases)).map((c) => c.path);
    tasks.push({
      id: `${ROLE}:${scene.id}`,
      ...(scene.act ? { act: scene.act } : {}),
      scene: scene.id,
      subject: scene.id,
      reads: [PRODUCTION_FILE, script, ...paths, ...aliased],
      writes: [`shots/${scene.id}-*.md`, ...paths.filter((p) => !p.startsWith(`shots/${scene.id}-`))],
      after: [],
    });
  }
  return tasks;
}

function screenplayOf(ctx: ScopedContext): { file: string; screenplay: Screenplay } {
  const files = [...ctx.files.values()];
  const found: ContextFile | undefined = files.find((f) => f.screenplay) ?? files.find((f) => (SCRIPT_FILES as readonly string[]).includes(f.path));
  if (!found) throw new Error(`${ctx.task.id} was given no screenplay: its reads must include ${SCRIPT_FILES.join(' or ')}.`);
  return { file: found.path, screenplay: found.screenplay ?? parseFountain(found.text) };
}

function actsOf(ctx: ScopedContext): { id: string }[] | undefined {
  const data = ctx.files.get(PRODUCTION_FILE)?.artifact?.data as ProductionData | undefined;
  return data?.acts;
}

function readProposal(raw: unknown, beats: number): ShotProposal {
  if (!isRecord(raw)) throw malformed(ROLE, 'each shot must be an object');
  const beat = numberField(ROLE, raw, 'beat');
  if (!Number.isInteger(beat) || beat < 0 || beat >= beats) throw malformed(ROLE, `shot beat ${beat} is not a beat of the scene (0–${beats - 1})`);
  const size = stringField(ROLE, raw, 'size') as ShotSize;
  if (!SHOT_SIZES.includes(size)) throw malformed(ROLE, `shot size ${size} is not one of ${SHOT_SIZES.join(', ')}`);
  const dialogue = Array.isArray(raw.dialogue) ? raw.dialogue.filter(isRecord) : [];
  return {
    beat,
    coverage: stringField(ROLE, raw, 'coverage') as Coverage,
    size,
    angle: stringField(ROLE, raw, 'angle'),
    movement: stringField(ROLE, raw, 'movement'),
    duration: Math.max(0.5, numberField(ROLE, raw, 'duration')),
    characters: stringArray(raw, 'characters'),
    props: stringArray(raw, 'props'),
    action: stringField(ROLE, raw, 'action'),
    dialogue: dialogue.map((d) => ({ character: String(d.character ?? ''), line: String(d.line ?? ''), parenthetical: String(d.parenthetical ?? '') })),
    reason: typeof raw.reason === 'string' ? raw.reason : '',
  };
}

/** The keys the breakdown owns in a shot file; everything else (a person's keys, the DOP's) is kept. */
const BREAKDOWN_KEYS = ['id', 'scene', 'act', 'order', 'coverage', 'size', 'angle', 'movement', 'duration', 'location', 'interior', 'time', 'characters', 'props', 'action', 'dialogue', 'source', 'omitted', 'transition'];

function shotData(p: ShotProposal, id: string, order: number, scene: Scene, beat: Beat, file: string, previous?: ShotData, transition?: string): ShotData {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(previous ?? {})) if (!BREAKDOWN_KEYS.includes(k) && k !== 'kind' && k !== 'status' && k !== 'provenance') kept[k] = v;
  const dialogue: DialogueLine[] = p.dialogue.map((d) => ({ character: slug(d.character), line: d.line, ...(d.parenthetical ? { parenthetical: d.parenthetical } : {}) }));
  const location = scene.location ?? scene.heading;
  return {
    kind: 'shot',
    id,
    scene: scene.id,
    act: scene.act,
    order,
    coverage: p.coverage,
    size: p.size,
    angle: p.angle,
    movement: p.movement,
    duration: p.duration,
    location: slug(location),
    // The shot list's INT/EXT and D/N columns: a shot file stands on its own.
    interior: scene.interior,
    time: scene.timeOfDay,
    characters: p.characters.map(slug),
    props: p.props.map(slug),
    action: p.action,
    dialogue: dialogue.length ? dialogue : undefined,
    source: { file, line: beat.line, end_line: beat.endLine, text_hash: beatHash(beat.text) },
    // `undefined` removes a key when the writer merges into an existing file.
    omitted: undefined,
    transition,
    ...kept,
    status: 'proposed',
  };
}

function shotBody(p: ShotProposal, beat: Beat, file: string, model: string): string {
  const lines = beat.line === beat.endLine ? `line ${beat.line}` : `lines ${beat.line}–${beat.endLine}`;
  return [
    `**${p.size}** · ${p.coverage} — ${p.reason || p.action}`,
    '',
    `> ${beat.text}`,
    '',
    `From ${file}, ${lines}.`,
    '',
    madeBy(model, 'Broken down'),
    '',
  ].join('\n');
}

function omittedBody(body: string): string {
  const mark = '**OMITTED**: its beat is no longer in the script. The id stays reserved; it is never reused.';
  return body.startsWith('**OMITTED**') ? body : `${mark}\n\n${body}`;
}

async function run(ctx: ScopedContext, call: Parameters<RoleHandler['run']>[1]): Promise<TaskOutput[]> {
  const { file, screenplay } = screenplayOf(ctx);
  const scenes = scenesOf(screenplay, actsOf(ctx));
  const sceneId = ctx.task.scene ?? ctx.task.subject;
  const index = scenes.findIndex((s) => s.id === sceneId);
  if (index < 0) throw new Error(`Scene ${sceneId} is no longer in ${file}: plan the breakdown again.`);
  const scene = scenes[index]!;
  const sheets = [...ctx.files.values()].flatMap((f) => (f.artifact ? [f.artifact] : []));
  const cast = castIndex(screenplay, aliasesOf(sheets));
  const beats = sceneBeats(screenplay, scene, cast.canonical);
  const input: BreakdownInput = {
    title: ctx.title,
    style: ctx.style,
    scene: {
      id: scene.id,
      heading: scene.heading,
      ...(scene.location ? { location: scene.location } : {}),
      ...(scene.interior !== undefined ? { interior: scene.interior } : {}),
      ...(scene.timeOfDay ? { timeOfDay: scene.timeOfDay } : {}),
      ...(scene.act ? { act: scene.act } : {}),
    },
    ...(index > 0 && scenes[index - 1]!.location ? { previousLocation: scenes[index - 1]!.location } : {}),
    cast: cast.cast,
    beats,
  };
  const prompt = promptFor(ctx, { scene: scene.id, subject: scene.heading }, inputSection(input));
  const result = await call({ modality: 'text', input, prompt, schema: answerSchema, schemaId: BREAKDOWN_SCHEMA_ID });
  const answer = answerObject(ROLE, result.content);
  const proposals = arrayField(ROLE, answer, 'shots').map((s) => readProposal(s, beats.length));
  if (proposals.length === 0) throw malformed(ROLE, 'a scene needs at least one shot');

  const existing = [...ctx.files.values()]
    .map((f) => f.artifact)
    .filter((a): a is Artifact<ShotData> => a?.data.kind === 'shot' && (a.data as ShotData).scene === scene.id);
  const byId = new Map(existing.map((a) => [a.data.id, a]));
  const plan = placeShots(
    scene.id,
    index + 1,
    proposals.map((p) => beatHash(beats[p.beat]!.text)),
    existing.map(
      (a): ExistingShot => ({
        id: a.data.id,
        order: typeof a.data.order === 'number' ? a.data.order : 0,
        ...(a.data.source?.text_hash ? { hash: a.data.source.text_hash } : {}),
        omitted: a.data.omitted === true,
        redo: a.data.status === 'rejected',
      }),
    ),
  );

  return shotOutputs(scene, proposals, beats, plan, { file, model: result.model, byId, transitionOut: sceneTransition(screenplay, scene) });
}

/**
 * The files a placement changes: new and edited shots written, moved ones renumbered (a
 * person's edits kept), unchanged ones left alone, gone ones marked omitted. The script's
 * transition out of the scene belongs to its last shot: the cut plays it there.
 */
function shotOutputs(
  scene: Scene,
  proposals: readonly ShotProposal[],
  beats: readonly Beat[],
  plan: ReturnType<typeof placeShots>,
  made: { file: string; model: string; byId: ReadonlyMap<string, Artifact<ShotData>>; transitionOut: string | undefined },
): TaskOutput[] {
  const { file, model, byId, transitionOut } = made;
  const outputs: TaskOutput[] = [];
  const lastOrder = Math.max(...plan.placed.map((p) => p.order));
  for (const place of plan.placed) {
    const p = proposals[place.proposal]!;
    const beat = beats[p.beat]!;
    const previous = place.existing ? byId.get(place.existing.id) : undefined;
    const transition = place.order === lastOrder ? transitionOut : undefined;
    if (place.match === 'same' && previous) {
      // Unchanged text: the shot is left as it is (a person's edits survive) unless it moved.
      const d = previous.data;
      const moved = d.order !== place.order || (d.act ?? undefined) !== (scene.act ?? undefined) || d.omitted === true || d.transition !== transition;
      if (!moved) continue;
      // `undefined` removes a key when the writer merges into the file.
      const data: ShotData = { ...d, order: place.order, act: scene.act, omitted: undefined, transition, status: 'proposed' };
      const body = previous.body.startsWith('**OMITTED**') ? previous.body.replace(/^\*\*OMITTED\*\*[^\n]*\n\n/, '') : previous.body;
      outputs.push({ type: 'artifact', path: previous.path, data, body });
      continue;
    }
    outputs.push({
      type: 'artifact',
      path: previous?.path ?? shotFile(place.id),
      data: shotData(p, place.id, place.order, scene, beat, file, previous?.data, transition),
      body: shotBody(p, beat, file, model),
    });
  }
  for (const gone of plan.omitted) {
    const a = byId.get(gone.id);
    if (!a) continue;
    outputs.push({ type: 'artifact', path: a.path, data: { ...a.data, omitted: true, status: 'proposed' }, body: omittedBody(a.body) });
  }
  return outputs;
}

export const directorsAssistantRole = defineRole({
  role: 'directors-assistant',
  stage: 'breakdown',
  agent: {
    name: "Director's assistant",
    responsibility: 'Breaks the locked screenplay down into a numbered shot list in sequence order.',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'characters/*.md'],
    writes: ['shots/*.md'],
    models: { text: ['offline'] },
    brief: `You are the director's assistant on "{{title}}".

Break scene {{scene}} down into shots. Open each new location with an establishing shot, cover
dialogue with singles and over-the-shoulders, and give every prop named in the action an insert.
Give each shot a size (EWS, WS, MS, MCU, CU, ECU, OTS, POV, INSERT), an angle, a camera movement,
a duration in seconds and the characters, location and props it shows, and say which beat it
covers. The offline crew follows these rules; keep to them unless the scene asks for better:

- A scene whose location differs from the previous scene's opens on an establishing shot:
  EWS from high for an exterior, WS at eye level for an interior, static, 3 s.
- An action line introducing a character (NAME in capitals with a description): MS, so we meet them.
- One character who looks or turns: POV (pan when turning). Their face, eyes or hands: CU.
  One character moving (walks, climbs…): WS, tracking. Otherwise one character: MS.
- Two or more characters in the line: WS. No one named: WS of the place with whoever is there.
- A prop in capitals, the first time the scene names it: an INSERT from high, 2 s.
- A speech with no one to answer: MCU single. In an exchange, a speaker's first speech: OTS over
  the listener (characters: the speaker first, then the shoulder); later speeches: MCU singles;
  the last speech of an exchange or of the scene: CU, push in. Off screen (O.S., V.O.): MS on the
  listener. Dual dialogue: an MS two-shot.
- Durations: action, the words that play ÷ 2.5 s (descriptions in parentheses do not play);
  speech, words ÷ 2.5 + 0.5 s; never under 2 s; rounded to the half second.

Style: {{style}}`,
  },
  answer: { id: BREAKDOWN_SCHEMA_ID, schema: answerSchema },
  offline: {
    text(input) {
      const i = expectObject(ROLE, input);
      expectArrays(ROLE, i, ['beats', 'cast']);
      return coverScene(i as unknown as BreakdownInput);
    },
  },
  handlers: [{ modalities: ['text'], plan, run }],
});

/** The breakdown's handler: a task per scene. */
export const [directorsAssistant] = directorsAssistantRole.handlers as [RoleHandler];
