/**
 * The production's git repository: runs git (porcelain and plumbing), knows where the
 * production sits inside the repository, and turns the states that make a lock or a gate
 * impossible (no repository, no identity, detached HEAD, a merge in progress) into
 * FilmcrewErrors with advice.
 *
 * git is spawned directly rather than through simple-git: most calls here stream stdin to
 * plumbing (update-index --index-info, commit-tree -F -) with a per-call GIT_INDEX_FILE.
 */
import { spawn } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FilmcrewError } from '../diagnostics';

export interface GitResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface GitCall {
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Exit codes that are answers, not failures (e.g. 1 from merge-base --is-ancestor). */
  okCodes?: number[];
  /** Return raw bytes (cat-file). */
  binary?: boolean;
}

/** Runs git in `cwd`; rejects with the command and git's own message when it fails. */
export function runGit(cwd: string, args: string[], call: GitCall = {}): Promise<GitResult & { bytes?: Buffer }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...call.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) =>
      reject(new FilmcrewError('git-missing', `cannot run git: ${e.message}`, 'Install git and make sure it is on PATH.')),
    );
    child.stdin.on('error', () => {}); // git may exit before reading all of stdin; its exit code tells
    child.on('close', (code) => {
      const bytes = Buffer.concat(out);
      const result = { stdout: call.binary ? '' : bytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code: code ?? 1 };
      if (result.code !== 0 && !(call.okCodes ?? []).includes(result.code)) {
        reject(new GitFailure(args, result));
        return;
      }
      resolvePromise(call.binary ? { ...result, bytes } : result);
    });
    child.stdin.end(call.input ?? '');
  });
}

/** A git command that failed for a reason this layer did not foresee. */
export class GitFailure extends Error {
  constructor(
    readonly args: string[],
    readonly result: GitResult,
  ) {
    super(`git ${args.slice(0, 3).join(' ')} failed (${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = 'GitFailure';
  }
}

export interface Identity {
  name: string;
  email: string;
}

export const ZERO_OID = /^0+$/;

/** Repositories already opened in this process, by production folder: one `rev-parse` per folder, not per lock. */
const opened = new Map<string, Repo>();

/** Size and mtime of every config file git reads (and the env that points elsewhere): equal stamps, same config. */
function configStamp(gitDir: string): string {
  const home = process.env.HOME ?? homedir();
  const files = [
    join(gitDir, 'config'),
    join(gitDir, 'config.worktree'),
    process.env.GIT_CONFIG_GLOBAL ?? join(home, '.gitconfig'),
    join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'git', 'config'),
    process.env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig',
  ];
  const env = ['GIT_CONFIG_COUNT', 'GIT_CONFIG_PARAMETERS', 'GIT_CONFIG_NOSYSTEM', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL'].map((k) => process.env[k] ?? '');
  return [...files.map((f) => {
    const st = statSync(f, { throwIfNoEntry: false });
    return st ? `${st.size}:${st.mtimeMs}` : '-';
  }), ...env].join('|');
}

/** The repository a production lives in, with the production's place inside it. */
export class Repo {
  private constructor(
    /** Absolute production folder. */
    readonly root: string,
    /** Absolute top level of the work tree. */
    readonly top: string,
    /** Absolute git directory (`.git`, or a worktree's). */
    readonly gitDir: string,
    /** The production folder relative to the top level, `''` or `film/` (with slash). */
    readonly prefix: string,
    /** How object ids are made (`sha1` unless the repository was made with sha256). */
    readonly objectFormat: 'sha1' | 'sha256',
  ) {}

  private config: { stamp: string; values: Map<string, string> } | undefined;

  /** Opens the repository containing `root`, or refuses: not a git repository. */
  static async open(root: string): Promise<Repo> {
    const abs = resolve(root);
    if (!existsSync(abs)) throw new FilmcrewError('not-found', `no production folder at ${abs}`);
    const known = opened.get(abs);
    // Still there, and no repository made inside the production since (it would be the one now).
    if (known && existsSync(known.gitDir) && (known.prefix === '' || !existsSync(join(abs, '.git')))) return known;
    const repo = await Repo.openAnew(abs);
    if (opened.size > 32) opened.clear();
    opened.set(abs, repo);
    return repo;
  }

  private static async openAnew(abs: string): Promise<Repo> {
    let out: string;
    try {
      out = (await runGit(abs, ['rev-parse', '--show-object-format', '--show-toplevel', '--absolute-git-dir', '--show-prefix'])).stdout;
    } catch (e) {
      if (e instanceof GitFailure) {
        throw new FilmcrewError(
          'not-a-git-repo',
          `${abs} is not in a git repository: locks, gates and proposals are git commits`,
          'Run `git init` in the production folder (then commit it), or run filmcrew inside your repository.',
        );
      }
      throw e;
    }
    const [format, top, gitDir, prefix = ''] = out.replace(/\n$/, '').split('\n');
    if (!top) {
      throw new FilmcrewError('not-a-git-repo', `${abs} has no work tree (a bare repository?)`, 'Run filmcrew in a checked-out repository.');
    }
    return new Repo(realpathSync(abs), top, gitDir!, prefix, format === 'sha256' ? 'sha256' : 'sha1');
  }

  /** Runs git at the top level of the work tree. */
  git(args: string[], call?: GitCall): Promise<GitResult & { bytes?: Buffer }> {
    return runGit(this.top, args, call);
  }

  /** Production-relative path → path from the top level (what git prints and takes). */
  toGit(path: string): string {
    return this.prefix + path;
  }

  /** Top-level path → production-relative, or undefined when outside the production. */
  fromGit(path: string): string | undefined {
    if (!path.startsWith(this.prefix)) return undefined;
    return path.slice(this.prefix.length);
  }

  abs(path: string): string {
    return join(this.root, ...path.split('/'));
  }

  /** Production-relative path of an absolute path, forward slashes; undefined when outside. */
  relative(absPath: string): string | undefined {
    const rel = relative(this.root, absPath);
    if (rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  }

  /** A config value (last one wins, as `git config --get`): the whole config is read once, again only when a config file changes. */
  async configValue(key: string): Promise<string | undefined> {
    const stamp = configStamp(this.gitDir);
    if (this.config?.stamp !== stamp) {
      const out = (await this.git(['config', '-z', '--list'], { okCodes: [1] })).stdout;
      const values = new Map<string, string>();
      for (const rec of out.split('\0')) {
        if (!rec) continue;
        const nl = rec.indexOf('\n');
        values.set((nl < 0 ? rec : rec.slice(0, nl)).toLowerCase(), nl < 0 ? 'true' : rec.slice(nl + 1));
      }
      this.config = { stamp, values };
    }
    return this.config.values.get(key.toLowerCase());
  }

  /** The person who approves: user.name and user.email, or refuses with how to set them. */
  async identity(): Promise<Identity> {
    const get = async (key: string, env: string) => {
      if (process.env[env]) return process.env[env]!;
      return (await this.configValue(key))?.trim() ?? '';
    };
    const name = await get('user.name', 'GIT_COMMITTER_NAME');
    const email = await get('user.email', 'GIT_COMMITTER_EMAIL');
    if (!name || !email) {
      throw new FilmcrewError(
        'git-identity',
        `git does not know who you are (user.${!name ? 'name' : 'email'} is not set): an approval records who approved`,
        'Run `git config user.name "Your Name"` and `git config user.email you@example.com` (add --global for every repository).',
      );
    }
    return { name, email };
  }

  /** `refs/heads/<branch>` HEAD points to, or refuses on a detached HEAD. */
  async branchRef(): Promise<string> {
    const r = await this.git(['symbolic-ref', '-q', 'HEAD'], { okCodes: [1] });
    const ref = r.stdout.trim();
    if (r.code !== 0 || !ref.startsWith('refs/heads/')) {
      throw new FilmcrewError(
        'detached-head',
        'HEAD is detached: a lock or a gate must be committed on a branch',
        'Check out your branch first, e.g. `git switch main` (or `git switch -c <new-branch>` to keep where you are).',
      );
    }
    return ref;
  }

  /** The commit HEAD points to; undefined on a branch without commits yet. */
  async head(): Promise<string | undefined> {
    const r = await this.git(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], { okCodes: [1] });
    return r.code === 0 ? r.stdout.trim() : undefined;
  }

  /** Refuses while a merge, rebase, cherry-pick or revert waits for the person. */
  async assertNoOperationInProgress(): Promise<void> {
    const markers: [string, string][] = [
      ['MERGE_HEAD', 'a merge'],
      ['CHERRY_PICK_HEAD', 'a cherry-pick'],
      ['REVERT_HEAD', 'a revert'],
      ['rebase-merge', 'a rebase'],
      ['rebase-apply', 'a rebase'],
    ];
    for (const [file, what] of markers) {
      if (existsSync(join(this.gitDir, file))) {
        throw new FilmcrewError(
          'merge-conflict',
          `${what} is in progress in this repository`,
          'Finish it (resolve the conflicts, then `git commit`) or abort it (`git merge --abort` / `git rebase --abort`), then try again.',
        );
      }
    }
  }

  /** Everything a commit on the current branch needs: identity, a branch, no operation in progress. */
  async readyToCommit(): Promise<{ identity: Identity; ref: string; head: string | undefined }> {
    const ref = await this.branchRef();
    await this.assertNoOperationInProgress();
    const identity = await this.identity();
    return { identity, ref, head: await this.head() };
  }

  /** Moves `ref` from `from` to `to` only if nobody moved it meanwhile (no force, ever). */
  async moveRef(ref: string, to: string, from: string | undefined, reason: string): Promise<void> {
    try {
      await this.git(['update-ref', '-m', reason, ref, to, from ?? '0'.repeat(to.length)]);
    } catch (e) {
      if (e instanceof GitFailure) {
        throw new FilmcrewError(
          'ref-moved',
          `${ref.replace(/^refs\/heads\//, '')} moved while filmcrew was committing (another commit landed): nothing was changed`,
          'Run the command again.',
        );
      }
      throw e;
    }
  }
}

/** `Name <email>`: how an approver is written in trailers and the lock file. */
export function signature(id: Identity): string {
  return `${id.name} <${id.email}>`;
}
