import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { readJournal, runProduction, type RunOptions, type RunSummary } from '../../src/core/orchestrator/index';
import { PROVENANCE_LEDGER } from '../../src/core/git/provenance';
import { CACHE_FILE } from '../../src/core/orchestrator/memory';
import { RECORDS_STAMPED, UNCHANGED_FILE } from '../../src/core/orchestrator/run-unchanged';
import { copyExample, git, initRepo } from '../support/fixtures';

/** The breakdown of the example, offline, as `filmcrew run --yes --stage breakdown` runs it. */
const breakdown: RunOptions = { prompt: approveEverything, secrets: environmentSecrets, logger: silentLogger, provider: 'offline', stage: 'breakdown' };

/** A mark only the record carries: a summary that has it was said again from the record, not worked out. */
const MARK = { role: 'the record', reason: 'said again from .filmcrew/unchanged-run.json' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The journal's lines after `run-started`, without their times. */
function linesOf(summary: RunSummary): string[] {
  return readJournal(summary.journal)
    .slice(1)
    .map(({ t: _t, ...e }) => JSON.stringify(e));
}

function replayed(summary: RunSummary): boolean {
  return summary.idle.some((i) => i.role === MARK.role);
}

describe('a run that finds nothing to do, said again from its record', function () {
  this.timeout(120_000);
  let dir: string;

  /**
   * Waits out the record's one-second racy window, runs without a record (nothing to do: the record is kept), and
   * marks the record so that a later run said from it can be told from one worked out.
   */
  async function settle(): Promise<RunSummary> {
    await sleep(1100);
    rmSync(join(dir, UNCHANGED_FILE), { force: true });
    const worked = await runProduction(dir, breakdown);
    assert.ok(!replayed(worked), 'the run after a change is worked out');
    assert.equal(worked.counts.succeeded + worked.counts.failed + worked.counts.skipped, 0, JSON.stringify(worked.counts));
    assert.ok(existsSync(join(dir, UNCHANGED_FILE)), 'a run that found nothing to do is remembered');
    const file = join(dir, UNCHANGED_FILE);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    record.summary.idle.push(MARK);
    writeFileSync(file, JSON.stringify(record));
    return worked;
  }

  before(async () => {
    dir = initRepo(copyExample(), 'The Last Light');
    await runProduction(dir, { ...breakdown, stage: 'script' });
    const first = await runProduction(dir, breakdown);
    assert.equal(first.counts.succeeded, 3, JSON.stringify(first.counts));
    // Every file was written within the second before: nothing is remembered.
    assert.ok(!existsSync(join(dir, UNCHANGED_FILE)));
  });

  it('stamps the task memory and the provenance ledger where their modules keep them', () => {
    assert.ok(RECORDS_STAMPED.includes(CACHE_FILE));
    assert.ok(RECORDS_STAMPED.includes(PROVENANCE_LEDGER));
  });

  it('says the same journal lines and summary, with 0 calls, while nothing changed', async () => {
    const worked = await settle();
    const again = await runProduction(dir, breakdown);
    assert.ok(replayed(again));
    assert.notEqual(again.runId, worked.runId);
    assert.deepEqual(linesOf(again), linesOf(worked));
    assert.equal(readJournal(again.journal)[0]!.e, 'run-started');
    assert.equal(again.calls, 0);
    assert.deepEqual(again.counts, worked.counts);
    assert.deepEqual(again.tasks, worked.tasks);
    // Said again, and again: each run's own journal is remembered too.
    const third = await runProduction(dir, breakdown);
    assert.ok(replayed(third));
    assert.deepEqual(linesOf(third), linesOf(worked));
  });

  it('works the run out after a shot is edited', async () => {
    await settle();
    appendFileSync(join(dir, 'shots/s01-001.md'), '\nThe director wants the lamp brighter.\n');
    assert.ok(!replayed(await runProduction(dir, breakdown)));
  });

  it('works the run out after the lock file is touched (same bytes)', async () => {
    await settle();
    const lock = join(dir, 'filmcrew.lock');
    writeFileSync(lock, readFileSync(lock));
    assert.ok(!replayed(await runProduction(dir, breakdown)));
  });

  it('works the run out after a commit', async () => {
    await settle();
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'a note');
    assert.ok(!replayed(await runProduction(dir, breakdown)));
  });

  it('works the run out after production.md changes, and redoes the work it changes', async () => {
    await settle();
    const file = join(dir, 'script.fountain');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n\n(INT|EXT)\./, '\n\nA gull cries somewhere far off.\n\n$1.'));
    const scriptChanged = await runProduction(dir, breakdown);
    assert.ok(!replayed(scriptChanged));
    assert.ok(scriptChanged.counts.succeeded > 0, `the script is broken down again: ${JSON.stringify(scriptChanged.counts)}`);
    await settle();
    const prod = join(dir, 'production.md');
    writeFileSync(prod, readFileSync(prod, 'utf8').replace(/^concurrency: .*$/m, 'concurrency: 3').replace(/^(title: .*)$/m, '$1\nconcurrency: 3'));
    assert.ok(!replayed(await runProduction(dir, breakdown)));
  });

  it('works the run out when asked something else, or when a file is new or changed inside the racy second', async () => {
    await settle();
    assert.ok(!replayed(await runProduction(dir, { ...breakdown, concurrency: 2 })), 'other options');
    await settle();
    assert.ok(!replayed(await runProduction(dir, { ...breakdown, stage: 'assets' })), 'another stage');
    await settle();
    writeFileSync(join(dir, 'notes.txt'), 'a new file');
    assert.ok(!replayed(await runProduction(dir, breakdown)), 'a new file');
    // Same size, same mtime put back: the inode's ctime still tells.
    const shot = join(dir, 'shots/s01-002.md');
    const minuteAgo = Math.floor(Date.now() / 1000) - 60;
    utimesSync(shot, minuteAgo, minuteAgo);
    await settle();
    const text = readFileSync(shot, 'utf8');
    const at = text.search(/[a-z](?=[^a-z]*$)/);
    writeFileSync(shot, text.slice(0, at) + text[at]!.toUpperCase() + text.slice(at + 1));
    utimesSync(shot, minuteAgo, minuteAgo);
    assert.equal(statSync(shot).mtimeMs, minuteAgo * 1000);
    const racy = await runProduction(dir, breakdown);
    assert.ok(!replayed(racy), 'an edit with its mtime put back');
    // It found nothing to do, but a file changed within the second before it: no record is kept.
    assert.equal(racy.counts.succeeded, 0);
    assert.ok(!existsSync(join(dir, UNCHANGED_FILE)));
  });
});
