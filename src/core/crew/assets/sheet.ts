/**
 * What casting, costume and production design share: one task per asset, a text call for the
 * sheet (description + N options with distinct prompts), one image call per option (an option
 * card offline), and the sheet written with `chosen` left for a person.
 */
import type { OptionCardInput } from '../cards/option-card';
import { parseFountain } from '../../fountain/parse';
import { scenesOf } from '../../fountain/scenes';
import type { Screenplay } from '../../fountain/types';
import { PRODUCTION_FILE, SCRIPT_FILES, characterFile, costumeFile, locationFile, optionImagePath, propFile, slug } from '../../model/paths';
import type { AgentSpec, Artifact, AssetOption, AssetSheetData, Production, ProductionData, Scene, ShotData } from '../../model/types';
import { answerObject, arrayField, isRecord, malformed, stringField } from '../answer';
import { castOf } from '../breakdown/beats';
import { aliasesOf } from '../breakdown/cast';
import type { CallModel, PlanScope, PlannedTask, ScopedContext, TaskOutput } from '../role';
import { inputSection, madeBy, promptFor } from '../template';
import { characterFacts, locationFacts, propFacts, propsOf } from './facts';
import { clarifySheet } from '../../questions/sheet-questions';
import { ARTIFACT_FOLDERS } from '../../production/load';
import type { SheetAnswer, SheetFacts, SheetInput, SheetKind } from './types';

export type SheetFolder = 'characters' | 'costumes' | 'locations' | 'props';

/** Where each kind's sheets live, from the loader's one kind ↔ folder list. */
export const FOLDER = Object.fromEntries(
  (['character', 'costume', 'location', 'prop'] as const).map((kind) => [kind, ARTIFACT_FOLDERS.find((f) => f.kind === kind)!.folder]),
) as Record<SheetKind, SheetFolder>;

export function sheetFile(kind: SheetKind, id: string): string {
  switch (kind) {
    case 'character':
      return characterFile(id);
    case 'costume':
      return costumeFile(id);
    case 'location':
      return locationFile(id);
    case 'prop':
      return propFile(id);
  }
}

export interface SheetSubject {
  kind: SheetKind;
  id: string;
  /** As written in the script. */
  name: string;
}

/** The ids of option n: a, b, c… (z at most). */
export function optionId(n: number): string {
  return String.fromCharCode(97 + Math.min(n, 25));
}

function scriptOf(production: Production): { screenplay?: Screenplay; cast: string[] } {
  return production.script ? { screenplay: production.script, cast: castOf(production.script, aliasesOf(production.characters)) } : { cast: [] };
}

/** The characters of the production: the script's cast, then any a shot names that the script does not. */
export function characterSubjects(production: Production, kind: 'character' | 'costume'): SheetSubject[] {
  const { cast } = scriptOf(production);
  const out = cast.map((name) => ({ kind, id: slug(name), name }));
  for (const s of production.shots) for (const c of s.data.characters ?? []) if (!out.some((o) => o.id === c)) out.push({ kind, id: c, name: c.toUpperCase() });
  if (kind !== 'costume' || production.shots.length === 0) return out;
  // A voice no shot shows (HOUSTON (V.O.)) wears nothing the camera sees: no costume to design.
  const shown = new Set(production.shots.flatMap((s) => s.data.characters ?? []));
  return out.filter((o) => shown.has(o.id));
}

export function locationSubjects(production: Production): SheetSubject[] {
  const out: SheetSubject[] = [];
  for (const scene of production.scenes) {
    const name = scene.location ?? scene.heading;
    if (!out.some((o) => o.id === slug(name))) out.push({ kind: 'location', id: slug(name), name });
  }
  for (const s of production.shots) if (s.data.location && !out.some((o) => o.id === s.data.location)) out.push({ kind: 'location', id: s.data.location, name: s.data.location.toUpperCase() });
  return out;
}

export function propSubjects(production: Production): SheetSubject[] {
  const { screenplay, cast } = scriptOf(production);
  const out: SheetSubject[] = (screenplay ? propsOf(screenplay, cast) : []).map((name) => ({ kind: 'prop' as const, id: slug(name), name }));
  for (const s of production.shots) for (const p of s.data.props ?? []) if (!out.some((o) => o.id === p)) out.push({ kind: 'prop', id: p, name: p.toUpperCase() });
  return out;
}

function sheetsOf(production: Production, kind: SheetKind): readonly Artifact[] {
  return { character: production.characters, costume: production.costumes, location: production.locations, prop: production.props }[kind];
}

function agentOptions(production: Production, role: string): number {
  const agent: AgentSpec | undefined = production.agents.find((a) => a.data.role === role);
  return typeof agent?.data.options === 'number' && agent.data.options > 0 ? Math.min(26, Math.floor(agent.data.options)) : 4;
}

/** Each loaded shot list's shots by what they show (`prop:lantern`): every sheet task asks, so the list is read once, not once per asset. */
const showing = new WeakMap<readonly Artifact<ShotData>[], Map<string, Artifact<ShotData>[]>>();

function shotsShowing(production: Production, subject: SheetSubject): Artifact<ShotData>[] {
  let index = showing.get(production.shots);
  if (!index) {
    index = new Map();
    const add = (key: string, shot: Artifact<ShotData>) => {
      const list = index!.get(key);
      if (list) list.push(shot);
      else index!.set(key, [shot]);
    };
    for (const shot of production.shots) {
      const d = shot.data;
      if (d.omitted) continue;
      if (d.location) add(`location:${d.location}`, shot);
      for (const p of new Set(d.props ?? [])) add(`prop:${p}`, shot);
      for (const c of new Set(d.characters ?? [])) add(`person:${c}`, shot);
    }
    showing.set(production.shots, index);
  }
  const key = subject.kind === 'location' ? `location:${subject.id}` : subject.kind === 'prop' ? `prop:${subject.id}` : `person:${subject.id}`;
  return index.get(key) ?? [];
}

/**
 * One task per asset. An asset whose sheet a person is writing (`status: draft`) is left to
 * them. The task reads the script and the shots that show the asset, never another asset's
 * sheet: the asset roles work side by side and their looks are chosen together at the asset lock.
 */
export function planSheets(
  role: string,
  subjects: SheetSubject[],
  production: Production,
  scope: PlanScope,
  taskName: (s: SheetSubject) => string = (s) => s.id,
): PlannedTask[] {
  const script = production.scriptPath;
  const options = agentOptions(production, role);
  const tasks: PlannedTask[] = [];
  for (const subject of subjects) {
    const path = sheetFile(subject.kind, subject.id);
    const sheet = sheetsOf(production, subject.kind).find((a) => a.path === path);
    if (scope.subjects?.size && !scope.subjects.has(subject.id)) continue;
    if (sheet?.data.status === 'draft' && !scope.subjects?.has(subject.id)) continue;
    const shots = shotsShowing(production, subject);
    const acts = [...new Set(shots.map((s) => s.data.act).filter((a): a is string => Boolean(a)))];
    if (scope.act && acts.length && !acts.includes(scope.act)) continue;
    tasks.push({
      id: `${role}:${taskName(subject)}`,
      ...(acts.length === 1 ? { act: acts[0] } : {}),
      subject: subject.id,
      // Not its own sheet: an output read as an input would be stale the moment it is written.
      reads: [PRODUCTION_FILE, ...(script ? [script] : []), ...shots.map((s) => s.path)],
      writes: [path, ...Array.from({ length: options }, (_, i) => optionImagePath(FOLDER[subject.kind], subject.id, optionId(i), '*'))],
      after: [],
    });
  }
  return tasks;
}

function screenplayIn(ctx: ScopedContext): Screenplay | undefined {
  const files = [...ctx.files.values()];
  const f = files.find((x) => x.screenplay) ?? files.find((x) => (SCRIPT_FILES as readonly string[]).includes(x.path));
  return f ? (f.screenplay ?? parseFountain(f.text)) : undefined;
}

/** The subject of a task, named as the script writes it, with what the script says about it. */
export function subjectOf(ctx: ScopedContext, kind: SheetKind): { subject: SheetSubject; facts: SheetFacts } {
  const id = ctx.task.subject;
  const screenplay = screenplayIn(ctx);
  const acts = (ctx.files.get(PRODUCTION_FILE)?.artifact?.data as ProductionData | undefined)?.acts;
  const scenes: Scene[] = screenplay ? scenesOf(screenplay, acts) : [];
  const cast = screenplay ? castOf(screenplay) : [];
  const fallback = { kind, id, name: id.replace(/-/g, ' ').toUpperCase() };
  if (!screenplay) return { subject: fallback, facts: { scenes: [], mentions: [] } };
  if (kind === 'character' || kind === 'costume') {
    const name = cast.find((c) => slug(c) === id) ?? fallback.name;
    return { subject: { kind, id, name }, facts: characterFacts(screenplay, scenes, cast, name) };
  }
  if (kind === 'location') {
    const name = scenes.map((s) => s.location ?? s.heading).find((l) => slug(l) === id) ?? fallback.name;
    return { subject: { kind, id, name }, facts: locationFacts(screenplay, scenes, cast, name) };
  }
  const name = propsOf(screenplay, cast).find((p) => slug(p) === id) ?? fallback.name;
  return { subject: { kind, id, name }, facts: propFacts(screenplay, scenes, cast, name) };
}

function readAnswer(role: string, content: unknown, wanted: number): SheetAnswer {
  const answer = answerObject(role, content);
  const options = arrayField(role, answer, 'options')
    .filter(isRecord)
    .slice(0, wanted)
    .map((o, i) => ({ id: optionId(i), label: typeof o.label === 'string' ? o.label : `Option ${optionId(i)}`, prompt: stringField(role, o, 'prompt') }));
  if (options.length === 0) throw malformed(role, 'it proposes no options');
  const prompts = new Set(options.map((o) => o.prompt.trim()));
  if (prompts.size < options.length) throw malformed(role, 'two options share one prompt; each option needs its own');
  return { description: stringField(role, answer, 'description'), options };
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

/**
 * The light an option asks for, from its own words (`blue hour`, `pre-dawn grey`), so a location
 * card is drawn at that hour. Undefined when the text names no time.
 */
export function timeOfOption(text: string): string | undefined {
  const t = text.toLowerCase();
  if (/pre-dawn|dawn|sunrise/.test(t)) return 'DAWN';
  if (/blue hour|dusk|sunset|twilight|evening/.test(t)) return 'DUSK';
  if (/\bnight|midnight|moon/.test(t)) return 'NIGHT';
  if (/\bday\b|daylight|afternoon|morning|noon/.test(t)) return 'DAY';
  return undefined;
}

/** The aspect an option image is made at: people stand, places are the film's frame, props are square. */
function optionAspect(kind: SheetKind, filmAspect: string): string {
  return kind === 'location' ? filmAspect : kind === 'prop' ? '1:1' : '2:3';
}

function factLines(subject: SheetSubject, facts: SheetFacts, file: string): string[] {
  const lines: string[] = [];
  if (facts.firstAppearance) lines.push(`- First appears in ${facts.firstAppearance.scene}, ${file} line ${facts.firstAppearance.line}.`);
  if (facts.introduction) lines.push(`- Introduced as: “${facts.introduction}”.`);
  if (facts.scenes.length) lines.push(`- Scenes: ${facts.scenes.join(', ')}.`);
  if (facts.sharesScenesWith?.length) lines.push(`- Shares scenes with: ${facts.sharesScenesWith.map(titleCase).join(', ')}.`);
  if (facts.headings?.length) lines.push(`- Headings: ${facts.headings.join('; ')}.`);
  if (facts.handledBy?.length) lines.push(`- Handled by: ${facts.handledBy.map(titleCase).join(', ')}.`);
  if (facts.speeches) lines.push(`- Speaks ${facts.speeches} time${facts.speeches === 1 ? '' : 's'}${facts.sampleLines?.[0] ? `, first: “${facts.sampleLines[0]}”` : ''}.`);
  if (facts.mentions.length) {
    lines.push('- In the action:');
    for (const m of facts.mentions) lines.push(`  - ${m.scene}, line ${m.line}: “${m.text}”`);
  }
  if (lines.length === 0) lines.push(`- The script says nothing more about ${titleCase(subject.name)} than its name.`);
  return lines;
}

/** Runs one asset task: the sheet and an image per option. */
export async function runSheet(
  ctx: ScopedContext,
  call: CallModel,
  answer: { role: string; schema: object },
  kind: SheetKind,
): Promise<TaskOutput[]> {
  const role = answer.role;
  const { subject, facts } = clarifySheet(ctx, kind, subjectOf(ctx, kind)); // asks instead of guessing
  const path = sheetFile(kind, subject.id);
  const input: SheetInput = { kind, id: subject.id, name: subject.name, title: ctx.title, style: ctx.style, options: ctx.options, facts };
  const prompt = promptFor(ctx, { subject: titleCase(subject.name) }, inputSection(input));
  const text = await call({ modality: 'text', input, prompt, schema: answer.schema, schemaId: `answers/${role}.schema.json` });
  const sheet = readAnswer(role, text.content, ctx.options);
  const folder = FOLDER[kind];
  const images = await drawOptions(ctx, call, kind, subject, facts, sheet);
  const options: AssetOption[] = images.map(({ option, image, model }) => ({
    id: option.id,
    label: option.label,
    prompt: option.prompt,
    image: optionImagePath(folder, subject.id, option.id, image.ext),
    model,
    ...(image.seed !== undefined ? { seed: image.seed } : {}),
  }));

  const data = sheetData(kind, subject, facts, sheet, options);
  const file = [...ctx.files.values()].find((f) => f.screenplay)?.path ?? 'the script';
  const body = sheetBody(kind, subject, facts, sheet, options, { path, file, model: text.model });
  return [
    ...images.map(({ option, image }) => ({ type: 'file' as const, path: optionImagePath(folder, subject.id, option.id, image.ext), content: image.data })),
    { type: 'artifact', path, data: data as unknown as AssetSheetData, body },
  ];
}

/** An image per option, from its option card input (the offline crew draws the card). */
async function drawOptions(ctx: ScopedContext, call: CallModel, kind: SheetKind, subject: SheetSubject, facts: SheetFacts, sheet: SheetAnswer) {
  return Promise.all(
    sheet.options.map(async (o, index) => {
      const card: OptionCardInput = {
        kind,
        asset: subject.id,
        name: subject.name,
        option: o.id,
        index,
        label: o.label,
        prompt: o.prompt,
        description: sheet.description,
        ...(facts.interior !== undefined ? { interior: facts.interior } : {}),
        ...(kind === 'location' || facts.timesOfDay?.[0] ? { time: timeOfOption(o.label) ?? timeOfOption(o.prompt) ?? facts.timesOfDay?.[0] ?? 'DAY' } : {}),
      };
      const result = await call({ modality: 'image', n: 1, aspect: optionAspect(kind, ctx.format.aspect), input: card, prompt: o.prompt });
      const image = result.images[0];
      if (!image) throw new Error(`${result.model} returned no image for option ${o.id} of ${subject.id}.`);
      return { option: o, image, model: result.model };
    }),
  );
}

function sheetData(kind: SheetKind, subject: SheetSubject, facts: SheetFacts, sheet: SheetAnswer, options: AssetOption[]): Record<string, unknown> {
  return {
    kind,
    id: subject.id,
    name: subject.name,
    ...(kind === 'costume' ? { character: subject.id } : {}),
    description: sheet.description,
    ...(facts.firstAppearance ? { first_appearance: facts.firstAppearance } : {}),
    scenes: facts.scenes,
    ...(kind === 'character' ? { shares_scenes_with: (facts.sharesScenesWith ?? []).map(slug) } : {}),
    ...(kind === 'location' && facts.interior !== undefined ? { interior: facts.interior } : {}),
    ...(kind === 'location' && facts.timesOfDay?.length ? { time_of_day: facts.timesOfDay } : {}),
    options,
    // No `chosen` key: the writer keeps a person's choice on an existing sheet, and a new sheet
    // has none until a person chooses (`filmcrew choose`). The sheet is not read back for it:
    // a task that read its own output would make it stale the moment it is written.
    status: 'proposed',
  };
}

function sheetBody(kind: SheetKind, subject: SheetSubject, facts: SheetFacts, sheet: SheetAnswer, options: AssetOption[], at: { path: string; file: string; model: string }): string {
  const { path, file, model } = at;
  const heading = kind === 'costume' ? `${titleCase(subject.name)} — wardrobe` : titleCase(subject.name);
  return [
    `# ${heading}`,
    '',
    sheet.description,
    '',
    '## What the script says',
    '',
    ...factLines(subject, facts, file),
    '',
    `## Options`,
    '',
    `Nothing is chosen until you choose: \`filmcrew choose ${path} <id>\`, or add \`chosen: <id>\` above (${options.map((o) => o.id).join(', ')}).`,
    '',
    ...options.flatMap((o) => [`### ${o.id} — ${o.label}`, '', o.prompt, '', `![${o.id}: ${o.label}](../${o.image})`, '']),
    madeBy(model, 'Written and sketched'),
    '',
  ].join('\n');
}
