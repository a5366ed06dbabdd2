/**
 * A task's scoped context: the files it reads that its agent.md allows it to read, the style
 * block, its brief and its own role's feedback. Never the whole production, never another
 * role's agent folder (their feedback is addressed to them alone).
 */
import { readFile } from 'node:fs/promises';
import type { ContextFile, ScopedContext } from '../crew/role';
import { artifactFromText } from '../artifact/writer';
import { confine } from '../artifact/paths';
import { parseFountain } from '../fountain/parse';
import { agentFile, feedbackFile } from '../model/paths';
import type { Production } from '../model/types';
import { isProposalBeside, matchesAny, type FileIndex } from './inputs';
import type { PlannedTask } from './planner';
import { decisionInputs, decisionsInContext } from '../questions/engine';

/** True for `agents/<other>/…`: another role's brief and notes. */
function otherRolesFolder(path: string, role: string): boolean {
  return path.startsWith('agents/') && !path.startsWith(`agents/${role}/`);
}

/** The paths a task reads that its role may see: task.reads ∩ agent.md `reads`, globs expanded. */
export function visibleReads(task: PlannedTask, index: FileIndex): string[] {
  const allowed = task.agent.data.reads ?? [];
  return index.expand(task.spec.reads).filter((p) => matchesAny(p, allowed) && !otherRolesFolder(p, task.spec.role) && !isProposalBeside(p));
}

/**
 * Input hashes of a task: what it may read, plus its own agent.md (a changed brief is new work),
 * less what it writes itself: a task that reads the previous version of its output (to keep a
 * person's edits) is not made stale by that output changing.
 */
export function taskInputs(task: PlannedTask, index: FileIndex): Record<string, string> {
  const inputs: Record<string, string> = {};
  const writes = task.spec.writes;
  for (const p of visibleReads(task, index)) if (!matchesAny(p, writes)) inputs[p] = index.hash(p);
  inputs[task.agent.path] = index.hash(task.agent.path);
  Object.assign(inputs, decisionInputs(task.spec, index)); // a person's answer to this task's question
  return inputs;
}

async function readText(root: string, rel: string): Promise<string | undefined> {
  const where = confine(root, rel);
  if ('problem' in where) return undefined;
  try {
    return await readFile(where.path, 'utf8');
  } catch {
    return undefined;
  }
}

function screenplayOf(path: string, text: string): ContextFile['screenplay'] {
  if (path.endsWith('.fountain')) return parseFountain(text);
  const parsed = artifactFromText(path, text);
  return parseFountain(parsed.artifact ? parsed.artifact.body : text);
}

/** A role's feedback, read once per wave (not once per task): role → its text. */
export type FeedbackCache = Map<string, Promise<string | undefined>>;

/** Builds the context a role's `run` sees for one task. */
export async function scopedContext(
  production: Production,
  task: PlannedTask,
  runId: string,
  index: FileIndex,
  feedbackCache: FeedbackCache = new Map(),
): Promise<ScopedContext> {
  const root = production.root;
  const files = new Map<string, ContextFile>();
  await Promise.all(
    visibleReads(task, index).map(async (path) => {
      if (path === agentFile(task.spec.role) || path === feedbackFile(task.spec.role)) return;
      const text = await readText(root, path);
      if (text === undefined) return;
      const file: ContextFile = { path, text };
      if (path === production.scriptPath || path === 'script.fountain') file.screenplay = screenplayOf(path, text);
      else if (path.endsWith('.md')) {
        const { artifact } = artifactFromText(path, text);
        if (artifact) file.artifact = artifact;
      }
      files.set(path, file);
    }),
  );
  const data = production.production?.data;
  let pending = feedbackCache.get(task.spec.role);
  if (!pending) {
    pending = index.exists(feedbackFile(task.spec.role)) ? readText(root, feedbackFile(task.spec.role)) : Promise.resolve(undefined);
    feedbackCache.set(task.spec.role, pending);
  }
  const feedback = await pending;
  const decisions = await decisionsInContext(root, task.spec, index);
  const ctx: ScopedContext = {
    task: task.spec,
    runId,
    title: data?.title ?? '',
    style: data?.style ?? '',
    format: { aspect: data?.format?.aspect ?? '16:9', fps: data?.format?.fps ?? 24 },
    brief: task.agent.body,
    options: typeof task.agent.data.options === 'number' ? task.agent.data.options : 4,
    files: new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  if (data?.treatment) ctx.treatment = data.treatment;
  if (typeof data?.target_duration === 'number') ctx.targetDuration = data.target_duration;
  if (feedback?.trim()) ctx.feedback = feedback;
  if (decisions) ctx.decisions = decisions;
  return ctx;
}
