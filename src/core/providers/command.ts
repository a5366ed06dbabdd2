/**
 * The `command` provider: any local tool without an HTTP API (a ComfyUI script, an ffmpeg
 * pipeline, a local model) as a model named `command/<name>`. The program is started from an
 * argv array — never through a shell — gets the request as JSON on stdin, writes its result into
 * the fresh folder named by `outputDir`, and prints the result's path (one per line for several
 * images). A text program may instead print its answer. Timeouts and non-zero exits are task
 * failures carrying the program's stderr (redacted).
 *
 * Only configuration a person trusts may define commands: the extension passes them only for a
 * trusted workspace, since a production cloned from a stranger must not run programs by being opened.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import type { Logger } from '../host';
import type { Modality } from '../model/types';
import { makeScratch } from '../scratch';
import { checkAnswer } from './answer';
import { actualCost, estimateCost, type PriceTable } from './costs';
import { excerpt, fail } from './http';
import { sniff } from './media';
import type { Redactor } from './redact';
import type { GeneratedFile, Provider, ProviderRequest, ResultFor, Usage } from './types';

export interface CommandSpec {
  /** The program and its arguments. `{{outputDir}}` and `{{taskId}}` in an argument are replaced. */
  argv: string[];
  modalities: Modality[];
  /** Where the result is when the program does not print it (`{{outputDir}}/clip.mp4`). */
  output?: string;
  /** Default 10 minutes. */
  timeoutMs?: number;
  cwd?: string;
  /** True when the program spends money (it calls a paid API): calls then need a price or a person's yes. */
  paid?: boolean;
  /**
   * Secret-looking environment variables (`*_API_KEY`, `*_TOKEN`, `*_SECRET`…) the program may
   * see, e.g. a script that calls a paid API. All others are withheld from it.
   */
  passEnv?: string[];
}

export interface CommandOptions {
  commands: Readonly<Record<string, CommandSpec>>;
  prices: PriceTable;
  redactor: Redactor;
  logger: Logger;
  /** The environment programs start from (the host's, by default); secrets are withheld unless a command lists them. */
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const SECRET_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD|CREDENTIALS?)$/i;

/** The program's environment: the host's, without secrets it was not given. Given ones are redacted from its output. */
function programEnv(env: NodeJS.ProcessEnv, spec: CommandSpec, redactor: Redactor): NodeJS.ProcessEnv {
  const allowed = new Set(spec.passEnv ?? []);
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (!SECRET_NAME.test(name)) out[name] = value;
    else if (allowed.has(name)) {
      out[name] = value;
      redactor.add(value);
    }
  }
  return out;
}
const STDERR_KEEP = 4000;
const STDOUT_LIMIT = 4 * 1024 * 1024;

/** What a command definition from configuration gets wrong; empty when it can run. */
export function commandProblems(name: string, spec: CommandSpec): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9][a-z0-9_-]*$/i.test(name)) problems.push(`commands.${name}: the name must be letters, digits, dashes or underscores`);
  if (!Array.isArray(spec.argv) || spec.argv.length === 0 || !spec.argv.every((a) => typeof a === 'string')) {
    problems.push(`commands.${name}.argv: give the program and its arguments as a list of strings, e.g. [node, scripts/frame.mjs]`);
  }
  if (!Array.isArray(spec.modalities) || !spec.modalities.every((m) => m === 'text' || m === 'image' || m === 'video')) {
    problems.push(`commands.${name}.modalities: a list of text, image, video`);
  }
  return problems;
}

/** The provider for the configured commands (`command/<name>` models). */
export function commandProvider(options: CommandOptions): Provider {
  const { commands, prices } = options;
  return {
    name: 'command',
    modalities: [...new Set(Object.values(commands).flatMap((c) => c.modalities))],
    paid: Object.values(commands).some((c) => c.paid),
    handles: (model) => specOf(commands, model) !== undefined,
    estimate(request: ProviderRequest): number | undefined {
      const spec = specOf(commands, request.model);
      return spec ? price(spec, estimateCost(request.model, request, prices)) : undefined;
    },
    async call<R extends ProviderRequest>(request: R): Promise<ResultFor<R>> {
      return (await callCommand(options, request)) as ResultFor<R>;
    },
  };
}

type Fails = Parameters<typeof fail>[0];

function specOf(commands: Record<string, CommandSpec>, model: string): CommandSpec | undefined {
  return model.startsWith('command/') ? commands[model.slice('command/'.length)] : undefined;
}

function price(spec: CommandSpec, cost: number | undefined): number | undefined {
  // A local program is free unless it says it spends money; then only a listed price counts.
  return cost ?? (spec.paid ? undefined : 0);
}

/** Runs the model's command on the request and reads what it made. */
async function callCommand(options: CommandOptions, request: ProviderRequest): Promise<ResultFor<ProviderRequest>> {
  const wire = { redactor: options.redactor };
  const name = request.model.slice('command/'.length);
  const spec = specOf(options.commands, request.model);
  if (!spec) throw fail(wire, 'bad-request', `No command "${name}" is configured.`, false);
  if (!spec.modalities.includes(request.modality)) {
    throw fail(wire, 'bad-request', `command/${name} makes ${spec.modalities.join(', ')}, not ${request.modality}.`, false);
  }
  const outputDir = await makeScratch('command');
  try {
    const fill = (text: string) => text.replaceAll('{{outputDir}}', outputDir).replaceAll('{{taskId}}', request.taskId);
    const cwd = spec.cwd ?? process.cwd();
    const { signal: _signal, ...rest } = request;
    const stdin = JSON.stringify({ ...rest, onJobSubmitted: undefined, outputDir });
    const stdout = await runProgram(wire, name, spec.argv.map(fill), stdin, { cwd, timeoutMs: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS, env: programEnv(options.env ?? process.env, spec, options.redactor), signal: request.signal });
    const printed = stdout
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => (isAbsolute(line) ? line : resolve(cwd, line)));
    const files = spec.output ? [resolve(cwd, fill(spec.output))] : printed.filter((p) => existsSync(p));
    return await resultOf({ ...options, wire, name, spec, files, stdout }, request);
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
}

/** The request's result from the command's stdout or the files it made, with its cost. */
async function resultOf(
  run: CommandOptions & { wire: Fails; name: string; spec: CommandSpec; files: string[]; stdout: string },
  request: ProviderRequest,
): Promise<ResultFor<ProviderRequest>> {
  const { wire, name, spec, files, stdout, prices, logger } = run;
  const finish = (usage: Usage) => {
    let cost = price(spec, actualCost(request.model, usage, prices));
    if (cost === undefined) {
      logger.warn(`No price for ${request.model}: this call's spend is not counted. Add it under \`prices:\` in production.md.`);
      cost = 0;
    }
    return { usage, cost, model: request.model };
  };

  switch (request.modality) {
    case 'text': {
      const text = files[0] ? await readFile(files[0], 'utf8') : stdout;
      if (!request.schema) return { modality: 'text', content: { text }, ...finish({}) };
      const checked = checkAnswer(text, request.schema);
      if (!checked.ok) throw fail(wire, 'malformed', `command/${name}'s answer cannot be used: ${checked.reason}.`, false);
      return { modality: 'text', content: checked.value, ...finish({}) };
    }
    case 'image': {
      if (files.length === 0) throw noResult(wire, name, stdout);
      const images = await Promise.all(files.slice(0, request.n).map((f) => readResult(wire, f)));
      if (images.length < request.n) logger.info(`${request.taskId}: command/${name} made ${images.length} of ${request.n} images.`);
      return { modality: 'image', images, ...finish({ images: images.length }) };
    }
    case 'video': {
      if (files.length === 0) throw noResult(wire, name, stdout);
      return { modality: 'video', video: await readResult(wire, files[0]), ...finish({ videoSeconds: request.durationSeconds }) };
    }
  }
}

function noResult(wire: Fails, name: string, stdout: string) {
  return fail(wire, 'malformed', `command/${name} finished but printed no path of an existing file${stdout.trim() ? ` (it printed: ${excerpt(stdout)})` : ''}; print the result's path or set \`output\`.`, false);
}

async function readResult(wire: Fails, path: string): Promise<GeneratedFile> {
  if (!existsSync(path)) throw fail(wire, 'malformed', `The command's result ${path} does not exist.`, false);
  const bytes = new Uint8Array(await readFile(path));
  const type = sniff(bytes);
  const ext = type?.ext ?? (extname(path).slice(1).toLowerCase() || 'bin');
  return { ext, mime: type?.mime ?? (ext === 'svg' ? 'image/svg+xml' : undefined), data: ext === 'svg' ? new TextDecoder().decode(bytes) : bytes };
}

/** Runs the program without a shell; its stdout, or a ProviderError saying how it ended. */
function runProgram(
  wire: Fails,
  name: string,
  argv: string[],
  stdin: string,
  how: { cwd: string; timeoutMs: number; env: NodeJS.ProcessEnv; signal?: AbortSignal },
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    if (how.signal?.aborted) return reject(fail(wire, 'aborted', `command/${name} was cancelled.`, false));
    const child = spawn(argv[0], argv.slice(1), { cwd: how.cwd, env: how.env, shell: false, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    let ended: 'timeout' | 'aborted' | undefined;
    const stop = (why: 'timeout' | 'aborted') => {
      ended = why;
      child.kill('SIGTERM');
      // A program that ignores SIGTERM is killed outright.
      setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(() => stop('timeout'), how.timeoutMs);
    const onAbort = () => stop('aborted');
    how.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < STDOUT_LIMIT) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    // A program that does not read its stdin closes the pipe early; that is not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
    const cleanup = () => {
      clearTimeout(timer);
      how.signal?.removeEventListener('abort', onAbort);
    };
    child.on('error', (error) => {
      cleanup();
      reject(fail(wire, 'bad-request', `Could not start command/${name} (${argv[0]}): ${error.message}. Check its argv in the configuration.`, false));
    });
    child.on('close', (code, signal) => {
      cleanup();
      const tail = stderr.trim() ? ` stderr: ${stderr.trim().slice(-1500)}` : '';
      if (ended === 'aborted') return reject(fail(wire, 'aborted', `command/${name} was cancelled.`, false));
      if (ended === 'timeout') {
        return reject(fail(wire, 'timeout', `command/${name} did not finish within ${Math.round(how.timeoutMs / 1000)} s and was stopped.${tail}`, true));
      }
      if (code !== 0) {
        return reject(fail(wire, 'server', `command/${name} failed with ${code === null ? `signal ${signal}` : `exit code ${code}`}.${tail}`, false));
      }
      resolvePromise(stdout);
    });
  });
}
