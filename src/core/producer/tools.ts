/**
 * The producer's tools: what it (or Copilot's agent mode, or an MCP client) can do to the
 * production. The same list serves the CLI, the chat participant, the language model tools and
 * the MCP server. `callTool` is the one way in: arguments checked, the confirmation rule applied
 * (confirm.ts), then the work done. A tool that changes nothing runs without asking.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROUTES, type NoteCategory } from '../crew/checker';
import { FilmcrewError } from '../diagnostics';
import type { ApprovalPrompt, Logger, Secrets } from '../host';
import { confine } from '../artifact/paths';
import { agentFile, shotFile } from '../model/paths';
import { GATES, isStageId, STAGES, type GateId } from '../pipeline/stages';
import { answerQuestion, openQuestions } from '../questions/store';
import { approvalState, toolDecision, type ToolEffect } from './confirm';
import { producerContext, type ProducerContext } from './context';
import { amount, money } from '../money';

/** Everything a tool may need of its host. */
export interface ToolHost {
  root: string;
  /** Asks the person to confirm a change, showing what will happen; false = not done. */
  confirm(tool: ProducerTool, description: string): Promise<boolean>;
  /** For the runs a tool starts: the same approval prompt as `filmcrew run`. */
  prompt: ApprovalPrompt;
  secrets: Secrets;
  logger: Logger;
  /** Force runs onto one provider (`offline` in tests and demos). */
  provider?: string;
}

export type ToolArgs = Record<string, unknown>;

export interface ProducerTool {
  name: string;
  title: string;
  description: string;
  effect: ToolEffect;
  /** JSON Schema of the arguments (MCP `inputSchema`, `languageModelTools[].inputSchema`). */
  inputSchema: { type: 'object'; properties: Record<string, object>; required?: string[] };
  /** What a call will do, in a sentence shown before it is confirmed. */
  describe(args: ToolArgs): string;
  run(args: ToolArgs, host: ToolHost): Promise<string>;
}

export interface ToolOutcome {
  tool: string;
  done: boolean;
  /** What was done, or why not. */
  text: string;
}

function str(args: ToolArgs, key: string): string {
  const v = args[key];
  if (typeof v !== 'string' || !v.trim()) throw new FilmcrewError('usage', `\`${key}\` is missing`, `Give \`${key}\` as text.`);
  return v.trim();
}

const CATEGORIES = Object.keys(ROUTES) as NoteCategory[];

/** The role that owns a note: named, or by its kind (a continuity error goes to casting). */
export function ownerOfNote(args: ToolArgs): string {
  if (typeof args.role === 'string' && args.role.trim()) return args.role.trim();
  const category = typeof args.category === 'string' ? (args.category.trim() as NoteCategory) : undefined;
  if (category && ROUTES[category]) return ROUTES[category];
  throw new FilmcrewError('usage', 'a note needs the role that owns the fix, or its kind', `Give \`role\` (casting, costume, …) or \`category\` (${CATEGORIES.join(', ')}).`);
}

export function statusText(ctx: ProducerContext): string {
  const open = ctx.questions.filter((q) => q.data.status === 'open');
  return [
    `${ctx.title || 'The production'}:`,
    ...ctx.status.map((s) => `- ${s}`),
    open.length ? `- ${open.length} open question${open.length === 1 ? '' : 's'} from the crew: ${open.map((q) => q.data.id).join(', ')}.` : '- No open question from the crew.',
  ].join('\n');
}

/** "What's working, what's not": the latest review's notes, grouped by the role that owns each fix. */
export function reviewText(ctx: ProducerContext): string {
  if (!ctx.review) return 'There is no review of the cut yet: run the review stage (`filmcrew run --stage review`) after the edit.';
  const notes = ctx.review.notes;
  const said = ctx.review.summary.map((l) => `  ${l}`);
  if (notes.length === 0) return [`${ctx.review.path}: the checker found nothing to fix in the cut.`, ...said].join('\n');
  const byRole = new Map<string, string[]>();
  for (const n of notes) byRole.set(n.role, [...(byRole.get(n.role) ?? []), `[${n.severity}] ${n.shot ?? n.asset ?? 'cut'}: ${n.message}`]);
  return [`${ctx.review.path}: ${notes.length} note${notes.length === 1 ? '' : 's'}, each for the role that owns the fix:`, ...said, ...[...byRole].flatMap(([role, lines]) => [`${role}:`, ...lines.map((l) => `  - ${l}`)])].join('\n');
}

const stageIds = STAGES.map((s) => s.id);
const gateIds = GATES.map((g) => g.id);

export const PRODUCER_TOOLS: readonly ProducerTool[] = [
  {
    name: 'status',
    title: 'Production status',
    description: 'The production at a glance: stages and gates, stale work, proposals, spend, and the crew’s open questions.',
    effect: 'read',
    inputSchema: { type: 'object', properties: {} },
    describe: () => 'Read the production status.',
    run: async (_args, host) => statusText(await producerContext(host.root)),
  },
  {
    name: 'show_shot',
    title: 'Show a shot',
    description: 'The file of one shot (shots/<id>.md): its size, lens, characters, action, dialogue and status.',
    effect: 'read',
    inputSchema: { type: 'object', properties: { shot: { type: 'string', description: 'A shot id, e.g. s01-003' } }, required: ['shot'] },
    describe: (a) => `Show shot ${String(a.shot)}.`,
    async run(args, host) {
      const path = shotFile(str(args, 'shot'));
      const where = confine(host.root, path);
      if ('problem' in where) throw new FilmcrewError('bad-path', `${path}: ${where.problem}`, 'Give a shot id such as s01-003.');
      return readFile(where.path, 'utf8').catch(() => {
        throw new FilmcrewError('unknown-shot', `there is no ${path}`, 'Run `filmcrew status` to see the shots.');
      });
    },
  },
  {
    name: 'review_cut',
    title: 'What’s working, what’s not',
    description: 'The latest review of the rough cut: its notes grouped by the crew role that owns each fix.',
    effect: 'read',
    inputSchema: { type: 'object', properties: {} },
    describe: () => 'Read the latest review of the cut.',
    run: async (_args, host) => reviewText(await producerContext(host.root)),
  },
  {
    name: 'list_questions',
    title: 'Open questions',
    description: 'The questions the crew raised instead of guessing, with their options, waiting for a person’s answer.',
    effect: 'read',
    inputSchema: { type: 'object', properties: {} },
    describe: () => 'List the open questions.',
    async run(_args, host) {
      const open = await openQuestions(host.root);
      if (!open.length) return 'No question is open.';
      return open.map((q) => `${q.data.id} (${q.data.role}, about ${q.data.subject}): ${q.data.question}${q.data.options?.length ? ` Options: ${q.data.options.map((o, i) => `${i + 1}. ${o}`).join(' | ')}` : ''}`).join('\n');
    },
  },
  {
    name: 'answer_question',
    title: 'Answer a crew question',
    description: 'Records a person’s answer in decisions/<id>.md: the asking role works from it on the next run, and only its task is redone.',
    effect: 'write',
    inputSchema: {
      type: 'object',
      properties: { question: { type: 'string', description: 'The question id, e.g. casting.jonah.look' }, answer: { type: 'string', description: 'The answer; a number picks an option' } },
      required: ['question', 'answer'],
    },
    describe: (a) => `Answer ${String(a.question)}: “${String(a.answer)}” (written to decisions/${String(a.question)}.md).`,
    async run(args, host) {
      const r = await answerQuestion(host.root, str(args, 'question'), str(args, 'answer'), 'producer chat');
      return `Answered ${r.question.id}: ${r.answer}. Recorded in ${r.decision}; ${r.question.role} works from it on the next run.`;
    },
  },
  {
    name: 'route_note',
    title: 'Send a note to a crew role',
    description: `Appends a note to the feedback of the role that owns the fix (only that role reads it): name the role, or the kind of note (${CATEGORIES.map((c) => `${c} → ${ROUTES[c]}`).join(', ')}).`,
    effect: 'write',
    inputSchema: {
      type: 'object',
      properties: {
        note: { type: 'string', description: 'What to change, in words' },
        role: { type: 'string', description: 'The role that owns the fix, e.g. casting' },
        category: { type: 'string', enum: CATEGORIES, description: 'The kind of note, when the role is not named' },
        subject: { type: 'string', description: 'The shot or asset the note is about' },
      },
      required: ['note'],
    },
    describe: (a) => `Add to agents/${safeOwner(a)}/feedback.md: “${String(a.note)}”.`,
    async run(args, host) {
      const { appendFeedback } = await import('../git/reject');
      const role = ownerOfNote(args);
      if (!existsSync(join(host.root, agentFile(role)))) {
        throw new FilmcrewError('unknown-role', `the production has no ${role}`, `Name a role that has ${agentFile('<role>')}, e.g. casting, costume, production-design, editor.`);
      }
      const subject = typeof args.subject === 'string' && args.subject.trim() ? args.subject.trim() : 'the cut';
      const r = await appendFeedback(host.root, role, `note from the producer about ${subject}`, str(args, 'note'));
      return `Sent to ${role}: the note is in ${r.path}, which only ${role} reads; run again to have it redo the work.`;
    },
  },
  {
    name: 'regenerate',
    title: 'Regenerate a shot or an asset',
    description: 'Runs the crew again for one subject (a shot id, an asset id, a scene id) even if nothing changed. May spend: each paid call is asked as in a run.',
    effect: 'spend',
    inputSchema: { type: 'object', properties: { subject: { type: 'string', description: 'A shot id, asset id or scene id' }, stage: { type: 'string', enum: stageIds } }, required: ['subject'] },
    describe: (a) => `Regenerate ${String(a.subject)}${a.stage ? ` in the ${String(a.stage)} stage` : ''} (the crew's models are called; paid calls ask first).`,
    async run(args, host) {
      const stage = typeof args.stage === 'string' && isStageId(args.stage) ? args.stage : undefined;
      return runSummaryText(await runFor(host, { subjects: [str(args, 'subject')], force: true, ...(stage ? { stage } : {}) }));
    },
  },
  {
    name: 'run_stage',
    title: 'Run a stage',
    description: 'Runs the ready work of one stage (breakdown, assets, storyboard, generation, edit, review). May spend: each paid call is asked as in a run.',
    effect: 'spend',
    inputSchema: { type: 'object', properties: { stage: { type: 'string', enum: stageIds } }, required: ['stage'] },
    describe: (a) => `Run the ${String(a.stage)} stage (the crew's models are called; paid calls ask first).`,
    async run(args, host) {
      const stage = str(args, 'stage');
      if (!isStageId(stage)) throw new FilmcrewError('usage', `${stage} is not a stage`, `Use one of: ${stageIds.join(', ')}.`);
      return runSummaryText(await runFor(host, { stage }));
    },
  },
  {
    name: 'approve',
    title: 'Approve and lock',
    description: 'Locks artifacts (paths or globs) in one git commit, recording them in filmcrew.lock.',
    effect: 'write',
    inputSchema: { type: 'object', properties: { paths: { type: 'array', items: { type: 'string' }, description: 'Production-relative paths or globs' } }, required: ['paths'] },
    describe: (a) => `Approve and lock ${Array.isArray(a.paths) ? a.paths.join(', ') : String(a.paths)} in one commit.`,
    async run(args, host) {
      const paths = Array.isArray(args.paths) ? args.paths.filter((p): p is string => typeof p === 'string') : [];
      if (!paths.length) throw new FilmcrewError('usage', '`paths` is empty', 'Give the paths to lock, e.g. ["shots/s01-001.md"].');
      const { approve } = await import('../git/approve');
      const r = await approve(host.root, paths);
      return r.locked.length ? `Locked ${r.locked.length} file${r.locked.length === 1 ? '' : 's'} in ${r.commit?.slice(0, 7)}: ${r.locked.join(', ')}.` : `Nothing new to lock (${r.unchanged.length} already locked as they are).`;
    },
  },
  {
    name: 'pass_gate',
    title: 'Pass a gate',
    description: `Passes a gate (${gateIds.join(', ')}) when everything it needs is locked: a commit and a filmcrew/gate/<gate> tag. Gates always ask a person.`,
    effect: 'gate',
    inputSchema: { type: 'object', properties: { gate: { type: 'string', enum: gateIds } }, required: ['gate'] },
    describe: (a) => `Pass the ${String(a.gate)} gate (a commit and a tag; the stages after it may start).`,
    async run(args, host) {
      const gate = str(args, 'gate') as GateId;
      if (!gateIds.includes(gate)) throw new FilmcrewError('usage', `${gate} is not a gate`, `Use one of: ${gateIds.join(', ')}.`);
      const { passGate } = await import('../git/gates');
      const r = await passGate(host.root, gate);
      return r.alreadyPassed ? `The ${gate} gate had passed already.` : `Passed the ${gate} gate in ${r.commit.slice(0, 7)} (tag ${r.tag}).`;
    },
  },
];

function safeOwner(args: ToolArgs): string {
  try {
    return ownerOfNote(args);
  } catch {
    return '<role>';
  }
}

async function runFor(host: ToolHost, options: { stage?: (typeof stageIds)[number]; subjects?: string[]; force?: boolean }) {
  const { runProduction } = await import('../orchestrator/run');
  return runProduction(host.root, { ...options, prompt: host.prompt, secrets: host.secrets, logger: host.logger, ...(host.provider ? { provider: host.provider } : {}) });
}

function runSummaryText(s: Awaited<ReturnType<typeof runFor>>): string {
  const c = s.counts;
  const lines = [`Run ${s.runId}: ${c.succeeded} done, ${c.cached} unchanged, ${c.failed} failed, ${c.skipped} skipped; spent ${money(s.spend.run.total, s.spend.currency)}.`];
  for (const t of s.tasks.filter((x) => x.outcome === 'failed' || x.outcome === 'skipped')) lines.push(`- ${t.id} ${t.outcome}: ${t.reason ?? ''}`);
  if (s.stopped) lines.push(`Stopped: ${s.stopped.message}`);
  return lines.join('\n');
}

export function findTool(name: string): ProducerTool | undefined {
  return PRODUCER_TOOLS.find((t) => t.name === name);
}

/** Calls a tool by name: confirmation first for anything that changes the production. Never throws for a person's mistake. */
export async function callTool(name: string, args: ToolArgs, host: ToolHost): Promise<ToolOutcome> {
  const tool = findTool(name);
  if (!tool) return { tool: name, done: false, text: `There is no tool ${name}. Tools: ${PRODUCER_TOOLS.map((t) => t.name).join(', ')}.` };
  try {
    let description: string;
    try {
      description = tool.describe(args);
    } catch {
      description = `${tool.title} with ${JSON.stringify(args)}`;
    }
    if (tool.effect !== 'read') {
      const { mode, budget } = await approvalState(host.root);
      const gate = tool.effect === 'gate' && typeof args.gate === 'string' ? (args.gate as GateId) : undefined;
      const decision = toolDecision(tool.effect, description, mode, budget, gate);
      if (decision === 'deny') return { tool: name, done: false, text: `Not done: the budget cap is reached (${amount(budget.spent)} of ${budget.cap === undefined ? "no cap" : amount(budget.cap)}). Raise budget.cap in production.md to go on.` };
      if (decision === 'ask' && !(await host.confirm(tool, description))) return { tool: name, done: false, text: `Not done (not confirmed): ${description}` };
    }
    return { tool: name, done: true, text: await tool.run(args, host) };
  } catch (e) {
    if (e instanceof FilmcrewError) return { tool: name, done: false, text: `Not done: ${e.message}${e.advice ? `. ${e.advice}` : ''}` };
    throw e;
  }
}
