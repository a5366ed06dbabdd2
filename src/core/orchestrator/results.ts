/**
 * Results of paid calls, kept under `.filmcrew/results/<request-hash>.json` the moment they
 * arrive: a run killed after paying and before writing its files finds the result here on resume
 * and does not pay again. Free calls are not kept (making them again costs nothing).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../artifact/hash';
import { STATE_DIR } from '../model/paths';
import type { GeneratedFile, ProviderRequest, ProviderResult } from '../providers/types';

const RESULTS_DIR = `${STATE_DIR}/results`;

/** Canonical JSON: keys sorted, undefined dropped; binary as base64. */
function canonical(value: unknown): string {
  if (value instanceof Uint8Array) return JSON.stringify({ $b64: Buffer.from(value).toString('base64') });
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return '[' + value.map(canonical).join(',') + ']';
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + canonical(v)).join(',') + '}';
}

/**
 * What identifies a call's answer: the task, the model and everything sent (not the signal).
 * The task is part of it so two alternatives with the same prompt stay two calls.
 */
export function requestHash(request: ProviderRequest): string {
  const { signal: _signal, resumeJobId: _job, onJobSubmitted: _cb, ...rest } = request as ProviderRequest & {
    resumeJobId?: string;
    onJobSubmitted?: unknown;
  };
  return sha256(canonical(rest));
}

function encodeFile(f: GeneratedFile): unknown {
  return { ...f, data: typeof f.data === 'string' ? { text: f.data } : { b64: Buffer.from(f.data).toString('base64') } };
}

function decodeFile(raw: { data: { text?: string; b64?: string } } & Omit<GeneratedFile, 'data'>): GeneratedFile {
  const data = raw.data.text !== undefined ? raw.data.text : new Uint8Array(Buffer.from(raw.data.b64 ?? '', 'base64'));
  return { ...raw, data };
}

export class ResultStore {
  constructor(private readonly root: string) {}

  private file(hash: string): string {
    return join(this.root, RESULTS_DIR, `${hash}.json`);
  }

  get(hash: string): ProviderResult | undefined {
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(readFileSync(this.file(hash), 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (raw.modality === 'image') {
      return { ...(raw as unknown as ProviderResult), images: (raw.images as never[]).map(decodeFile) } as ProviderResult;
    }
    if (raw.modality === 'video') return { ...(raw as unknown as ProviderResult), video: decodeFile(raw.video as never) } as ProviderResult;
    return raw as unknown as ProviderResult;
  }

  /** Durable before it returns: written to a temp file, fsynced, renamed. */
  put(hash: string, result: ProviderResult): void {
    const encoded =
      result.modality === 'image'
        ? { ...result, images: result.images.map(encodeFile) }
        : result.modality === 'video'
          ? { ...result, video: encodeFile(result.video) }
          : result;
    mkdirSync(join(this.root, RESULTS_DIR), { recursive: true });
    const target = this.file(hash);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(encoded));
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  }
}
