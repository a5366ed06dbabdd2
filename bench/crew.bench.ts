/**
 * The offline crew on the example production: the whole spine through the real engine, as
 * `filmcrew run --yes` does it (wall time, split into the crew's own work and the rest), and a
 * breakdown of a long script (how the director's assistant scales with shots).
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { approveEverything, environmentSecrets, silentLogger } from '../src/core/host';
import { runProduction } from '../src/core/orchestrator/index';
import { offlineProvider } from '../src/core/crew/offline';
import type { Provider, ProviderRequest, ResultFor } from '../src/core/providers/types';
import { parseFountain } from '../src/core/fountain/parse';
import { scenesOf } from '../src/core/fountain/scenes';
import { castOf, sceneBeats } from '../src/core/crew/breakdown/beats';
import { coverScene } from '../src/core/crew/breakdown/offline';
import { readFileSync } from 'node:fs';

const examples = join(__dirname, '..', 'examples', 'lighthouse');

function copy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'filmcrew-bench-crew-')), 'lighthouse');
  cpSync(examples, dir, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@filmcrew.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench');
  return dir;
}

/** The offline provider, timing its own calls: the crew's work, as opposed to the engine's and git's. */
function timed(): { provider: Provider; ms: () => number } {
  const inner = offlineProvider();
  let ms = 0;
  const provider: Provider = {
    ...inner,
    handles: inner.handles,
    estimate: inner.estimate,
    async call<R extends ProviderRequest>(request: R): Promise<ResultFor<R>> {
      const t = performance.now();
      try {
        return await inner.call(request);
      } finally {
        ms += performance.now() - t;
      }
    },
  };
  return { provider, ms: () => ms };
}

async function spine(): Promise<void> {
  const walls: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = copy();
    const { provider, ms } = timed();
    const t0 = performance.now();
    const summary = await runProduction(dir, { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, providers: [provider] });
    const wall = performance.now() - t0;
    walls.push(wall);
    const passed = summary.gates.filter((g) => g.outcome === 'passed').length;
    console.log(
      `   spine #${i + 1}: ${(wall / 1000).toFixed(1)} s wall, ${summary.counts.succeeded} tasks, ${summary.calls} calls, ${passed}/6 gates; offline answers and drawings ${ms().toFixed(0)} ms of it`,
    );
  }
  walls.sort((a, b) => a - b);
  console.log(`   spine median: ${(walls[1]! / 1000).toFixed(1)} s (target: seconds, not minutes)`);
}

function longBreakdown(): void {
  // The example's three scenes, forty times over: 120 scenes.
  const one = readFileSync(join(examples, 'script.fountain'), 'utf8').split('\n# ACT ONE')[1]!;
  const text = `Title: Long\n\n# ACT ONE${Array.from({ length: 40 }, () => one.replace(/^# ACT (ONE|TWO)$/gm, '')).join('\n')}`;
  const t0 = performance.now();
  const screenplay = parseFountain(text);
  const scenes = scenesOf(screenplay);
  const cast = castOf(screenplay);
  let shots = 0;
  scenes.forEach((scene, i) => {
    shots += coverScene({ title: 'Long', style: '', scene: { id: scene.id, heading: scene.heading, ...(scene.location ? { location: scene.location } : {}) }, ...(i > 0 && scenes[i - 1]!.location ? { previousLocation: scenes[i - 1]!.location } : {}), cast, beats: sceneBeats(screenplay, scene) }).shots.length;
  });
  const ms = performance.now() - t0;
  console.log(`   breakdown of ${scenes.length} scenes → ${shots} shots in ${ms.toFixed(0)} ms (${((ms / shots) * 1000).toFixed(0)} µs per shot, parse included)`);
}

export async function run(): Promise<void> {
  longBreakdown();
  await spine();
}
