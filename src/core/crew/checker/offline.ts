/**
 * The offline checker: every finding the role computed becomes a note as it stands, and the
 * summary sets the cut against the treatment's running time. It adds no judgement of its own:
 * a real model can, under the `treatment` category.
 */
import type { CheckerAnswer, CheckerInput } from './types';

export function reviewCut(input: CheckerInput): CheckerAnswer {
  const errors = input.findings.filter((f) => f.severity === 'error').length;
  const warnings = input.findings.filter((f) => f.severity === 'warning').length;
  const target = input.targetDuration;
  const timing = target
    ? `The cut runs ${input.cut.seconds.toFixed(1)} s for a treatment that asks for ${target} s (${input.cut.seconds >= target ? '+' : ''}${Math.round(((input.cut.seconds - target) / target) * 100)}%).`
    : `The cut runs ${input.cut.seconds.toFixed(1)} s; the treatment gives no target.`;
  const scenes = new Set(input.cut.shots.map((s) => s.scene)).size;
  const count = errors + warnings === 0 ? 'Nothing to fix.' : `${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'} to fix, each sent to the role that owns it.`;
  return {
    summary: `${timing} ${input.cut.shots.length} shots over ${scenes} scene${scenes === 1 ? '' : 's'}. ${count} Reviewed offline: the checks are mechanical; no judgement of tone was made.`,
    notes: input.findings.map((f) => ({ ...f })),
  };
}
