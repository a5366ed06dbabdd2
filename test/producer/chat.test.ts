import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentSecrets, silentLogger } from '../../src/core/host';
import type { StreamingModel } from '../../src/core/producer/ask';
import { plainMarkdown, producerChat, type ChatSurface } from '../../src/extension/chat/producer-chat';
import { finishedExample, removeProduction } from './support';

/** A chat surface that records what is drawn and answers confirmations from a queue. */
function surface(answers: boolean[]): ChatSurface & { drawn: string; asked: string[] } {
  const s = {
    drawn: '',
    asked: [] as string[],
    text(t: string) {
      s.drawn += t;
    },
    async confirm(description: string) {
      s.asked.push(description);
      return answers.shift() ?? false;
    },
  };
  return s;
}

/** A model that streams a scripted answer in small chunks, and records its prompt. */
function scripted(answer: string, prompts: string[]): StreamingModel {
  return {
    name: 'vscode-lm/scripted',
    async *stream(prompt) {
      prompts.push(prompt);
      for (let i = 0; i < answer.length; i += 7) yield answer.slice(i, i + 7);
    },
  };
}

describe('@producer: one chat turn (the participant’s handler, without VS Code)', () => {
  let dir: string;
  const base = () => ({ root: dir, secrets: environmentSecrets, logger: silentLogger });
  after(function () {
    this.timeout(60_000);
    removeProduction(dir);
  });
  before(async function () {
    this.timeout(120_000);
    dir = await finishedExample();
  });

  it('answers a status question offline from the files', async () => {
    const s = surface([]);
    const reply = await producerChat({ ...base(), message: 'status', history: [], provider: 'offline' }, s);
    assert.equal(reply.model, undefined);
    assert.match(s.drawn, /no model configured/);
    assert.match(s.drawn, /Storyboard: done, gate Storyboard approval passed — 21 of 21 shots framed/);
    assert.deepEqual(s.asked, []);
  });

  it('streams the chat model’s answer, holds back its action, and routes the note once confirmed', async () => {
    const prompts: string[] = [];
    const note = 'The lantern is on the left in s03-001 and on the right in s03-002.';
    const answer = `A continuity slip in the props: that goes to production design.\nACTION {"tool":"route_note","args":{"category":"design","note":${JSON.stringify(note)},"subject":"s03-001"}}\n`;
    const s = surface([true]);
    const history = [{ role: 'user' as const, content: 'Hello' }, { role: 'assistant' as const, content: 'Hello. What do you need?' }];
    const reply = await producerChat({ ...base(), message: 'The lantern jumps sides between s03-001 and s03-002.', history, model: scripted(answer, prompts) }, s);
    assert.equal(reply.model, 'vscode-lm/scripted');
    assert.ok(!s.drawn.includes('ACTION'), s.drawn);
    assert.match(s.drawn, /^A continuity slip in the props: that goes to production design\.\n/);
    assert.deepEqual(s.asked, [`Add to agents/production-design/feedback.md: “${note}”.`]);
    assert.match(s.drawn, /Done \(route_note\): Sent to production-design/);
    assert.ok(readFileSync(join(dir, 'agents/production-design/feedback.md'), 'utf8').includes(note));
    // Its own history and the whole-film context, nothing else.
    assert.match(prompts[0]!, /## This conversation so far\n\nPerson: Hello\nProducer: Hello\. What do you need\?/);
    assert.ok(!prompts[0]!.includes('Feedback for'));
  });

  it('does nothing the person declines', async () => {
    const s = surface([false]);
    await producerChat({ ...base(), message: 'note for editor: hold the last shot two seconds longer', history: [], provider: 'offline' }, s);
    assert.equal(s.asked.length, 1);
    assert.match(s.drawn, /Not done \(not confirmed\)/);
    assert.ok(!existsSync(join(dir, 'agents/editor/feedback.md')));
  });

  it('draws production text in the Chat view as written: markup escaped, spaces and line breaks kept', () => {
    const text = "- Mara's <b>braid</b> *loose* in [s02-001](x) & `tied` #2\nnext line";
    const md = plainMarkdown(text);
    // No markdown or HTML character is left unescaped.
    assert.doesNotMatch(md.replace(/\\./g, ''), /[`*_[\]()#<>&!|~-]/);
    // Unescaped, it is the text again; spaces stay spaces, each line ends in a hard break.
    assert.equal(md.replace(/ {2}\n/g, '\n').replace(/\\(.)/g, '$1'), text);
    assert.ok(md.includes('Mara\\\'s \\<b\\>braid'));
    assert.match(md, / {2}\nnext line$/);
  });
});
