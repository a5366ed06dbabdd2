/**
 * The checker: the maker-checker review of the assembled cut. It compares the cut with the
 * treatment (production.md `treatment`, `target_duration`) and with the locked sheets, writes
 * `reviews/<run-id>.md`, and routes every note to the role that owns the fix by appending it to
 * that role's `agents/<role>/feedback.md` — a continuity error goes to casting, not to a re-roll.
 *
 * The mechanical findings (missing frames, unknown or unlocked characters, wardrobe not locked,
 * a new location with no establishing shot, running time off target by more than 15%, a shot
 * missing from the timeline) are computed here, so no model can drop one; the model writes the
 * summary, may reword them and adds its own notes on the treatment.
 */
import schema from '../../../../schemas/answers/checker.schema.json';
import { cutOf } from '../../export/cut';
import { PRODUCTION_FILE, characterFile, costumeFile, feedbackFile, framePath, locationFile, propFile, reviewFile, timelineFiles } from '../../model/paths';
import type { Artifact, AssetSheetData, Production, ReviewData, ReviewNote, ShotData } from '../../model/types';
import { answerObject, arrayField, isRecord, optionalString, stringField } from '../answer';
import { defineRole, type CallModel, type PlanScope, type PlannedTask, type RoleHandler, type ScopedContext, type TaskOutput } from '../role';
import { expectArrays, expectObject } from '../offline-input';
import { ProviderError } from '../../providers/types';
import { reviewCut } from './offline';
import { inputSection, madeBy, promptFor } from '../template';
import { assetSheets } from '../../model/artifacts';
import type { CheckerAnswer, CheckerInput, Finding, NoteCategory } from './types';

export type { CheckerAnswer, CheckerInput, Finding, NoteCategory } from './types';

const ROLE = 'checker';
const SUBJECT = 'cut';
export const CHECKER_SCHEMA_ID = 'answers/checker.schema.json';

/** Tolerance on the running time before it is a note: ±15% of the target. */
export const DURATION_TOLERANCE = 0.15;


/** Who owns the fix of each kind of note. */
export const ROUTES: Record<NoteCategory, string> = {
  frames: 'storyboard-artist',
  continuity: 'casting',
  wardrobe: 'costume',
  design: 'production-design',
  coverage: 'directors-assistant',
  treatment: 'directors-assistant',
  duration: 'editor',
  timeline: 'editor',
};


const CATEGORIES = Object.keys(ROUTES) as NoteCategory[];
const FEEDBACK_ROLES = [...new Set(Object.values(ROUTES))];

function plan(production: Production, scope: PlanScope): PlannedTask[] {
  const shots = production.shots.filter((s) => !s.data.omitted);
  if (!shots.length) return [];
  if (scope.subjects?.size && !scope.subjects.has(SUBJECT)) return [];
  const sheets = assetSheets(production).map((a) => a.path);
  const wanted = new Set<string>();
  for (const { data } of shots) {
    for (const c of data.characters ?? []) wanted.add(characterFile(c)).add(costumeFile(c));
    if (data.location) wanted.add(locationFile(data.location));
    for (const p of data.props ?? []) wanted.add(propFile(p));
  }
  return [
    {
      id: `${ROLE}:${SUBJECT}`,
      subject: SUBJECT,
      // Sheets that do not exist are read too: their absence is what a note is about.
      reads: [PRODUCTION_FILE, timelineFiles.otio, ...shots.map((s) => s.path), ...shots.map((s) => framePath(s.data)), ...new Set([...sheets, ...wanted])],
      writes: ['reviews/*.md', ...FEEDBACK_ROLES.map(feedbackFile)],
      after: [],
    },
  ];
}

function display(id: string): string {
  return id.replace(/-/g, ' ').replace(/(^|\s)([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

function sceneOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The clip names and length of the OTIO timeline, or why it cannot be read. */
function timelineOf(text: string | undefined): { names: string[]; seconds: number } | { problem: string } {
  if (text === undefined) return { problem: `there is no timeline (${timelineFiles.otio})` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: `${timelineFiles.otio} is not valid JSON` };
  }
  const names: string[] = [];
  let seconds = 0;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isRecord(v)) return;
    if (typeof v.OTIO_SCHEMA === 'string' && v.OTIO_SCHEMA.startsWith('Clip.') && typeof v.name === 'string') {
      names.push(v.name);
      const d = isRecord(v.source_range) && isRecord(v.source_range.duration) ? v.source_range.duration : undefined;
      if (d && typeof d.value === 'number' && typeof d.rate === 'number' && d.rate > 0) seconds += d.value / d.rate;
    }
    Object.values(v).forEach(walk);
  };
  walk(json);
  return { names, seconds };
}

type Sheet = Artifact<AssetSheetData>;

function locked(sheet: Sheet | undefined): boolean {
  return sheet?.data.status === 'locked' && Boolean(sheet.data.chosen);
}

function lockState(sheet: Sheet): string {
  const chosen = sheet.data.chosen ? `option ${sheet.data.chosen} chosen` : 'no option chosen';
  return `${sheet.data.status ?? 'draft'}, ${chosen}`;
}

/** The mechanical findings: facts no model may drop. */
export function findingsOf(ctx: ScopedContext, shots: ShotData[]): { findings: Finding[]; seconds: number } {
  const files = ctx.files;
  const sheet = (path: string) => files.get(path)?.artifact as Sheet | undefined;
  const findings: Finding[] = [];
  const cut = cutOf(ctx.title, ctx.format.fps, shots);
  let seconds = cut.totalFrames / cut.fps;
  for (const s of cut.shots) {
    if (!files.has(s.frame)) {
      findings.push({ category: 'frames', severity: 'error', shot: s.id, asset: '', message: `Shot ${s.id} has no storyboard frame (${s.frame}): draw it; the animatic shows a blank slate there.` });
    }
  }
  const timeline = timelineOf(files.get(timelineFiles.otio)?.text);
  if ('problem' in timeline) {
    findings.push({ category: 'timeline', severity: 'error', shot: '', asset: '', message: `The cut cannot be reviewed as assembled: ${timeline.problem}. Run the edit stage again.` });
  } else {
    seconds = timeline.seconds || seconds;
    for (const s of cut.shots) {
      if (!timeline.names.includes(s.id)) findings.push({ category: 'timeline', severity: 'error', shot: s.id, asset: '', message: `Shot ${s.id} is not in the timeline: assemble the cut again.` });
    }
  }
  findings.push(...castFindings(shots, sheet), ...designFindings(shots, sheet), ...coverageFindings(cut.shots, shots), ...durationFindings(seconds, ctx.targetDuration));
  return { findings, seconds };
}

type SheetAt = (path: string) => Sheet | undefined;

/** Characters against their sheets and wardrobes, one note per character (listing the shots). */
function castFindings(shots: ShotData[], sheet: SheetAt): Finding[] {
  const findings: Finding[] = [];
  const appearances = new Map<string, string[]>();
  for (const s of shots) {
    for (const c of s.characters ?? []) {
      const ids = appearances.get(c);
      if (ids) ids.push(s.id);
      else appearances.set(c, [s.id]);
    }
  }
  for (const [c, ids] of appearances) {
    const where = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
    const character = sheet(characterFile(c));
    if (!character) {
      findings.push({ category: 'continuity', severity: 'error', shot: ids[0]!, asset: c, message: `${where} show “${c}”, who has no character sheet: add ${characterFile(c)} or correct the shots' characters.` });
    } else if (!locked(character)) {
      findings.push({ category: 'continuity', severity: 'warning', shot: ids[0]!, asset: c, message: `${display(c)} appears in ${where}, but ${characterFile(c)} is not locked (${lockState(character)}): choose a look and lock it, or the clips will not match from shot to shot.` });
    } else {
      const scenes = character.data.scenes ?? [];
      const outside = shots.filter((s) => (s.characters ?? []).includes(c) && scenes.length && !scenes.includes(s.scene)).map((s) => s.id);
      if (outside.length) findings.push({ category: 'continuity', severity: 'warning', shot: outside[0]!, asset: c, message: `${display(c)} appears in ${outside.join(', ')}, in scenes the locked sheet does not list (${scenes.join(', ')}): update the sheet.` });
    }
    const costume = sheet(costumeFile(c));
    if (!costume) {
      findings.push({ category: 'wardrobe', severity: 'warning', shot: ids[0]!, asset: c, message: `${display(c)} has no wardrobe sheet (${costumeFile(c)}): dress them before generation.` });
    } else if (!locked(costume)) {
      findings.push({ category: 'wardrobe', severity: 'warning', shot: ids[0]!, asset: c, message: `${display(c)}'s wardrobe is not locked (${lockState(costume)}): choose and lock ${costumeFile(c)}.` });
    }
  }
  return findings;
}

/** Every location and prop in the shots has a locked sheet. */
function designFindings(shots: ShotData[], sheet: SheetAt): Finding[] {
  const findings: Finding[] = [];
  const places = new Set(shots.map((s) => s.location).filter((l): l is string => Boolean(l)));
  for (const l of places) {
    const loc = sheet(locationFile(l));
    if (!locked(loc)) findings.push({ category: 'design', severity: 'warning', shot: '', asset: l, message: `${locationFile(l)} is ${loc ? `not locked (${lockState(loc)})` : 'missing'}: design and lock the location.` });
  }
  const props = new Set(shots.flatMap((s) => s.props ?? []));
  for (const p of props) {
    const prop = sheet(propFile(p));
    if (!locked(prop)) findings.push({ category: 'design', severity: 'warning', shot: '', asset: p, message: `${propFile(p)} is ${prop ? `not locked (${lockState(prop)})` : 'missing'}: design and lock the prop.` });
  }
  return findings;
}

/** A scene in a new location opens on a wide (EWS or WS): the audience must know where it is. */
function coverageFindings(cutShots: readonly { id: string; scene: string }[], shots: ShotData[]): Finding[] {
  const findings: Finding[] = [];
  const scenes = [...new Set(cutShots.map((s) => s.scene))].sort(sceneOrder);
  let previous: string | undefined;
  for (const scene of scenes) {
    const inScene = cutShots.filter((s) => s.scene === scene).map((c) => shots.find((s) => s.id === c.id)!);
    const location = inScene.find((s) => s.location)?.location;
    const head = inScene[0];
    const establishes = head !== undefined && (head.coverage === 'establishing' || head.size === 'EWS' || head.size === 'WS');
    if (location && location !== previous && !establishes) {
      findings.push({ category: 'coverage', severity: 'warning', shot: inScene[0]?.id ?? '', asset: location, message: `Scene ${scene} ${previous ? 'moves to' : 'opens in'} ${display(location)} with no establishing shot (EWS or WS) at its head: add one.` });
    }
    previous = location ?? previous;
  }
  return findings;
}

/** The running time against the treatment's target, beyond the tolerance. */
function durationFindings(seconds: number, targetDuration: number | undefined): Finding[] {
  const findings: Finding[] = [];
  if (typeof targetDuration === 'number' && targetDuration > 0) {
    const off = (seconds - targetDuration) / targetDuration;
    if (Math.abs(off) > DURATION_TOLERANCE) {
      findings.push({
        category: 'duration',
        severity: 'warning',
        shot: '',
        asset: '',
        message: `The cut runs ${seconds.toFixed(1)} s against a target of ${targetDuration} s (${off > 0 ? '+' : ''}${Math.round(off * 100)}%, more than ±${DURATION_TOLERANCE * 100}%): ${off > 0 ? 'trim' : 'extend'} shots or revisit the target.`,
      });
    }
  }
  return findings;
}

function readAnswer(content: unknown): CheckerAnswer {
  const answer = answerObject(ROLE, content);
  const notes = arrayField(ROLE, answer, 'notes')
    .filter(isRecord)
    .map((n): Finding => {
      const category = String(n.category) as NoteCategory;
      const severity = n.severity === 'error' || n.severity === 'info' ? n.severity : 'warning';
      return {
        category: CATEGORIES.includes(category) ? category : 'treatment',
        severity,
        shot: optionalString(n, 'shot') ?? '',
        asset: optionalString(n, 'asset') ?? '',
        message: stringField(ROLE, n, 'message'),
      };
    });
  return { summary: stringField(ROLE, answer, 'summary'), notes };
}

function noteLine(note: ReviewNote, runId: string): string {
  const about = [note.shot, note.asset && note.asset !== note.shot ? note.asset : ''].filter(Boolean).join(' · ');
  return `- [ ] **${note.severity}**${about ? ` ${about}:` : ''} ${note.message} _(${note.id}, ${reviewFile(runId)})_`;
}

async function run(ctx: ScopedContext, call: CallModel): Promise<TaskOutput[]> {
  const shots = [...ctx.files.values()]
    .map((f) => f.artifact?.data)
    .filter((d): d is ShotData => d?.kind === 'shot' && !d.omitted);
  const { findings, seconds } = findingsOf(ctx, shots);
  const cut = cutOf(ctx.title, ctx.format.fps, shots);
  const input: CheckerInput = {
    title: ctx.title,
    treatment: ctx.treatment ?? '',
    ...(ctx.targetDuration !== undefined ? { targetDuration: ctx.targetDuration } : {}),
    cut: {
      seconds: Math.round(seconds * 100) / 100,
      shots: cut.shots.map((s) => {
        const d = shots.find((x) => x.id === s.id)!;
        return { id: s.id, scene: s.scene, ...(s.size ? { size: s.size } : {}), seconds: s.frames / cut.fps, characters: d.characters ?? [], ...(s.action ? { action: s.action } : {}) };
      }),
    },
    findings,
  };
  const prompt = promptFor(ctx, { subject: 'the cut' }, inputSection(input));
  const result = await call({ modality: 'text', input, prompt, schema, schemaId: CHECKER_SCHEMA_ID });
  const answer = readAnswer(result.content);

  // Facts stand whatever the model said: a finding it left out is put back.
  const key = (f: Finding) => `${f.category}|${f.shot}|${f.asset}`;
  const said = new Set(answer.notes.map(key));
  const all = [...answer.notes, ...findings.filter((f) => !said.has(key(f)))];
  const notes: ReviewNote[] = all.map((f, i) => ({
    id: `n${String(i + 1).padStart(2, '0')}`,
    severity: f.severity,
    role: ROUTES[f.category],
    ...(f.shot ? { shot: f.shot } : {}),
    ...(f.asset ? { asset: f.asset } : {}),
    message: f.message,
  }));

  const runId = ctx.runId;
  const review: ReviewData = { kind: 'review', id: runId, run: runId, cut: timelineFiles.otio, notes, status: 'proposed' };
  const byRole = new Map<string, ReviewNote[]>();
  for (const n of notes) byRole.set(n.role, [...(byRole.get(n.role) ?? []), n]);
  const target = ctx.targetDuration ? ` against a target of ${ctx.targetDuration} s (${seconds >= ctx.targetDuration ? '+' : ''}${Math.round(((seconds - ctx.targetDuration) / ctx.targetDuration) * 100)}%)` : '';
  const body = [
    `# Review of the cut — ${runId}`,
    '',
    answer.summary,
    '',
    `The cut: ${cut.shots.length} shots, ${seconds.toFixed(1)} s${target}.`,
    '',
    notes.length ? `## Notes, by the role that owns the fix` : '## No notes: the cut matches the treatment and the locked sheets.',
    '',
    ...[...byRole].flatMap(([role, list]) => [`### ${role} (${feedbackFile(role)})`, '', ...list.map((n) => noteLine(n, runId)), '']),
    madeBy(result.model, 'Reviewed'),
    '',
  ].join('\n');

  const outputs: TaskOutput[] = [{ type: 'artifact', path: reviewFile(runId), data: review, body }];
  for (const [role, list] of byRole) {
    const actionable = list.filter((n) => n.severity !== 'info');
    if (!actionable.length) continue;
    const section = ['', `## Review ${runId} — from the checker`, '', ...actionable.map((n) => noteLine(n, runId)), ''].join('\n');
    outputs.push({ type: 'file', path: feedbackFile(role), content: section, append: true });
  }
  return outputs;
}

export const checkerRole = defineRole({
  role: 'checker',
  stage: 'review',
  agent: {
    name: 'Checker',
    responsibility: 'Reviews the assembled cut against the treatment and the locked sheets and routes each fix to its owner.',
    reads: ['production.md', 'edit/*', 'shots/*.md', 'media/frames/*', 'characters/*.md', 'costumes/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['reviews/*.md', 'agents/*/feedback.md'],
    models: { text: ['offline'] },
    brief: `Review the cut of "{{title}}" against the treatment and the locked sheets. For each problem,
name its category, which routes it to the role that owns the fix: frames (storyboard artist),
continuity (casting), wardrobe (costume), design (production design), coverage and treatment
(director's assistant), duration and timeline (editor). Every finding you are given is a fact:
keep each one as a note. Add notes where the cut strays from the treatment.

Treatment: {{treatment}}
Target running time: {{target_duration}} s`,
  },
  answer: { id: CHECKER_SCHEMA_ID, schema },
  offline: {
    text(input) {
      const i = expectObject(ROLE, input);
      expectArrays(ROLE, i, ['findings']);
      if (typeof i.cut !== 'object' || i.cut === null) throw new ProviderError('bad-request', 'The offline checker needs the cut in its input.', false);
      expectArrays(ROLE, i.cut as Record<string, unknown>, ['shots']);
      return reviewCut(i as unknown as CheckerInput);
    },
  },
  handlers: [{ modalities: ['text'], plan, run }],
});

/** The checker's handler: one review of the cut. */
export const [checker] = checkerRole.handlers as [RoleHandler];
