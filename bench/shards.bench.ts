/**
 * Shards: wall time of the storyboard of a 200-shot production (bench/generate.ts) done by 1, 2
 * and 4 machines, each a separate process on its own clone, as CI runners would be, with a
 * simulated provider latency of 1 s per frame (a hosted image model takes 5–30 s) at the run's
 * concurrency (6); the latency floor printed is ceil(frames per shard ÷ 6) × 1 s. Timed as a person
 * waits for it: from starting the shard processes to the last one's exit (process start, scratch
 * checkout, run and branch commit included), then the combine step (fetching the shard branches
 * into one clone and `combineShards`). One shard is the baseline, timed in the same run. Clones
 * are made before the clock starts (a CI runner's checkout is not filmcrew's time).
 *
 * On one 2-core machine the shards share two cores: the latency waits overlap freely, but each
 * process's start-up (~1 s of tsx and module loading unloaded), the engine's per-task work and git
 * compete for CPU, so 4 shards gain less here than on 4 runners; the slowest shard's phases are
 * printed to show where its time went. The load average printed says how busy the machine was.
 *
 *   npx tsx bench/shards.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskSpec } from '../src/core/crew/role';
import { approve, passGate } from '../src/core/git/index';
import { environmentSecrets, silentLogger, type ApprovalPrompt } from '../src/core/host';
import { runProduction } from '../src/core/orchestrator/index';
import { combineShards } from '../src/core/team/combine';
import { runOnBranches } from '../src/core/team/propose';
import { FakeProvider, scriptedRole } from '../test/orchestrator/fixtures/crew';
import { generateProduction } from './generate';

const SHOTS = 200;
const LATENCY = 1000;
const CONCURRENCY = 6;
const RUN = 'bench-1';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

function frameTasks(): TaskSpec[] {
  return Array.from({ length: SHOTS }, (_, n) => {
    const scene = `s${String(Math.floor(n / 10) + 1).padStart(2, '0')}`;
    const id = `${scene}-${String((n % 10) + 1).padStart(3, '0')}`;
    return { id: `storyboard-artist:${id}`, role: 'storyboard-artist', stage: 'storyboard', scene, subject: id, reads: ['production.md', `shots/${id}.md`], writes: [`media/frames/${id}.svg`], after: [] };
  });
}

/** The storyboard artist drawing a frame: one image call to a provider that answers after LATENCY ms. */
function crew() {
  const draw = scriptedRole('storyboard-artist', frameTasks, async (ctx, call) => {
    const r = await call({ modality: 'image', prompt: `Frame ${ctx.task.subject}`, input: { shot: ctx.task.subject }, n: 1 });
    return [{ type: 'file', path: ctx.task.writes[0]!, content: `<svg xmlns="http://www.w3.org/2000/svg"><!-- ${ctx.task.subject} by ${r.model} --></svg>\n` }];
  }, 'storyboard');
  draw.modalities = ['image'];
  return { roles: [draw], providers: [new FakeProvider({ latencyMs: LATENCY, models: ['offline'] })] };
}

const yes: ApprovalPrompt = { ask: async () => ({ answer: 'approve' }) };
const base = { prompt: yes, secrets: environmentSecrets, logger: silentLogger, concurrency: CONCURRENCY };

/** A 200-shot production with its script, shot list and assets locked: the storyboard is ready. */
async function production(dir: string): Promise<void> {
  await generateProduction(dir, SHOTS);
  rmSync(join(dir, 'media/frames'), { recursive: true, force: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench Director');
  git(dir, 'config', 'user.email', 'bench@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'bench production');
  const shots = readdirSync(join(dir, 'shots')).map((f) => `shots/${f}`);
  await approve(dir, ['script.fountain', ...shots], { inputs: Object.fromEntries(shots.map((s) => [s, {}])) });
  await passGate(dir, 'script');
  await passGate(dir, 'shotlist');
  await runProduction(dir, { ...base, stage: 'assets', roles: [], providers: [] });
}

/** Where a shard process spent its time (ms): starting up, the run itself, the rest (scratch checkout, branch commit). */
interface Phases {
  startup: number;
  run: number;
  rest: number;
}

/** One shard in a process of its own; resolves with its phases. */
function shardProcess(dir: string, index: number, count: number): Promise<Phases> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), __filename, '--worker', dir, String(index), String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Phases) : reject(new Error(`shard ${index}/${count} exited with ${code}`))));
  });
}

async function worker(dir: string, index: number, count: number): Promise<void> {
  const startup = performance.now(); // since this process started
  const r = await runOnBranches(dir, { ...base, ...crew(), stage: 'storyboard', runId: RUN, ...(count > 1 ? { shard: { index, count } } : {}) });
  if (r.summary.counts.failed || !r.proposals.length) throw new Error(`shard ${index}/${count}: ${JSON.stringify(r.summary.counts)}`);
  const phases: Phases = { startup, run: r.summary.durationMs, rest: performance.now() - startup - r.summary.durationMs };
  process.stdout.write(JSON.stringify(phases));
}

async function shards(work: string, origin: string, count: number): Promise<{ run: number; combine: number; tree: string; slowest: Phases }> {
  const clones = Array.from({ length: count }, (_, i) => {
    const dir = join(work, `n${count}-shard${i + 1}`);
    execFileSync('git', ['clone', '-q', origin, dir], { stdio: 'ignore' });
    git(dir, 'config', 'user.name', `Runner ${i + 1}`);
    git(dir, 'config', 'user.email', `runner${i + 1}@example.invalid`);
    return dir;
  });
  const t0 = performance.now();
  const phases = await Promise.all(clones.map((dir, i) => shardProcess(dir, i + 1, count)));
  const run = performance.now() - t0;
  const slowest = phases.reduce((a, b) => (b.startup + b.run + b.rest > a.startup + a.run + a.rest ? b : a));
  if (count === 1) return { run, combine: 0, tree: git(clones[0]!, 'rev-parse', `crew/storyboard-artist/${RUN}^{tree}`), slowest };
  const t1 = performance.now();
  for (const other of clones.slice(1)) git(clones[0]!, 'fetch', '-q', other, `+refs/heads/crew/*:refs/remotes/runner/crew/*`);
  await combineShards(clones[0]!, RUN, { remote: 'runner' });
  const combine = performance.now() - t1;
  return { run, combine, tree: git(clones[0]!, 'rev-parse', `crew/storyboard-artist/${RUN}^{tree}`), slowest };
}

export async function run(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'filmcrew-bench-shards-'));
  try {
    const origin = join(work, 'origin');
    await production(origin);
    const ideal = (n: number) => Math.ceil(SHOTS / n / CONCURRENCY) * LATENCY;
    console.log(`shards: storyboard of a ${SHOTS}-shot production, ${LATENCY} ms per frame, concurrency ${CONCURRENCY} per shard, ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}`);
    let baseline: number | undefined;
    let tree: string | undefined;
    for (const n of [1, 2, 4]) {
      const r = await shards(work, origin, n);
      const total = r.run + r.combine;
      baseline ??= total;
      tree ??= r.tree;
      console.log(
        `   ${n} shard${n === 1 ? ' ' : 's'}: ${(total / 1000).toFixed(2)} s wall (shards ${(r.run / 1000).toFixed(2)} s + combine ${(r.combine / 1000).toFixed(2)} s; latency floor ${(ideal(n) / 1000).toFixed(2)} s)` +
          `  speed-up ×${(baseline / total).toFixed(2)}  same tree as one run: ${r.tree === tree ? 'yes' : 'NO'}`,
      );
      const s = r.slowest;
      console.log(`      slowest shard: start-up ${(s.startup / 1000).toFixed(2)} s, run ${(s.run / 1000).toFixed(2)} s, scratch checkout and branch commit ${(s.rest / 1000).toFixed(2)} s`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [flag, dir, index, count] = process.argv.slice(2);
  const job = flag === '--worker' ? worker(dir!, Number(index), Number(count)) : run();
  job.catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
