/**
 * A control group for the CPU of a whole process tree. GNU time and bash's `times` count a
 * process's children only when they are waited for, and chromium's renderers are forked by its
 * zygote and never waited for by anyone the bench sees: at 1,000 shots the storyboard PDF kept
 * both cores busy for 50 s that no figure counted. A cgroup counts every process put in it, and
 * every process they start, however they end.
 *
 * Linux only, and only where the bench may make a group (root, or a delegated cgroup); elsewhere
 * `cpuGroup` returns undefined and the figures say that chromium's renderers are not counted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CpuGroup {
  /** The file a process writes its pid to, to join the group. */
  procs: string;
  /** CPU seconds of every process that was in the group. */
  seconds(): number;
  /** A group inside this one (its CPU counts in this one's too). */
  child(name: string): CpuGroup | undefined;
  remove(): void;
}

function group(dir: string, read: (dir: string) => number): CpuGroup | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const procs = join(dir, 'cgroup.procs');
    // A process may join it: a shell that joins and exits.
    if (!existsSync(procs) || spawnSync('/bin/sh', ['-c', 'echo $$ > "$1"', 'sh', procs]).status !== 0 || !Number.isFinite(read(dir))) {
      rmdirSync(dir);
      return undefined;
    }
    const made: CpuGroup[] = [];
    return {
      procs,
      seconds: () => read(dir),
      child(name) {
        const g = group(join(dir, name), read);
        if (g) made.push(g);
        return g;
      },
      remove() {
        for (const g of made) g.remove();
        try {
          rmdirSync(dir);
        } catch {
          // A process is still in it (chromium closing): the group is left, empty soon, harmless.
        }
      },
    };
  } catch {
    return undefined;
  }
}

/** A new CPU group named `name`, or undefined where none can be made. */
export function cpuGroup(name: string): CpuGroup | undefined {
  // cgroup v1: the cpuacct hierarchy counts nanoseconds.
  const v1 = '/sys/fs/cgroup/cpuacct';
  if (existsSync(join(v1, 'cpuacct.usage'))) return group(join(v1, name), (d) => Number(readFileSync(join(d, 'cpuacct.usage'), 'utf8')) / 1e9);
  // cgroup v2: cpu.stat's usage_usec, in a group beside the bench's own.
  const own = /^0::(.*)$/m.exec(existsSync('/proc/self/cgroup') ? readFileSync('/proc/self/cgroup', 'utf8') : '')?.[1];
  const root = ['/sys/fs/cgroup', '/sys/fs/cgroup/unified'].find((r) => existsSync(join(r, 'cgroup.controllers')));
  if (own === undefined || !root) return undefined;
  return group(join(root, own, '..', name), (d) => Number(/usage_usec (\d+)/.exec(readFileSync(join(d, 'cpu.stat'), 'utf8'))?.[1] ?? NaN) / 1e6);
}

/** `cmd args` as a command that first joins `g`: for spawn, with sh. */
export function inGroup(g: CpuGroup, cmd: string, args: string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'echo $$ > "$1" && shift && exec "$@"', 'sh', g.procs, cmd, ...args]];
}

/**
 * The whole tree's memory while it runs: every second, the sum of the proportional set size
 * (`Pss` in /proc/<pid>/smaps_rollup: shared pages split among the processes that share them) of
 * every process in `groups`. A separate process samples, outside the groups, so its own CPU is not
 * counted; `stop` returns the largest sum seen, in MB.
 */
export function sampleMemory(groups: CpuGroup[]): { stop: () => number } {
  const script = `
const fs = require('node:fs');
const [out, ...procs] = process.argv.slice(1);
let max = 0;
const tick = () => {
  let kb = 0;
  for (const file of procs) {
    let pids = [];
    try { pids = fs.readFileSync(file, 'utf8').split('\\n').filter(Boolean); } catch {}
    for (const pid of pids) {
      try { kb += Number(/^Pss:\\s+(\\d+)/m.exec(fs.readFileSync('/proc/' + pid + '/smaps_rollup', 'utf8'))?.[1] ?? 0); } catch {}
    }
  }
  if (kb > max) { max = kb; fs.writeFileSync(out, String(max)); }
};
setInterval(tick, 1000);
process.on('SIGTERM', () => { tick(); process.exit(0); });
`;
  const out = join(tmpdir(), `filmcrew-bench-pss-${process.pid}-${Date.now()}`);
  const child = spawn(process.execPath, ['-e', script, out, ...groups.map((g) => g.procs)], { stdio: 'ignore' });
  return {
    stop() {
      child.kill('SIGTERM');
      // The sampler keeps the largest sum in its file as it goes, and samples once more as it ends.
      spawnSync('sleep', ['0.3']);
      try {
        return Number(readFileSync(out, 'utf8')) / 1024;
      } catch {
        return NaN;
      } finally {
        rmSync(out, { force: true });
      }
    },
  };
}
