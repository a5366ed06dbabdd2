/**
 * The programs the moving pictures are made with, all Debian packages: ffmpeg (clips, the rough
 * cut, ffprobe), chromium (the storyboard frame as a still, the PDF storyboard: the renderer the
 * storyboard is drawn for), espeak-ng (the scratch dialogue) and, when there, pdfunite (a long
 * PDF storyboard printed in parts at once, joined). Each is found once per process;
 * a missing one is an error that says which package to install.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { FilmcrewError } from '../diagnostics';

export type Tool = 'ffmpeg' | 'ffprobe' | 'chromium' | 'espeak-ng' | 'pdfunite';

/** The Debian package each tool comes from, for the install line. */
const PACKAGE: Record<Tool, string> = { ffmpeg: 'ffmpeg', ffprobe: 'ffmpeg', chromium: 'chromium', 'espeak-ng': 'espeak-ng', pdfunite: 'poppler-utils' };
/** Environment variables that name a tool's path, first. */
const OVERRIDE: Record<Tool, string> = { ffmpeg: 'FFMPEG', ffprobe: 'FFPROBE', chromium: 'CHROMIUM', 'espeak-ng': 'ESPEAK_NG', pdfunite: 'PDFUNITE' };

const found = new Map<Tool, string | null>();

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The tool's path, or undefined when it is not installed. */
export function findTool(tool: Tool): string | undefined {
  if (!found.has(tool)) {
    const named = process.env[OVERRIDE[tool]];
    const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
    const names = tool === 'chromium' ? ['chromium', 'chromium-browser'] : [tool];
    const candidates = [...(named ? [named] : []), ...names.flatMap((n) => dirs.map((d) => join(d, n)))];
    found.set(tool, candidates.find(executable) ?? null);
  }
  return found.get(tool) ?? undefined;
}

/** The install line for missing tools. */
export function installLine(tools: readonly Tool[]): string {
  const packages = [...new Set(tools.map((t) => PACKAGE[t]))];
  return `sudo apt-get install -y ${packages.join(' ')}`;
}

/** The tool's path; throws what to install when it is missing. */
export function requireTool(tool: Tool, forWhat: string): string {
  const path = findTool(tool);
  if (path) return path;
  throw new FilmcrewError(
    'missing-tool',
    `${forWhat} needs ${tool}, which is not installed (not on PATH${OVERRIDE[tool] ? ` and ${OVERRIDE[tool]} is not set` : ''})`,
    `Install it: \`${installLine([tool])}\` (Debian/Ubuntu), or set ${OVERRIDE[tool]} to its path.`,
  );
}

export interface RunOptions {
  cwd?: string;
  signal?: AbortSignal;
  /** Each line the program writes to stdout (ffmpeg's `-progress pipe:1`). */
  onLine?: (line: string) => void;
}

/** Runs a program to its end; rejects with the tail of its stderr when it fails. */
export function runTool(path: string, args: readonly string[], options: RunOptions = {}): Promise<{ stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(path, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    let stdout = '';
    let pending = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!options.onLine) return;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    });
    // Keep the tail only: ffmpeg can write a lot, and the end says what went wrong.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise({ stdout });
      else {
        const name = path.split('/').pop();
        const tail = stderr.trim().split('\n').slice(-6).join('\n');
        reject(new Error(`${name} ${signal ? `was stopped by ${signal}` : `exited with ${code}`}${tail ? `: ${tail}` : ''}`));
      }
    });
  });
}
