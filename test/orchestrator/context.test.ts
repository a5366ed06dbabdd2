import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScopedContext } from '../../src/core/crew/role';
import { FakeProvider, scriptedRole, task } from './fixtures/crew';
import { production, run } from './helpers';

describe('scoped context', () => {
  function film() {
    return production({
      agents: [
        { role: 'painter', reads: ['production.md', 'shots/*.md', 'agents/*/feedback.md'], writes: ['out/painter/*', 'shots/*.md'] },
        { role: 'critic', reads: ['shots/*.md'], writes: ['out/critic/*'] },
      ],
      files: {
        'shots/s01-001.md': '---\nkind: shot\nid: s01-001\nscene: s01\norder: 1\nsize: WS\n---\nThe lamp.\n',
        'private/diary.md': 'What the painter must not read.\n',
        'agents/painter/feedback.md': 'Painter: warmer light, please.\n',
        'agents/critic/feedback.md': 'Critic: be kinder.\n',
      },
    });
  }

  it('gives a role only the files it reads that its agent.md allows, and only its own feedback', async () => {
    const dir = film();
    const seen: ScopedContext[] = [];
    const painter = scriptedRole(
      'painter',
      [task('painter', 'a', { reads: ['production.md', 'shots/*.md', 'private/diary.md', 'agents/critic/feedback.md', 'agents/painter/feedback.md'] })],
      async (ctx) => {
        seen.push(ctx);
        return [];
      },
    );
    const summary = await run(dir, [painter], [new FakeProvider()]);
    assert.equal(summary.counts.succeeded, 1, JSON.stringify(summary.tasks));
    const ctx = seen[0]!;
    assert.deepEqual([...ctx.files.keys()], ['production.md', 'shots/s01-001.md'], 'not the diary (outside its reads), not any feedback file');
    assert.equal(ctx.feedback, 'Painter: warmer light, please.\n');
    const everything = JSON.stringify({ ...ctx, files: [...ctx.files.values()] });
    assert.ok(!everything.includes('be kinder'), 'the critic’s feedback is nowhere in the painter’s context');
    assert.ok(!everything.includes('must not read'));
    assert.equal(ctx.style, 'Grey pencil, hard shadows.');
    assert.equal(ctx.brief.trim(), 'Brief of painter.');
    assert.equal(ctx.files.get('shots/s01-001.md')!.artifact!.data.kind, 'shot');
  });

  it('lists the media a task reads and reads their bytes only when the role asks for them', async () => {
    const dir = production({
      agents: [{ role: 'editor', reads: ['media/clips/*'], writes: ['out/editor/*'] }],
      files: { 'media/clips/a.mp4': 'clip a bytes', 'media/clips/b.mp4': 'clip b bytes' },
    });
    mkdirSync(join(dir, 'media/clips/folder.mp4'));
    const asked: (string | undefined)[] = [];
    const cutter = scriptedRole('editor', [task('editor', 'cut', { reads: ['media/clips/*'] })], async (ctx) => {
      assert.deepEqual([...ctx.files.keys()], ['media/clips/a.mp4', 'media/clips/b.mp4'], 'both clips, not a folder named like one');
      // b goes before the role looks at it: a context that had read every clip would still hold it.
      rmSync(join(dir, 'media/clips/b.mp4'));
      asked.push(Buffer.from(ctx.files.get('media/clips/a.mp4')!.bytes!).toString());
      asked.push(Buffer.from(ctx.files.get('media/clips/b.mp4')!.bytes!).toString());
      return [];
    });
    const summary = await run(dir, [cutter], [new FakeProvider()]);
    assert.deepEqual(asked, ['clip a bytes'], 'a read when asked; b, gone by then, was never read before');
    assert.equal(summary.tasks[0]!.outcome, 'failed');
    assert.match(summary.tasks[0]!.reason!, /media\/clips\/b\.mp4|ENOENT/);
  });

  it('does not let a role write outside its task’s writes', async () => {
    const dir = film();
    const sneaky = scriptedRole('painter', [task('painter', 'a')], async () => [{ type: 'file', path: 'out/critic/forged.json', content: '{}' }]);
    const summary = await run(dir, [sneaky], [new FakeProvider()]);
    assert.equal(summary.tasks[0]!.outcome, 'failed');
    assert.match(summary.tasks[0]!.reason!, /out\/critic\/forged.json, which is not among the task's writes/);
  });

  it('refuses a plan where two tasks write the same file', async () => {
    const dir = film();
    const twice = scriptedRole('painter', [task('painter', 'a'), task('painter', 'b', { writes: ['out/painter/a.json'] })]);
    const summary = await run(dir, [twice], [new FakeProvider()]);
    assert.deepEqual(summary.tasks.map((t) => t.id), ['painter:a']);
    assert.match(summary.problems[0]!.message, /would write out\/painter\/a.json, which task painter:a also writes/);
    assert.equal(summary.exitCode, 1);
  });

  it('does not run a role that has no agents/<role>/agent.md', async () => {
    const dir = film();
    const ghost = scriptedRole('ghost', [task('ghost', 'a')]);
    const summary = await run(dir, [ghost], [new FakeProvider()]);
    assert.equal(summary.tasks.length, 0);
    assert.match(summary.idle[0]!.reason, /no agents\/ghost\/agent.md/);
  });

  it('keeps a person’s change made while the task ran and puts the proposal beside it', async () => {
    const dir = film();
    writeFileSync(join(dir, 'shots/s01-002.md'), '---\nkind: shot\nid: s01-002\nscene: s01\norder: 2\n---\nDraft.\n');
    const shot = 'shots/s01-002.md';
    const role = scriptedRole('painter', [task('painter', 'a', { reads: [shot], writes: [shot] })], async () => {
      writeFileSync(join(dir, shot), '---\nkind: shot\nid: s01-002\nscene: s01\norder: 2\n---\nA person rewrote this.\n');
      return [{ type: 'artifact', path: shot, data: { kind: 'shot', id: 's01-002', scene: 's01', order: 2, size: 'CU' }, body: 'The agent’s version.\n' }];
    });
    const summary = await run(dir, [role], [new FakeProvider()]);
    const report = summary.tasks[0]!;
    assert.equal(report.outcome, 'succeeded');
    assert.deepEqual(report.outputs, ['shots/s01-002.proposed.md']);
    assert.ok(summary.diagnostics.some((d) => d.code === 'write-conflict' && d.message.includes('shots/s01-002.proposed.md')));
    assert.match(readFileSync(join(dir, shot), 'utf8'), /A person rewrote this/);
    const beside = readFileSync(join(dir, 'shots/s01-002.proposed.md'), 'utf8');
    assert.match(beside, /status: proposed/);
    assert.match(beside, /The agent’s version/);
  });
});
