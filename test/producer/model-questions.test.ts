import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { withQuestions } from '../../src/core/questions/model-questions';
import { checkAnswer } from '../../src/core/providers/answer';
import castingSchema from '../../schemas/answers/casting.schema.json';
import { loopback, reply, type Loopback } from '../providers/support';
import { removeProduction } from './support';
import { copyExample, initRepo } from '../support/fixtures';

const QUESTION = { questions: [{ topic: 'era', about: 'character', question: 'Which decade is Mara’s look from?', options: ['1970s', '1990s'] }] };

/** A casting answer that satisfies its schema, for any character. */
function castingAnswer(name: string, era: string) {
  const options = ['a', 'b', 'c', 'd'].map((id) => ({ id, label: `${name} ${id}`, prompt: `${name}, ${era}, look ${id}` }));
  return { description: `${name} as the script has it, ${era}.`, options };
}

function completion(content: unknown) {
  return { id: 'c1', object: 'chat.completion', model: 'casting-test', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: JSON.stringify(content) } }], usage: { prompt_tokens: 500, completion_tokens: 80 } };
}

/** The prompt a request sent (its last message). */
function promptOf(body: string): string {
  const messages = (JSON.parse(body) as { messages: { content: string }[] }).messages;
  return messages.at(-1)!.content;
}

describe('a real model raises a question instead of guessing (casting on a loopback OpenAI-compatible server)', () => {
  let dir: string;
  let server: Loopback;
  const cli = async (args: string[]) => {
    const lines: string[] = [];
    const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false, cwd: dir, env: { ...process.env, OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: '' } };
    const code = await main(args, io);
    return { code, text: lines.join('\n') };
  };
  const castingPrompts = (name: string) => server.requests.map((r) => promptOf(r.body)).filter((p) => p.includes(`about ${name}`));

  const saved = process.env.OPENAI_BASE_URL;
  after(function () {
    this.timeout(60_000);
    if (saved === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved;
    removeProduction(dir);
  });
  before(async function () {
    this.timeout(120_000);
    // Mara's casting asks until a person has answered; Jonah's answers at once.
    server = await loopback((req, res) => {
      const prompt = promptOf(req.body);
      const name = /about (Mara|Jonah)/.exec(prompt)?.[1] ?? 'Someone';
      const decided = /A person answered your questions[^\n]*\n- era \(casting\.mara\.era\): (.*)/.exec(prompt)?.[1];
      reply(res, 200, completion(name === 'Mara' && !decided ? QUESTION : castingAnswer(name, decided ?? 'any era')));
    });
    // `filmcrew run` reads the provider's base URL from the process environment.
    process.env.OPENAI_BASE_URL = `${server.url}/v1`;
    dir = copyExample();
    const file = join(dir, 'production.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^budget:/m, 'models:\n  casting:\n    text: [openai-compatible/casting-test]\nprices:\n  openai-compatible/casting-test: { input_per_1m: 1, output_per_1m: 2 }\nbudget:'));
    initRepo(dir, 'The Last Light, cast by a model');
  });

  it('every role’s schema takes either its answer or the questions envelope, and nothing else', () => {
    const schema = withQuestions(castingSchema);
    assert.equal(withQuestions(castingSchema), schema, 'one widened schema per role schema');
    assert.ok(checkAnswer(JSON.stringify(castingAnswer('Mara', '1970s')), schema).ok);
    assert.ok(checkAnswer(JSON.stringify(QUESTION), schema).ok);
    assert.ok(!checkAnswer(JSON.stringify({ questions: [] }), schema).ok, 'an empty list is no question');
    assert.ok(!checkAnswer(JSON.stringify({ description: 'x' }), schema).ok, 'half an answer is still refused');
    assert.ok(!checkAnswer(JSON.stringify({ ...QUESTION, guess: 'x' }), schema).ok, 'unknown keys are still refused');
  });

  it('run: only the task that asked waits; exit 4 with the question printed', async function () {
    this.timeout(300_000);
    const { code, text } = await cli(['run', '--yes']);
    assert.equal(code, 4, text);
    assert.match(text, /casting\.mara\.era \(casting, about mara\): Which decade is Mara’s look from\? \[1\. 1970s \| 2\. 1990s\]/);
    assert.match(readFileSync(join(dir, 'questions/casting.mara.era.md'), 'utf8'), /^status: open$/m);
    assert.ok(!existsSync(join(dir, 'characters/mara.md')));
    assert.match(readFileSync(join(dir, 'characters/jonah.md'), 'utf8'), /Jonah as the script has it/);
  });

  it('the answer via filmcrew answer unblocks it, and the next run sends the decision to the model', async function () {
    this.timeout(300_000);
    const answered = await cli(['answer', 'casting.mara.era', '1']);
    assert.equal(answered.code, 0, answered.text);
    const jonahCalls = castingPrompts('Jonah').length;
    const { code, text } = await cli(['run', '--yes', '--stage', 'assets']);
    assert.equal(code, 0, text);
    const last = castingPrompts('Mara').at(-1)!;
    assert.match(last, /A person answered your questions[^\n]*\n- era \(casting\.mara\.era\): 1970s/);
    assert.match(readFileSync(join(dir, 'characters/mara.md'), 'utf8'), /Mara as the script has it, 1970s\./);
    assert.equal(castingPrompts('Jonah').length, jonahCalls, 'Jonah’s sheet was not asked again');
  });
});
