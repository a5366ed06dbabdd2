/**
 * A conversation with the producer for docs/producer-transcript.md: the example production run
 * offline to the end, then `filmcrew ask` offline (rules) and through an OpenAI-compatible server
 * on loopback (scripted answers, a real prompt, a price, so the spend is booked). Run:
 * `npx tsx scripts/producer-transcript.ts > docs/producer-transcript.md` (a few minutes: the run
 * renders the offline clips).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../src/cli/command';
import { main } from '../src/cli/main';

const MODEL = 'openai-compatible/producer-demo';

/** The scripted model: it reads the real prompt and answers the person's last message. */
function scriptedAnswer(prompt: string): string {
  const asks = prompt.slice(prompt.lastIndexOf('## The person asks')).toLowerCase();
  const shots = /(\d+) shots: \1 locked/.exec(prompt)?.[1] ?? 'all the';
  if (asks.includes('lantern'))
    return [
      'That is a continuity slip in a prop, so it goes to production design, who owns the lantern; the clips are downstream and will follow.',
      `ACTION {"tool": "route_note", "args": {"category": "design", "subject": "s03-001", "note": "The lantern is on the left of Mara in s03-001 and on the right in s03-002: keep it on her left."}}`,
    ].join('\n');
  return `Every gate has passed: ${shots} shots are locked and the rough cut is assembled. The review's notes are the place to start; nothing from the crew is waiting on you.`;
}

async function main2(): Promise<void> {
  const dir = join(mkdtempSync(join(tmpdir(), 'filmcrew-transcript-')), 'lighthouse');
  cpSync(join(__dirname, '..', 'examples', 'lighthouse'), dir, { recursive: true });
  const file = join(dir, 'production.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^budget:/m, `prices:\n  ${MODEL}: { input_per_1m: 0.4, output_per_1m: 1.6 }\nbudget:`));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Transcript Director');
  git('config', 'user.email', 'director@example.invalid');
  git('add', '-A');
  git('commit', '-qm', 'The Last Light');

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const prompt = (JSON.parse(body) as { messages: { content: string }[] }).messages.at(-1)!.content;
      const usage = { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: 70 };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 't', object: 'chat.completion', model: 'producer-demo', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: scriptedAnswer(prompt) } }], usage }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.env.OPENAI_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;

  const cli = async (args: string[]) => {
    const lines: string[] = [];
    const io: CliIO = { out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false, cwd: dir, env: { ...process.env, OPENAI_API_KEY: '' } };
    const code = await main(args, io);
    return { code, text: lines.join('\n') };
  };
  const ran = await cli(['run', '--yes', '--provider', 'offline']);
  if (ran.code !== 0) throw new Error(ran.text);

  const out: string[] = [
    '# A conversation with the producer',
    '',
    'Made by `npx tsx scripts/producer-transcript.ts`: the lighthouse example run offline to the end (`filmcrew run --yes --provider offline`), then `filmcrew ask`, first with no model (the producer answers from rules and says so), then with an OpenAI-compatible server on loopback as the producer\'s model. The server is scripted (fixed answers), but everything around it is real: the prompt it receives is the producer\'s whole-film context, its call is approved, charged and journaled like a crew call (`.filmcrew/producer/`), and the action it proposes runs only once confirmed (`--yes` is the person saying yes).',
    '',
  ];
  const turns: [string, string[]][] = [
    ['Offline', ['ask', 'where are we?']],
    ['Offline', ['ask', "what's working, what's not?"]],
    ['Offline', ['ask', "continuity: Mara's braid is loose in s02-001 but tied in s02-002", '--yes']],
    ['With a model', ['ask', 'Where are we, and what should I look at first?', '--model', MODEL, '--yes']],
    ['With a model', ['ask', 'The lantern jumps sides between s03-001 and s03-002. Fix it.', '--model', MODEL, '--yes']],
  ];
  for (const [kind, args] of turns) {
    const { code, text } = await cli(args);
    out.push(`## ${kind}: \`filmcrew ${args.map((a) => (a.includes(' ') || a.includes("'") ? JSON.stringify(a) : a)).join(' ')}\``, '', '```text', text.replace(/\/tmp\/[^\s)]+/g, '<production>'), '```', '', `Exit code ${code}.`, '');
  }
  out.push('## What was written', '', '```text', readFileSync(join(dir, 'agents/production-design/feedback.md'), 'utf8').trim(), '```', '');
  process.stdout.write(out.join('\n'));
  server.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
}

main2().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
