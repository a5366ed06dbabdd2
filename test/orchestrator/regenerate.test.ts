import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { builtinRoles } from '../../src/core/crew/index';
import { FilmcrewError } from '../../src/core/diagnostics';
import { readLockfile } from '../../src/core/git/index';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { readJournal, runProduction, type JournalEvent, type RunOptions } from '../../src/core/orchestrator/index';
import { ProductionSession, SessionActions, unattendedRun } from '../../src/core/session/index';
import { ProductionLoader } from '../../src/core/production/load';
import type { RunProgressMessage } from '../../src/core/storyboard/protocol';
import { copyExample, git, initRepo } from '../support/fixtures';

const yes: RunOptions = { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline' };
/** The crew up to the storyboard: enough for frames and sheets, quicker than the whole spine. */
const throughStoryboard = () => builtinRoles().filter((r) => ['directors-assistant', 'casting', 'costume', 'production-design', 'storyboard-artist'].includes(r.role));

/** Every file of the production (not .git, not the run state) → its bytes. */
function filesOf(root: string, rel = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (p === '.git' || p === '.filmcrew') continue;
    if (e.isDirectory()) for (const [k, v] of filesOf(root, p)) out.set(k, v);
    else out.set(p, readFileSync(join(root, p)));
  }
  return out;
}

function changed(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => !before.get(p)?.equals(after.get(p) ?? Buffer.alloc(0)) || !before.has(p) || !after.has(p)).sort();
}

function provenanceLedger(root: string): Record<string, { run: string; task: string }> {
  return (JSON.parse(readFileSync(join(root, '.filmcrew/provenance.json'), 'utf8')) as { files: Record<string, { run: string; task: string }> }).files;
}

function io(cwd: string): CliIO & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), interactive: false, cwd, env: { CI: '1' } };
}

describe('regenerating one subject', function () {
  this.timeout(180_000);
  let dir: string;

  before(async () => {
    dir = initRepo(copyExample(), 'The Last Light');
    const first = await runProduction(dir, { ...yes, roles: throughStoryboard() });
    assert.equal(first.counts.failed, 0, JSON.stringify(first.tasks.filter((t) => t.outcome === 'failed')));
    assert.ok(first.gates.some((g) => g.gate === 'storyboard' && g.outcome === 'passed'), JSON.stringify(first.gates));
  });

  it('redraws exactly the one frame asked for, though its inputs are unchanged, and journals it as forced', async () => {
    const frame = 'media/frames/s01-003.svg';
    const before = filesOf(dir);
    const ledgerBefore = provenanceLedger(dir);
    const mtimeBefore = statSync(join(dir, frame)).mtimeMs;
    const head = git(dir, 'rev-parse', 'HEAD');

    const summary = await runProduction(dir, { ...yes, roles: throughStoryboard(), only: 'storyboard-artist', subjects: ['s01-003'], force: true });

    assert.deepEqual(summary.tasks.map((t) => [t.id, t.outcome]), [['storyboard-artist:s01-003', 'succeeded']]);
    assert.deepEqual(summary.tasks[0]!.outputs, [frame]);
    assert.equal(summary.calls, 1, 'one model call: the frame, not a cache hit');
    const events = readJournal(summary.journal);
    const started = events.filter((e): e is Extract<JournalEvent, { e: 'started' }> => e.e === 'started');
    assert.deepEqual(started.map((e) => [e.task, e.forced]), [['storyboard-artist:s01-003', true]]);
    assert.equal(events.filter((e) => e.e === 'cached' || e.e === 'queued').length, 1, 'only the one task was queued, none reused');
    const runStarted = events.find((e) => e.e === 'run-started') as Extract<JournalEvent, { e: 'run-started' }>;
    assert.deepEqual(runStarted.options.subjects, ['s01-003']);
    assert.equal(runStarted.options.force, true);

    // The frame was written again by this run; every other file is as it was, byte for byte.
    const ledger = provenanceLedger(dir);
    assert.equal(ledger[frame]?.run, summary.runId);
    assert.equal(ledger[frame]?.task, 'storyboard-artist:s01-003');
    assert.ok(statSync(join(dir, frame)).mtimeMs >= mtimeBefore);
    for (const [path, p] of Object.entries(ledgerBefore)) if (path !== frame) assert.deepEqual(ledger[path], p, `${path}: provenance untouched`);
    const after = filesOf(dir);
    assert.deepEqual(changed(before, after).filter((p) => p !== frame), []);
    // The offline artist draws the same shot the same way, so the locked frame's lock still holds.
    assert.ok(before.get(frame)!.equals(after.get(frame)!));
    // A scoped run passes no gate and commits nothing.
    assert.deepEqual(summary.gates.filter((g) => g.outcome === 'passed'), []);
    assert.equal(git(dir, 'rev-parse', 'HEAD'), head);
  });

  it('without force, the same scoped run reuses the frame: force is what makes it a regenerate', async () => {
    const summary = await runProduction(dir, { ...yes, roles: throughStoryboard(), only: 'storyboard-artist', subjects: ['s01-003'] });
    assert.deepEqual(summary.tasks.map((t) => [t.id, t.outcome]), [['storyboard-artist:s01-003', 'cached']]);
    assert.equal(summary.calls, 0);
  });

  it('re-proposes a locked sheet beside it, as for any locked file that changed since filmcrew wrote it', async () => {
    const sheet = 'characters/mara.md';
    const lockedText = readFileSync(join(dir, sheet), 'utf8');
    assert.match(lockedText, /^status: locked$/m);
    const before = filesOf(dir);
    const summary = await runProduction(dir, { ...yes, roles: throughStoryboard(), only: 'casting', subjects: ['mara'], force: true });
    assert.deepEqual(summary.tasks.map((t) => [t.id, t.outcome]), [['casting:mara', 'succeeded']]);
    const after = filesOf(dir);
    assert.equal(readFileSync(join(dir, sheet), 'utf8'), lockedText, 'the locked, chosen sheet is not overwritten');
    const proposal = 'characters/mara.proposed.md';
    assert.match(readFileSync(join(dir, proposal), 'utf8'), /^status: proposed$/m);
    assert.ok(summary.diagnostics.some((d) => d.code === 'write-conflict' && d.message.includes(proposal)), JSON.stringify(summary.diagnostics));
    // Only casting's own files for mara moved: the proposal and its option pictures.
    for (const p of changed(before, after)) assert.ok(p === proposal || p.startsWith('media/options/characters/mara-'), `${p} changed`);
    const { lock } = await readLockfile(dir);
    assert.ok(lock.locks[sheet], 'the sheet stays locked');
  });

  it('regenerates a card\'s frame through the session: the one task, forced, and says so', async () => {
    const session = new ProductionSession(dir, silentLogger);
    await session.open();
    const progress: RunProgressMessage[] = [];
    const reloaded: string[] = [];
    session.onDidChange((_m, changed) => reloaded.push(...(changed ?? [])));
    const actions = new SessionActions(session, { trusted: () => true, confirm: async () => false, run: unattendedRun(dir, () => undefined), progress: (m) => progress.push(m), log: () => undefined });
    const before = filesOf(dir);
    const result = await actions.perform({ type: 'shot/regenerate', requestId: 'r1', shotId: 's01-004', what: 'frame' });
    assert.deepEqual([result.ok, result.message], [true, 'Regenerated the frame of s01-004.']);
    const last = progress.at(-1)!;
    assert.deepEqual([last.state, last.done, last.total], ['finished', 1, 1]);
    assert.ok(reloaded.includes('media/frames/s01-004.svg'));
    assert.equal(provenanceLedger(dir)['media/frames/s01-004.svg']?.run, last.runId);
    assert.deepEqual(changed(before, filesOf(dir)).filter((p) => p !== 'media/frames/s01-004.svg'), []);
  });

  it('has every built-in role plan only the work about the subjects asked', async () => {
    const production = await new ProductionLoader(dir).load();
    // A role may have more than one handler (the DOP lights and makes clips): their tasks together.
    const plan = (subjects: string[]) => {
      const byRole: Record<string, string[]> = {};
      for (const r of builtinRoles()) (byRole[r.role] ??= []).push(...r.plan(production, { subjects: new Set(subjects) }).map((t) => t.id));
      return byRole;
    };
    assert.deepEqual(plan(['s01-003']), {
      'directors-assistant': ['directors-assistant:s01'],
      casting: [],
      costume: [],
      'production-design': [],
      'storyboard-artist': ['storyboard-artist:s01-003'],
      dop: ['dop:s01', 'dop:clip-s01-003'],
      editor: ['editor:cut', 'editor:roughcut'],
      checker: [],
    });
    const mara = plan(['mara']);
    assert.deepEqual([mara.casting, mara.costume, mara['storyboard-artist'], mara.dop], [['casting:mara'], ['costume:mara'], [], []]);
    assert.deepEqual(plan(['cut']).checker, ['checker:cut']);
    // No subjects: all the work, as before.
    assert.ok(builtinRoles().find((r) => r.role === 'storyboard-artist')!.plan(production, {}).length > 1);
  });

  it('refuses a subject no task is about, naming the subjects there are', async () => {
    await assert.rejects(
      runProduction(dir, { ...yes, roles: throughStoryboard(), only: 'storyboard-artist', subjects: ['s99-001'], force: true }),
      (e: unknown) => {
        assert.ok(e instanceof FilmcrewError);
        assert.equal(e.code, 'unknown-subject');
        assert.match(e.message, /no task of the storyboard-artist is about s99-001/);
        assert.match(e.advice ?? '', /s01-001, s01-002, s01-003/);
        return true;
      },
    );
    await assert.rejects(runProduction(dir, { ...yes, roles: throughStoryboard(), force: true }), /no subject was given/);
  });

  it('filmcrew run --only storyboard-artist --shot ID regenerates that shot from the command line', async () => {
    const out = io(dir);
    assert.equal(await main(['run', dir, '--yes', '--only', 'storyboard-artist', '--shot', 's01-002', '--provider', 'offline'], out), 0, out.lines.join('\n') + out.errors.join('\n'));
    assert.match(out.lines.join('\n'), /1 done, 0 unchanged \(cached\), 0 failed, 0 skipped; 1 model call/);
    const bad = io(dir);
    assert.equal(await main(['run', dir, '--only', 'storyboard-artist', '--subject', 'nowhere'], bad), 2);
    assert.match(bad.errors.join('\n'), /no task of the storyboard-artist is about nowhere[\s\S]*s01-001/);
  });
});
