/**
 * Benchmarks of the git layer (figures, not tests):
 * - approve + lock 1,000 artifacts (status → locked, filmcrew.lock, one commit on a temporary
 *   index) against `git add` + `git commit` of the same 1,000 files. Target: ≤ 2×.
 * - a proposal branch of 100 files written with plumbing against the same through
 *   `git worktree add` + write + `git add` + `git commit` + `git worktree remove`.
 * Each is run a few times, alternating, on fresh repositories; the median is reported.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { approve } from '../src/core/git/approve';
import { writeProposalBranch } from '../src/core/git/proposals';

const ROUNDS = 5;
const made: string[] = [];

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Where the repositories go: FILMCREW_BENCH_DIR, else the system temp folder. */
const BASE = process.env.FILMCREW_BENCH_DIR ?? tmpdir();

function repo(): string {
  mkdirSync(BASE, { recursive: true });
  const dir = mkdtempSync(join(BASE, 'filmcrew-bench-'));
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  writeFileSync(join(dir, 'production.md'), '---\nkind: production\ntitle: Bench\n---\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'start');
  return dir;
}

function shot(i: number): string {
  const id = `s${String(Math.floor(i / 100) + 1).padStart(2, '0')}-${String(i % 100).padStart(3, '0')}`;
  return [
    '---',
    'kind: shot',
    `id: ${id}`,
    `scene: s${String(Math.floor(i / 100) + 1).padStart(2, '0')}`,
    `order: ${i}`,
    'size: MS',
    'angle: eye level',
    'movement: static',
    'duration: 3',
    'characters: [mara]',
    'location: lighthouse',
    'action: Mara trims the wick of the lantern while the wind hammers the glass.',
    'status: proposed',
    'provenance:',
    '  run: bench',
    `  task: directors-assistant:${id}`,
    '  role: directors-assistant',
    '  model: offline',
    '  provider: offline',
    '  inputs:',
    '    script.fountain: 1f7a3c0e2b9d4a6f8e1c3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a',
    '---',
    '',
    'Wind hammers the glass.',
    '',
  ].join('\n');
}

function withShots(n: number): string {
  const dir = repo();
  mkdirSync(join(dir, 'shots'));
  for (let i = 0; i < n; i++) writeFileSync(join(dir, 'shots', `shot-${String(i).padStart(4, '0')}.md`), shot(i));
  return dir;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** CPU milliseconds of this process and its finished children (Linux /proc), or NaN elsewhere. */
function cpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // utime stime cutime cstime are fields 14–17 of stat; here counted after the `(comm) ` part.
    const ticks = [11, 12, 13, 14].reduce((a, i) => a + Number(fields[i]), 0);
    return (ticks * 1000) / 100;
  } catch {
    return NaN;
  }
}

const cpu: Record<string, number[]> = {};

async function time(fn: () => unknown, label?: string): Promise<number> {
  const c = cpuMs();
  const t = performance.now();
  await fn();
  const wall = performance.now() - t;
  if (label) (cpu[label] ??= []).push(cpuMs() - c);
  return wall;
}

async function approveThousand(): Promise<void> {
  await approve(withShots(5), ['shots/*.md']); // warm up: modules loaded, JIT
  const ours: number[] = [];
  const plain: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const a = withShots(1000);
    const b = withShots(1000);
    ours.push(await time(() => approve(a, ['shots/*.md']), 'approve'));
    plain.push(await time(() => {
      git(b, 'add', '--', 'shots');
      git(b, 'commit', '-q', '-m', 'Add 1000 shots');
    }, 'git'));
    if (Number(git(a, 'rev-list', '--count', 'HEAD')) !== 2) throw new Error('approve did not make exactly one commit');
  }
  const o = median(ours);
  const p = median(plain);
  console.log(`approve + lock 1,000 artifacts:    ${o.toFixed(0)} ms (median of ${ROUNDS}; runs ${ours.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`git add + git commit, same files:  ${p.toFixed(0)} ms (median of ${ROUNDS}; runs ${plain.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`ratio: ${(o / p).toFixed(2)}× wall (target ≤ 2×)`);
  const [ca, cg] = [median(cpu.approve!), median(cpu.git!)];
  console.log(`CPU time (this process + git children): approve ${ca.toFixed(0)} ms, git add + commit ${cg.toFixed(0)} ms, ratio ${(ca / cg).toFixed(2)}×`);
}

function frames(n: number, tag: string): { path: string; content: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `media/frames/f-${String(i).padStart(3, '0')}.svg`,
    content: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 90"><text x="4" y="20">${tag} ${i}</text><rect x="10" y="30" width="${20 + i}" height="40"/></svg>\n`,
  }));
}

async function proposalHundred(): Promise<void> {
  // A production with history: 1,000 committed shots, so a checkout has real work to do.
  const dir = withShots(1000);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'shots');
  await writeProposalBranch(dir, { role: 'warmup', runId: 'w', message: 'warm up', files: frames(2, 'w') });
  const ours: number[] = [];
  const worktree: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(await time(() => writeProposalBranch(dir, { role: 'storyboard-artist', runId: `p${round}`, message: 'frames', files: frames(100, `p${round}`) })));
    worktree.push(await time(() => {
      const wt = join(dir, '..', `${dir.split('/').pop()}-wt-${round}`);
      made.push(wt);
      git(dir, 'worktree', 'add', '-q', '-b', `crew/wt/${round}`, wt);
      mkdirSync(join(wt, 'media', 'frames'), { recursive: true });
      for (const f of frames(100, `w${round}`)) writeFileSync(join(wt, f.path), f.content);
      git(wt, 'add', '--', 'media');
      git(wt, 'commit', '-q', '-m', 'frames');
      git(dir, 'worktree', 'remove', '--force', wt);
    }));
  }
  const o = median(ours);
  const w = median(worktree);
  console.log(`proposal branch of 100 files, plumbing:        ${o.toFixed(0)} ms (median of ${ROUNDS}; runs ${ours.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`same via git worktree add + commit + remove:   ${w.toFixed(0)} ms (median of ${ROUNDS}; runs ${worktree.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`ratio: ${(o / w).toFixed(2)}× (plumbing / worktree)`);
}

/** Prints the git layer's figures. */
export async function run(): Promise<void> {
  console.log(`git layer (repositories in ${BASE}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  try {
    await approveThousand();
    await proposalHundred();
  } finally {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
