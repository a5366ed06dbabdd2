/**
 * Load benchmark on a generated 10,000-shot production, printing ratios in one run:
 * - cold load + validate (no index) vs raw read + YAML parse of the same files (target ≤ 1.5×);
 * - `filmcrew status --json` vs `git status` on the same repository (target ≤ 3× when warm), both
 *   as new processes (process against process), wall clock and CPU time (user + system, from bash's
 *   `times`, steadier on a shared machine): warm through the status entry point (dist/status.js),
 *   warm through the whole CLI bundle (how it ran before the entry point), after one edited shot
 *   (the per-file index answers all but one file) and cold (no .filmcrew/ at all);
 *   the in-process figures are printed as parts, never as a ratio against a process.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
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

interface ProcessTime {
  wall: number;
  cpu: number;
}

/**
 * One process run in the production, its wall clock and CPU time in ms: bash times the child alone
 * (EPOCHREALTIME around it, `times` for the CPU of its children), so bash's own start is not counted.
 */
function processRun(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): ProcessTime {
  const script = 't0=$EPOCHREALTIME; "$@" >/dev/null 2>/tmp/filmcrew-bench-err; s=$?; t1=$EPOCHREALTIME; times; echo "$t0 $t1 $s"';
  const r = spawnSync('bash', ['-c', script, 'bash', cmd, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } });
  const lines = r.stdout.trim().split('\n');
  const [t0, t1, status] = lines[2]!.split(' ').map(Number) as [number, number, number];
  if (status !== 0 && status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${readFileSync('/tmp/filmcrew-bench-err', 'utf8')}`);
  const secs = (t: string) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const [user, system] = lines[1]!.split(' ').map(secs) as [number, number];
  return { wall: (t1 - t0) * 1000, cpu: (user + system) * 1000 };
}

/** Runs the commands in turn, `runs` times, with `before` ahead of each run of a command; the times by name. */
function interleaved(runs: number, commands: Record<string, { cmd: string; args: string[]; env?: NodeJS.ProcessEnv; before?: () => void }>): Record<string, ProcessTime[]> {
  const out: Record<string, ProcessTime[]> = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, c] of Object.entries(commands)) {
      c.before?.();
      out[name]!.push(processRun(c.cmd, c.args, c.env));
    }
  }
  return out;
}

const load1 = () => loadavg()[0]!.toFixed(2);

/** One line: the command's median wall and CPU, and its ratio to git status's in the same runs. */
function processLine(label: string, times: ProcessTime[], git: ProcessTime[], target?: number): string {
  const wall = median(times.map((t) => t.wall));
  const cpu = median(times.map((t) => t.cpu));
  const rw = wall / median(git.map((t) => t.wall));
  const rc = cpu / median(git.map((t) => t.cpu));
  const verdict = target === undefined ? '' : ` (target ≤ ${target}×) ${rw <= target ? 'OK' : 'MISSED'}`;
  return `load: ${label.padEnd(44)} wall ${wall.toFixed(0).padStart(6)} ms = ${rw.toFixed(2)}× git status${verdict}; CPU ${cpu.toFixed(0).padStart(6)} ms = ${rc.toFixed(2)}×`;
}

/**
 * The warm status again where NODE_EXTRA_CA_CERTS is set (this kind of machine sets it to the whole
 * system bundle): node 20 parses every certificate in it at start, before any code runs (about
 * 40 ms of CPU, most of `node -e 0` here), so every node process pays it and git does not. The
 * same three processes without it show what a node without that setting costs; the line above
 * stays the figure for the environment as it is.
 */
function warmWithoutExtraCerts(status: string[], gitStatus: { cmd: string; args: string[] }): void {
  if (!process.env.NODE_EXTRA_CA_CERTS) return;
  const noCerts = { NODE_EXTRA_CA_CERTS: undefined }; // spawnSync leaves out variables set to undefined
  const load = load1();
  const runs = interleaved(RUNS * 2 - 1, {
    git: gitStatus,
    entry: { cmd: process.execPath, args: status, env: noCerts },
    node: { cmd: process.execPath, args: ['-e', '0'], env: noCerts },
  });
  console.log(`load: the same without NODE_EXTRA_CA_CERTS (load average ${load} → ${load1()}; medians of ${RUNS * 2 - 1} interleaved runs)`);
  console.log(processLine('node -e 0, no extra CA certificates', runs.node!, runs.git!));
  console.log(processLine('warm status entry, no extra CA certificates', runs.entry!, runs.git!, 3));
}

/** Cold load against raw read + parse, and the warm status's parts timed inside this process. */
async function inProcessFigures(): Promise<void> {
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
  const indexSize = readFileSync(join(dir, INDEX_FILE)).length;
  console.log(`load: index ${(indexSize / 1e6).toFixed(1)} MB`);
  console.log(`load: warm status in-process (report, hits)   median ${median(warmIn).toFixed(0)} ms`);
  console.log(`load:   of which the status basis (snapshot)  median ${median(warmBasis).toFixed(0)} ms`);
  console.log(`load:   records read afresh (git, lock, runs) median ${median(records).toFixed(0)} ms (what a warm status would add without the records cache)`);
  console.log(`load: warm full model, fresh loader (index)   median ${median(warmLoader).toFixed(0)} ms`);
  // No ratio for the in-process figures: a call inside a running node is not a process a person starts.
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

  // FILMCREW_BENCH_LOAD=processes: only the processes (status against git status), a minute instead of seven.
  if (process.env.FILMCREW_BENCH_LOAD !== 'processes') await inProcessFigures();


  // Processes, each against git status timed in the same runs.
  const node = process.execPath;
  const status = [cli, 'status', dir, '--json'];
  const gitStatus = { cmd: 'git', args: ['status', '--porcelain'] };
  processRun(node, status); // the compile cache of the whole bundle, as after any earlier command
  processRun(node, status, { FILMCREW_NO_STATUS_ENTRY: '1' });
  let load = load1();
  const warm = interleaved(RUNS * 2 - 1, {
    git: gitStatus,
    entry: { cmd: node, args: status },
    whole: { cmd: node, args: status, env: { FILMCREW_NO_STATUS_ENTRY: '1' } },
    node: { cmd: node, args: ['-e', '0'] },
  });
  console.log(`load: processes at ${SHOTS} shots (load average ${load} → ${load1()} on ${cpus().length} cores; medians of ${RUNS * 2 - 1} interleaved runs)`);
  console.log(processLine('git status --porcelain', warm.git!, warm.git!));
  console.log(processLine('node -e 0 (the floor of any node process)', warm.node!, warm.git!));
  console.log(processLine('warm status, whole CLI bundle (before)', warm.whole!, warm.git!));
  console.log(processLine('warm status, status entry point', warm.entry!, warm.git!, 3));
  warmWithoutExtraCerts(status, gitStatus);

  // After one edited shot: the snapshot is out of date, the per-file index answers all but that file.
  const shot = join(dir, 'shots', readdirSync(join(dir, 'shots')).sort()[0]!);
  const text = readFileSync(shot, 'utf8');
  let n = 0;
  load = load1();
  const edited = interleaved(3, {
    git: gitStatus,
    edited: { cmd: node, args: status, before: () => writeFileSync(shot, `${text}\n<!-- edit ${++n} -->\n`) },
  });
  writeFileSync(shot, text);
  console.log(`load: after one edited shot (load average ${load} → ${load1()}; medians of 3)`);
  console.log(processLine('status after one edited shot (index)', edited.edited!, edited.git!));

  load = load1();
  const coldProcess = interleaved(3, {
    git: gitStatus,
    cold: { cmd: node, args: status, before: () => rmSync(join(dir, '.filmcrew'), { recursive: true, force: true }) },
  });
  console.log(`load: cold, no .filmcrew/ (load average ${load} → ${load1()}; medians of 3)`);
  console.log(processLine('cold status (loads and validates every file)', coldProcess.cold!, coldProcess.git!));
}

if (require.main === module) void run();
