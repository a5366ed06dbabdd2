import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendAtomic } from '../../src/core/orchestrator/outputs';
import { tempDir } from '../support/fixtures';
import { FakeProvider, scriptedRole, task } from './fixtures/crew';
import { production, run } from './helpers';

const FEEDBACK = 'agents/casting/feedback.md';

/** A reviewer whose one task writes a review and appends a note (naming its input) to casting's feedback. */
function reviewer() {
  const spec = task('reviewer', 'cut', { reads: ['in/cut.txt'], writes: ['out/review.md', FEEDBACK] });
  return scriptedRole('reviewer', [spec], async (ctx, call) => {
    await call({ modality: 'text', prompt: 'Review the cut.', input: {} });
    const cut = ctx.files.get('in/cut.txt')?.text ?? '';
    return [
      { type: 'file', path: 'out/review.md', content: `review of ${cut}\n` },
      { type: 'file', path: FEEDBACK, content: `\n## From the reviewer\n\n- Mara's coat in "${cut}" is the wrong colour.\n`, append: true },
    ];
  });
}

function film(files: Record<string, string> = {}) {
  return production({
    agents: [
      { role: 'reviewer', reads: ['in/*'], writes: ['out/*', 'agents/*/feedback.md'] },
      { role: 'casting', reads: [], writes: ['characters/*.md'] },
    ],
    files: { 'in/cut.txt': 'cut one', ...files },
  });
}

describe('appending outputs (notes routed to a role\'s feedback.md)', () => {
  it('appends the notes after what a person wrote there, and puts nothing beside', async () => {
    const person = '# Feedback for casting\n\nMara is older than the script says: weathered, 60s.\n';
    const dir = film({ [FEEDBACK]: person });
    const summary = await run(dir, [reviewer()], [new FakeProvider()]);
    assert.equal(summary.counts.succeeded, 1);
    const text = readFileSync(join(dir, FEEDBACK), 'utf8');
    assert.ok(text.startsWith(person), 'the person\'s notes are kept, first');
    assert.match(text.slice(person.length), /Mara's coat in "cut one" is the wrong colour/);
    assert.deepEqual(readdirSync(join(dir, 'agents/casting')).sort(), ['agent.md', 'feedback.md']);
    assert.deepEqual(summary.diagnostics.filter((d) => d.code === 'write-conflict'), []);
  });

  it('creates the feedback file when the role has none yet', async () => {
    const dir = film();
    await run(dir, [reviewer()], [new FakeProvider()]);
    assert.equal(readFileSync(join(dir, FEEDBACK), 'utf8'), '\n## From the reviewer\n\n- Mara\'s coat in "cut one" is the wrong colour.\n');
  });

  it('appends again on the next review, keeping the earlier notes and a person\'s edit in between', async () => {
    const dir = film();
    const provider = new FakeProvider();
    await run(dir, [reviewer()], [provider]);
    // A person answers the note in the file filmcrew appended to: not a conflict for the next append.
    writeFileSync(join(dir, FEEDBACK), readFileSync(join(dir, FEEDBACK), 'utf8') + '\nAgreed, fixing the coat.\n');
    writeFileSync(join(dir, 'in/cut.txt'), 'cut two');
    const second = await run(dir, [reviewer()], [provider]);
    assert.equal(second.counts.succeeded, 1);
    const text = readFileSync(join(dir, FEEDBACK), 'utf8');
    const order = ['"cut one"', 'Agreed, fixing the coat.', '"cut two"'].map((s) => text.indexOf(s));
    assert.ok(order.every((i) => i >= 0), text);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'earlier notes, the person\'s answer, then the new notes');
    assert.equal(existsSync(join(dir, 'agents/casting/feedback.proposed.md')), false);
  });

  it('serializes appends to one file: many at once all land, whole and unmixed', async () => {
    const abs = join(tempDir(), 'agents', 'casting', 'feedback.md');
    const notes = Array.from({ length: 40 }, (_, i) => `note ${String(i).padStart(2, '0')} ${'·'.repeat(200)}\n`);
    await Promise.all(notes.map((n) => appendAtomic(abs, n)));
    const lines = readFileSync(abs, 'utf8').split('\n').filter(Boolean);
    assert.equal(lines.length, 40);
    assert.deepEqual([...lines].sort(), notes.map((n) => n.trimEnd()).sort());
  });
});
