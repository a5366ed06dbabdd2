/**
 * The built-in crew, in the spine's order: one module per role, each declaring its stage, its
 * agent.md, its answer schema, its handlers and its offline answers. Everything that asks which
 * role belongs to which stage (the stage table's role lists, the handlers, the agent.md files
 * `filmcrew init` writes) reads it from here.
 */
import { castingRole } from './assets/casting';
import { costumeRole } from './assets/costume';
import { productionDesignRole } from './assets/production-design';
import { directorsAssistantRole } from './breakdown/role';
import { checkerRole } from './checker';
import { dopRole } from './dop';
import { editorRole } from './editor';
import type { BuiltinRole, CrewRole } from './role';
import { storyboardRole } from './storyboard/role';
import type { StageId } from '../pipeline/stages';

export const CREW: readonly CrewRole[] = [
  directorsAssistantRole,
  castingRole,
  costumeRole,
  productionDesignRole,
  storyboardRole,
  dopRole,
  editorRole,
  checkerRole,
];

/** The built-in roles that work in a stage, in parallel unless one reads another's output. */
export function stageRoles(stage: StageId): BuiltinRole[] {
  return CREW.filter((r) => r.stage === stage).map((r) => r.role);
}

/** A built-in role's module, if `role` names one. */
export function crewRole(role: string): CrewRole | undefined {
  return CREW.find((r) => r.role === role);
}
