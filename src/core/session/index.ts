/** One production session in core: the live production, its read model, the action handler (docs/architecture.md). */
export { ProductionSession, type SessionOptions } from './session';
export { buildReadModel, buildStoryboardModel, displayStates, gatesOf, stageRows, stateOf, storyboardStatusOf, type ArtifactState, type GateRow, type GateState, type ReadModel, type Spend, type StoryboardModel, type StageRow } from './read-model';
export { SessionActions, type ActionOutcome, type SessionHost } from './actions';
export { freeCallsOnly, regenerateAnswer, regeneratePlan, unattendedRun, type RegeneratePlan, type RegenerateRun } from './regenerate';
export { isIgnoredPath, isIgnoredTree } from './ignore';
