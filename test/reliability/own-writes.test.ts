/**
 * A run killed after renaming an output into place, before its `succeeded` line and the
 * provenance ledger reached the disk: on `--resume` that file is the run's own work (the run
 * journaled the hash it was about to write), not a person's edit, and is replaced in place. A
 * person's edit to the same file still goes to a proposal beside it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVENANCE_LEDGER } from '../../src/core/git/provenance';
import { readJournal } from '../../src/core/orchestrator/index';
import { CACHE_FILE } from '../../src/core/orchestrator/memory';
import type { RunSummary } from '../../src/core/orchestrator/types';
import type { FrontmatterData } from '../../src/core/model/types';
import { git } from '../support/fixtures';
import { FakeProvider, scriptedRole, task, type RunScript } from '../orchestrator/fixtures/crew';
import { production, run } from '../orchestrator/helpers';

const A = task('painter', 'a', { reads: ['notes.md'], writes: ['out/painter/a.json'] });
const B = task('painter', 'b', { reads: ['notes.md'], writes: ['out/painter/b.json'] });
const crew = () => [scriptedRole('painter', [A, B])];

/** The same work as markdown artifacts (the writer composes their text; shots and sheets are these). */
const MD = [task('painter', 'a', { reads: ['notes.md'], writes: ['out/painter/a.md'] }), task('painter', 'b', { reads: ['notes.md'], writes: ['out/painter/b.md'] })];
const sketcher: RunScript = async (ctx, call) => {
  const result = await call({ modality: 'text', prompt: `Do ${ctx.task.id}.`, input: { task: ctx.task.id } });
  const notes = ctx.files.get('notes.md')?.text ?? '';
  return ctx.task.writes.map((path) => ({ type: 'artifact' as const, path, data: { kind: 'note', answer: (result.content as { text: string }).text } as unknown as FrontmatterData, body: notes }));
};
const mdCrew = () => [scriptedRole('painter', MD, sketcher)];

function film(): string {
  return production({ agents: [{ role: 'painter', reads: ['notes.md'], writes: ['out/painter/*'] }], files: { 'notes.md': '---\nkind: note\n---\nA lamp.\n' } });
}

/**
 * What a SIGKILL right after `path` was renamed into place leaves: the journal up to (not
 * including) the task's `succeeded` line, no cache.json (saved at the end of a run), and no
 * provenance entry for the file (the ledger is flushed every 400 ms).
 */
function killedAfterWriting(dir: string, summary: RunSummary, taskId: string, path: string): void {
  const text = readFileSync(summary.journal, 'utf8');
  const line = text.split('\n').find((l) => l.includes('"e":"succeeded"') && l.includes(`"task":"${taskId}"`));
  assert.ok(line, `${taskId} succeeded in the run`);
  truncateSync(summary.journal, Buffer.byteLength(text.slice(0, text.indexOf(line))));
  rmSync(join(dir, CACHE_FILE), { force: true });
  const ledgerPath = join(dir, PROVENANCE_LEDGER);
  if (existsSync(ledgerPath)) {
    const ledger = JSON.parse(readFileSync(ledgerPath, 'utf8')) as { files: Record<string, unknown> };
    delete ledger.files[path];
    writeFileSync(ledgerPath, JSON.stringify(ledger));
  }
}

async function resume(dir: string, roles = crew()): Promise<RunSummary> {
  return run(dir, roles, [new FakeProvider()], { resume: true });
}

describe('resume after a kill between an output and its journal line', () => {
  it('takes a file the killed run wrote for its own, first write and rewrite alike', async function () {
    this.timeout(60_000);
    const dir = film();
    const first = await run(dir, crew(), [new FakeProvider()]);
    assert.equal(first.exitCode, 0);
    // The first write of a file (no hash on record for it).
    killedAfterWriting(dir, first, A.id, 'out/painter/a.json');
    const again = await resume(dir);
    assert.equal(again.exitCode, 0, JSON.stringify(again.diagnostics));
    assert.deepEqual(again.diagnostics.filter((d) => d.code === 'write-conflict'), []);
    assert.ok(!existsSync(join(dir, 'out/painter/a.proposed.json')), 'no proposal beside the run’s own file');

    // A rewrite (an older hash on record): the notes change, the run redoes both, killed after a.json.
    writeFileSync(join(dir, 'notes.md'), '---\nkind: note\n---\nA lamp, and a door.\n');
    git(dir, 'commit', '-qam', 'notes');
    const second = await run(dir, crew(), [new FakeProvider()]);
    assert.equal(second.exitCode, 0);
    killedAfterWriting(dir, second, A.id, 'out/painter/a.json');
    const resumed = await resume(dir);
    assert.equal(resumed.exitCode, 0, JSON.stringify(resumed.diagnostics));
    assert.deepEqual(resumed.diagnostics.filter((d) => d.code === 'write-conflict'), []);
    assert.ok(!existsSync(join(dir, 'out/painter/a.proposed.json')));
    assert.match(readFileSync(join(dir, 'out/painter/a.json'), 'utf8'), /and a door/);
    const journaled = readJournal(resumed.journal).filter((e) => e.e === 'succeeded' && e.task === A.id);
    assert.equal(journaled.length, 1, 'the resumed run finished a once more');
  });

  it('does the same for a markdown artifact rewritten after an input changed', async function () {
    this.timeout(60_000);
    const dir = film();
    assert.equal((await run(dir, mdCrew(), [new FakeProvider()])).exitCode, 0);
    writeFileSync(join(dir, 'notes.md'), '---\nkind: note\n---\nA lamp, and a door.\n');
    git(dir, 'commit', '-qam', 'notes');
    const second = await run(dir, mdCrew(), [new FakeProvider()]);
    killedAfterWriting(dir, second, MD[0]!.id, 'out/painter/a.md');
    const resumed = await resume(dir, mdCrew());
    assert.equal(resumed.exitCode, 0, JSON.stringify(resumed.diagnostics));
    assert.deepEqual(resumed.diagnostics.filter((d) => d.code === 'write-conflict'), []);
    assert.ok(!existsSync(join(dir, 'out/painter/a.proposed.md')));
    assert.match(readFileSync(join(dir, 'out/painter/a.md'), 'utf8'), /and a door/);
  });

  it('still puts a proposal beside a file a person changed after the kill', async function () {
    this.timeout(60_000);
    const dir = film();
    const first = await run(dir, crew(), [new FakeProvider()]);
    killedAfterWriting(dir, first, A.id, 'out/painter/a.json');
    const persons = '{"painted by": "a person"}\n';
    writeFileSync(join(dir, 'out/painter/a.json'), persons);
    const again = await resume(dir);
    assert.equal(readFileSync(join(dir, 'out/painter/a.json'), 'utf8'), persons, 'the person’s edit stands');
    assert.ok(existsSync(join(dir, 'out/painter/a.proposed.json')), 'the run’s work went beside it');
    assert.equal(again.diagnostics.filter((d) => d.code === 'write-conflict').length, 1);
  });
});
