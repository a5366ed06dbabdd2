/**
 * `filmcrew preview [dir]`: the storyboard in a browser, live as files change, on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { FilmcrewError } from '../../core/diagnostics';
import type { Command } from '../command';

function openBrowser(url: string): void {
  const [cmd, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  try {
    spawn(cmd, args, { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  } catch {
    // No browser opener: the URL is printed; that is enough.
  }
}

function portOf(value: unknown): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new FilmcrewError('usage', `--port ${String(value)} is not a port number`, 'Give a number from 1 to 65535, or 0 (the default) for a free one.');
  }
  return port;
}

export const preview: Command = {
  name: 'preview',
  summary: 'Show the storyboard and animatic in a browser, live as files change',
  usage: 'filmcrew preview [dir] [--port N] [--no-open]',
  options: {
    port: { type: 'string', short: 'p' },
    'no-open': { type: 'boolean' },
  },
  async run(args, io) {
    const root = resolve(io.cwd, args.positionals[0] ?? '.');
    // Imported when run: the server, the loader and chokidar are not loaded by `filmcrew --help`.
    const { startPreview } = await import('../preview/server');
    const server = await startPreview({ root, port: portOf(args.values.port), log: io.out });
    io.out(`Storyboard of “${server.production().production?.data.title ?? root}” at ${server.url}`);
    io.out('Live: saving a file updates its card. Press Ctrl+C to stop.');
    if (!args.values['no-open'] && io.interactive) openBrowser(server.url);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
