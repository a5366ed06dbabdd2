/** The git layer: locks, gates, staleness and proposal branches (docs/architecture.md, "Data flow": lock). */
export { approve, choose, unlock, type ApproveOptions, type ApproveResult } from './approve';
export { checkGate, gateArtifacts, gateState, gateTag, GateRefused, passGate, type GateCheck, type GatePassed, type GateState } from './gates';
export { emptyLockfile, formatLockfile, parseLockfile, readLockfile, writeLockfile, type LockEntry, type Lockfile } from './lockfile';
export { stageOf } from './locking';
export { PROVENANCE_LEDGER, readProvenanceLedger, recordProvenance, type ProvenanceLedger } from './provenance';
export {
  approveProposal,
  getProposal,
  listProposals,
  proposalBranch,
  rejectProposal,
  writeProposalBranch,
  type Proposal,
  type ProposalFile,
  type ProposalRequest,
} from './proposals';
export { prDescription } from './pr';
export { appendFeedback, rejectArtifact } from './reject';
export { staleArtifacts, staleDiagnostics, staleness, verifyLocks, type Staleness } from './verify';
