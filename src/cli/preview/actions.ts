/**
 * What the preview server does when the storyboard asks: approve, reject, choose, regenerate.
 * Each goes through the same core function as the CLI command of that name, and answers with an
 * `action/result` a person can read (a FilmcrewError's message and advice, never a stack).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FilmcrewError } from '../../core/diagnostics';
import { approve, choose } from '../../core/git/approve';
import { rejectArtifact } from '../../core/git/reject';
import { framePath } from '../../core/model/paths';
import type { Artifact, Production, ShotData } from '../../core/model/types';
import { unknownType, type ActionMessage, type ActionResultMessage } from '../../core/storyboard/protocol';
import { confinedPath } from '../../core/storyboard/snapshot';
import { regenerate, type RegenerateContext } from './regenerate';
import { assetSheets } from '../../core/model/artifacts';

export interface ActionContext extends RegenerateContext {
  production(): Production;
}

function shotOf(production: Production, id: string): Artifact<ShotData> {
  const shot = production.shots.find((s) => s.data.id === id);
  if (!shot) throw new FilmcrewError('not-found', `there is no shot \`${id}\``, 'Reload the page: the shot list may have changed.');
  return shot;
}

/** The shot's frame, when it exists inside the production. */
function existingFrame(root: string, shot: Artifact<ShotData>): string | undefined {
  const rel = confinedPath(framePath(shot.data));
  return rel && existsSync(join(root, rel)) ? rel : undefined;
}

const short = (commit: string | undefined) => (commit ? commit.slice(0, 7) : '');

/** Does what the message asks and says how it went. */
export async function performAction(message: ActionMessage, ctx: ActionContext): Promise<ActionResultMessage> {
  const answer = (ok: boolean, text: string): ActionResultMessage => ({ type: 'action/result', requestId: message.requestId, ok, message: text });
  try {
    const production = ctx.production();
    switch (message.type) {
      case 'shot/approve': {
        const shot = shotOf(production, message.shotId);
        // Approving a card approves what it shows: the shot and its storyboard frame.
        const frame = existingFrame(ctx.root, shot);
        const targets = frame ? [shot.path, frame] : [shot.path];
        const result = await approve(ctx.root, targets);
        await ctx.touched(targets);
        ctx.log(`approved ${targets.join(', ')}${result.commit ? ` (commit ${short(result.commit)})` : ''}`);
        return answer(true, result.commit ? `Locked ${message.shotId} (commit ${short(result.commit)}).` : `${message.shotId} was already locked as it is.`);
      }
      case 'shot/reject': {
        const shot = shotOf(production, message.shotId);
        const result = await rejectArtifact(ctx.root, shot.path, message.note);
        await ctx.touched([shot.path, result.feedback]);
        ctx.log(`rejected ${shot.path}: note added to ${result.feedback}`);
        return answer(true, `Rejected ${message.shotId}; the note went to ${result.feedback}.`);
      }
      case 'asset/choose': {
        const asset = assetSheets(production).find(
          (a) => a.data.kind === message.kind && a.data.id === message.assetId,
        );
        if (!asset) throw new FilmcrewError('not-found', `there is no ${message.kind} \`${message.assetId}\``, 'Reload the page: the assets may have changed.');
        const result = await choose(ctx.root, asset.path, message.optionId);
        await ctx.touched(result.locked.length ? result.locked : [asset.path]);
        ctx.log(`chose ${message.optionId} for ${asset.path}${result.commit ? ` (commit ${short(result.commit)})` : ''}`);
        return answer(true, `Chose ${message.optionId} for ${String(asset.data.name ?? message.assetId)}${result.commit ? ` (commit ${short(result.commit)})` : ''}.`);
      }
      case 'shot/regenerate': {
        const shot = shotOf(production, message.shotId);
        return answer(...(await regenerate(shot, message.what, ctx)));
      }
      default:
        unknownType(message);
        return answer(false, 'Unknown action.');
    }
  } catch (e) {
    if (e instanceof FilmcrewError) {
      const where = e.file && !e.message.startsWith(e.file) ? `${e.file}: ` : '';
      return answer(false, `${where}${e.message}.${e.advice ? ' ' + e.advice : ''}`);
    }
    ctx.log(`filmcrew preview: ${message.type} failed: ${(e as Error)?.stack ?? String(e)}`);
    return answer(false, `${message.type} failed: ${(e as Error)?.message ?? String(e)}`);
  }
}
