/**
 * A task's scoped context: the files it reads that its agent.md allows it to read, the style
 * block, its brief and its own role's feedback. Never the whole production, never another
 * role's agent folder (their feedback is addressed to them alone).
 */
import { statSync } from 'node:fs';
import type { ContextFile, ScopedContext } from '../crew/role';
import { confine } from '../artifact/paths';
import { copyProductionFile, MAX_MEDIA_BYTES, readProductionFile } from '../artifact/safe-read';
import { agentFile, feedbackFile } from '../model/paths';
import type { Production } from '../model/types';
import { isGlob, isProposalBeside, matchesAny, type FileIndex } from './inputs';
import type { PlannedTask } from './planner';
import { decisionInputs, decisionsInContext } from '../questions/engine';

/** True for `agents/<other>/…`: another role's brief and notes. */
function otherRolesFolder(path: string, role: string): boolean {
  return path.startsWith('agents/') && !path.startsWith(`agents/${role}/`);
}

/** Each task's visible reads, while the list of files they were worked out from stands (a task asks three times: inputs, context, outputs). */
const visible = new WeakMap<PlannedTask, { index: FileIndex; version: number; paths: string[] }>();

/** Per agent.md `reads` list (one array per loaded agent, shared by its tasks): path → allowed, asked once per path. */
const allowedAnswers = new WeakMap<readonly string[], Map<string, boolean>>();

function allowedBy(allowed: readonly string[]): (path: string) => boolean {
  let known = allowedAnswers.get(allowed);
  if (!known) allowedAnswers.set(allowed, (known = new Map()));
  const answers = known;
  return (path) => {
    let yes = answers.get(path);
    if (yes === undefined) answers.set(path, (yes = matchesAny(path, allowed)));
    return yes;
  };
}

/** The paths a task reads that its role may see: task.reads ∩ agent.md `reads`, globs expanded. */
export function visibleReads(task: PlannedTask, index: FileIndex): string[] {
  const known = visible.get(task);
  if (known && known.index === index && known.version === index.listVersion) return known.paths;
  const allowed = allowedBy(task.agent.data.reads ?? []);
  const paths = index.expand(task.spec.reads).filter((p) => allowed(p) && !otherRolesFolder(p, task.spec.role) && !isProposalBeside(p));
  visible.set(task, { index, version: index.listVersion, paths });
  return paths;
}

/**
 * Input hashes of a task: what it may read, plus its own agent.md (a changed brief is new work),
 * less what it writes itself: a task that reads the previous version of its output (to keep a
 * person's edits) is not made stale by that output changing.
 */
export function taskInputs(task: PlannedTask, index: FileIndex): Record<string, string> {
  const inputs: Record<string, string> = {};
  const writes = task.spec.writes;
  // Most writes are literal paths: a set answers for them; only patterns are matched.
  const literal = new Set(writes);
  const patterns = writes.filter(isGlob);
  for (const p of visibleReads(task, index)) if (!literal.has(p) && !(patterns.length && matchesAny(p, patterns))) inputs[p] = index.hash(p);
  inputs[task.agent.path] = index.hash(task.agent.path);
  Object.assign(inputs, decisionInputs(task.spec, index)); // a person's answer to this task's question
  return inputs;
}

/** Media read as bytes, not text: a role that renders them needs them whole. */
const BINARY_MEDIA = /\.(png|jpe?g|webp|gif|mp4|mov|m4v|webm|mkv|avi|mxf|wav|mp3|aiff?|flac)$/i;

/**
 * A media file as a task sees it: there when it is a regular file inside the production (a stat),
 * its bytes read only when the role asks for them. The editor's timelines task names every clip
 * of the film but reads none (the rough cut reads them): at 2,000 shots reading them all was
 * hundreds of MB for nothing. A file that cannot be read when asked fails the task, saying why.
 */
function mediaFile(root: string, rel: string): ContextFile | undefined {
  const where = confine(root, rel);
  if ('problem' in where) return undefined;
  try {
    const st = statSync(where.path);
    if (!st.isFile() || st.size > MAX_MEDIA_BYTES) return undefined;
  } catch {
    return undefined;
  }
  let bytes: Uint8Array | undefined;
  return {
    path: rel,
    text: '',
    // Media may be large (a clip): a regular file inside the production, with a media-sized limit.
    get bytes(): Uint8Array {
      bytes ??= new Uint8Array(readProductionFile(root, rel, MAX_MEDIA_BYTES));
      return bytes;
    },
    copyTo: (dest) => copyProductionFile(root, rel, dest, MAX_MEDIA_BYTES),
  };
}

async function readText(root: string, rel: string): Promise<string | undefined> {
  const where = confine(root, rel);
  if ('problem' in where) return undefined;
  try {
    return readProductionFile(root, rel).toString('utf8');
  } catch {
    return undefined;
  }
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
      if (BINARY_MEDIA.test(path)) {
        const file = mediaFile(root, path);
        if (file) files.set(path, file);
        return;
      }
      const isScript = path === production.scriptPath || path === 'script.fountain';
      const file = await index.model.contextFile(path, isScript);
      if (file) files.set(path, file);
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
    format: { aspect: data?.format?.aspect ?? '16:9', fps: data?.format?.fps ?? 24, ...(data?.format?.resolution ? { resolution: data.format.resolution } : {}) },
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
