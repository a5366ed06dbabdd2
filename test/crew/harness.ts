/**
 * Runs crew roles on a real production folder the way the engine does, minus the engine: a
 * task sees only its reads ∩ its role's declared reads (the built-in agent.md), calls the real
 * offline provider, and its outputs are written with the real artifact writer.
 */
import { readdirSync, readFileSync, existsSync, mkdirSync, appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { fileHash } from '../../src/core/artifact/hash';
import { artifactFromText, writeArtifact, writeFileAtomic } from '../../src/core/artifact/writer';
import { BUILTIN_AGENTS } from '../../src/core/crew/builtin-agents';
import type { CallModel, ContextFile, DraftRequest, RoleHandler, ScopedContext, TaskOutput, TaskSpec } from '../../src/core/crew/role';
import { parseFountain } from '../../src/core/fountain/parse';
import { scenesOf } from '../../src/core/fountain/scenes';
import type { Artifact, CharacterData, CostumeData, LocationData, PhotographyData, Production, ProductionData, PropData, ReviewData, ShotData } from '../../src/core/model/types';
import { offlineProvider } from '../../src/core/crew/offline';
import type { ProviderRequest } from '../../src/core/providers/types';

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (e.name === '.git' || e.name === '.filmcrew') continue;
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(root, p));
    else out.push(p);
  }
  return out.sort();
}

function artifactsIn<D>(root: string, folder: string): Artifact<D & Production['shots'][number]['data']>[] {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => artifactFromText(`${folder}/${f}`, readFileSync(join(dir, f), 'utf8')).artifact as never);
}

/** A Production as the planner sees it, read straight from disk. */
export function productionAt(root: string): Production {
  const production = artifactFromText('production.md', readFileSync(join(root, 'production.md'), 'utf8')).artifact as Artifact<ProductionData>;
  const script = parseFountain(readFileSync(join(root, 'script.fountain'), 'utf8'));
  return {
    root,
    production,
    scriptPath: 'script.fountain',
    script,
    scenes: scenesOf(script, production.data.acts),
    shots: artifactsIn<ShotData>(root, 'shots') as unknown as Artifact<ShotData>[],
    characters: artifactsIn<CharacterData>(root, 'characters') as unknown as Artifact<CharacterData>[],
    costumes: artifactsIn<CostumeData>(root, 'costumes') as unknown as Artifact<CostumeData>[],
    locations: artifactsIn<LocationData>(root, 'locations') as unknown as Artifact<LocationData>[],
    props: artifactsIn<PropData>(root, 'props') as unknown as Artifact<PropData>[],
    agents: [],
    reviews: artifactsIn<ReviewData>(root, 'reviews') as unknown as Artifact<ReviewData>[],
    photography: artifactsIn<PhotographyData>(root, 'photography') as unknown as Artifact<PhotographyData>[],
    diagnostics: [],
  };
}

function agentOf(role: string) {
  const agent = BUILTIN_AGENTS.find((a) => a.role === role);
  if (!agent) throw new Error(`no built-in agent ${role}`);
  return agent;
}

/** The scoped context the engine would build for a task. */
export function contextFor(root: string, task: TaskSpec, runId = 'run-test'): ScopedContext {
  const agent = agentOf(task.role);
  const all = listFiles(root);
  const matches = (globs: readonly string[], p: string) => globs.some((g) => g === p || picomatch(g, { dot: true })(p));
  const files = new Map<string, ContextFile>();
  for (const p of all) {
    if (!matches(task.reads, p) || !matches(agent.reads, p)) continue;
    if (p.startsWith('agents/')) continue;
    // Binary media come as bytes, as the engine gives them (orchestrator/context.ts).
    if (/\.(png|jpe?g|webp|gif|mp4|mov|m4v|webm|mkv|avi|mxf|wav|mp3|aiff?|flac)$/i.test(p)) {
      files.set(p, { path: p, text: '', bytes: new Uint8Array(readFileSync(join(root, p))) });
      continue;
    }
    const text = readFileSync(join(root, p), 'utf8');
    const file: ContextFile = { path: p, text };
    if (p === 'script.fountain') file.screenplay = parseFountain(text);
    else if (p.endsWith('.md')) {
      const a = artifactFromText(p, text).artifact;
      if (a) file.artifact = a;
    }
    files.set(p, file);
  }
  const data = artifactFromText('production.md', readFileSync(join(root, 'production.md'), 'utf8')).artifact!.data as ProductionData;
  const feedbackPath = join(root, 'agents', task.role, 'feedback.md');
  const feedback = existsSync(feedbackPath) ? readFileSync(feedbackPath, 'utf8') : undefined;
  return {
    task,
    runId,
    title: data.title,
    style: data.style ?? '',
    ...(data.treatment ? { treatment: data.treatment } : {}),
    format: { aspect: data.format?.aspect ?? '16:9', fps: data.format?.fps ?? 24, ...(data.format?.resolution ? { resolution: data.format.resolution } : {}) },
    ...(typeof data.target_duration === 'number' ? { targetDuration: data.target_duration } : {}),
    brief: agent.brief,
    ...(feedback?.trim() ? { feedback } : {}),
    options: agent.options ?? 4,
    files,
  };
}

/** Every request a task sent, for tests that look at prompts and inputs. */
export const sent: ProviderRequest[] = [];

/** A CallModel straight to the offline provider. */
export function offlineCall(task: TaskSpec): CallModel {
  const provider = offlineProvider();
  const call = async (draft: DraftRequest) => {
    const request = { ...draft, model: 'offline', role: task.role, taskId: task.id } as ProviderRequest;
    sent.push(request);
    return provider.call(request);
  };
  return call as CallModel;
}

/** Writes outputs with the real writer (artifact keys merged, `undefined` removes a key). */
export async function applyOutputs(root: string, outputs: readonly TaskOutput[]): Promise<void> {
  for (const o of outputs) {
    const abs = join(root, o.path);
    if (o.type === 'artifact') {
      const current = existsSync(abs) ? fileHash(readFileSync(abs)) : null;
      await writeArtifact(root, o.path, { ...o.data, status: 'proposed' } as Record<string, unknown>, o.body, { expectedFileHash: current });
    } else if (o.append) {
      mkdirSync(dirname(abs), { recursive: true });
      appendFileSync(abs, o.content);
    } else {
      mkdirSync(dirname(abs), { recursive: true });
      await writeFileAtomic(abs, o.content);
    }
  }
}

/** Plans a role on the production as it is on disk, runs every task in `after` order, writes the outputs. */
export async function runRole(root: string, handler: RoleHandler, runId = 'run-test'): Promise<{ tasks: TaskSpec[]; outputs: TaskOutput[] }> {
  const tasks = handler.plan(productionAt(root), {});
  const done = new Set<string>();
  const outputs: TaskOutput[] = [];
  const pending = [...tasks];
  while (pending.length) {
    const i = pending.findIndex((t) => t.after.every((a) => done.has(a) || !tasks.some((x) => x.id === a)));
    if (i < 0) throw new Error(`tasks wait on each other: ${pending.map((t) => t.id).join(', ')}`);
    const task = pending.splice(i, 1)[0]!;
    const out = await handler.run(contextFor(root, task, runId), offlineCall(task));
    await applyOutputs(root, out);
    outputs.push(...out);
    done.add(task.id);
  }
  return { tasks, outputs };
}

/** A shot file as it is on disk now. */
export function shotsOnDisk(root: string): Artifact<ShotData>[] {
  return productionAt(root).shots.sort((a, b) => a.data.order - b.data.order);
}
