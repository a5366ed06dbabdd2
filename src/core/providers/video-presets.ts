/**
 * Hosted video APIs as data. A preset says where to submit a job and with what body, where the
 * job id is, where to poll, which status values mean done or failed, and where the video is.
 * The one job runner (video-job.ts) does the rest. Add a service by adding a preset, not a class.
 *
 * Body templates are JSON with `{{placeholder}}` strings. A string that is exactly one
 * placeholder takes the value's type (a number stays a number). A key whose placeholder has no
 * value is left out; an array element with a missing placeholder is left out.
 *
 * Placeholders: `model` (the part of the model name after `<preset>/`), `prompt`, `duration`
 * (seconds, snapped to `durations`), `ratio` (from `ratios`, else the aspect), `aspect`,
 * `frame` (the storyboard frame), `lastFrame` (the previous clip's last frame, for a continuous
 * take), `firstFrame` (lastFrame when there is one, else frame), `character` (the first
 * character sheet); in paths also `jobId`. Images are sent as data URIs.
 */

export type JsonTemplate = string | number | boolean | null | JsonTemplate[] | { [key: string]: JsonTemplate };

export const PLACEHOLDERS = ['model', 'prompt', 'duration', 'ratio', 'aspect', 'frame', 'lastFrame', 'firstFrame', 'character', 'jobId'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface VideoPreset {
  /** Model names `<name>/<model>` route here; the provider is registered as `video-job:<name>`. */
  name: string;
  /** The public documentation pages this mapping was checked against. */
  docs: string[];
  baseURL: string;
  /** Environment variable that overrides `baseURL` (a proxy, a regional endpoint). */
  baseURLEnv?: string;
  /** The secret holding the key (environment variable in the CLI, SecretStorage in VS Code). */
  secretName: string;
  /** The header that carries the key; `{{key}}` in `value` is replaced by it. */
  auth: { header: string; value: string };
  /** Further fixed headers (an API version). */
  headers?: Record<string, string>;
  submit: { method: 'POST' | 'PUT'; path: string; body: JsonTemplate };
  /** Dotted path of the job id in the submit answer. */
  jobIdPath: string;
  status: {
    /** Path polled with GET; `{{jobId}}` and `{{model}}` are replaced. */
    path: string;
    /** Dotted path of the state field in the status answer. */
    field: string;
    done: string[];
    failed: string[];
    /** Dotted paths of a failure's message and machine code, when the API gives them. */
    errorPath?: string;
    errorCodePath?: string;
  };
  /** Dotted path of the video's URL in the final status answer (an array there means its first element). */
  resultUrlPath: string;
  /** A failure whose code or message matches this is a content-policy refusal (not retried). */
  refusedPattern?: string;
  /** Durations the API accepts, in seconds; a request takes the shortest one at least as long, else the longest. */
  durations?: number[];
  /** Aspect (`16:9`) → the API's value for `{{ratio}}`. */
  ratios?: Record<string, string>;
  /** Placeholders that must have a value, else the call fails before anything is paid. */
  requires?: Placeholder[];
  /** Longest prompt the API takes; longer prompts are cut at a word boundary. */
  promptMaxChars?: number;
}

/**
 * Runway image-to-video (Gen-4 Turbo: `runway/gen4_turbo`). Image required as the first frame
 * (HTTPS URL or data URI), ratio as pixel `w:h`, duration 5 or 10, task states PENDING,
 * THROTTLED, RUNNING, SUCCEEDED, FAILED, CANCELLED; `output` is an array of URLs; a failed task
 * carries `failure` and `failureCode` (SAFETY.* for moderation).
 * Docs: https://docs.dev.runwayml.com/api/#tag/Start-generating/paths/~1v1~1image_to_video/post
 *       https://docs.dev.runwayml.com/api/#tag/Task-management/paths/~1v1~1tasks~1%7Bid%7D/get
 */
export const runwayPreset: VideoPreset = {
  name: 'runway',
  docs: [
    'https://docs.dev.runwayml.com/api/#tag/Start-generating/paths/~1v1~1image_to_video/post',
    'https://docs.dev.runwayml.com/api/#tag/Task-management/paths/~1v1~1tasks~1%7Bid%7D/get',
  ],
  baseURL: 'https://api.dev.runwayml.com',
  baseURLEnv: 'RUNWAY_BASE_URL',
  secretName: 'RUNWAYML_API_SECRET',
  auth: { header: 'Authorization', value: 'Bearer {{key}}' },
  headers: { 'X-Runway-Version': '2024-11-06' },
  submit: {
    method: 'POST',
    path: '/v1/image_to_video',
    body: { model: '{{model}}', promptImage: '{{firstFrame}}', promptText: '{{prompt}}', ratio: '{{ratio}}', duration: '{{duration}}' },
  },
  jobIdPath: 'id',
  status: {
    path: '/v1/tasks/{{jobId}}',
    field: 'status',
    done: ['SUCCEEDED'],
    failed: ['FAILED', 'CANCELLED'],
    errorPath: 'failure',
    errorCodePath: 'failureCode',
  },
  resultUrlPath: 'output',
  refusedPattern: '^SAFETY',
  durations: [5, 10],
  ratios: { '16:9': '1280:720', '9:16': '720:1280', '4:3': '1104:832', '3:4': '832:1104', '1:1': '960:960', '21:9': '1584:672' },
  requires: ['firstFrame'],
  promptMaxChars: 1000,
};

/**
 * Replicate predictions for MiniMax video-01 (`replicate/minimax/video-01`; also -live, -director):
 * POST /v1/models/{owner}/{name}/predictions with `{ input }`; file inputs may be data URIs;
 * states starting, processing, succeeded, failed, canceled; `output` is the video URL (served
 * from replicate.delivery); `error` on failure. video-01 takes `first_frame_image` and a
 * character `subject_reference`, and makes 6-second clips.
 * Docs: https://replicate.com/docs/reference/http#models.predictions.create
 *       https://replicate.com/docs/reference/http#predictions.get
 *       https://replicate.com/minimax/video-01/api (input schema)
 */
export const replicatePreset: VideoPreset = {
  name: 'replicate',
  docs: [
    'https://replicate.com/docs/reference/http#models.predictions.create',
    'https://replicate.com/docs/reference/http#predictions.get',
    'https://replicate.com/minimax/video-01/api',
  ],
  baseURL: 'https://api.replicate.com',
  baseURLEnv: 'REPLICATE_BASE_URL',
  secretName: 'REPLICATE_API_TOKEN',
  auth: { header: 'Authorization', value: 'Bearer {{key}}' },
  submit: {
    method: 'POST',
    path: '/v1/models/{{model}}/predictions',
    // The DOP already wrote the prompt: MiniMax's own prompt rewriting stays off.
    body: { input: { prompt: '{{prompt}}', first_frame_image: '{{firstFrame}}', subject_reference: '{{character}}', prompt_optimizer: false } },
  },
  jobIdPath: 'id',
  status: { path: '/v1/predictions/{{jobId}}', field: 'status', done: ['succeeded'], failed: ['failed', 'canceled'], errorPath: 'error' },
  resultUrlPath: 'output',
  refusedPattern: 'sensitive|nsfw|safety|E005',
  durations: [6],
};

export const builtinPresets: readonly VideoPreset[] = [runwayPreset, replicatePreset];

/** What is wrong with a preset (a person's own, from configuration); empty when it is usable. */
export function presetProblems(preset: VideoPreset): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9-]*$/.test(preset.name)) problems.push(`name "${preset.name}" must be lower-case letters, digits and dashes`);
  try {
    new URL(preset.baseURL);
  } catch {
    problems.push(`baseURL "${preset.baseURL}" is not a URL`);
  }
  const known = new Set<string>(PLACEHOLDERS);
  const texts = [preset.submit.path, preset.status.path, JSON.stringify(preset.submit.body)];
  for (const text of texts) {
    for (const [, name] of text.matchAll(/\{\{(\w+)\}\}/g)) if (!known.has(name)) problems.push(`unknown placeholder {{${name}}}`);
  }
  if (!preset.auth.value.includes('{{key}}')) problems.push('auth.value must contain {{key}}');
  if (preset.status.done.length === 0) problems.push('status.done lists no state');
  return problems;
}
