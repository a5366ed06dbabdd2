import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { answerQuestion, raiseQuestions } from '../../src/core/questions/store';
import { removeProduction } from './support';
import { copyExample, initRepo } from '../support/fixtures';

/** `filmcrew status` and `filmcrew validate` on a production where the crew asked two questions. */
describe('status and validate list the open questions, and validate’s exit code says one waits', () => {
  let dir: string;
  const cli = async (...args: string[]) => {
    const lines: string[] = [];
    const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false, cwd: dir, env: {} };
    const code = await main(args, io);
    return { code, text: lines.join('\n') };
  };
  after(function () {
    this.timeout(60_000);
    removeProduction(dir);
  });
  before(async () => {
    dir = initRepo(copyExample(), 'The Last Light');
    await raiseQuestions(dir, { id: 'casting:mara', role: 'casting', subject: 'mara' }, [
      { topic: 'era', about: 'character', question: 'Which decade is Mara’s look from?', options: ['1970s', '1990s'] },
    ]);
    await raiseQuestions(dir, { id: 'production-design:location/rocky-beach', role: 'production-design', subject: 'rocky-beach' }, [
      { topic: 'time-of-day', about: 'location', question: 'Is the beach at dawn or at night?' },
    ]);
  });

  it('validate: exit 4 (nothing broken, a question waits), with the count and each id, role, subject and question', async () => {
    const { code, text } = await cli('validate');
    assert.equal(code, 4, text);
    assert.match(text, /No problems in/);
    assert.match(text, /^Open questions: 2 /m);
    assert.match(text, /^ {2}casting\.mara\.era \(casting, about mara\): Which decade is Mara’s look from\? \[1\. 1970s \| 2\. 1990s\]$/m);
    assert.match(text, /^ {2}production-design\.rocky-beach\.time-of-day \(production-design, about rocky-beach\): Is the beach at dawn or at night\?$/m);
    assert.match(text, /filmcrew answer <id>/);
  });

  it('validate --json and status --json carry the same list', async () => {
    const v = await cli('validate', '--json');
    assert.equal(v.code, 4);
    const s = await cli('status', '--json');
    const ids = (text: string) => (JSON.parse(text) as { openQuestions: { id: string; role: string; subject: string; question: string }[] }).openQuestions.map((q) => `${q.id}|${q.role}|${q.subject}|${q.question}`);
    assert.deepEqual(ids(v.text), ['casting.mara.era|casting|mara|Which decade is Mara’s look from?', 'production-design.rocky-beach.time-of-day|production-design|rocky-beach|Is the beach at dawn or at night?']);
    assert.deepEqual(ids(s.text), ids(v.text));
  });

  it('status: lists them under the table and exits 0 (the report was made)', async () => {
    const { code, text } = await cli('status');
    assert.equal(code, 0, text);
    assert.match(text, /\nOpen questions: 2 .*\n {2}casting\.mara\.era \(casting, about mara\): Which decade/);
  });

  it('an error still exits 1 with a question open', async () => {
    mkdirSync(join(dir, 'shots'), { recursive: true });
    const shot = join(dir, 'shots/broken.md');
    writeFileSync(shot, '---\nkind: shot\n---\n');
    try {
      const { code, text } = await cli('validate');
      assert.equal(code, 1, text);
      assert.match(text, /^Open questions: 2 /m);
    } finally {
      rmSync(shot);
    }
  });

  it('once answered, none is listed and validate exits 0', async () => {
    await answerQuestion(dir, 'casting.mara.era', '1');
    await answerQuestion(dir, 'production-design.rocky-beach.time-of-day', 'night');
    const v = await cli('validate');
    assert.equal(v.code, 0, v.text);
    assert.doesNotMatch(v.text, /Open questions/);
    assert.match((await cli('status')).text, /\nOpen questions: none\.$/);
    assert.match(readFileSync(join(dir, 'questions/casting.mara.era.md'), 'utf8'), /^status: answered$/m);
  });
});
