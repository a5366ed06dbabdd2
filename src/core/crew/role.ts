/**
 * The contract between the orchestrator (control flow, state, money) and a crew role (content).
 * A role plans its tasks from the whole production (that is the producer's view), but runs each
 * task seeing only a ScopedContext: its declared reads, the style block, its brief and its own
 * feedback. Models are reached only through `CallModel`, which the engine implements with the
 * approval policy, budget, retries, routing and the journal.
 */
import type { Screenplay } from '../fountain/types';
import type { Artifact, FrontmatterData, Modality, Production } from '../model/types';
import type { StageId } from '../pipeline/stages';
import type { DecisionNote } from '../questions/types';
import type { GeneratedFile, ImageRequest, ResultFor, TextRequest, VideoRequest } from '../providers/types';

/** Built-in crew roles. A production may add its own by adding `agents/<role>/agent.md`. */
export type BuiltinRole =
  | 'directors-assistant'
  | 'casting'
  | 'costume'
  | 'production-design'
  | 'storyboard-artist'
  | 'dop'
  | 'editor'
  | 'checker';

export interface TaskSpec {
  /** Unique within a plan and stable across runs: `<role>:<subject>`, e.g. `storyboard-artist:s01-003`. */
  id: string;
  role: string;
  /** Instance of a role with instances, e.g. `s01` for the DOP of scene 1. */
  instance?: string;
  stage: StageId;
  act?: string;
  scene?: string;
  /** What the task is about: a shot id, scene id, asset id, or `production`. */
  subject: string;
  /** Production-relative paths it reads; their input hashes decide cache hits and staleness. */
  reads: string[];
  /** Production-relative paths it writes. No two tasks of a plan write the same path. */
  writes: string[];
  /** Ids of tasks whose output this task reads: it waits for them. */
  after: string[];
}

export interface PlanScope {
  act?: string;
  /** Only plan tasks for these subjects (a rejected proposal, a stale artifact). Empty = all ready work. */
  subjects?: ReadonlySet<string>;
}

export interface ContextFile {
  path: string;
  text: string;
  /** Set when the file is a markdown artifact. */
  artifact?: Artifact;
  /** Set when the file is the screenplay. */
  screenplay?: Screenplay;
  /** Set for binary media (images, clips, audio): their bytes; `text` is empty then. */
  bytes?: Uint8Array;
  /**
   * Set for media the engine reads from the production: writes the bytes to `dest`, a new file
   * outside it, without holding them (the rough cut hands ffmpeg 2,000 clips, hundreds of MB at 1080p).
   */
  copyTo?: (dest: string) => Promise<void>;
}

/** All a task may see. Built by the engine from the task's reads ∩ the role's declared reads. */
export interface ScopedContext {
  task: TaskSpec;
  runId: string;
  title: string;
  style: string;
  treatment?: string;
  format: { aspect: string; fps: number; resolution?: string };
  targetDuration?: number;
  /** The agent.md body: the brief / prompt template. */
  brief: string;
  /** agents/<role>/feedback.md: notes for this role only. */
  feedback?: string;
  /** A person's answers to the questions this task asked (decisions/<role>.<subject>.*.md). */
  decisions?: DecisionNote[];
  /** How many options an asset role makes (4 by default). */
  options: number;
  files: ReadonlyMap<string, ContextFile>;
  /** Reports how far a long task is (0–1), with a note: shown by the CLI and VS Code. */
  progress?: (fraction: number, note?: string) => void;
  /** Aborted when the run is cancelled: long local work (rendering) stops with it. */
  signal?: AbortSignal;
}

/** A request as a role drafts it: the engine adds the model (routing) and the abort signal. */
export type DraftRequest =
  | Omit<TextRequest, 'model' | 'role' | 'taskId' | 'signal'>
  | Omit<ImageRequest, 'model' | 'role' | 'taskId' | 'signal'>
  | Omit<VideoRequest, 'model' | 'role' | 'taskId' | 'signal'>;

type Full<D extends DraftRequest> = D extends { modality: 'text' }
  ? TextRequest
  : D extends { modality: 'image' }
    ? ImageRequest
    : VideoRequest;

/** One model call through the engine: approval, budget, retries, fallback and journal included. */
export type CallModel = <D extends DraftRequest>(draft: D) => Promise<ResultFor<Full<D>>>;

/** A markdown artifact to write (through the writer: atomic, keys and body preserved). */
export interface ArtifactOutput {
  type: 'artifact';
  path: string;
  data: FrontmatterData;
  body: string;
}
/** Any other file (SVG frame, OTIO, EDL, HTML animatic, media). */
export interface FileOutput {
  type: 'file';
  path: string;
  content: string | Uint8Array;
  /**
   * Add `content` at the end of the file (created when missing) instead of replacing it. For
   * notes routed to another role's `agents/<role>/feedback.md`, which the writer may not read
   * (feedback is addressed to its role alone): appending never loses what a person wrote there.
   */
  append?: boolean;
}
export type TaskOutput = ArtifactOutput | FileOutput;

export interface RoleHandler {
  role: string;
  stage: StageId;
  /** Modalities this role calls, in order of use (for routing and the Crew view). */
  modalities: Modality[];
  /** The tasks this role has to do now. Sees the whole production: planning is the producer's job. */
  plan(production: Production, scope: PlanScope): TaskSpec[];
  /** Do one task: draft requests, call models, return files. Sees only its scoped context. */
  run(ctx: ScopedContext, call: CallModel): Promise<TaskOutput[]>;
}

/** A task as a role's handler plans it: its role module adds the role and the stage. */
export type PlannedTask = Omit<TaskSpec, 'role' | 'stage'>;

/** A handler as a role module writes it; `defineRole` gives it the role's name and stage. */
export interface HandlerSpec {
  modalities: Modality[];
  plan(production: Production, scope: PlanScope): PlannedTask[];
  run(ctx: ScopedContext, call: CallModel): Promise<TaskOutput[]>;
}

/** The agent.md a built-in role starts with (`filmcrew init` writes it; a person may edit it). */
export interface AgentSheet {
  name: string;
  responsibility: string;
  reads: string[];
  writes: string[];
  models: Record<string, string[]>;
  options?: number;
  instances?: 'single' | 'per-scene';
  /** The brief template: `{{name}}` placeholders filled per task (template.ts). */
  brief: string;
}

/** What the offline crew answers for a role, computed from the task's structured input. */
export interface OfflineAnswers {
  /** The JSON a real model returns for the role's answer schema. */
  text?: (input: unknown) => unknown;
  /** Pictures drawn from an image request's input (one per requested image). */
  images?: (request: ImageRequest) => GeneratedFile[];
}

interface RoleSpec {
  role: BuiltinRole;
  /** The one place that says which stage the role works in: its handlers and tasks carry it. */
  stage: StageId;
  agent: AgentSheet;
  /** The JSON Schema a model's answer is checked against, when the role asks a model in text. */
  answer?: { id: string; schema: object };
  offline: OfflineAnswers;
  handlers: HandlerSpec[];
}

/** A built-in role, whole: stage, agent.md, answer schema, handlers and offline answers. */
export interface CrewRole extends Omit<RoleSpec, 'handlers'> {
  handlers: RoleHandler[];
}

/** A role module's declaration, with its handlers (and every task they plan) given its role and stage. */
export function defineRole(spec: RoleSpec): CrewRole {
  const { role, stage } = spec;
  const handlers = spec.handlers.map(
    (h): RoleHandler => ({
      role,
      stage,
      modalities: h.modalities,
      plan: (production, scope) => h.plan(production, scope).map((t) => ({ ...t, role, stage })),
      run: h.run,
    }),
  );
  return { ...spec, handlers };
}
