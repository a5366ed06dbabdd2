/**
 * One small interface per modality. A provider takes a request and returns content plus
 * usage and cost; it never writes production files (the orchestrator does, through the writer).
 */
import type { Modality } from '../model/types';

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  images?: number;
  videoSeconds?: number;
  /** HTTP requests the call made (a repair turn is a second one); counted as model calls. */
  requests?: number;
}

interface RequestBase {
  /** Model name as written in the role's model list, e.g. `offline`, `gpt-4.1-mini`, `ollama/llama3.1`. */
  model: string;
  /** The role and task this call serves: used by the offline crew and journaled. */
  role: string;
  taskId: string;
  /**
   * Structured input the role built from its declared reads (never the whole production).
   * The offline provider computes its answer from this; a real model sees it rendered in `prompt`.
   */
  input: unknown;
  /** The brief rendered from agents/<role>/agent.md's body with the task's context. */
  prompt: string;
  signal?: AbortSignal;
}

export interface TextRequest extends RequestBase {
  modality: 'text';
  /** JSON Schema the answer must satisfy (structured output), by id under `schemas/`. */
  schemaId?: string;
  schema?: object;
}

export interface ImageRequest extends RequestBase {
  modality: 'image';
  /** How many images (asset options: 4). */
  n: number;
  /** Aspect like `16:9`. */
  aspect?: string;
  /** Absolute paths of reference images (a chosen character option, a frame). */
  references?: string[];
}

export interface VideoRequest extends RequestBase {
  modality: 'video';
  durationSeconds: number;
  aspect?: string;
  /** Absolute paths: character sheet, storyboard frame, last frame of the previous clip. */
  references?: string[];
  /**
   * What each of `references` is, index for index. Video APIs place them differently (first
   * frame, subject reference); without it the provider reads the path conventions
   * (media/frames/ → frame, media/options/ → character sheet).
   */
  referenceKinds?: ('character' | 'frame' | 'last-frame' | 'other')[];
  /** A job this task already submitted (from the journal): resume polling, never submit twice. */
  resumeJobId?: string;
  /** Called once with the provider's job id as soon as a job is submitted, so it can be journaled. */
  onJobSubmitted?: (jobId: string) => void;
}

export type ProviderRequest = TextRequest | ImageRequest | VideoRequest;

export interface GeneratedFile {
  /** File extension without dot: `svg`, `png`, `mp4`, `html`. */
  ext: string;
  /** The bytes (or text) of the file. */
  data: Uint8Array | string;
  mime?: string;
  seed?: number;
  /** The generation parameters sent (size, quality, duration…), for the artifact's record. */
  params?: Record<string, unknown>;
}

export interface TextResult {
  modality: 'text';
  /** Parsed and schema-validated JSON when a schema was given; otherwise `{ text }`. */
  content: unknown;
  usage: Usage;
  cost: number;
  model: string;
}

export interface ImageResult {
  modality: 'image';
  images: GeneratedFile[];
  usage: Usage;
  cost: number;
  model: string;
}

export interface VideoResult {
  modality: 'video';
  video: GeneratedFile;
  jobId?: string;
  usage: Usage;
  cost: number;
  model: string;
}

export type ProviderResult = TextResult | ImageResult | VideoResult;

export type ResultFor<R extends ProviderRequest> = R extends TextRequest
  ? TextResult
  : R extends ImageRequest
    ? ImageResult
    : VideoResult;

export interface Provider {
  /** Registry name: `offline`, `openai-compatible`, `video-job:<preset>`, `command`, `vscode-lm`. */
  readonly name: string;
  readonly modalities: readonly Modality[];
  /**
   * True when calls cost money (always-ask asks before each one). A free provider's call that the
   * production prices anyway (`estimate` > 0: a local server billed by the hour) is paid too.
   */
  readonly paid: boolean;
  /** Whether this provider serves a model name from a role's list. */
  handles(model: string): boolean;
  /** Estimated cost in the production's currency, before the call; `undefined` = unknown price. */
  estimate(request: ProviderRequest): number | undefined;
  call<R extends ProviderRequest>(request: R): Promise<ResultFor<R>>;
}

/**
 * A provider failure classified for the retry policy. `retryable` errors are retried with
 * backoff (honouring `retryAfterMs`), then the next model is tried; the others go straight to
 * the next model.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: 'auth' | 'rate-limit' | 'server' | 'timeout' | 'malformed' | 'refused' | 'bad-request' | 'aborted',
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** What the requests made before the failure cost (an answer that failed its schema is paid for). */
  spent?: number;
  /** How many requests were answered before the failure. */
  requests?: number;
}

/**
 * What the offline provider answers a video request with: a marker, not a clip (the DOP's clip
 * task then makes the clip from the storyboard frame). Here, with the interface, so a role can
 * recognise it without importing the offline provider.
 */
export const VIDEO_STAND_IN_MIME = 'application/vnd.filmcrew.animatic-stand-in+json';
