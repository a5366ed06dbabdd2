/**
 * A run's gates: after a wave, each finished stage's gate is put to a person (the gate question);
 * approved, its proposals are locked and the gate passed. Work redone under a gate that had
 * already passed is put to a person as that gate again and locked again.
 */
import { FilmcrewError } from '../diagnostics';
import type { GateQuestion } from '../host';
import { gate as gateOf, GATES, stage as stageOf, type GateId, type StageId } from '../pipeline/stages';
import { coveredBy, coversAny, type GateKeeper, type GateStates } from './gates';
import { listFiles } from './inputs';
import { decide } from './policy';
import type { RunSetup } from './run-setup';
import { NobodyToAsk } from './task';
import type { GateReport } from './types';

export class GateDesk {
  readonly reports: GateReport[] = [];
  /** A gate was declined (or could not be passed): no other gate is asked in this run. */
  denied = false;
  /** What this run wrote, not yet locked: work redone under a gate that had passed is locked again. */
  readonly redone = new Set<string>();

  constructor(
    private readonly run: RunSetup,
    private readonly keeper: GateKeeper,
    /** Gates cover a whole stage: a run narrowed to one act, one role or some subjects does not pass them. */
    readonly allowed: boolean,
  ) {}

  /**
   * Stale work redone under a gate that had passed (frames redrawn after a sheet was locked again)
   * is put to a person as that gate again and, approved, locked: after the run nothing is stale.
   */
  async relockRedone(passed: GateStates): Promise<void> {
    if (!this.allowed || this.keeper.unavailable || this.denied || this.run.state.stopped) return;
    for (const { id: g } of GATES) {
      const paths = passed[g] ? coveredBy(g, [...this.redone]) : [];
      if (!paths.length) continue;
      for (const p of paths) this.redone.delete(p);
      const question: GateQuestion = { kind: 'gate', gate: g, artifacts: paths, relock: true };
      if ((await this.ask(g, paths, question)) === 'denied') this.denied = true;
      if (this.denied) return;
    }
  }

  /** Why a narrowed run does not ask a gate. */
  private notAsked(): string {
    const { options } = this.run;
    if (options.passGates === false) return 'a run that proposes on branches does not pass gates; review its branches (`filmcrew review`)';
    const limit = options.only ? '--only' : options.act ? '--act' : '--subject';
    return `a run limited with ${limit} does not pass gates; approve with \`filmcrew approve\``;
  }

  /** Puts the gate of each finished stage of the wave to a person; returns the stage whose gate passed (the run then reloads), if one did. */
  async askAfter(wave: readonly StageId[], passed: GateStates, troubled: ReadonlySet<StageId>): Promise<StageId | undefined> {
    let files: string[] | undefined;
    for (const s of wave) {
      const g = stageOf(s).gate;
      if (!g || passed[g] || troubled.has(s) || this.denied) continue;
      if (!this.allowed) {
        this.reports.push({ gate: g, outcome: 'denied', message: `not asked: ${this.notAsked()}` });
        continue;
      }
      files ??= listFiles(this.run.root);
      // A cheap look first: a gate with nothing on disk is not worth asking git about.
      const artifacts = coversAny(g, files) ? await this.keeper.artifacts(g, files) : [];
      if (artifacts.length === 0) {
        this.reports.push({ gate: g, outcome: 'nothing-to-approve', message: `nothing to approve for ${gateOf(g).title}: no ${gateOf(g).requires.join(', ')} yet` });
        continue;
      }
      if (this.keeper.unavailable) {
        this.reports.push({ gate: g, outcome: 'unavailable', message: this.keeper.unavailable });
        this.run.journal.note({ e: 'gate', gate: g, outcome: 'unavailable', artifacts, reason: this.keeper.unavailable });
        continue;
      }
      if ((await this.ask(g, artifacts)) === 'denied') {
        this.denied = true;
        continue;
      }
      return s;
    }
    return undefined;
  }

  /** The person's answer to a gate question (the policy may answer for them); approved, the gate is passed or its work locked again. */
  async ask(g: GateId, artifacts: string[], question: GateQuestion = { kind: 'gate', gate: g, artifacts }): Promise<'passed' | 'denied'> {
    const answer = await this.answer(g, question);
    if (answer === 'nobody') return 'denied';
    if (answer === 'deny') {
      this.run.journal.note({ e: 'denied', gate: g, by: 'person', reason: 'gate not approved' });
      this.run.journal.note({ e: 'gate', gate: g, outcome: 'denied', artifacts });
      this.reports.push({ gate: g, outcome: 'denied', message: `${gateOf(g).title} was not approved; the stages after it wait` });
      return 'denied';
    }
    this.run.journal.note({ e: 'approved', gate: g, by: 'person' });
    let chosen: string[] = [];
    try {
      await this.run.state.book.settled(); // the lock entries read the provenance of what the run wrote
      if (question.relock) await this.keeper.relock(g, artifacts);
      else chosen = (await this.keeper.pass(g)).chosen;
    } catch (e) {
      const message = e instanceof FilmcrewError ? `${e.message}${e.advice ? ` (${e.advice})` : ''}` : (e as Error).message;
      this.run.journal.note({ e: 'gate', gate: g, outcome: 'failed', artifacts, reason: message });
      this.reports.push({ gate: g, outcome: 'failed', message: `${gateOf(g).title} could not be passed: ${message}` });
      return 'denied';
    }
    this.run.journal.note({ e: 'gate', gate: g, outcome: 'passed', artifacts });
    for (const p of artifacts) this.redone.delete(p);
    const choices = chosen.length ? `; no option had been chosen, so the first was: ${chosen.join(', ')}` : '';
    const verb = question.relock ? `had passed; ${artifacts.length} redone artifact${artifacts.length === 1 ? '' : 's'} locked again` : `passed: ${artifacts.length} artifact${artifacts.length === 1 ? '' : 's'} locked`;
    this.reports.push({ gate: g, outcome: 'passed', message: `${gateOf(g).title} ${verb}${choices}` });
    return 'passed';
  }

  /** The answer to a gate question; nobody to ask stops the run (reported as a denied gate). */
  private async answer(g: GateId, question: GateQuestion): Promise<'approve' | 'deny' | 'nobody'> {
    const decision = decide(question, this.run.state.call.mode, this.run.ledger.view());
    if (decision !== 'ask') return decision === 'approve' ? 'approve' : 'deny';
    try {
      return (await this.run.options.prompt.ask(question, this.run.aborter.signal)).answer === 'approve' ? 'approve' : 'deny';
    } catch (e) {
      if (!(e instanceof NobodyToAsk)) throw e;
      this.run.state.stop({ reason: 'question', message: e.message });
      this.reports.push({ gate: g, outcome: 'denied', message: e.message });
      return 'nobody';
    }
  }
}
