/**
 * The asset roles' questions, asked where the script is ambiguous instead of guessed (any
 * model, offline included): a character the script never describes, one name introduced as two
 * different people, a location whose headings give no time of day. An answered question feeds
 * the facts the role works from; an open one stops only this asset's task.
 */
import type { Screenplay } from '../fountain/types';
import { castIndex, type CastIndex } from '../crew/breakdown/cast';
import { introductions, names } from '../crew/breakdown/mentions';
import type { SheetFacts, SheetKind } from '../crew/assets/types';
import type { ScopedContext } from '../crew/role';
import { QuestionRaised, type QuestionDraft } from './types';

export const TIMES_OF_DAY = ['DAY', 'NIGHT', 'DAWN', 'DUSK'];

interface Subject {
  id: string;
  /** As written in the script. */
  name: string;
}

function screenplayOf(ctx: ScopedContext): { screenplay: Screenplay; file: string } | undefined {
  const f = [...ctx.files.values()].find((x) => x.screenplay);
  return f?.screenplay ? { screenplay: f.screenplay, file: f.path } : undefined;
}

function titled(name: string): string {
  return name.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

/**
 * Every place the script introduces `name` with a description, in script order. `IRIS OKAFOR
 * (40s, …)` in the action introduces the `IRIS` of the cues: names compare as the cast knows them.
 */
function introductionsOf(screenplay: Screenplay, canonical: Canonical, name: string): { line: number; description: string }[] {
  const out: { line: number; description: string }[] = [];
  for (const e of screenplay.elements) {
    if (e.type !== 'action') continue;
    for (const i of introductions(e.text)) if (canonical(i.name) === canonical(name)) out.push({ line: e.line, description: i.description });
  }
  return out;
}

type Canonical = CastIndex['canonical'];

const OFF_SCREEN = new Set(['V.O.', 'O.S.', 'O.C.', 'VO', 'OS', 'OC']);

/** Heard, never seen: every cue is a voice-over or off-screen, and no action line names them. */
function onlyHeard(screenplay: Screenplay, canonical: Canonical, name: string): boolean {
  const cues = screenplay.elements.filter((e) => e.type === 'character' && canonical(e.name) === canonical(name));
  if (cues.length === 0) return false;
  const offScreen = cues.every((e) => e.type === 'character' && e.extensions.some((x) => OFF_SCREEN.has(x.toUpperCase().replace(/\s+/g, ''))));
  // `names` takes a capitalised name only: `a voice` in the action does not show VOICE.
  return offScreen && !screenplay.elements.some((e) => e.type === 'action' && names(e.text, name));
}

function characterQuestions(ctx: ScopedContext, subject: Subject, facts: SheetFacts): QuestionDraft[] {
  const script = screenplayOf(ctx);
  if (!script) return [];
  const { canonical } = castIndex(script.screenplay);
  const intros = introductionsOf(script.screenplay, canonical, subject.name);
  const name = titled(subject.name);
  const where = facts.firstAppearance ? `${script.file} line ${facts.firstAppearance.line}` : script.file;
  // A voice the audience never sees needs no face: casting works from the lines alone.
  if (intros.length === 0 && onlyHeard(script.screenplay, canonical, subject.name)) return [];
  if (intros.length === 0) {
    return [
      {
        topic: 'look',
        about: 'character',
        question: `The script never describes ${name}: how old are they, and what do they look like?`,
        context: `${subject.name} first appears at ${where} with no description in parentheses, so casting would have to guess their age and look.`,
      },
    ];
  }
  const distinct = [...new Map(intros.map((i) => [i.description.toLowerCase(), i])).values()];
  if (distinct.length > 1) {
    const [a, b] = distinct as [{ line: number; description: string }, { line: number; description: string }];
    return [
      {
        topic: 'same-person',
        about: 'character',
        question: `${subject.name} is introduced twice, as (${a.description}) and as (${b.description}): one person, or two people with one name?`,
        options: [`One person: (${a.description})`, `Two people: the second ${name} needs a name of their own`],
        context: `${script.file} line ${a.line} and line ${b.line} introduce ${subject.name} with different descriptions.`,
      },
    ];
  }
  return [];
}

function locationQuestions(ctx: ScopedContext, subject: Subject, facts: SheetFacts): QuestionDraft[] {
  if ((facts.timesOfDay ?? []).length > 0) return [];
  const script = screenplayOf(ctx);
  const heading = facts.headings?.[0] ?? subject.name;
  const where = facts.firstAppearance && script ? `${script.file} line ${facts.firstAppearance.line}` : 'the script';
  return [
    {
      topic: 'time-of-day',
      about: 'location',
      question: `The heading ${heading} gives no time of day: when do its scenes take place?`,
      options: TIMES_OF_DAY,
      context: `${heading} (${where}) ends without DAY, NIGHT or another time, so production design would have to guess the light.`,
    },
  ];
}

/** The facts with the person's answers applied. */
function applied(kind: SheetKind, facts: SheetFacts, answers: Map<string, string>): SheetFacts {
  const out = { ...facts };
  const look = answers.get('look');
  if (kind === 'character' && look) out.introduction = look;
  const same = answers.get('same-person');
  if (kind === 'character' && same) out.introduction = `${facts.introduction ?? ''}${facts.introduction ? '; ' : ''}decided: ${same}`;
  const time = answers.get('time-of-day');
  if (kind === 'location' && time) {
    const word = TIMES_OF_DAY.find((t) => time.toUpperCase().includes(t));
    out.timesOfDay = [word ?? time];
  }
  return out;
}

/**
 * The facts an asset task works from, clarified by the person's answers; throws QuestionRaised
 * when the script leaves something open that no decision has settled.
 */
export function clarifySheet<S extends Subject>(ctx: ScopedContext, kind: SheetKind, found: { subject: S; facts: SheetFacts }): { subject: S; facts: SheetFacts } {
  const { subject, facts } = found;
  const drafts = kind === 'character' ? characterQuestions(ctx, subject, facts) : kind === 'location' ? locationQuestions(ctx, subject, facts) : [];
  const answers = new Map((ctx.decisions ?? []).map((d) => [d.topic, d.answer]));
  const open = drafts.filter((d) => !answers.has(d.topic));
  if (open.length) throw new QuestionRaised(open);
  return { subject, facts: applied(kind, facts, answers) };
}
