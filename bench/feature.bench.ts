/**
 * The engine at feature length, as a person runs it: `filmcrew run --yes` as a new process on
 * generated screenplays (bench/screenplay.ts) of about 200, 1,000 and 2,000 shots, offline, the
 * whole spine — breakdown, assets, storyboard, DOP, edit, review and all six gates. Prints, per
 * size: wall, CPU (the process and its git children), peak memory, task runs and model calls;
 * CPU per task run against `node -e 0` timed in the same run; and the CPU growth exponent from
 * the smallest to the largest (1.0 is linear; target ≤ 1.1). Then the no-op re-run of the middle
 * size as a new process against `node -e 0` (target ≤ 4×, 0 calls): the first re-run, which works
 * the plan out, and the ones after it, said again from the record it keeps (orchestrator/run-unchanged.ts).
 *
 * Targets (issue 11): 2,000 shots ≤ 90 s and ≤ 1 GB; ≤ 10 ms CPU per task run at 1,000 shots.
 * CPU comes from a cgroup the run is put in (cgroup.ts), which counts chromium's renderers too;
 * where no cgroup can be made, from GNU time (`/usr/bin/time`, Debian package `time`), which does
 * not see them (the line says which). Memory: the largest process GNU time sees, and, with a
 * cgroup, the whole run's at its peak (every process's PSS summed, sampled every second). Without
 * GNU time only wall times are printed. Sizes: FILMCREW_BENCH_FEATURE=200,1000,2000 (the default).
 *
 * The renderer apart from the engine: the offline clips, the rough cut and the PDF are made by
 * ffmpeg, ffprobe, chromium, espeak-ng and pdfunite (which joins the PDF's parts). The run is given
 * them through wrappers (the FFMPEG, FFPROBE, CHROMIUM, ESPEAK_NG and PDFUNITE variables the tools
 * are found by) that log each one's CPU, so
 * "engine CPU" is the whole run's less the renderer's and less starting node, first with all that
 * runs inside the node process; then less the offline crew's work in it, which the target leaves
 * out ("all but the provider"): the provider's calls (the text answers, the frames' drawing) and the
 * clips' and the cut's making (the still's page, the messages to chromium, ffmpeg's arguments), as
 * the CLI's meter (src/core/meter.ts) times them on node's main thread by that thread's own CPU
 * clock. What the meter cannot see — V8's and libuv's threads working for the crew, the hooks' own
 * cost — stays in the engine's figure: an over- rather than an under-statement.
 * FILMCREW_BENCH_RESOLUTION=640x360 makes the film at that size instead of the example's 1080p
 * (the renderer's share shrinks; the engine's should not change). The line says which.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { MeterTotals } from '../src/core/meter';
import { cpuGroup, inGroup, sampleMemory, type CpuGroup } from './cgroup';
import { writeFeature } from './screenplay';

const SIZES = (process.env.FILMCREW_BENCH_FEATURE ?? '200,1000,2000').split(',').map(Number).filter((n) => n > 0);
const out = join(__dirname, '.out');
const TIME = '/usr/bin/time';
const RESOLUTION = process.env.FILMCREW_BENCH_RESOLUTION;
/** Each renderer tool, the variable it is found by and where it is. */
const RENDERERS: [tool: string, variable: string, path: string][] = [
  ['ffmpeg', 'FFMPEG', '/usr/bin/ffmpeg'],
  ['ffprobe', 'FFPROBE', '/usr/bin/ffprobe'],
  ['chromium', 'CHROMIUM', '/usr/bin/chromium'],
  ['espeak-ng', 'ESPEAK_NG', '/usr/bin/espeak-ng'],
  ['pdfunite', 'PDFUNITE', '/usr/bin/pdfunite'],
];
export const RENDER_LOG = join(out, 'renderer-cpu.txt');

/**
 * Wrappers that run a tool and log its CPU (and their own) when it ends: bash's `times` after
 * waiting for it. A stop signal is passed on, so chromium closing when the run ends is counted.
 */
export function rendererWrappers(): Record<string, string> {
  const env: Record<string, string> = {};
  const dir = join(out, 'renderers');
  mkdirSync(dir, { recursive: true });
  for (const [tool, variable, path] of RENDERERS) {
    if (!existsSync(path)) continue;
    const wrapper = join(dir, tool);
    writeFileSync(
      wrapper,
      // A chromium joins the bench's group for it (cgroup.ts): its renderers are nobody's children.
      `#!/bin/bash\n${tool === 'chromium' ? '[ -n "$FILMCREW_BENCH_CHROMIUM_PROCS" ] && echo $$ > "$FILMCREW_BENCH_CHROMIUM_PROCS"\n' : ''}"${path}" "$@" &\npid=$!\ntrap 'kill -TERM $pid 2>/dev/null' TERM INT\nwait $pid\ncode=$?\nif kill -0 $pid 2>/dev/null; then wait $pid; code=$?; fi\nlog="\${FILMCREW_BENCH_RENDER_LOG:-${RENDER_LOG}}"\ntimes > "$log.$$"\necho "${tool} $(tr '\\n' ' ' < "$log.$$")" >> "$log"\nrm -f "$log.$$"\nexit $code\n`,
    );
    chmodSync(wrapper, 0o755);
    env[variable] = wrapper;
  }
  return env;
}

/**
 * CPU seconds the wrappers logged (each line: tool, the shell's user and system, its children's).
 * `chromiumS`, chromium's whole tree from its group, replaces what its wrapper could see.
 */
export function rendererCpu(chromiumS?: number, log = RENDER_LOG): { total: number; byTool: Map<string, { s: number; runs: number }> } {
  const byTool = new Map<string, { s: number; runs: number }>();
  let total = 0;
  const seconds = (t: string) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  };
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  for (const line of text.split('\n').filter(Boolean)) {
    const [tool, ...times] = line.trim().split(/\s+/);
    const s = times.reduce((n, t) => n + seconds(t), 0);
    total += s;
    const known = byTool.get(tool!) ?? { s: 0, runs: 0 };
    byTool.set(tool!, { s: known.s + s, runs: known.runs + 1 });
  }
  if (chromiumS !== undefined && chromiumS > 0) {
    // Its wrapper may not have logged yet: chromium closes as the run's process exits.
    const chromium = byTool.get('chromium') ?? { s: 0, runs: 1 };
    total += chromiumS - chromium.s;
    byTool.set('chromium', { ...chromium, s: chromiumS });
  }
  return { total, byTool };
}

/**
 * The variables that make the run's node process write its own CPU (not its children's) and its
 * garbage collections to `file` as it exits: a preload of a few lines (`process.resourceUsage()`,
 * a `gc` performance observer), a few ms of the run's CPU.
 */
function nodeCpuProbe(file: string): Record<string, string> {
  const probe = join(out, 'node-cpu-probe.js');
  writeFileSync(
    probe,
    [
      `const { PerformanceObserver, constants } = require('node:perf_hooks');`,
      `let majors = 0, majorMs = 0, gcMs = 0;`,
      `new PerformanceObserver((l) => { for (const e of l.getEntries()) { gcMs += e.duration; if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) { majors++; majorMs += e.duration; } } }).observe({ entryTypes: ['gc'] });`,
      `process.on('exit', () => { const r = process.resourceUsage(); require('node:fs').writeFileSync(process.env.FILMCREW_BENCH_NODE_CPU, JSON.stringify({ user: r.userCPUTime, system: r.systemCPUTime, majors, majorMs, gcMs })); });`,
      '',
    ].join('\n'),
  );
  return { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} -r ${JSON.stringify(probe)}`.trim(), FILMCREW_BENCH_NODE_CPU: file };
}

/**
 * The offline crew's share of node's main thread, from the meter the CLI keeps when asked
 * (FILMCREW_BENCH_METER, src/core/meter.ts): the provider's calls (text answers, the frames'
 * drawing) and the clips' and the cut's making (the JavaScript driving chromium and ffmpeg). What
 * the meter cannot see (V8's and libuv's threads working for them) stays in the engine's figure.
 */
function crewCpu(file: string): MeterTotals | undefined {
  if (!existsSync(file)) return undefined;
  const totals = JSON.parse(readFileSync(file, 'utf8')) as MeterTotals;
  rmSync(file, { force: true });
  return totals;
}

/**
 * CPU seconds the run's node process spent itself, and its full (mark-compact) collections with
 * their pauses on the main thread, from nodeCpuProbe's file. The count is what shows garbage that
 * outlives the young generation: a megabyte buffer per copied clip once made it 30 more.
 */
function nodeOwnCpu(file: string): { cpuS: number; majors: number; majorS: number; gcS: number } | undefined {
  if (!existsSync(file)) return undefined;
  const r = JSON.parse(readFileSync(file, 'utf8')) as { user: number; system: number; majors: number; majorMs: number; gcMs: number };
  rmSync(file, { force: true });
  return { cpuS: (r.user + r.system) / 1e6, majors: r.majors, majorS: r.majorMs / 1000, gcS: r.gcMs / 1000 };
}

interface Measured {
  wallS: number;
  cpuS?: number;
  peakMb?: number;
  stdout: string;
  code: number;
}

/**
 * Runs a process under GNU time: wall, user + system CPU of it and its children, peak RSS. In
 * `group`, the CPU is the group's: every process of the tree, chromium's renderers included.
 */
function measure(cmd: string, args: string[], cwd: string, extraEnv: Record<string, string> = {}, group?: CpuGroup): Measured {
  const stats = join(out, 'time.txt');
  const timed = existsSync(TIME);
  const env = { ...process.env, ...extraEnv };
  const t = performance.now();
  const [run, runArgs] = timed ? [TIME, ['-o', stats, '-f', '%U %S %M', cmd, ...args]] : [cmd, args];
  const [spawned, spawnedArgs] = group ? inGroup(group, run, runArgs) : [run, runArgs];
  const r = spawnSync(spawned, spawnedArgs, { cwd, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const wallS = (performance.now() - t) / 1000;
  const result: Measured = { wallS, stdout: r.stdout ?? '', code: r.status ?? 1 };
  if (timed) {
    const last = readFileSync(stats, 'utf8').trim().split('\n').pop()!;
    const [user, sys, rssKb] = last.split(' ').map(Number) as [number, number, number];
    result.cpuS = user + sys;
    result.peakMb = rssKb / 1024;
  }
  if (group) result.cpuS = group.seconds();
  return result;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
}

/** A fresh production of about `shots` shots, committed, as `filmcrew init` + a pasted screenplay would leave it. */
function production(shots: number): string {
  const dir = join(out, `feature-${shots}`);
  writeFeature(dir, shots);
  if (RESOLUTION) {
    const file = join(dir, 'production.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^  resolution: .*$/m, `  resolution: ${RESOLUTION}`));
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench Director');
  git(dir, 'config', 'user.email', 'bench@filmcrew.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'The Long Night: script and production');
  return dir;
}

/** `Run …: 1240 done, … ; 2539 model calls; 1240 task runs; …` → its figures. */
function summary(stdout: string): { done: number; cached: number; calls: number; taskRuns: number; line: string } {
  const line = /^Run .*$/m.exec(stdout)?.[0] ?? '';
  const num = (re: RegExp) => Number(re.exec(line)?.[1] ?? NaN);
  return { done: num(/(\d+) done/), cached: num(/(\d+) unchanged/), calls: num(/(\d+) model calls?/), taskRuns: num(/(\d+) task runs?/), line };
}

export async function run(): Promise<void> {
  mkdirSync(out, { recursive: true });
  // The command a person runs: bin/filmcrew.js over the bundle `npm run build` makes (with its compile cache).
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs')], { cwd: join(__dirname, '..'), stdio: 'ignore' });
  const cli = join(__dirname, '..', 'bin', 'filmcrew.js');
  const node = process.execPath;
  const empty = Array.from({ length: 5 }, () => measure(node, ['-e', '0'], out));
  const nodeWall = median(empty.map((m) => m.wallS));
  const nodeCpu = median(empty.map((m) => m.cpuS ?? NaN));
  console.log(`feature: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)}; node -e 0: ${(nodeWall * 1000).toFixed(0)} ms wall, ${(nodeCpu * 1000).toFixed(0)} ms CPU; pictures at ${RESOLUTION ?? "the example's 1920x1080"}`);
  const wrappers = rendererWrappers();
  if (!existsSync(TIME)) console.log(`feature: ${TIME} is missing (Debian package \`time\`): CPU and memory are not measured`);

  const results: { shots: number; dir: string; m: Measured; taskRuns: number; treeMb?: number }[] = [];
  for (const size of SIZES) {
    const dir = production(size);
    // A log of this run's own: a wrapper left running by an earlier, killed bench still writes to the
    // log it was started with, and its CPU is not this run's.
    const log = join(out, `renderer-cpu-${process.pid}-${size}.txt`);
    const nodeLog = join(out, `node-cpu-${process.pid}-${size}.json`);
    const meterLog = join(out, `meter-${process.pid}-${size}.json`);
    rmSync(log, { force: true });
    rmSync(nodeLog, { force: true });
    rmSync(meterLog, { force: true });
    const group = cpuGroup(`filmcrew-bench-${process.pid}-${size}`);
    const chromiumGroup = group?.child('chromium');
    const memory = group && chromiumGroup ? sampleMemory([group, chromiumGroup]) : undefined;
    const m = measure(node, [cli, 'run', '--yes', dir], out, { ...wrappers, FILMCREW_BENCH_RENDER_LOG: log, ...nodeCpuProbe(nodeLog), FILMCREW_BENCH_METER: meterLog, ...(chromiumGroup ? { FILMCREW_BENCH_CHROMIUM_PROCS: chromiumGroup.procs } : {}) }, group);
    const chromiumS = chromiumGroup?.seconds();
    const treeMb = memory?.stop();
    group?.remove();
    const s = summary(m.stdout);
    const shots = existsSync(join(dir, 'shots')) ? execFileSync('git', ['ls-files', 'shots'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).length : 0;
    results.push({ shots, dir, m, taskRuns: s.taskRuns, treeMb });
    const renderer = rendererCpu(chromiumS, log);
    const own = nodeOwnCpu(nodeLog);
    const crew = crewCpu(meterLog);
    rmSync(log, { force: true });
    const perTask = m.cpuS !== undefined ? ` → ${(((m.cpuS - nodeCpu) * 1000) / s.taskRuns).toFixed(1)} ms CPU per task run beyond starting node` : '';
    console.log(`feature: ${shots} shots: exit ${m.code}, ${s.done} done, ${s.taskRuns} task runs, ${s.calls} model calls`);
    console.log(`feature:   wall ${m.wallS.toFixed(1)} s, CPU ${m.cpuS?.toFixed(1) ?? '?'} s (${group ? 'every process of the run, from its cgroup' : "GNU time's: chromium's renderers not counted, no cgroup here"}), peak ${m.peakMb?.toFixed(0) ?? '?'} MB (the largest process GNU time sees: node, an ffmpeg or chromium's browser, not its renderers)${treeMb !== undefined ? `; every process of the run at once ${treeMb.toFixed(0)} MB at most (PSS, sampled every second)` : ''}${perTask}`);
    if (m.cpuS !== undefined) {
      const tools = [...renderer.byTool].map(([t, r]) => `${t} ${r.s.toFixed(1)} s in ${r.runs}`).join(', ');
      const engineMs = ((m.cpuS - renderer.total - nodeCpu) * 1000) / s.taskRuns;
      const verdict = (ms: number) => (shots >= 900 && shots <= 1100 ? (ms <= 10 ? ' OK' : ' MISSED') : '');
      console.log(`feature:   renderer ${renderer.total.toFixed(1)} s CPU (${tools || 'none'}) = ${((renderer.total * 1000) / Math.max(1, shots)).toFixed(0)} ms a shot; engine ${(m.cpuS - renderer.total).toFixed(1)} s → ${engineMs.toFixed(1)} ms CPU per task run, the offline crew's work in node included${crew ? '' : ` (target ≤ 10 ms at 1,000 shots)${verdict(engineMs)}`}`);
      if (crew) {
        const { provider, renderer: driving } = crew;
        const lessCrew = engineMs - ((provider.cpuS + driving.cpuS) * 1000) / s.taskRuns;
        console.log(`feature:   less that work (node's main thread, metered: the provider's answers and drawing ${provider.cpuS.toFixed(1)} s in ${provider.calls} calls, driving the renderers ${driving.cpuS.toFixed(1)} s in ${driving.calls}) → ${lessCrew.toFixed(1)} ms engine CPU per task run, all but the provider (target ≤ 10 ms at 1,000 shots)${verdict(lessCrew)}`);
      }
      if (own !== undefined) {
        console.log(`feature:   of the engine, the node process itself ${own.cpuS.toFixed(1)} s (${((own.cpuS * 1000) / s.taskRuns).toFixed(1)} ms a task run), git and the other helpers ${(m.cpuS - renderer.total - own.cpuS).toFixed(1)} s`);
        console.log(`feature:   node's heap: ${own.majors} full collections, ${own.majorS.toFixed(2)} s of their pauses on the main thread (every collection's pauses ${own.gcS.toFixed(2)} s; full ones also mark on V8's own threads, counted in node's CPU above)`);
      }
    }
    if (m.code !== 0) console.log(`feature:   the run did not finish cleanly:\n${m.stdout.split('\n').slice(-12).join('\n')}`);
  }
  if (results.length >= 2 && results[0]!.m.cpuS !== undefined) {
    const a = results[0]!;
    const b = results[results.length - 1]!;
    const exponent = Math.log(b.m.cpuS! / a.m.cpuS!) / Math.log(b.shots / a.shots);
    console.log(`feature: CPU growth exponent ${a.shots} → ${b.shots} shots: ${exponent.toFixed(2)} (1.00 is linear; target ≤ 1.1) ${exponent <= 1.1 ? 'OK' : 'MISSED'}`);
  }
  const largest = results[results.length - 1];
  if (largest && largest.shots >= 1900) {
    // The memory target is the run's, every process at once, where it can be measured.
    const mb = largest.treeMb ?? largest.m.peakMb;
    const ok = largest.m.wallS <= 90 && (mb ?? 0) <= 1024;
    console.log(`feature: ${largest.shots} shots in ${largest.m.wallS.toFixed(1)} s wall, ${mb?.toFixed(0) ?? '?'} MB ${largest.treeMb !== undefined ? '(the whole run)' : '(the largest process)'} (targets ≤ 90 s, ≤ 1,024 MB on 2 free cores) ${ok ? 'OK' : 'MISSED'}`);
  }

  // The no-op re-run of the middle size: a new process that finds every task unchanged. The first
  // re-run works the plan out (and keeps .filmcrew/unchanged-run.json); the ones after it are said
  // again from that record while nothing the plan read has changed. Both are printed.
  const middle = results[Math.floor(results.length / 2)];
  if (middle) {
    const traced = join(out, 'git-trace.txt');
    const gitProcesses = () => (existsSync(traced) ? (readFileSync(traced, 'utf8').match(/trace: built-in: git /g) ?? []).length : 0);
    const noop = (label: string, runs: number): void => {
      const again: Measured[] = [];
      let gits = 0;
      for (let i = 0; i < runs; i++) {
        rmSync(traced, { force: true });
        again.push(measure(node, [cli, 'run', '--yes', middle.dir], out, { GIT_TRACE: traced }));
        gits = gitProcesses();
      }
      const s = summary(again[again.length - 1]!.stdout);
      const wall = median(again.map((m) => m.wallS));
      const cpu = median(again.map((m) => m.cpuS ?? NaN));
      const ratio = wall / nodeWall;
      console.log(`feature: no-op re-run of ${middle.shots} shots, ${label} (new process, median of ${runs}): ${(wall * 1000).toFixed(0)} ms wall, ${(cpu * 1000).toFixed(0)} ms CPU (${(cpu / nodeCpu).toFixed(1)}× node -e 0's CPU), ${s.calls} model calls, ${s.cached} cached, ${gits} git processes`);
      console.log(`feature:   / node -e 0 = ${ratio.toFixed(1)}× wall (target ≤ 4×, 0 calls) ${ratio <= 4 && s.calls === 0 ? 'OK' : 'MISSED'}; load average ${loadavg()[0]!.toFixed(1)}`);
    };
    rmSync(join(middle.dir, '.filmcrew', 'unchanged-run.json'), { force: true });
    noop('worked out (no record yet)', 1);
    noop('said again from the record', 5);
  }
  if (!process.env.FILMCREW_KEEP_TMP) for (const r of results) rmSync(r.dir, { recursive: true, force: true });
}

if (require.main === module) void run();
