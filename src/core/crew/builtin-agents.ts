/**
 * The built-in crew as the agent.md files `filmcrew init` writes, from each role's module
 * (roster.ts). They are data: a person may edit any of them in their production, or add a role
 * by adding a folder.
 */
import type { StageId } from '../pipeline/stages';
import type { AgentSheet, BuiltinRole } from './role';
import { CREW } from './roster';

export interface AgentTemplate extends AgentSheet {
  role: BuiltinRole;
  stage: StageId;
}

export const BUILTIN_AGENTS: readonly AgentTemplate[] = CREW.map((r) => ({ role: r.role, stage: r.stage, ...r.agent }));
