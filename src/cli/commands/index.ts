/** Every CLI command, in the order `filmcrew --help` lists them. Add one import and one entry per command. */
import type { Command } from '../command';
import { init } from './init';
import { preview } from './preview';
import { status } from './status';
import { validate } from './validate';

export const commands: Command[] = [init, validate, status, preview];
