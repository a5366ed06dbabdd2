/**
 * The stage table: the film's sequential spine, in one place. Everything that needs to know
 * what comes before what (planner, gates, status, trees, storyboard) reads it from here. Which
 * built-in role works in which stage each role's module says (crew/roster.ts `stageRoles`).
 */

export type StageId = 'script' | 'breakdown' | 'assets' | 'storyboard' | 'generation' | 'edit' | 'review';
export type GateId = 'script' | 'shotlist' | 'assets' | 'storyboard' | 'roughcut' | 'final';

export interface Stage {
  id: StageId;
  title: string;
  /** Gates that must have passed before any task of this stage may run. */
  needs: GateId[];
  /** Stages whose work must be complete (not gated) before this one: generation → edit. */
  after: StageId[];
  /** The gate a person passes when this stage's work is approved, if any. */
  gate?: GateId;
}

export const STAGES: readonly Stage[] = [
  { id: 'script', title: 'Script', needs: [], after: [], gate: 'script' },
  { id: 'breakdown', title: 'Shot breakdown', needs: ['script'], after: [], gate: 'shotlist' },
  { id: 'assets', title: 'Assets', needs: ['shotlist'], after: [], gate: 'assets' },
  { id: 'storyboard', title: 'Storyboard', needs: ['shotlist'], after: [], gate: 'storyboard' },
  { id: 'generation', title: 'Generation', needs: ['assets', 'storyboard'], after: [] },
  { id: 'edit', title: 'Edit', needs: ['assets', 'storyboard'], after: ['generation'], gate: 'roughcut' },
  { id: 'review', title: 'Review', needs: ['roughcut'], after: [], gate: 'final' },
];

export interface Gate {
  id: GateId;
  title: string;
  /** The stage whose approved work this gate locks. */
  stage: StageId;
  /**
   * Production-relative globs of the artifacts that must be locked for the gate to pass. It may
   * name an earlier stage's artifacts that this stage proposes changes to (the DOP lights the
   * locked shots): passing the gate approves those proposals and locks them again. A gate has
   * nothing to approve until its own stage has made something.
   */
  requires: string[];
}

export const GATES: readonly Gate[] = [
  { id: 'script', title: 'Script lock', stage: 'script', requires: ['script.fountain|script.md'] },
  { id: 'shotlist', title: 'Shot list lock', stage: 'breakdown', requires: ['shots/*.md'] },
  {
    id: 'assets',
    title: 'Asset lock',
    stage: 'assets',
    requires: ['characters/*.md', 'costumes/*.md', 'locations/*.md', 'props/*.md'],
  },
  { id: 'storyboard', title: 'Storyboard approval', stage: 'storyboard', requires: ['media/frames/*'] },
  // The DOP's photography sheets too (generation has no gate of its own), and the clips and the
  // rough cut made of them: the gate approves a cut that exists.
  {
    id: 'roughcut',
    title: 'Rough cut',
    stage: 'edit',
    requires: ['edit/*.otio', 'edit/*.edl', 'edit/*.fcpxml', 'edit/*.csv', 'edit/*.pdf', 'edit/*.mp4', 'media/clips/*', 'photography/*.md'],
  },
  { id: 'final', title: 'Final sign-off', stage: 'review', requires: ['reviews/*.md'] },
];

export function stage(id: StageId): Stage {
  const s = STAGES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown stage ${id}`);
  return s;
}

export function gate(id: GateId): Gate {
  const g = GATES.find((x) => x.id === id);
  if (!g) throw new Error(`unknown gate ${id}`);
  return g;
}

export function isStageId(s: string): s is StageId {
  return STAGES.some((x) => x.id === s);
}

export function isGateId(s: string): s is GateId {
  return GATES.some((x) => x.id === s);
}
