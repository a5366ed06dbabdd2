/**
 * Regenerating a shot's frame or clip from the storyboard: a run of the one role that makes it.
 */
import type { Artifact, ShotData } from '../../core/model/types';
import type { ActionContext } from './actions';

/** Runs the storyboard artist (frame) or the DOP (clip) for one shot; says how it went. */
export async function regenerate(shot: Artifact<ShotData>, what: 'frame' | 'clip', _ctx: ActionContext): Promise<[boolean, string]> {
  const role = what === 'frame' ? 'storyboard-artist' : 'dop';
  return [false, `Regenerating ${shot.data.id} from the storyboard is not wired yet: run \`filmcrew run --only ${role}\`.`];
}
