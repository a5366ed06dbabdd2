/**
 * The run's ApprovalPrompt in VS Code: a call question becomes a modal message showing the
 * prompt, the model and the estimated cost, with Approve / Skip / Edit Prompt; a gate question
 * becomes a modal naming what the gate locks. Whether to ask at all is core's policy
 * (orchestrator/policy.ts); this only asks.
 */
import type { Answer, ApprovalPrompt, CallQuestion, GateQuestion, Question } from '../core/host';
import { gate as gateOf } from '../core/pipeline/stages';
import type { Host } from './host';
import { money } from '../core/money';

export const APPROVE = 'Approve';
export const SKIP = 'Skip';
export const EDIT = 'Edit Prompt';
export const PASS_GATE = 'Pass Gate';

const PROMPT_PREVIEW = 1200;

/** `$0.04`, `unknown price`, `free`: how a cost reads in a question. */
export function costText(cost: number | undefined, paid = true): string {
  if (cost === undefined) return 'unknown price (asked even in auto mode)';
  if (cost === 0 || !paid) return 'free';
  return `about ${money(cost, 'USD', 'symbol')}`;
}

function budgetText(q: CallQuestion): string {
  return q.cap === undefined ? `spent ${money(q.spent, 'USD', 'symbol')} (no cap)` : `spent ${money(q.spent, 'USD', 'symbol')} of ${money(q.cap, 'USD', 'symbol')}`;
}

/** The modal's detail for a call: model, cost, budget, references and the prompt itself. */
export function callDetail(q: CallQuestion): string {
  const prompt = q.prompt.length > PROMPT_PREVIEW ? `${q.prompt.slice(0, PROMPT_PREVIEW)}\n… (${q.prompt.length - PROMPT_PREVIEW} more characters)` : q.prompt;
  const lines = [
    `Model: ${q.model} (${q.modality})`,
    `Estimated cost: ${costText(q.estimatedCost, q.paid ?? true)} — ${budgetText(q)}`,
  ];
  if (q.references.length) lines.push(`References: ${q.references.join(', ')}`);
  lines.push('', prompt);
  return lines.join('\n');
}

export function gateDetail(q: GateQuestion): string {
  const shown = q.artifacts.slice(0, 20);
  const more = q.artifacts.length - shown.length;
  const lead = q.relock ? `The gate passed before; the run redid its stale work. Approving locks ${q.artifacts.length} redone artifact${q.artifacts.length === 1 ? '' : 's'} again in one git commit:` : `Passing it locks ${q.artifacts.length} artifact${q.artifacts.length === 1 ? '' : 's'} in one git commit:`;
  return [lead, ...shown.map((p) => `  ${p}`), ...(more > 0 ? [`  … and ${more} more`] : [])].join('\n');
}

/** An ApprovalPrompt that asks a person through the host's modal dialogs. */
export class ModalApproval implements ApprovalPrompt {
  constructor(private readonly host: Host) {}

  async ask(question: Question, signal?: AbortSignal): Promise<Answer> {
    if (signal?.aborted) return { answer: 'deny' };
    switch (question.kind) {
      case 'call':
        return this.askCall(question);
      case 'gate':
        return this.askGate(question);
    }
  }

  private async askCall(q: CallQuestion): Promise<Answer> {
    const choice = await this.host.ask(`${q.role} wants to call ${q.model} for ${q.taskId}`, callDetail(q), [APPROVE, SKIP, EDIT]);
    if (choice === APPROVE) return { answer: 'approve' };
    if (choice !== EDIT) return { answer: 'deny' };
    const prompt = await this.host.input({
      title: `Edit the prompt of ${q.taskId}`,
      prompt: `The prompt ${q.model} will receive. Empty or Escape skips the call.`,
      value: q.prompt,
    });
    return prompt && prompt.trim() ? { answer: 'edit', prompt } : { answer: 'deny' };
  }

  private async askGate(q: GateQuestion): Promise<Answer> {
    const choice = await this.host.ask(`The run reached the gate "${gateOf(q.gate).title}". Pass it?`, gateDetail(q), [PASS_GATE]);
    return choice === PASS_GATE ? { answer: 'approve' } : { answer: 'deny' };
  }
}
