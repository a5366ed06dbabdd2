/**
 * The built-in crew's handlers, in the spine's order (roster.ts). Roles are content; the
 * orchestrator decides when each runs (stages, gates) and what it may see.
 */
import type { RoleHandler } from './role';
import { CREW } from './roster';

/** Every built-in role's handler: director's assistant, casting, costume, production design, storyboard artist, DOP (and its clip task), editor, checker. */
export function builtinRoles(): RoleHandler[] {
  return CREW.flatMap((r) => r.handlers);
}
