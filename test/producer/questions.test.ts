import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction } from '../../src/core/orchestrator/index';
import type { RunSummary } from '../../src/core/orchestrator/types';
import { answerQuestion, openQuestions, readQuestions } from '../../src/core/questions/store';
import { readLockfile } from '../../src/core/git/lockfile';
import { staleArtifacts } from '../../src/core/git/verify';
import { removeProduction } from './support';
import { copyExample, initRepo } from '../support/fixtures';

/** The example with one more scene the script leaves open: a man never described, a pier at no time of day. */
const AMBIGUOUS_SCENE = `
EXT. HARBOUR PIER

The new beacon blinks on. TOMAS coils a rope at the end of the pier.

TOMAS
She never came down.
`;

const run = (dir: string, extra: Partial<Parameters<typeof runProduction>[1]> = {}) =>
  runProduction(dir, { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline', ...extra });

const outcome = (s: RunSummary, id: string) => s.tasks.find((t) => t.id === id)?.outcome;

describe('questions the offline crew raises instead of guessing', () => {
  let dir: string;
  let first: RunSummary;
  after(function () {
    this.timeout(60_000);
    removeProduction(dir);
  });
  before(async function () {
    this.timeout(120_000);
    dir = copyExample();
    appendFileSync(join(dir, 'script.fountain'), AMBIGUOUS_SCENE);
    initRepo(dir, 'The Last Light, with a pier');
    first = await run(dir);
  });

  it('stops with exit 4 and prints each question with how to answer it', () => {
    assert.equal(first.exitCode, 4);
    assert.equal(first.stopped?.reason, 'question');
    assert.match(first.stopped!.message, /casting\.tomas\.look \(casting, about tomas\): The script never describes Tomas/);
    assert.match(first.stopped!.message, /production-design\.harbour-pier\.time-of-day .*HARBOUR PIER gives no time of day.*\[1\. DAY \| 2\. NIGHT/);
    assert.match(first.stopped!.message, /filmcrew answer <id>/);
  });

  it('writes each question as a file with the asking role, the subject, the options and status open', async () => {
    const { questions, diagnostics } = await readQuestions(dir);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(questions.map((q) => [q.data.id, q.data.role, q.data.task, q.data.subject, q.data.about, q.data.status]).sort(), [
      ['casting.tomas.look', 'casting', 'casting:tomas', 'tomas', 'character', 'open'],
      ['production-design.harbour-pier.time-of-day', 'production-design', 'production-design:location/harbour-pier', 'harbour-pier', 'location', 'open'],
    ]);
    assert.deepEqual(questions.find((q) => q.data.about === 'location')!.data.options, ['DAY', 'NIGHT', 'DAWN', 'DUSK']);
    assert.match(questions.find((q) => q.data.about === 'character')!.body, /script\.fountain line \d+ with no description/);
  });

  it('holds back only the tasks that asked: the other sheets are made', () => {
    assert.equal(outcome(first, 'casting:tomas'), 'skipped');
    assert.equal(outcome(first, 'production-design:location/harbour-pier'), 'skipped');
    assert.equal(outcome(first, 'casting:mara'), 'succeeded');
    assert.equal(outcome(first, 'casting:jonah'), 'succeeded');
    assert.equal(outcome(first, 'costume:tomas'), 'succeeded');
    assert.equal(outcome(first, 'production-design:location/lighthouse-lamp-room'), 'succeeded');
    assert.ok(!existsSync(join(dir, 'characters/tomas.md')));
    assert.ok(existsSync(join(dir, 'characters/mara.md')));
    assert.equal(first.counts.failed, 0);
    assert.ok(!first.gates.some((g) => g.gate === 'assets'), 'the asset lock is not asked while a sheet waits');
  });

  describe('answered', () => {
    let second: RunSummary;
    before(async function () {
      this.timeout(120_000);
      await answerQuestion(dir, 'casting.tomas.look', '50s, harbour hand, salt-white beard, yellow oilskins');
      await answerQuestion(dir, 'questions/production-design.harbour-pier.time-of-day.md', '2');
      second = await run(dir, { stage: 'assets' });
    });

    it('records the answers in decisions/ and marks the questions answered', async () => {
      assert.deepEqual(await openQuestions(dir), []);
      const decision = readFileSync(join(dir, 'decisions/production-design.harbour-pier.time-of-day.md'), 'utf8');
      assert.match(decision, /^kind: decision$/m);
      assert.match(decision, /^answer: NIGHT$/m, 'option 2 is NIGHT');
      const question = readFileSync(join(dir, 'questions/casting.tomas.look.md'), 'utf8');
      assert.match(question, /^status: answered$/m);
    });

    it('runs exactly the tasks that asked, and they use the answers', () => {
      assert.equal(second.exitCode, 0, second.stopped?.message);
      const ran = second.tasks.filter((t) => t.outcome === 'succeeded').map((t) => t.id).sort();
      assert.deepEqual(ran, ['casting:tomas', 'production-design:location/harbour-pier']);
      assert.match(readFileSync(join(dir, 'characters/tomas.md'), 'utf8'), /salt-white beard/);
      assert.match(readFileSync(join(dir, 'locations/harbour-pier.md'), 'utf8'), /time_of_day:\n\s+- NIGHT/);
    });

    it('a changed answer makes only the locked work that asked stale, and the next run redoes only it', async function () {
      this.timeout(120_000);
      assert.ok(second.gates.some((g) => g.gate === 'assets' && g.outcome === 'passed'), 'the asset lock passed once nothing waited');
      const before = await staleArtifacts(dir, (await readLockfile(dir)).lock);
      assert.deepEqual(before, []);
      await answerQuestion(dir, 'casting.tomas.look', "20s, the harbour master's son, red knit cap");
      const stale = await staleArtifacts(dir, (await readLockfile(dir)).lock);
      // The sheet and its chosen option's image: both made by the task that asked.
      assert.deepEqual(stale, ['characters/tomas.md', 'media/options/characters/tomas-a.svg']);
      const third = await run(dir, { stage: 'assets' });
      const ran = third.tasks.filter((t) => t.outcome === 'succeeded').map((t) => t.id);
      assert.deepEqual(ran, ['casting:tomas']);
      assert.ok(third.tasks.filter((t) => t.id !== 'casting:tomas').every((t) => t.outcome === 'cached'));
      // The sheet is locked: the redo is a proposal beside it for a person to take or leave.
      assert.match(readFileSync(join(dir, 'characters/tomas.proposed.md'), 'utf8'), /red knit cap/);
    });
  });
});
