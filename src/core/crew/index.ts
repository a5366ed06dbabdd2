/**
 * The built-in crew: one RoleHandler per role of builtin-agents.ts, in the spine's order. Roles
 * are content; the orchestrator decides when each runs (stages, gates) and what it may see.
 */
import { casting } from './assets/casting';
import { costume } from './assets/costume';
import { productionDesign } from './assets/production-design';
import { directorsAssistant } from './breakdown/role';
import { checker } from './checker';
import { clipMaker } from './clip';
import { dop } from './dop';
import { editor } from './editor';
import type { RoleHandler } from './role';
import { storyboardArtist } from './storyboard/role';

/** Every built-in role's handler: director's assistant, casting, costume, production design, storyboard artist, DOP (and its clip task), editor, checker. */
export function builtinRoles(): RoleHandler[] {
  return [directorsAssistant, casting, costume, productionDesign, storyboardArtist, dop, clipMaker, editor, checker];
}
