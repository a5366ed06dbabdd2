/**
 * The offline breakdown of the three screenplays in examples/screenplays, parse to shot list, in
 * one process as a scene task sees it: how long the English tagger makes a person wait, against
 * the parse alone timed in the same run. The first script pays the tagger's start-up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { castIndex } from '../src/core/crew/breakdown/cast';
import { sceneBeats } from '../src/core/crew/breakdown/beats';
import { parseFountain } from '../src/core/fountain/parse';
import { scenesOf } from '../src/core/fountain/scenes';
import { coverScene } from '../src/core/crew/breakdown/offline';

const dir = join(__dirname, '..', 'examples', 'screenplays');
const FILMS = ['first-platform', 'soup-of-the-day', 'dry-creek'];

function breakdown(name: string): void {
  const text = readFileSync(join(dir, `${name}.fountain`), 'utf8');
  const t0 = performance.now();
  const screenplay = parseFountain(text);
  const t1 = performance.now();
  const scenes = scenesOf(screenplay);
  const cast = castIndex(screenplay);
  let shots = 0;
  let inserts = 0;
  scenes.forEach((scene, i) => {
    const answer = coverScene({
      title: name,
      style: '',
      scene: { id: scene.id, heading: scene.heading, ...(scene.location ? { location: scene.location } : {}) },
      ...(i > 0 && scenes[i - 1]!.location ? { previousLocation: scenes[i - 1]!.location } : {}),
      cast: cast.cast,
      beats: sceneBeats(screenplay, scene, cast.canonical),
    });
    shots += answer.shots.length;
    inserts += answer.shots.filter((s) => s.coverage === 'insert').length;
  });
  const t2 = performance.now();
  const paragraphs = screenplay.elements.filter((e) => e.type === 'action').length;
  console.log(
    `   ${name}: ${scenes.length} scenes, ${paragraphs} action paragraphs → ${shots} shots (${inserts} inserts) in ${(t2 - t0).toFixed(0)} ms; parse alone ${(t1 - t0).toFixed(1)} ms; ${((t2 - t1) / paragraphs).toFixed(1)} ms per paragraph`,
  );
}

export async function run(): Promise<void> {
  for (const name of FILMS) breakdown(name);
}
