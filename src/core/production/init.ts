/**
 * Starting a production: production.md with a style block, a script with a title page, the
 * built-in crew as agents/<role>/agent.md, Git LFS patterns for media, the cache folder ignored,
 * and a first commit. Nothing a person already wrote is overwritten.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { FilmcrewError } from '../diagnostics';
import { BUILTIN_AGENTS } from '../crew/builtin-agents';
import { agentFile, PRODUCTION_FILE, STATE_DIR } from '../model/paths';
import { writeArtifact, writeFileAtomic } from '../artifact/writer';

type AgentTemplate = (typeof BUILTIN_AGENTS)[number];

export interface InitOptions {
  /** The film's title; defaults to the folder's name in title case. */
  title?: string;
  /** Make a git repository and the first commit (default true). */
  git?: boolean;
  /** Today, as YYYY-MM-DD, for the script's draft date (tests pass a fixed one). */
  date?: string;
  /** The approval mode written into production.md (default always-ask). */
  approval?: 'always-ask' | 'auto';
}

export interface InitResult {
  root: string;
  title: string;
  /** Production-relative paths written. */
  written: string[];
  /** Set when a commit was made. */
  commit?: string;
  /** True when `git init` ran (false: the folder was already in a repository). */
  createdRepository: boolean;
}

/** Media that belongs in Git LFS, not in the repository's history. */
export const LFS_PATTERNS = ['*.png', '*.jpg', '*.jpeg', '*.webp', '*.gif', '*.mp4', '*.mov', '*.webm', '*.mkv', '*.wav', '*.mp3', '*.aif', '*.aiff', '*.flac'];

function gitattributes(): string {
  return [
    '# Generated media lives in Git LFS; run `git lfs install` once per machine.',
    '# Storyboard sketches (*.svg) and every text file stay in git itself, where they diff.',
    ...LFS_PATTERNS.map((p) => `${p} filter=lfs diff=lfs merge=lfs -text`),
    '',
  ].join('\n');
}

const GITIGNORE = `# filmcrew's caches and run journals\n${STATE_DIR}/\n`;

function titleFromFolder(root: string): string {
  const words = basename(root).replace(/[-_]+/g, ' ').trim();
  return words ? words.replace(/\b\w/g, (c) => c.toUpperCase()) : 'Untitled';
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

function productionText(title: string, approval: 'always-ask' | 'auto' = 'always-ask'): string {
  return `---
kind: production
title: ${yamlString(title)}
format:
  aspect: "16:9"
  fps: 24
  resolution: 1920x1080
# The style block: every crew member sees it. Say what the camera and the art department need.
style: >-
  Describe the look: palette, light, lenses, texture, period, references.
# The treatment: what the film is meant to be. The checker compares the cut against it.
treatment: >-
  Say in a few sentences what happens and how it should feel.
target_duration: 60
# always-ask: every paid call waits for your yes. auto: calls run within the budget.
approval: ${approval}
budget:
  cap: 10
  currency: USD
acts:
  - id: act1
    title: ACT ONE
status: draft
---

# ${title}

Write the screenplay in \`script.fountain\` (https://fountain.io). Sections (\`# ACT ONE\`) are acts.
Then run \`filmcrew validate\` and \`filmcrew status\`.
`;
}

function scriptText(title: string, author: string, date: string): string {
  return `Title: ${title}\nCredit: written by\nAuthor: ${author}\nDraft date: ${date}\n\n`;
}

/** The frontmatter of a built-in role's agent.md, in the order a person reads it. */
export function agentData(t: AgentTemplate): Record<string, unknown> {
  return {
    kind: 'agent',
    role: t.role,
    name: t.name,
    responsibility: t.responsibility,
    stage: t.stage,
    reads: [...t.reads],
    writes: [...t.writes],
    models: t.models,
    ...(t.options !== undefined ? { options: t.options } : {}),
    ...(t.instances !== undefined ? { instances: t.instances } : {}),
  };
}

/** Writes agents/<role>/agent.md for every built-in role that has none yet; returns the paths written. */
export async function writeCrew(root: string): Promise<string[]> {
  const written: string[] = [];
  for (const t of BUILTIN_AGENTS) {
    const rel = agentFile(t.role);
    if (existsSync(join(root, rel))) continue;
    await writeArtifact(root, rel, agentData(t), `\n${t.brief}\n`, { expectedFileHash: null });
    written.push(rel);
  }
  return written;
}

/** Adds the lines of `wanted` that `rel` lacks (or creates it); returns whether it wrote. */
async function ensureLines(root: string, rel: string, wanted: string): Promise<boolean> {
  const abs = join(root, rel);
  if (!existsSync(abs)) {
    await writeFileAtomic(abs, wanted);
    return true;
  }
  const have = readFileSync(abs, 'utf8');
  const lines = new Set(have.split(/\r?\n/).map((l) => l.trim()));
  const missing = wanted.split('\n').filter((l) => l.trim() && !l.startsWith('#') && !lines.has(l.trim()));
  if (!missing.length) return false;
  await writeFileAtomic(abs, have + (have.endsWith('\n') || have === '' ? '' : '\n') + missing.join('\n') + '\n');
  return true;
}

async function gitReady(root: string): Promise<{ git: SimpleGit; inRepository: boolean; author: string }> {
  const git = simpleGit({ baseDir: root });
  let installed = false;
  try {
    installed = (await git.version()).installed;
  } catch {
    installed = false;
  }
  if (!installed) {
    throw new FilmcrewError(
      'git-missing',
      'git is not installed (or not on PATH): a production is a git repository',
      'Install git (https://git-scm.com/downloads) and run `filmcrew init` again, or pass --no-git to only write the files.',
    );
  }
  const inRepository = await git.checkIsRepo();
  const name = process.env.GIT_AUTHOR_NAME || (await git.getConfig('user.name')).value;
  const email = process.env.GIT_AUTHOR_EMAIL || (await git.getConfig('user.email')).value;
  if (!name || !email) {
    throw new FilmcrewError(
      'git-identity',
      'git does not know who you are, and every lock and approval is a commit signed with your name',
      'Set it once:  git config --global user.name "Your Name"  and  git config --global user.email "you@example.com"  then run `filmcrew init` again.',
    );
  }
  return { git, inRepository, author: name };
}

/** Scaffolds a production in `dir` (created if needed) and, unless told not to, commits it. */
export async function initProduction(dir: string, opts: InitOptions = {}): Promise<InitResult> {
  const root = resolve(dir);
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new FilmcrewError('not-a-folder', `${root} is a file, not a folder`, 'Give the path of a folder (it is created if it does not exist).');
  }
  if (existsSync(join(root, PRODUCTION_FILE))) {
    throw new FilmcrewError('already-a-production', `${root} is already a production (it has production.md)`, 'Run `filmcrew status` in it to see where it stands.');
  }
  mkdirSync(root, { recursive: true });
  const useGit = opts.git !== false;
  const repo = useGit ? await gitReady(root) : undefined;
  const title = opts.title?.trim() || titleFromFolder(root);
  const date = opts.date ?? new Date().toISOString().slice(0, 10);

  const written: string[] = [];
  await writeFileAtomic(join(root, PRODUCTION_FILE), productionText(title, opts.approval));
  written.push(PRODUCTION_FILE);
  if (!existsSync(join(root, 'script.fountain')) && !existsSync(join(root, 'script.md'))) {
    await writeFileAtomic(join(root, 'script.fountain'), scriptText(title, repo?.author ?? '', date));
    written.push('script.fountain');
  }
  written.push(...(await writeCrew(root)));
  if (await ensureLines(root, '.gitattributes', gitattributes())) written.push('.gitattributes');
  if (await ensureLines(root, '.gitignore', GITIGNORE)) written.push('.gitignore');

  if (!repo) return { root, title, written, createdRepository: false };
  let createdRepository = false;
  if (!repo.inRepository) {
    try {
      await repo.git.raw(['init', '-q', '-b', 'main']);
    } catch {
      await repo.git.init(); // git before 2.28 has no -b
    }
    createdRepository = true;
  }
  await repo.git.add(['--', ...written]);
  const result = await repo.git.commit(`Start production: ${title}`, written);
  return { root, title, written, createdRepository, commit: result.commit || undefined };
}
