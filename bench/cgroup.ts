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
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync } from 'node:fs';
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
  for (const root of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
    if (own === undefined || !existsSync(join(root, 'cgroup.controllers'))) continue;
    const parent = join(root, own, '..');
    return group(join(parent, name), (d) => Number(/usage_usec (\d+)/.exec(readFileSync(join(d, 'cpu.stat'), 'utf8'))?.[1] ?? NaN) / 1e6);
  }
  return undefined;
}

/** `cmd args` as a command that first joins `g`: for spawn, with sh. */
export function inGroup(g: CpuGroup, cmd: string, args: string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'echo $$ > "$1" && shift && exec "$@"', 'sh', g.procs, cmd, ...args]];
}
