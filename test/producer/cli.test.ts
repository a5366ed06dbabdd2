import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { removeProduction } from './support';
import { copyExample, initRepo } from '../support/fixtures';

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false, cwd, env: { ...process.env, OPENAI_BASE_URL: '', OPENAI_API_KEY: '' } };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The CLI end to end (in process): a run stops at a question, `answer` records it, `ask` knows. */
describe('filmcrew run / answer / ask: a question from the crew, answered at the command line', () => {
  let dir: string;
  after(function () {
    this.timeout(60_000);
    removeProduction(dir);
  });
  before(() => {
    dir = copyExample();
    appendFileSync(join(dir, 'script.fountain'), '\nEXT. HARBOUR PIER - NIGHT\n\nTOMAS coils a rope.\n\nTOMAS\nShe never came down.\n');
    initRepo(dir, 'with Tomas');
  });

  it('run exits 4 and prints the question and how to answer it', async function () {
    this.timeout(120_000);
    const r = await cli(['run', '--yes', '--provider', 'offline'], dir);
    assert.equal(r.code, 4, r.out + r.err);
    assert.match(r.out, /Stopped: a question needs a person's answer; only the work that asked waits:\n\s+casting\.tomas\.look \(casting, about tomas\): The script never describes Tomas: how old are they, and what do they look like\?/);
  });

  it('answer without arguments lists the open question; with them it records the decision', async () => {
    const list = await cli(['answer'], dir);
    assert.equal(list.code, 0);
    assert.match(list.out, /^casting\.tomas\.look {2}\(casting, about tomas\)\n {2}The script never describes Tomas/);
    const r = await cli(['answer', 'casting.tomas.look', '50s, harbour hand, salt-white beard'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Recorded in decisions\/casting\.tomas\.look\.md; the casting's task casting:tomas uses it on the next run\./);
    assert.match(readFileSync(join(dir, 'decisions/casting.tomas.look.md'), 'utf8'), /^answer: 50s, harbour hand, salt-white beard$/m);
  });

  it('answer takes the production folder last, as run and status do, and never as part of the answer', async () => {
    const elsewhere = join(dir, '..');
    const open = await cli(['answer', dir], elsewhere);
    assert.equal(open.code, 0, open.err);
    const r = await cli(['answer', 'casting.tomas.look', '60s, harbour hand', dir], elsewhere);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(join(dir, 'decisions/casting.tomas.look.md'), 'utf8'), /^answer: 60s, harbour hand$/m);
    const missing = await cli(['answer', 'casting.tomas.look', dir], elsewhere);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /give the answer after the id/);
  });

  it('an unknown question is a usage error that lists the open ones', async () => {
    const r = await cli(['answer', 'casting.nobody.look', 'x'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /there is no question casting\.nobody\.look\n\s+No question is open\./);
  });

  it('ask answers offline, and does not change anything without --yes when no one can confirm', async () => {
    const status = await cli(['ask', 'any questions waiting?'], dir);
    assert.equal(status.code, 0);
    assert.match(status.out, /^producer \(no model\):\nI have no model configured/);
    assert.match(status.out, /No question is open\./);
    const note = await cli(['ask', 'note for casting: Tomas is taller than Jonah'], dir);
    assert.equal(note.code, 1);
    assert.match(note.out, /Nothing was changed: no terminal to confirm at\. Run again with --yes to confirm route_note\./);
    const yes = await cli(['ask', '--yes', 'note for casting: Tomas is taller than Jonah'], dir);
    assert.equal(yes.code, 0);
    assert.match(readFileSync(join(dir, 'agents/casting/feedback.md'), 'utf8'), /Tomas is taller than Jonah/);
  });
});
