/**
 * A small production in a real git repository for the git-layer tests: a script, shots made by
 * the director's assistant (with provenance), a character sheet with four options, and helpers
 * to read what git recorded.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputHash } from '../../src/core/artifact/hash';
import { git, initRepo, tempDir, writeFiles } from '../support/fixtures';

export const SCRIPT = `Title: Test

INT. LIGHTHOUSE - NIGHT

MARA trims the LANTERN.
`;

export const PRODUCTION = `---
kind: production
title: Test Film
# The style block every specialist sees.
style: cold blue night
status: draft
---

# Test Film
`;

export function character(options = ['a', 'b', 'c', 'd']): string {
  return `---
kind: character
id: mara
name: MARA
description: A lighthouse keeper in her sixties.
options:
${options.map((o) => `  - id: ${o}\n    prompt: Mara look ${o}\n    image: media/options/characters/mara-${o}.svg`).join('\n')}
chosen: null
status: proposed
---

Mara keeps the light.
`;
}

export function shot(id: string, inputs: Record<string, string>, extra = ''): string {
  return `---
kind: shot
id: ${id}
scene: s01
order: ${Number(id.slice(-3))}
size: WS
action: The lighthouse in the storm.
${extra}status: proposed
provenance:
  run: r1
  task: directors-assistant:s01
  role: directors-assistant
  model: offline
  provider: offline
  inputs:
${Object.entries(inputs)
  .map(([p, h]) => `    ${p}: ${h}`)
  .join('\n')}
---

Wind hammers the glass.
`;
}

/** inputHash of a production file as it is on disk now. */
export function hashOf(dir: string, path: string): string {
  return inputHash(path, readFileSync(join(dir, path)));
}

/** A committed production: production.md, script, 2 shots (proposed, with provenance), mara (4 options). */
export function production(): string {
  const dir = tempDir('filmcrew-git-');
  writeFiles(dir, {
    'production.md': PRODUCTION,
    'script.fountain': SCRIPT,
    'characters/mara.md': character(),
    ...Object.fromEntries(['a', 'b', 'c', 'd'].map((o) => [`media/options/characters/mara-${o}.svg`, `<svg id="${o}"/>`])),
  });
  const inputs = { 'production.md': hashOf(dir, 'production.md'), 'script.fountain': hashOf(dir, 'script.fountain') };
  writeFiles(dir, { 'shots/s01-001.md': shot('s01-001', inputs), 'shots/s01-002.md': shot('s01-002', inputs) });
  initRepo(dir);
  return dir;
}

export function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

export function headCount(dir: string): number {
  return Number(git(dir, 'rev-list', '--count', 'HEAD'));
}

/** Files changed by the HEAD commit. */
export function committedFiles(dir: string, rev = 'HEAD'): string[] {
  return git(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', '-m', '--first-parent', rev).split('\n').filter(Boolean).sort();
}

export function trailers(dir: string, key: string, rev = 'HEAD'): string[] {
  return git(dir, 'log', '-1', `--format=%(trailers:key=${key},valueonly)`, rev).split('\n').filter(Boolean);
}

/** `git status --porcelain` as a sorted list. */
export function status(dir: string): string[] {
  return execFileSync('git', ['status', '--porcelain=v1', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}
