/**
 * Briefs are templates: an agent.md body with `{{name}}` placeholders that a role fills from
 * its task (title, style, scene, subject, options…). The rendered brief is the prompt a real
 * model reads; the offline crew reads the structured input instead, so both see the same task.
 */
import type { ScopedContext } from './role';
import { decisionsSection } from '../questions/model-questions';

export type BriefValues = Record<string, string | number | undefined>;

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/gi;

/**
 * Fills `{{name}}` placeholders. An unknown placeholder is left as written, so a person who
 * mistypes one in their agent.md sees it in the prompt instead of a silent blank.
 */
export function renderBrief(template: string, values: BriefValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = values[name];
    return v === undefined ? whole : String(v);
  });
}

/**
 * The prompt of a task: the role's brief filled with the production's common values and the
 * task's own, then the role's review notes (its feedback.md) so a fix request reaches the model.
 */
export function promptFor(ctx: ScopedContext, values: BriefValues, details?: string): string {
  const common: BriefValues = {
    title: ctx.title,
    style: ctx.style,
    treatment: ctx.treatment ?? '',
    aspect: ctx.format.aspect,
    fps: ctx.format.fps,
    options: ctx.options,
    subject: ctx.task.subject,
    scene: ctx.task.scene ?? '',
    act: ctx.task.act ?? '',
    target_duration: ctx.targetDuration,
  };
  const parts = [renderBrief(ctx.brief, { ...common, ...values }).trim()];
  if (details?.trim()) parts.push(details.trim());
  if (ctx.feedback?.trim()) parts.push(`Review notes addressed to you (fix these):\n${ctx.feedback.trim()}`);
  if (ctx.decisions?.length) parts.push(decisionsSection(ctx.decisions));
  return parts.join('\n\n');
}

/** The task's structured input, appended to a prompt so that a real model sees what the offline crew reads. */
export function inputSection(input: unknown): string {
  return `The task, as data:\n\`\`\`json\n${JSON.stringify(input, null, 2)}\n\`\`\``;
}

/** Whether an answer came from the offline crew (model `offline`): every artifact it makes says so. */
export function isOffline(model: string): boolean {
  return model === 'offline';
}

/** The line an artifact's body ends with: who made it, and plainly whether it was made offline. */
export function madeBy(model: string, what: string): string {
  return isOffline(model)
    ? `_${what} offline by filmcrew's built-in crew: no model, no network, no cost. A real model can redo it: list one in this role's agent.md._`
    : `_${what} by ${model}._`;
}
