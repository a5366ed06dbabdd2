/**
 * Load benchmark on a generated 10,000-shot production, printing ratios in one run:
 * - cold load + validate (no index) vs raw read + YAML parse of the same files (target ≤ 1.5×);
 * - warm `filmcrew status` (index hit) vs `git status` on the same repository (target ≤ 3×),
 *   both as new processes (process against process); the in-process figures are printed as parts,
 *   never as a ratio against a process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INDEX_FILE } from '../src/core/production/index-cache';
import { ProductionLoader } from '../src/core/production/load';
import { readRecords } from '../src/core/production/records';
import { productionReport } from '../src/core/production/report';
import { statusFromBasis } from '../src/core/production/status';
import { loadStatusBasis } from '../src/core/production/status-cache';
import { generateProduction } from './generate';

const SHOTS = Number(process.env.FILMCREW_BENCH_SHOTS ?? 10000);
const RUNS = 5;
const COLD_RUNS = 5;
const out = join(__dirname, '.out');
const dir = join(out, `load-${SHOTS}`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** CPU time (user + system, all threads) of `fn`, in ms: steadier than wall time on a shared machine. */
async function cpu(fn: () => unknown): Promise<number> {
  const c = process.cpuUsage();
  await fn();
  const u = process.cpuUsage(c);
  return (u.user + u.system) / 1000;
}

/** The markdown files the loader reads, as the baseline reads them. */
function markdownFiles(): string[] {
  const files = [join(dir, 'production.md')];
  for (const folder of ['shots', 'characters', 'locations', 'props']) for (const f of readdirSync(join(dir, folder))) files.push(join(dir, folder, f));
  for (const role of readdirSync(join(dir, 'agents'))) files.push(join(dir, 'agents', role, 'agent.md'));
  return files;
}

function rawReadAndParse(files: string[]): number {
  let keys = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const end = text.indexOf('\n---', 3);
    const data = parseYaml(text.slice(4, end)) as Record<string, unknown>;
    keys += Object.keys(data).length;
  }
  return keys;
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });

function processMs(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

export async function run(): Promise<void> {
  console.log(`load: generating ${SHOTS} shots in ${dir} …`);
  await generateProduction(dir, SHOTS);
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@filmcrew.invalid');
  git('config', 'commit.gpgsign', 'false');
  git('add', '-A');
  git('commit', '-q', '-m', 'bench production');
  git('status', '--porcelain'); // let git refresh its index once, as any later run would find it
  // The command a person runs: bin/filmcrew.js over the bundle `npm run build` makes (with its compile cache).
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')], { cwd: join(__dirname, '..'), stdio: 'ignore' });
  const cli = join(__dirname, '..', 'bin', 'filmcrew.js');

  const files = markdownFiles();
  const raw: number[] = [];
  const cold: number[] = [];
  const rawCpu: number[] = [];
  const coldCpu: number[] = [];
  let errors = 0;
  for (let i = 0; i < COLD_RUNS; i++) {
    let wall = 0;
    rawCpu.push(await cpu(async () => (wall = await time(() => rawReadAndParse(files)))));
    raw.push(wall);
    rmSync(join(dir, '.filmcrew'), { recursive: true, force: true });
    coldCpu.push(
      await cpu(async () => {
        wall = await time(async () => {
          const p = await new ProductionLoader(dir).load();
          errors = p.diagnostics.filter((d) => d.severity === 'error').length;
        });
      }),
    );
    cold.push(wall);
  }
  const coldRatio = median(cold) / median(raw);
  const coldCpuRatio = median(coldCpu) / median(rawCpu);
  console.log(`load: ${files.length} markdown files (${SHOTS} shots), ${errors} errors found`);
  console.log(`load: raw read + YAML parse        median ${median(raw).toFixed(0)} ms (runs: ${raw.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`load: cold load + validate + index median ${median(cold).toFixed(0)} ms (runs: ${cold.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`load: cold / raw = ${coldRatio.toFixed(2)}× wall clock (target ≤ 1.5×) ${coldRatio <= 1.5 ? 'OK' : 'MISSED'}`);
  console.log(`load: cold / raw = ${coldCpuRatio.toFixed(2)}× CPU time (raw ${median(rawCpu).toFixed(0)} ms, cold ${median(coldCpu).toFixed(0)} ms) ${coldCpuRatio <= 1.5 ? 'OK' : 'MISSED'}`);

  // Warm: the index is in place (written by the last cold load); the first status writes the
  // snapshot, every later one is served by a stat of each file.
  await new Promise((done) => setTimeout(done, 100)); // past the racy window of the last load
  await productionReport(dir);
  const warmIn: number[] = [];
  for (let i = 0; i < RUNS; i++) warmIn.push(await time(async () => productionReport(dir)));
  // The parts of the report: the status basis from its snapshot, and the records (lock file, git
  // gates and proposals, journals) read afresh, as they would be without their cache.
  const warmBasis: number[] = [];
  for (let i = 0; i < RUNS; i++) warmBasis.push(await time(async () => statusFromBasis(await loadStatusBasis(dir))));
  const records: number[] = [];
  for (let i = 0; i < RUNS; i++) records.push(await time(async () => readRecords(dir)));
  const warmLoader: number[] = [];
  for (let i = 0; i < RUNS; i++) warmLoader.push(await time(async () => new ProductionLoader(dir).load()));
  const gitStatus: number[] = [];
  const warmProcess: number[] = [];
  const nodeEmpty: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    gitStatus.push(processMs('git', ['status', '--porcelain']));
    warmProcess.push(processMs(process.execPath, [cli, 'status', dir, '--json']));
    nodeEmpty.push(processMs(process.execPath, ['-e', '0']));
  }
  const indexSize = readFileSync(join(dir, INDEX_FILE)).length;
  const warmRatio = median(warmProcess) / median(gitStatus);
  console.log(`load: index ${(indexSize / 1e6).toFixed(1)} MB`);
  console.log(`load: git status (new process)                median ${median(gitStatus).toFixed(0)} ms`);
  console.log(`load: warm filmcrew status (new process)      median ${median(warmProcess).toFixed(0)} ms (of which starting node: ${median(nodeEmpty).toFixed(0)} ms)`);
  console.log(`load: warm status in-process (report, hits)   median ${median(warmIn).toFixed(0)} ms`);
  console.log(`load:   of which the status basis (snapshot)  median ${median(warmBasis).toFixed(0)} ms`);
  console.log(`load:   records read afresh (git, lock, runs) median ${median(records).toFixed(0)} ms (what a warm status would add without the records cache)`);
  console.log(`load: warm full model, fresh loader (index)   median ${median(warmLoader).toFixed(0)} ms`);
  console.log(`load: warm status process / git status = ${warmRatio.toFixed(2)}× (target ≤ 3×) ${warmRatio <= 3 ? 'OK' : 'MISSED'}`);
  // No ratio for the in-process figure: a call inside a running node is not a process a person starts.
}

if (require.main === module) void run();
