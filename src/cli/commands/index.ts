/** Every CLI command, in the order `filmcrew --help` lists them. Add one import and one entry per command. */
import type { Command } from '../command';
import { answer } from './answer';
import { ask } from './ask';
import { approve } from './approve';
import { choose } from './choose';
import { gate } from './gate';
import { init } from './init';
import { mcp } from './mcp';
import { preview } from './preview';
import { reject } from './reject';
import { review } from './review';
import { sync } from './sync';
import { run } from './run';
import { status } from './status';
import { trace } from './trace';
import { unlock } from './unlock';
import { validate } from './validate';

export const commands: Command[] = [init, validate, status, run, trace, preview, review, approve, reject, choose, unlock, gate, answer, ask, mcp, sync];
