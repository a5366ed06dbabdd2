/**
 * `filmcrew validate [dir] [--json]`: every problem in the production as
 * `file:line:col severity code message`, sorted; exit 1 when there are errors.
 */
import { resolve } from 'node:path';
import type { Command } from '../command';
import { formatDiagnostic } from '../../core/diagnostics';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const validate: Command = {
  name: 'validate',
  summary: 'Check every file of the production and print each problem with its file and line',
  usage: 'filmcrew validate [dir] [--json]',
  options: { json: { type: 'boolean' } },
  async run(args, io) {
    const root = resolve(io.cwd, args.positionals[0] ?? '.');
    // The status basis carries every diagnostic, sorted, and is served from .filmcrew/ when nothing changed.
    const { loadStatusBasis } = await import('../../core/production/status-cache');
    const basis = await loadStatusBasis(root);
    const diagnostics = basis.diagnostics;
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
    if (args.values.json) {
      io.out(JSON.stringify({ root, errors, warnings, diagnostics }, null, 2));
      return errors ? 1 : 0;
    }
    for (const d of diagnostics) io.out(formatDiagnostic(d));
    const what = basis.title ? `“${basis.title}” (${root})` : root;
    if (!diagnostics.length) io.out(`No problems in ${what}.`);
    else io.out(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${what}.`);
    return errors ? 1 : 0;
  },
};
