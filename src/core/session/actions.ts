/**
 * The one action handler: what a person does to the production from a storyboard card, a tree or
 * a chat — approve a card (its shot and its frame), reject with a note, choose an asset option,
 * regenerate a frame, photography or clip, pass a gate, answer a question. Both storyboard hosts
 * call it; each supplies only its host services (trust, a confirmation, a run with its own
 * prompts, a log), as GitLens injects its host services. One action at a time: git commits must
 * not interleave. Every answer is a sentence a person can act on, never a stack.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FilmcrewError } from '../diagnostics';
import { approve, choose } from '../git/approve';
import { passGate as passGateCommit } from '../git/gates';
import { rejectArtifact } from '../git/reject';
import type { RunObserver } from '../host';
import { assetSheets } from '../model/artifacts';
import { framePath } from '../model/paths';
import type { Artifact, Production, ShotData } from '../model/types';
import type { RunSummary } from '../orchestrator/index';
import { gate as gateOf, type GateId } from '../pipeline/stages';
import { answerQuestion } from '../questions/store';
import { unknownType, type ActionMessage, type ActionResultMessage, type RegenerateWhat, type RunProgressMessage } from '../storyboard/protocol';
import { confinedPath } from '../storyboard/snapshot';
import { regenerateAnswer, regeneratePlan, type RegenerateRun } from './regenerate';
import type { StoryboardModel } from './read-model';

/** What the handler needs of the session (any ProductionSession): where, what is loaded, reloading after a write. */
export interface ActingSession {
  readonly root: string;
  readonly model: StoryboardModel | undefined;
  open(): Promise<StoryboardModel>;
  refresh(paths?: readonly string[]): Promise<unknown>;
}

/** What a host supplies to the action handler. */
export interface SessionHost {
  /** False in an untrusted folder: the production can be looked at, not changed. */
  trusted(): boolean;
  /** A person's yes before something that cannot be taken back by a click (passing a gate). */
  confirm(question: string): Promise<boolean>;
  /** Runs the crew with the host's prompts, secrets and providers; undefined when no run started. */
  run(run: RegenerateRun, observer: RunObserver): Promise<RunSummary | undefined>;
  /** Progress of a run an action started (the storyboard's progress bar). */
  progress(message: RunProgressMessage): void;
  log(line: string): void;
}

/** How an action went, in a sentence. */
export interface ActionOutcome {
  ok: boolean;
  message: string;
}

const UNTRUSTED = 'This folder is not trusted: the production can be looked at, not changed. Trust the folder to approve, reject, choose or regenerate.';
const short = (commit: string | undefined) => (commit ? ` (commit ${commit.slice(0, 7)})` : '');

export class SessionActions {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: ActingSession,
    private readonly host: SessionHost,
  ) {}

  /** Resolves once every action asked so far has finished (a host closing). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** A storyboard app's action, answered as the protocol's `action/result`. */
  async perform(message: ActionMessage): Promise<ActionResultMessage> {
    const outcome = await this.dispatch(message);
    return { type: 'action/result', requestId: message.requestId, ...outcome };
  }

  private dispatch(m: ActionMessage): Promise<ActionOutcome> {
    switch (m.type) {
      case 'shot/approve':
        return this.approveCard(m.shotId);
      case 'shot/reject':
        return this.rejectCard(m.shotId, m.note);
      case 'asset/choose':
        return this.chooseOption(m.kind, m.assetId, m.optionId);
      case 'shot/regenerate':
        return this.regenerate(m.shotId, m.what);
      default:
        unknownType(m);
        return Promise.resolve({ ok: false, message: 'Unknown action.' });
    }
  }

  /** Approving a card approves what it shows: the shot and its storyboard frame, in one lock commit. */
  approveCard(shotId: string): Promise<ActionOutcome> {
    return this.act(`approve ${shotId}`, async (production) => {
      const shot = shotOf(production, shotId);
      const frame = existingFrame(this.session.root, shot);
      const targets = frame ? [shot.path, frame] : [shot.path];
      const result = await approve(this.session.root, targets);
      await this.session.refresh(targets);
      this.host.log(`approved ${targets.join(', ')}${short(result.commit)}`);
      return result.commit ? `Locked ${shotId}${short(result.commit)}.` : `${shotId} was already locked as it is.`;
    });
  }

  /** Rejects a card's shot; the note goes to the role that made it. */
  rejectCard(shotId: string, note: string): Promise<ActionOutcome> {
    return this.act(`reject ${shotId}`, async (production) => {
      const shot = shotOf(production, shotId);
      const result = await rejectArtifact(this.session.root, shot.path, note);
      await this.session.refresh([shot.path, result.feedback]);
      this.host.log(`rejected ${shot.path}: note added to ${result.feedback}`);
      return `Rejected ${shotId}; the note went to ${result.feedback}.`;
    });
  }

  /** Chooses an asset's option and locks the sheet with the option's picture. */
  chooseOption(kind: string, assetId: string, optionId: string): Promise<ActionOutcome> {
    return this.act(`choose ${optionId}`, async (production) => {
      const asset = assetSheets(production).find((a) => a.data.kind === kind && a.data.id === assetId);
      if (!asset) throw new FilmcrewError('not-found', `there is no ${kind} \`${assetId}\``, 'Reload: the assets may have changed.');
      const result = await choose(this.session.root, asset.path, optionId);
      await this.session.refresh(result.locked.length ? result.locked : [asset.path]);
      this.host.log(`chose ${optionId} for ${asset.path}${short(result.commit)}`);
      return `Chose ${optionId} for ${String(asset.data.name ?? assetId)}${short(result.commit)}.`;
    });
  }

  /** Redoes a shot's frame, its scene's photography or its clip: the one task that makes it, forced. */
  regenerate(shotId: string, what: RegenerateWhat): Promise<ActionOutcome> {
    return this.act(`regenerate ${what} of ${shotId}`, async (production) => {
      const shot = shotOf(production, shotId);
      const plan = regeneratePlan(production, shot, what);
      if (!plan) throw new FilmcrewError('nothing-to-do', `no task makes the ${what} of ${shotId}`, 'Check that the role has an agents/<role>/agent.md and that the shot is not omitted.');
      let runId = '', done = 0, total = 0;
      const message = `Regenerating with the ${plan.role}`;
      const observer: RunObserver = (e) => {
        if (e.type === 'run-started') runId = e.runId;
        else if (e.type === 'task-queued') total++;
        else if (e.type === 'task-finished') done++;
        else return;
        this.host.progress({ type: 'run/progress', runId, state: 'running', done, total, message });
      };
      const summary = await this.host.run(plan.run, observer);
      if (!summary) return { ok: false, message: 'No run started.' };
      const state = summary.ok ? 'finished' : 'failed';
      this.host.progress({ type: 'run/progress', runId: summary.runId, state, done, total, message: summary.ok ? 'Run finished' : summary.stopped?.message ?? 'Run failed' });
      const outputs = summary.tasks.find((t) => t.id === plan.taskId)?.outputs ?? [];
      await this.session.refresh([shot.path, ...outputs]);
      const [ok, text] = regenerateAnswer(summary, plan, what, shotId);
      return { ok, message: text };
    });
  }

  /**
   * Passes a gate: a `Filmcrew-Gate` commit and a tag. Asks the host to confirm unless the
   * person's own click on "Pass Gate" already was the yes (`confirmed`).
   */
  passGate(gate: GateId, confirmed = false): Promise<ActionOutcome> {
    return this.act(`pass gate ${gate}`, async () => {
      const title = gateOf(gate).title;
      if (!confirmed && !(await this.host.confirm(`Pass the ${title}? It records the gate as a commit and a tag.`))) return { ok: false, message: `${title} was not passed.` };
      const r = await passGateCommit(this.session.root, gate);
      await this.session.refresh();
      const commit = r.commit.slice(0, 7);
      this.host.log(`gate ${gate}: ${r.alreadyPassed ? 'had already passed' : `passed in ${commit}`}`);
      return r.alreadyPassed ? `${title} had already passed (${commit}).` : `${title} passed in commit ${commit} (tag ${r.tag}).`;
    });
  }

  /** Answers a crew question: the decision becomes an input of the task that asked. */
  answerQuestion(questionId: string, answer: string): Promise<ActionOutcome> {
    return this.act(`answer ${questionId}`, async () => {
      const r = await answerQuestion(this.session.root, questionId, answer);
      await this.session.refresh([r.decision]);
      this.host.log(`answered ${questionId}: ${r.decision}`);
      return `Answered ${r.question.id}; the decision is in ${r.decision} and the ${r.question.role} reads it on the next run.`;
    });
  }

  /** One action at a time, only in a trusted folder, errors as sentences. */
  private act(what: string, work: (production: Production) => Promise<string | ActionOutcome>): Promise<ActionOutcome> {
    const next = this.queue.then(async (): Promise<ActionOutcome> => {
      if (!this.host.trusted()) return { ok: false, message: UNTRUSTED };
      try {
        const production = (this.session.model ?? (await this.session.open())).production;
        const done = await work(production);
        return typeof done === 'string' ? { ok: true, message: done } : done;
      } catch (e) {
        return this.failed(what, e);
      }
    });
    this.queue = next;
    return next;
  }

  private failed(what: string, e: unknown): ActionOutcome {
    if (e instanceof FilmcrewError) {
      const where = e.file && !e.message.startsWith(e.file) ? `${e.file}: ` : '';
      return { ok: false, message: `${where}${e.message}.${e.advice ? ' ' + e.advice : ''}` };
    }
    this.host.log(`filmcrew: ${what} failed: ${(e as Error)?.stack ?? String(e)}`);
    return { ok: false, message: `${what} failed: ${(e as Error)?.message ?? String(e)}` };
  }
}

function shotOf(production: Production, id: string): Artifact<ShotData> {
  const shot = production.shots.find((s) => s.data.id === id);
  if (!shot) throw new FilmcrewError('not-found', `there is no shot \`${id}\``, 'Reload: the shot list may have changed.');
  return shot;
}

/** The shot's frame, when it exists inside the production. */
function existingFrame(root: string, shot: Artifact<ShotData>): string | undefined {
  const rel = confinedPath(framePath(shot.data));
  return rel && existsSync(join(root, rel)) ? rel : undefined;
}
