/**
 * Regenerating what a storyboard card shows: a run of the one task that makes it, like `filmcrew
 * run --only <role> --shot <id>`, forced so it is redone though its inputs are unchanged. A role
 * may have more than one kind of task (the DOP lights a scene, `dop:<scene>`, and makes a clip
 * per shot, `dop:clip-<shot>`): the run gets only the handler whose task makes what was asked.
 */
import { builtinRoles } from '../crew/index';
import type { RoleHandler, TaskSpec } from '../crew/role';
import { environmentSecrets, type ApprovalPrompt, type Logger, type RunObserver } from '../host';
import { clipPath, framePath, photographyFile } from '../model/paths';
import type { Artifact, Production, ShotData } from '../model/types';
import { runProduction, type RunOptions, type RunSummary } from '../orchestrator/index';
import type { StageId } from '../pipeline/stages';
import type { RegenerateWhat } from '../storyboard/protocol';

/** What a host's run needs to regenerate: the scope; the host adds its prompts, secrets, providers. */
export type RegenerateRun = Required<Pick<RunOptions, 'stage' | 'only' | 'subjects' | 'force' | 'roles'>>;

export interface RegeneratePlan {
  run: RegenerateRun;
  /** The task whose outcome answers the person. */
  taskId: string;
  role: string;
}

const ROLE_OF: Record<RegenerateWhat, { role: string; stage: StageId }> = {
  frame: { role: 'storyboard-artist', stage: 'storyboard' },
  photography: { role: 'dop', stage: 'generation' },
  clip: { role: 'dop', stage: 'generation' },
};

/** The file the asked-for task writes. */
function made(shot: ShotData, what: RegenerateWhat): string {
  return what === 'frame' ? framePath(shot) : what === 'clip' ? clipPath(shot.id) : photographyFile(shot.scene);
}

/**
 * The run that regenerates `what` of `shot`, or undefined when no task of the role makes it (no
 * agent for the role, an omitted shot). A clip a video model makes (the shot names it) has no
 * clip task of its own: the DOP's scene task asks for it again.
 */
export function regeneratePlan(production: Production, shot: Artifact<ShotData>, what: RegenerateWhat, roles: RoleHandler[] = builtinRoles()): RegeneratePlan | undefined {
  const { role, stage } = ROLE_OF[what];
  const subjects = new Set([String(shot.data.id)]);
  const find = (target: string) => {
    for (const handler of roles.filter((h) => h.role === role)) {
      const task = handler.plan(production, { subjects }).find((t: TaskSpec) => t.writes.includes(target));
      if (task) return { handler, task };
    }
    return undefined;
  };
  const found = find(made(shot.data, what)) ?? (what === 'clip' ? find(made(shot.data, 'photography')) : undefined);
  if (!found) return undefined;
  // The role's other handlers stay out: their tasks about this shot are not what was asked.
  const crew = roles.filter((h) => h.role !== role || h === found.handler);
  return { run: { stage, only: role, subjects: [...subjects], force: true, roles: crew }, taskId: found.task.id, role };
}

/** The person's answer from the run's summary: whether the asked-for task was redone. */
export function regenerateAnswer(summary: RunSummary, plan: RegeneratePlan, what: RegenerateWhat, shotId: string): [boolean, string] {
  if (summary.stopped) return [false, summary.stopped.message];
  const task = summary.tasks.find((t) => t.id === plan.taskId);
  if (!task) return [false, `The ${plan.role} had nothing to do for ${shotId}${summary.waiting.length ? `: ${plan.run.stage} waits on ${summary.waiting.map((w) => w.on).join(', ')}` : ''}.`];
  switch (task.outcome) {
    case 'succeeded':
      return [true, `Regenerated the ${what} of ${shotId}.`];
    case 'cached':
      return [true, `The ${what} of ${shotId} was already redone by this run.`];
    case 'failed':
      return [false, `The ${plan.role} failed on ${shotId}: ${task.reason ?? 'no reason given'}.`];
    case 'skipped':
      return [false, `The ${plan.role} skipped ${shotId}: ${task.reason ?? 'no reason given'}.`];
  }
}

/** Calls that cost nothing go ahead; paid calls and gates are declined: nobody is there to say yes. */
export const freeCallsOnly: ApprovalPrompt = {
  ask: async (q) => (q.kind === 'call' && q.paid === false ? { answer: 'approve' } : { answer: 'deny' }),
};

/** A run with nobody at a terminal (the preview, tests): free calls only, keys from the environment. */
export function unattendedRun(root: string, log: (line: string) => void) {
  return (run: RegenerateRun, observer: RunObserver): Promise<RunSummary> => {
    const logger: Logger = { debug() {}, info() {}, warn: (m) => log(`run: ${m}`), error: (m) => log(`run: ${m}`) };
    return runProduction(root, { ...run, prompt: freeCallsOnly, secrets: environmentSecrets, logger, observer });
  };
}
