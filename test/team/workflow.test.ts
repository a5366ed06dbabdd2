/**
 * The CI template, run locally: the `run:` scripts of examples/ci/filmcrew-shards.yml, exactly
 * as written, in bash as GitHub runs them, against a bare repository in a temp folder as the
 * remote. Two shard "runners" (fresh clones), then the combine job. `filmcrew` is this source
 * tree's CLI; `gh` (GitHub's CLI, the one outside service) is replaced by a recorder.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { git, repoRoot, tempDir } from '../support/fixtures';
import { teamAtStoryboard } from './remote';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
}
interface Workflow {
  env: Record<string, unknown>;
  jobs: Record<string, { needs?: string; env?: Record<string, unknown>; strategy?: { matrix: { shard: number[] } }; steps: Step[] }>;
}

const workflow = parse(readFileSync(join(repoRoot, 'examples/ci/filmcrew-shards.yml'), 'utf8')) as Workflow;

/** The job's scripts, as written, but for installing filmcrew (this tree's CLI stands in). */
function scripts(job: string): string[] {
  return workflow.jobs[job]!.steps.filter((s) => s.run && s.name !== 'Install filmcrew').map((s) => s.run!);
}

function bin(dir: string, name: string, body: string): void {
  writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, name), 0o755);
}

describe('the CI workflow template, run locally against a bare remote', function () {
  this.timeout(300_000);

  it('is a matrix of shards with keys from secrets and a cap per shard, and a job that combines them', () => {
    const shard = workflow.jobs.shard!;
    assert.deepEqual(shard.strategy?.matrix.shard, [1, 2, 3, 4]);
    assert.equal(workflow.env.SHARDS, 4, 'SHARDS is the length of the matrix');
    assert.match(String(shard.env?.OPENAI_API_KEY), /^\$\{\{ secrets\.OPENAI_API_KEY \}\}$/);
    assert.ok(scripts('shard').some((s) => s.includes('--budget-cap "$BUDGET_CAP"')));
    assert.equal(workflow.jobs.combine!.needs, 'shard');
    for (const s of [...scripts('shard'), ...scripts('combine')]) assert.doesNotMatch(s, /\$\{\{/, 'scripts use shell variables only, so they run the same here');
  });

  it('shards the storyboard on two runners, combines the shards and opens one pull request, leaving main alone', async () => {
    const team = await teamAtStoryboard();
    const tools = tempDir('filmcrew-bin-');
    const ghLog = join(tools, 'gh.log');
    bin(tools, 'filmcrew', `exec node "${join(repoRoot, 'node_modules/tsx/dist/cli.mjs')}" "${join(repoRoot, 'src/cli/main.ts')}" "$@"`);
    bin(tools, 'gh', `echo "gh $*" >> "${ghLog}"\nwhile [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cat "$2" >> "${ghLog}"; fi; shift; done`);
    const env = {
      ...process.env,
      PATH: `${tools}:${process.env.PATH}`,
      SHARDS: '2',
      RUN_ID: 'ci-42-1',
      STAGE: 'storyboard',
      BUDGET_CAP: '5',
      LINK_BASE: 'https://github.com/example/last-light/raw',
      BASE_BRANCH: 'main',
    };
    const main = git(team.remote, 'rev-parse', 'main');
    const runner = (name: string) => {
      const dir = join(tempDir('filmcrew-runner-'), name);
      execFileSync('git', ['clone', '-q', team.remote, dir], { stdio: 'ignore' });
      return dir;
    };
    const runJob = (job: string, dir: string, extra: Record<string, string> = {}) => {
      for (const script of scripts(job)) execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd: dir, env: { ...env, ...extra }, stdio: 'pipe' });
    };
    for (const shard of ['1', '2']) runJob('shard', runner(`shard-${shard}`), { SHARD: shard });
    const heads = () => git(team.remote, 'for-each-ref', '--format=%(refname:lstrip=2)', 'refs/heads/crew/').split('\n').filter(Boolean);
    assert.deepEqual(heads(), ['crew/storyboard-artist/ci-42-1.shard-1-of-2', 'crew/storyboard-artist/ci-42-1.shard-2-of-2']);

    runJob('combine', runner('combine'));
    assert.deepEqual(heads(), ['crew/storyboard-artist/ci-42-1'], 'one branch per role; the shard branches are gone');
    const changed = git(team.remote, 'diff', '--name-only', 'main', 'crew/storyboard-artist/ci-42-1').split('\n');
    assert.equal(changed.length, 21);
    assert.ok(changed.every((p) => /^media\/frames\/s0\d-\d{3}\.svg$/.test(p)));
    assert.equal(git(team.remote, 'rev-parse', 'main'), main, 'main moves only when a person approves');

    assert.ok(existsSync(ghLog));
    const gh = readFileSync(ghLog, 'utf8');
    assert.match(gh, /^gh pr create --base main --head crew\/storyboard-artist\/ci-42-1 --title storyboard-artist: 21 files from run ci-42-1 \(shards 1, 2 of 2\) --body-file pr\.md$/m);
    assert.match(gh, /### Frames before and after/);
    assert.match(gh, /!\[media\/frames\/s01-001\.svg\]\(https:\/\/github\.com\/example\/last-light\/raw\/[0-9a-f]{40}\/media\/frames\/s01-001\.svg\)/);
    assert.match(gh, /`filmcrew approve crew\/storyboard-artist\/ci-42-1`/);
  });
});
