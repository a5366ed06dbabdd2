/**
 * 300 damaged files through `filmcrew validate` (in process, the CLI's own entry): byte flips,
 * truncations, hostile YAML (self-referencing aliases, alias bombs, deep nesting, odd tags),
 * binary garbage, empty files. 0 crashes (an internal error, exit 70), 0 hangs.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction } from '../../src/core/orchestrator/index';
import { copyExample, initRepo } from '../support/fixtures';
import { figure, filesUnder } from './support';

const TRIES = 300;
const HANG_MS = 15_000; // a hang is forever; a busy 2-core CI machine takes seconds

/** A small deterministic PRNG (mulberry32): the same 300 files on every machine. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_YAML = [
  'characters: &a [*a]',
  'x: &a {k: *a}',
  ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join('\n'),
  `deep: ${'['.repeat(3000)}${']'.repeat(3000)}`,
  `deep: ${'{a: '.repeat(2000)}1${'}'.repeat(2000)}`,
  'order: 1e999',
  'id: !!binary aGVsbG8=',
  '? [complex, key]\n: value',
  '<<: *nowhere',
  'kind: shot\nkind: character',
  '\tid: tabbed',
  'id: "unterminated',
  'scenes: !!set {a, b}',
  'duration: .nan',
  'id: \u0000nul',
  `long: ${'x'.repeat(200_000)}`,
  'provenance: {inputs: {"../../etc/passwd": 1}}',
  'frame: /dev/zero',
  'frame: ../../../../etc/passwd',
  'options: [{id: a, image: /dev/zero}]',
];

function mutate(original: Buffer, rand: () => number): Buffer {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const kind = Math.floor(rand() * 7);
  switch (kind) {
    case 0: {
      const out = Buffer.from(original);
      for (let i = 0, n = 1 + Math.floor(rand() * 12); i < n && out.length; i++) out[Math.floor(rand() * out.length)] = Math.floor(rand() * 256);
      return out;
    }
    case 1:
      return original.subarray(0, Math.floor(rand() * original.length));
    case 2:
    case 3: {
      const lines = original.toString('utf8').split('\n');
      const at = 1 + Math.floor(rand() * Math.max(1, Math.min(lines.length - 1, 12)));
      lines.splice(at, kind === 3 ? 1 : 0, pick(HOSTILE_YAML));
      return Buffer.from(lines.join('\n'));
    }
    case 4:
      return Buffer.from(Array.from({ length: Math.floor(rand() * 4096) }, () => Math.floor(rand() * 256)));
    case 5:
      return Buffer.alloc(0);
    default:
      return Buffer.from(`---\n${pick(HOSTILE_YAML)}\n---\n---\n${original.toString('utf8')}`);
  }
}

describe('validate on damaged files', () => {
  it(`never crashes or hangs on ${TRIES} fuzzed files`, async function () {
    this.timeout(600_000);
    const dir = initRepo(copyExample(), 'The Last Light');
    const first = await runProduction(dir, { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' });
    assert.equal(first.exitCode, 0);
    const targets = filesUnder(dir).filter((f) => !f.startsWith('.filmcrew/') && /\.(md|fountain|lock)$/.test(f));
    const rand = prng(12);
    const crashes: string[] = [];
    const hangs: string[] = [];
    let slowest = 0;
    for (let i = 0; i < TRIES; i++) {
      const target = targets[Math.floor(rand() * targets.length)]!;
      const abs = join(dir, target);
      const original = readFileSync(abs);
      writeFileSync(abs, mutate(original, rand));
      const lines: string[] = [];
      const started = performance.now();
      try {
        const code = await main(['validate', dir], { out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false, cwd: dir, env: {} });
        if (code === 70 || lines.some((l) => /internal error|RangeError/.test(l))) crashes.push(`${i} ${target}: ${lines.slice(-2).join(' ')}`);
      } catch (e) {
        crashes.push(`${i} ${target}: ${(e as Error).name}: ${(e as Error).message.slice(0, 160)}`);
      }
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      if (ms > HANG_MS) hangs.push(`${i} ${target}: ${ms.toFixed(0)} ms`);
      writeFileSync(abs, original);
    }
    figure(`fuzz crashes / tried: ${crashes.length} / ${TRIES}; hangs (> ${HANG_MS} ms): ${hangs.length}; slowest validate ${slowest.toFixed(0)} ms`);
    assert.deepEqual(crashes, []);
    assert.deepEqual(hangs, []);
  });
});
