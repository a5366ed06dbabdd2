import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FilmcrewError } from '../../src/core/diagnostics';
import { BUILTIN_AGENTS } from '../../src/core/crew/builtin-agents';
import { initProduction } from '../../src/core/production/init';
import { loadProduction } from '../../src/core/production/load';
import { examplesDir, git, initRepo, tempDir, writeFiles } from '../support/fixtures';
import { IDENTITY, withGitConfig } from './git-config';

describe('filmcrew init (core)', () => {
  it('scaffolds a production that validates, in a new git repository with one commit', async () => {
    const dir = join(tempDir(), 'night-ferry');
    const result = await withGitConfig(IDENTITY, {}, () => initProduction(dir, { date: '2026-01-31' }));
    assert.equal(result.title, 'Night Ferry');
    assert.equal(result.createdRepository, true);
    assert.ok(result.commit);
    assert.equal(git(dir, 'status', '--porcelain'), '');
    assert.equal(git(dir, 'rev-list', '--count', 'HEAD'), '1');
    const committed = git(dir, 'ls-files').split('\n').sort();
    assert.deepEqual(committed, [...result.written].sort());
    assert.ok(committed.includes('.gitattributes') && committed.includes('.gitignore') && committed.includes('script.fountain'));

    const p = await loadProduction(dir);
    assert.deepEqual(p.diagnostics, []);
    assert.equal(p.production?.data.title, 'Night Ferry');
    assert.equal(typeof p.production?.data.style, 'string');
    assert.deepEqual(p.agents.map((a) => a.data.role).sort(), BUILTIN_AGENTS.map((a) => a.role).sort());
    assert.equal(readFileSync(join(dir, 'script.fountain'), 'utf8'), 'Title: Night Ferry\nCredit: written by\nAuthor: Test Director\nDraft date: 2026-01-31\n\n');
    assert.deepEqual(p.script?.elements, []);
    const attributes = readFileSync(join(dir, '.gitattributes'), 'utf8');
    for (const ext of ['png', 'jpg', 'mp4', 'mov', 'wav']) assert.match(attributes, new RegExp(`^\\*\\.${ext} filter=lfs diff=lfs merge=lfs -text$`, 'm'));
    assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.filmcrew\/$/m);
  });

  it('writes each built-in role as data: its frontmatter from the crew table and its brief as the body', async () => {
    const dir = join(tempDir(), 'film');
    await initProduction(dir, { git: false });
    const p = await loadProduction(dir);
    for (const t of BUILTIN_AGENTS) {
      const a = p.agents.find((x) => x.data.role === t.role)!;
      assert.equal(a.data.responsibility, t.responsibility);
      assert.deepEqual(a.data.reads, t.reads);
      assert.deepEqual(a.data.writes, t.writes);
      assert.deepEqual(a.data.models, t.models);
      assert.equal(a.data.options, t.options);
      assert.equal(a.data.instances, t.instances);
      assert.equal(a.body, `\n${t.brief}\n`);
    }
  });

  it('gives the example production exactly the crew that init writes', async () => {
    const dir = join(tempDir(), 'film');
    await initProduction(dir, { git: false });
    const roles = readdirSync(join(dir, 'agents')).sort();
    assert.deepEqual(readdirSync(join(examplesDir, 'lighthouse/agents')).sort(), roles);
    for (const role of roles) {
      assert.equal(readFileSync(join(examplesDir, 'lighthouse/agents', role, 'agent.md'), 'utf8'), readFileSync(join(dir, 'agents', role, 'agent.md'), 'utf8'), role);
    }
  });

  it('says how to set a git identity when there is none, and writes nothing', async () => {
    const dir = join(tempDir(), 'film');
    await assert.rejects(
      withGitConfig('', {}, () => initProduction(dir)),
      (e: unknown) => e instanceof FilmcrewError && e.code === 'git-identity' && /git config --global user\.name/.test(e.advice ?? ''),
    );
    assert.equal(existsSync(join(dir, 'production.md')), false);
  });

  it('says git is missing when it cannot run git', async () => {
    const dir = join(tempDir(), 'film');
    await assert.rejects(
      withGitConfig(IDENTITY, { PATH: join(tempDir(), 'no-bin') }, () => initProduction(dir)),
      (e: unknown) => e instanceof FilmcrewError && e.code === 'git-missing' && /--no-git/.test(e.advice ?? ''),
    );
  });

  it('refuses to start a production over an existing one', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'production.md': '---\nkind: production\ntitle: Mine\n---\n' });
    await assert.rejects(initProduction(dir, { git: false }), (e: unknown) => e instanceof FilmcrewError && e.code === 'already-a-production');
    assert.equal(readFileSync(join(dir, 'production.md'), 'utf8'), '---\nkind: production\ntitle: Mine\n---\n');
  });

  it('in an existing repository, commits its own files only and keeps what a person has there', async () => {
    const dir = tempDir();
    writeFiles(dir, { '.gitignore': 'node_modules/\n', 'notes.txt': 'mine' });
    initRepo(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine, changed');
    const result = await initProduction(dir, { title: 'The Film' });
    assert.equal(result.createdRepository, false);
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), 'node_modules/\n.filmcrew/\n');
    assert.equal(git(dir, 'status', '--porcelain'), 'M notes.txt');
    assert.equal(git(dir, 'log', '-1', '--format=%s'), 'Start production: The Film');
  });
});
