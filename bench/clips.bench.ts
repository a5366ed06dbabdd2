/**
 * Moving pictures, printing figures (whole runs, what a person waits for):
 * 1. The example (examples/lighthouse, 21 shots at its 1920x1080, 24 fps): the spine up to the
 *    storyboard first (not timed), then the run that lights, renders the 21 clips and cuts
 *    `edit/roughcut.mp4` (timed, with the clip tasks' own durations from the journal), then the
 *    same run again with nothing changed (timed; it must render 0 clips and no rough cut).
 * 2. 200 shots: the example's frames on 200 three-second shots, every clip rendered through the
 *    clip task's code as many at once as a run dispatches them (CLIPS_IN_FLIGHT), then the 10-minute rough cut.
 *    BENCH_CLIPS_RESOLUTION (e.g. 640x360) lowers its resolution on a slow machine;
 *    BENCH_CLIPS_FRAMES=<dir> runs only this part, on the frames in <dir>.
 * 3. The renderers' CPU for the 200 shots (clips and cut), per shot and by tool, logged by the
 *    wrappers feature.bench.ts gives the tools, against one `ffmpeg -version` timed in the same
 *    run (a process start of Debian's ffmpeg: what batching clips saves).
 * ffmpeg, chromium and espeak-ng are Debian's. Real files, real git, real journal.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { builtinRoles } from '../src/core/crew/index';
import { cutOf } from '../src/core/export/cut';
import { approveEverything, environmentSecrets, silentLogger } from '../src/core/host';
import { renderClip } from '../src/core/media/clip';
import { framesOf, pictureFormat } from '../src/core/media/format';
import { clipMove } from '../src/core/media/moves';
import { closeBrowser } from '../src/core/media/browser';
import { CLIPS_IN_FLIGHT, encodeCounts } from '../src/core/media/encodes';
import { sheetCounts } from '../src/core/media/still';
import { renderRoughCut } from '../src/core/media/roughcut';
import type { ShotData } from '../src/core/model/types';
import { readJournal, runProduction, type RunSummary } from '../src/core/orchestrator/index';
import { cpuGroup } from './cgroup';
import { RENDER_LOG, rendererCpu, rendererWrappers } from './feature.bench';

const examples = join(__dirname, '..', 'examples');

function initRepo(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench Director');
  git('config', 'user.email', 'bench@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'The Last Light');
}
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function run(dir: string, roles = builtinRoles()): Promise<RunSummary> {
  return runProduction(dir, { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline', roles });
}

function clipTasks(summary: RunSummary): { rendered: number; cached: number; ms: number[] } {
  const events = readJournal(summary.journal);
  const done = events.filter((e) => e.e === 'succeeded' && e.task.startsWith('dop:clip-')) as { durationMs: number }[];
  const cached = events.filter((e) => e.e === 'cached' && e.task.startsWith('dop:clip-')).length;
  return { rendered: done.length, cached, ms: done.map((e) => e.durationMs) };
}

async function example(base: string): Promise<string> {
  const dir = join(base, 'lighthouse');
  cpSync(join(examples, 'lighthouse'), dir, { recursive: true });
  initRepo(dir);
  // Up to the frames, untimed: the storyboard's own cost is measured elsewhere.
  await run(dir, builtinRoles().filter((r) => r.stage !== 'generation' && r.stage !== 'edit' && r.stage !== 'review'));
  let t = performance.now();
  const first = await run(dir);
  const firstMs = performance.now() - t;
  const clips = clipTasks(first);
  const cut = first.tasks.find((x) => x.id === 'editor:roughcut');
  const mean = clips.ms.reduce((a, b) => a + b, 0) / Math.max(1, clips.ms.length);
  console.log(`example, 21 shots at 1920x1080 24 fps: lighting + ${clips.rendered} clips + rough cut + review in ${seconds(firstMs)} (a clip task takes ${seconds(mean)} on average, ${clips.ms.length} of them, up to ${CLIPS_IN_FLIGHT} at a time; the rough cut task ${seconds(cut?.durationMs ?? NaN)})`);
  t = performance.now();
  const again = await run(dir);
  const againMs = performance.now() - t;
  const re = clipTasks(again);
  const recut = again.tasks.find((x) => x.id === 'editor:roughcut');
  console.log(`re-run with nothing changed: ${re.rendered} clips rendered, ${re.cached} cached, rough cut ${recut?.outcome ?? 'not planned'}, in ${seconds(againMs)}`);
  return dir;
}

async function twoHundred(base: string, frames: string): Promise<void> {
  const resolution = process.env.BENCH_CLIPS_RESOLUTION ?? '1920x1080';
  const format = pictureFormat({ fps: 24, resolution });
  const svgs = readdirSync(frames).filter((f) => f.endsWith('.svg')).sort().map((f) => readFileSync(join(frames, f), 'utf8'));
  const moves = ['static', 'push in', 'pan left', 'track right', 'tilt up', 'static'];
  const shots: ShotData[] = Array.from({ length: 200 }, (_, i) => ({
    kind: 'shot',
    id: `s${String(Math.floor(i / 10) + 1).padStart(2, '0')}-${String((i % 10) + 1).padStart(3, '0')}`,
    scene: `s${String(Math.floor(i / 10) + 1).padStart(2, '0')}`,
    order: (i % 10) + 1,
    duration: 3,
    movement: moves[i % moves.length]!,
    clip: `media/clips/${i}.mp4`,
    ...(i % 10 === 9 ? { transition: 'DISSOLVE TO:' } : {}),
  }));
  // As a run dispatches clip tasks (they call no model): as many at once as keep the renderers busy.
  const limit = pLimit(CLIPS_IN_FLIGHT);
  const clips = new Map<string, Uint8Array>();
  // The renderers' CPU from here on: what the example part ran is not counted (its chromium stopped first).
  closeBrowser();
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(RENDER_LOG, { force: true });
  // The next chromium joins a group of its own (cgroup.ts): its renderers' CPU is nobody's child's.
  const chromiumGroup = cpuGroup(`filmcrew-bench-clips-${process.pid}`);
  if (chromiumGroup) process.env.FILMCREW_BENCH_CHROMIUM_PROCS = chromiumGroup.procs;
  const encodes = { ...encodeCounts };
  const sheets = { ...sheetCounts };
  let t = performance.now();
  await Promise.all(
    shots.map((s, i) =>
      limit(async () => {
        clips.set(s.clip!, await renderClip({ frame: { svg: svgs[i % svgs.length]! }, frames: framesOf(3, format.fps), move: clipMove(s) }, format));
      }),
    ),
  );
  const clipMs = performance.now() - t;
  t = performance.now();
  const cut = cutOf('Two hundred', format.fps, shots);
  const mp4 = await renderRoughCut(cut, clips, format);
  const cutMs = performance.now() - t;
  writeFileSync(join(base, 'two-hundred.mp4'), mp4);
  const bytes = [...clips.values()].reduce((n, c) => n + c.length, 0);
  // chromium's CPU is logged when it has exited.
  closeBrowser();
  for (let i = 0; i < 50 && !(existsSync(RENDER_LOG) && readFileSync(RENDER_LOG, 'utf8').includes('chromium')); i++) await new Promise((r) => setTimeout(r, 100));
  const renderer = rendererCpu(chromiumGroup?.seconds());
  delete process.env.FILMCREW_BENCH_CHROMIUM_PROCS;
  chromiumGroup?.remove();
  const start = ffmpegStartMs();
  const perShot = (renderer.total * 1000) / shots.length;
  const tools = [...renderer.byTool].map(([tool, r]) => `${tool} ${((r.s * 1000) / shots.length).toFixed(0)} ms in ${r.runs} runs`).join(', ');
  console.log(`200 shots: renderer CPU ${perShot.toFixed(0)} ms a shot (${tools}${chromiumGroup ? '' : "; chromium's renderers not counted: no cgroup here"}; ${encodeCounts.clips - encodes.clips} clips in ${encodeCounts.processes - encodes.processes} ffmpeg runs, their stills on ${sheetCounts.sheets - sheets.sheets} sheets) = ${(perShot / start).toFixed(2)}× one ffmpeg start (${start.toFixed(0)} ms CPU, timed now); load ${loadavg()[0]!.toFixed(1)}`);
  console.log(`200 shots at ${resolution} 24 fps: 200 clips in ${seconds(clipMs)} (${seconds(clipMs / 200)} a clip, ${CLIPS_IN_FLIGHT} at a time, ${(bytes / 2 ** 20).toFixed(1)} MiB), the ${(cut.totalFrames / 24 / 60).toFixed(0)}-minute rough cut in ${seconds(cutMs)} (${(mp4.length / 2 ** 20).toFixed(1)} MiB)`);
}

/** CPU of one `ffmpeg -version` (median of five): Debian's ffmpeg loading its libraries. */
function ffmpegStartMs(): number {
  const runs = Array.from({ length: 5 }, () => {
    const out = execFileSync('bash', ['-c', 'ffmpeg -version > /dev/null; times'], { encoding: 'utf8' }).trim().split('\n').pop()!;
    return out.split(/\s+/).reduce((n, t) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      return n + (m ? Number(m[1]) * 60 + Number(m[2]) : 0);
    }, 0);
  });
  return runs.sort((a, b) => a - b)[2]! * 1000;
}

export async function run_(): Promise<void> {
  // The tools through wrappers that log their CPU, before anything looks for them.
  Object.assign(process.env, rendererWrappers());
  const base = mkdtempSync(join(tmpdir(), 'filmcrew-bench-clips-'));
  console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    // BENCH_CLIPS_FRAMES=<a production's media/frames> runs only the 200 shots, on those frames.
    const frames = process.env.BENCH_CLIPS_FRAMES ?? join(await example(base), 'media/frames');
    if (process.env.BENCH_CLIPS_SKIP_200 !== '1') await twoHundred(base, frames);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

export { run_ as run };

if (require.main === module) void run_();
