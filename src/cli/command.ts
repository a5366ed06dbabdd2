/**
 * A CLI command: its name, a one-line summary, its options (node's util.parseArgs format)
 * and what it does. Each command lives in its own file under src/cli/commands/.
 */
import type { ParseArgsConfig } from 'node:util';

export interface CliIO {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal and CI is not set: live displays allowed. */
  interactive: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Returns the process exit code: 0 ok, 1 problems found / run failed, 2 usage or setup error. */
  run(args: CommandArgs, io: CliIO): Promise<number>;
}
