/** Every CLI command, in the order `filmcrew --help` lists them. Add one import and one entry per command. */
import type { Command } from '../command';

export const commands: Command[] = [];
