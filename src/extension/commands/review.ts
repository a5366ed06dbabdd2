/**
 * A person's verdicts, each one core call: Approve & Lock, Reject with Note, Choose Asset Option,
 * Pass Gate, Unlock, and the diff of a proposal. The handler only works out what it was invoked
 * on and asks what core needs (a note, an option, a reason).
 */
import { approve, choose, rejectArtifact, rejectProposal, unlock } from '../../core/git/index';
import { refuseTeammatesLocks } from '../../core/team/team-locks';
import { fileAtRevision } from '../../core/git/revision';
import type { Artifact, AssetSheetData } from '../../core/model/types';
import { GATES, isGateId, type GateId } from '../../core/pipeline/stages';
import { stateOf } from '../production-view';
import type { PickItem } from '../host';
import { absolute, guarded, isTreeNode, requireRoot, requireTrust, targetPath, type CommandContext, type CommandHandler } from './context';
import { assetSheets, workArtifacts } from '../../core/model/artifacts';

/** What a verdict is about: a proposal branch or a file. */
type Subject = { branch: string } | { path: string };

const short = (commit: string | undefined) => (commit ? commit.slice(0, 7) : '');

function pendingItems(ctx: CommandContext): PickItem<Subject>[] {
  const view = ctx.source.view;
  if (!view) return [];
  const p = view.production;
  const files = workArtifacts(p).filter(
    (a) => stateOf(view, a.path, a.data.status).status === 'proposed',
  );
  return [
    ...view.proposals.map((b) => ({ label: b.branch, description: `${b.files.length} files`, detail: b.subject, value: { branch: b.branch } })),
    ...files.map((a) => ({ label: a.path, description: 'proposed', value: { path: a.path } })),
  ];
}

async function subjectOf(ctx: CommandContext, arg: unknown, verb: string): Promise<Subject | undefined> {
  if (isTreeNode(arg) && arg.target?.branch && arg.flags.includes('proposal-branch')) return { branch: arg.target.branch };
  if (typeof arg === 'string' && arg.startsWith('crew/')) return { branch: arg };
  const path = targetPath(ctx, arg);
  if (path) return { path };
  const items = pendingItems(ctx);
  if (!items.length) {
    ctx.host.info('Nothing waits for review: no proposal branch and no proposed file.');
    return undefined;
  }
  return ctx.host.pick(`${verb}: which proposal?`, items);
}

async function approveCommand(ctx: CommandContext, arg: unknown): Promise<void> {
  const root = requireRoot(ctx);
  if (!root || !requireTrust(ctx, 'Approving')) return;
  const subject = await subjectOf(ctx, arg, 'Approve & Lock');
  if (!subject) return;
  const target = 'branch' in subject ? subject.branch : subject.path;
  // What a teammate locked since the last fetch is theirs: refused, naming who and when.
  await refuseTeammatesLocks(root, [target]);
  const result = await approve(root, [target]);
  await ctx.source.refresh();
  if (!result.commit) {
    ctx.host.info(`${target} was already locked as it is: nothing to commit.`);
    return;
  }
  const what = result.merged.length ? `Merged ${result.merged.join(', ')} and locked ${result.locked.length} file${result.locked.length === 1 ? '' : 's'}` : `Locked ${result.locked.join(', ')}`;
  ctx.host.info(`${what} in commit ${short(result.commit)}.`);
  ctx.host.log.info(`approve ${target}: commit ${result.commit}, locked ${result.locked.join(', ')}`);
}

async function rejectCommand(ctx: CommandContext, arg: unknown): Promise<void> {
  const root = requireRoot(ctx);
  if (!root || !requireTrust(ctx, 'Rejecting')) return;
  const subject = await subjectOf(ctx, arg, 'Reject with Note');
  if (!subject) return;
  const target = 'branch' in subject ? subject.branch : subject.path;
  const note = await ctx.host.input({
    title: `Reject ${target}`,
    prompt: 'What should change? The note goes to the crew member who made it (their feedback.md), and only to them.',
    placeHolder: 'e.g. Mara is older and weathered; her coat is oilskin, not wool',
    validate: (v) => (v.trim() ? undefined : 'A rejection needs a note: say what to change.'),
  });
  if (!note?.trim()) return;
  if ('branch' in subject) {
    const r = await rejectProposal(root, subject.branch, note);
    ctx.host.info(`Rejected ${subject.branch}; the note is in ${r.feedback}.`);
  } else {
    const r = await rejectArtifact(root, subject.path, note);
    ctx.host.info(`Rejected ${r.path}; the note is in ${r.feedback} for ${r.role}.`);
  }
  await ctx.source.refresh();
}

function assetAt(ctx: CommandContext, path: string): Artifact<AssetSheetData> | undefined {
  const p = ctx.source.view?.production;
  if (!p) return undefined;
  return assetSheets(p).find((a) => a.path === path);
}

async function chooseCommand(ctx: CommandContext, arg: unknown, optionArg?: unknown): Promise<void> {
  const root = requireRoot(ctx);
  if (!root || !requireTrust(ctx, 'Choosing an option')) return;
  let path = targetPath(ctx, arg);
  if (!path || !assetAt(ctx, path)) {
    const p = ctx.source.view!.production;
    const sheets = assetSheets(p).filter((a) => Array.isArray(a.data.options) && a.data.options.length);
    if (!sheets.length) {
      ctx.host.info('No asset sheet has options yet: run the assets stage first.');
      return;
    }
    path = await ctx.host.pick('Choose Asset Option: which asset?', sheets.map((a) => ({ label: String(a.data.name ?? a.path), description: a.path, value: a.path })));
    if (!path) return;
  }
  const asset = assetAt(ctx, path)!;
  const options = Array.isArray(asset.data.options) ? asset.data.options : [];
  const optionId =
    typeof optionArg === 'string'
      ? optionArg
      : await ctx.host.pick(
          `Choose the look of ${asset.data.name ?? path}`,
          options.map((o) => ({ label: `${o.id}${o.label ? ` — ${o.label}` : ''}`, detail: o.prompt, description: asset.data.chosen === o.id ? 'chosen' : undefined, value: o.id })),
        );
  if (!optionId) return;
  const result = await choose(root, path, optionId);
  await ctx.source.refresh();
  ctx.host.info(`Chose option ${optionId} for ${path} and locked it${result.commit ? ` in commit ${short(result.commit)}` : ''}.`);
}

async function passGateCommand(ctx: CommandContext, arg: unknown): Promise<void> {
  const root = requireRoot(ctx);
  if (!root || !requireTrust(ctx, 'Passing a gate')) return;
  let gate: GateId | undefined;
  if (isTreeNode(arg) && arg.target?.gate && isGateId(arg.target.gate)) gate = arg.target.gate;
  else if (typeof arg === 'string' && isGateId(arg)) gate = arg;
  else {
    const stages = ctx.source.view?.stages ?? [];
    const open = stages.filter((s) => s.gate?.state === 'open').map((s) => s.gate!.id);
    const gates = GATES.filter((g) => open.includes(g.id));
    if (!gates.length) {
      ctx.host.info('No gate is open: every gate has passed or waits for an earlier one.');
      return;
    }
    gate = await ctx.host.pick('Pass which gate?', gates.map((g) => ({ label: g.title, description: g.id, detail: `Locks ${g.requires.join(', ')}`, value: g.id })));
  }
  if (!gate) return;
  const actions = ctx.source.actions;
  if (!actions) return ctx.host.error('The production is still loading: try again in a moment.');
  // Core's action handler, as the storyboard's; the click on Pass Gate is the person's yes.
  const outcome = await actions.passGate(gate, true);
  if (outcome.ok) ctx.host.info(outcome.message);
  else ctx.host.error(outcome.message);
}

async function unlockCommand(ctx: CommandContext, arg: unknown): Promise<void> {
  const root = requireRoot(ctx);
  if (!root || !requireTrust(ctx, 'Unlocking')) return;
  const path = targetPath(ctx, arg);
  if (!path) {
    ctx.host.info('Open a locked file, or use Unlock on a row of the Production view.');
    return;
  }
  const reason = await ctx.host.input({
    title: `Unlock ${path}`,
    prompt: 'Why is it unlocked? The reason is recorded in the unlock commit.',
    validate: (v) => (v.trim() ? undefined : 'Say why, e.g. "Mara\'s coat changes colour in act two".'),
  });
  if (!reason?.trim()) return;
  const r = await unlock(root, path, reason);
  await ctx.source.refresh();
  ctx.host.info(`Unlocked ${path} in commit ${short(r.commit)}.`);
}

async function showDiffCommand(ctx: CommandContext, arg: unknown): Promise<void> {
  const root = requireRoot(ctx);
  if (!root) return;
  const path = targetPath(ctx, arg);
  const branch = isTreeNode(arg) ? arg.target?.branch : undefined;
  if (branch) {
    const proposal = ctx.source.view?.proposals.find((p) => p.branch === branch);
    const file = path ?? proposal?.files[0]?.path;
    if (!proposal || !file) return;
    const before = (await fileAtRevision(root, proposal.base, file)) ?? '';
    const after = (await fileAtRevision(root, proposal.commit, file)) ?? '';
    await ctx.host.openDiff(`${file} (${branch})`, { label: `${file} before`, text: before }, { label: `${file} proposed`, text: after });
    return;
  }
  if (!path) return;
  const committed = (await fileAtRevision(root, 'HEAD', path)) ?? '';
  await ctx.host.openDiff(`${path} (proposed ↔ committed)`, { label: `${path} at HEAD`, text: committed }, { path: absolute(ctx, path) });
}

export function reviewCommands(ctx: CommandContext): Record<string, CommandHandler> {
  return {
    'filmcrew.approve': guarded(ctx, 'Approve & Lock', (arg) => approveCommand(ctx, arg)),
    'filmcrew.reject': guarded(ctx, 'Reject with Note', (arg) => rejectCommand(ctx, arg)),
    'filmcrew.chooseOption': guarded(ctx, 'Choose Asset Option', (arg, option) => chooseCommand(ctx, arg, option)),
    'filmcrew.passGate': guarded(ctx, 'Pass Gate', (arg) => passGateCommand(ctx, arg)),
    'filmcrew.unlock': guarded(ctx, 'Unlock', (arg) => unlockCommand(ctx, arg)),
    'filmcrew.showDiff': guarded(ctx, 'Show Proposal Diff', (arg) => showDiffCommand(ctx, arg)),
  };
}
