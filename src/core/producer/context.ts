/**
 * The producer's whole-film context: production.md (title, style block, treatment), a summary
 * of the script, the breakdown, the locked sheets, the open questions and the decisions, and the
 * latest review. It says which files it read (`sources`); its prompt is rendered from these
 * sections and nothing else. It never reads a role's feedback: notes are addressed to one role.
 */
import { ProductionLoader } from '../production/load';
import { productionReport } from '../production/report';
import type { Artifact, AssetSheetData, Production, ReviewData } from '../model/types';
import { readDecisions, readQuestions } from '../questions/store';
import type { DecisionData, QuestionFile } from '../questions/types';
import { money } from '../money';

export interface ProducerContext {
  root: string;
  title: string;
  style: string;
  treatment?: string;
  /** Production-relative paths the context was read from, sorted. */
  sources: string[];
  /** Each scene in a line: id, heading, who is in it. */
  script: string[];
  /** Each shot in a line: id, size, who, what, status. */
  breakdown: string[];
  /** Each locked sheet: name, description, the chosen option. */
  sheets: string[];
  /** Stages, gates, counts, stale work and spend, as `filmcrew status` says them. */
  status: string[];
  questions: QuestionFile[];
  decisions: DecisionData[];
  /** The newest review of the cut: its notes, each with the role that owns the fix. */
  review?: { path: string; notes: ReviewData['notes']; summary: string[] };
}

function oneLine(text: string | undefined, max = 140): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function sheetsOf(production: Production): Artifact<AssetSheetData>[] {
  return [...production.characters, ...production.costumes, ...production.locations, ...production.props] as Artifact<AssetSheetData>[];
}

function latestReview(production: Production): Artifact<ReviewData> | undefined {
  const byRun = (r: Artifact<ReviewData>) => String(r.data.run ?? r.data.id ?? r.path);
  return [...production.reviews].sort((a, b) => (byRun(a) < byRun(b) ? -1 : byRun(a) > byRun(b) ? 1 : 0)).pop();
}

/** Loads the producer's context from the production at `root`. */
export async function producerContext(root: string): Promise<ProducerContext> {
  // The report from root, not from the loaded production: that path answers from status's caches
  // (a warm call reads neither YAML nor git), where a given production recomputes the records.
  const [production, report] = await Promise.all([new ProductionLoader(root).load(), productionReport(root)]);
  const sources = new Set<string>();
  const data = production.production?.data;
  if (production.production) sources.add(production.production.path);
  if (production.scriptPath) sources.add(production.scriptPath);

  const script = production.scenes.map((s) => `${s.id}${s.act ? ` (act ${s.act})` : ''}: ${s.heading}${s.characters.length ? ` — ${s.characters.join(', ')}` : ''}`);
  const breakdown = [...production.shots]
    .sort((a, b) => a.data.order - b.data.order)
    .map((s) => {
      sources.add(s.path);
      const d = s.data;
      return `${d.id} ${d.size ?? ''} ${d.duration ?? '?'}s [${d.status ?? 'none'}] ${(d.characters ?? []).join(', ')}${d.location ? ` @ ${d.location}` : ''}: ${oneLine(d.action, 100)}`.replace(/\s+/g, ' ');
    });
  const sheets = sheetsOf(production)
    .filter((a) => a.data.status === 'locked')
    .map((a) => {
      sources.add(a.path);
      const chosen = a.data.options?.find((o) => o.id === a.data.chosen);
      return `${a.path} ${a.data.name}: ${oneLine(a.data.description)}${chosen ? ` — chosen ${chosen.id}: ${oneLine(chosen.label, 60)}` : ' — nothing chosen'}`;
    });
  const status = report.status.stages.map((s) => `${s.title}: ${s.state}${s.waitingFor.length ? ` (waits for ${s.waitingFor.join(', ')})` : ''}${s.gate ? `, gate ${s.gate.title} ${s.gate.passed ? 'passed' : 'not passed'}` : ''} — ${s.work}`);
  if (report.stale.size) status.push(`Stale (inputs changed since locked): ${[...report.stale.keys()].join(', ')}`);
  if (report.proposals.length) status.push(`Proposal branches waiting for review: ${report.proposals.map((p) => p.branch).join(', ')}`);
  status.push(`Spent ${money(report.spend.total, report.spend.currency)}${report.spend.cap !== undefined ? ` of a ${report.spend.cap} cap` : ''}.`);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors) status.push(`${errors} problem${errors === 1 ? '' : 's'} (run \`filmcrew validate\`).`);

  const { questions } = await readQuestions(root);
  for (const q of questions) sources.add(q.path);
  const decisions = [...(await readDecisions(root)).values()];
  for (const d of decisions) sources.add(`decisions/${d.question}.md`);
  const review = latestReview(production);
  if (review) sources.add(review.path);

  return {
    root,
    title: data?.title ?? '',
    style: data?.style ?? '',
    ...(data?.treatment ? { treatment: data.treatment } : {}),
    sources: [...sources].sort(),
    script,
    breakdown,
    sheets,
    status,
    questions,
    decisions,
    ...(review ? { review: { path: review.path, notes: review.data.notes ?? [], summary: summaryOf(review.body) } } : {}),
  };
}

/** The review's own words: its first lines of prose, a handful. */
function summaryOf(body: string): string[] {
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('_') && !l.startsWith('|'))
    .slice(0, 4)
    .map((l) => oneLine(l, 200));
}

function section(title: string, lines: string[], empty: string): string[] {
  return [`## ${title}`, '', ...(lines.length ? lines.map((l) => `- ${l}`) : [empty]), ''];
}

/** The context as the producer's prompt: only the sections above, in a fixed order. */
export function renderContext(ctx: ProducerContext): string {
  return [
    `# ${ctx.title || 'Untitled production'}`,
    '',
    ...(ctx.style ? ['## Style', '', ctx.style.trim(), ''] : []),
    ...(ctx.treatment ? ['## Treatment', '', ctx.treatment.trim(), ''] : []),
    ...section('Status', ctx.status, 'No status.'),
    ...section('Script', ctx.script, 'No scenes yet.'),
    ...section('Breakdown', ctx.breakdown, 'No shots yet.'),
    ...section('Locked sheets', ctx.sheets, 'No sheet is locked yet.'),
    ...section(
      'Open questions from the crew',
      ctx.questions.filter((q) => q.data.status === 'open').map((q) => `${q.data.id} (${q.data.role}, about ${q.data.subject}): ${q.data.question}${q.data.options?.length ? ` Options: ${q.data.options.join(' | ')}` : ''}`),
      'None.',
    ),
    ...section('Decisions', ctx.decisions.map((d) => `${d.question}: ${d.answer}`), 'None yet.'),
    ...section(
      `Latest review${ctx.review ? ` (${ctx.review.path})` : ''}`,
      [...(ctx.review?.summary ?? []), ...(ctx.review?.notes ?? []).map((n) => `[${n.severity}] ${n.shot ?? n.asset ?? 'cut'} → ${n.role}: ${n.message}`)],
      ctx.review ? 'The checker found nothing to fix.' : 'No review yet.',
    ),
  ].join('\n');
}
