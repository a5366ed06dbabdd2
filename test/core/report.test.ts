import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { parseLockfile } from '../../src/core/git/lockfile';
import { productionReport } from '../../src/core/production/report';
import { RECORDS_FILE } from '../../src/core/production/records-cache';
import type { StatusReport } from '../../src/core/production/status';
import { copyExample, git, initRepo, tempDir } from '../support/fixtures';

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), interactive: false, cwd: tempDir(), env: process.env };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

type StatusJson = StatusReport & { gatesFrom: string };

/** 1-based line of the first line of `text` starting with `prefix`. */
function lineOf(text: string, prefix: string): number {
  return text.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;
}

/** Every file and folder (the repository's too) a minute old, so nothing is "racily clean". */
function age(root: string): void {
  const old = new Date(Date.now() - 60_000);
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) utimesSync(join(root, f), old, old);
  utimesSync(root, old, old);
}

// One real `run --yes` of the example in a real repository; each test works on a copy of it.
let ran: string;
function copyOfRun(): string {
  const dir = join(tempDir(), 'lighthouse');
  cpSync(ran, dir, { recursive: true });
  return dir;
}

describe('after a real `filmcrew run --yes` of the example', () => {
  before(async function () {
    this.timeout(120_000);
    ran = initRepo(copyExample());
    const r = await cli('run', ran, '--yes');
    assert.equal(r.code, 0, r.out + r.err);
  });

  describe('the production report', () => {
    it('reads every gate from git after a full run, counts every shot framed, and finds no problem', async () => {
      const report = await productionReport(copyOfRun());
      assert.equal(report.gatesFrom, 'git');
      for (const stage of report.status.stages) if (stage.gate) assert.ok(stage.gate.passed && stage.gate.source === 'git', `${stage.gate.id} passed from git`);
      assert.equal(report.status.stages.find((s) => s.id === 'storyboard')!.work, '21 of 21 shots framed');
      assert.deepEqual(report.diagnostics, []);
      assert.deepEqual(report.stale, new Map());
      assert.ok(report.locked.includes('shots/s01-001.md') && report.locked.includes('media/frames/s01-001.svg'));
    });

    it('points an edited locked shot at the line that changed, not at the top of the file', async () => {
      const dir = copyOfRun();
      const file = join(dir, 'shots/s01-002.md');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace(/^action: .*$/m, 'action: MARA drops the lantern.'));
      const report = await productionReport(dir);
      assert.deepEqual(
        report.lockProblems.map((d) => [d.file, d.line, d.code]),
        [['shots/s01-002.md', lineOf(text, 'action:'), 'edited-after-lock']],
      );
      assert.ok(report.diagnostics.includes(report.lockProblems[0]!));
    });

    it('makes every frame drawn from a re-locked character stale, and the cut made from those frames', async () => {
      const dir = copyOfRun();
      const sheet = join(dir, 'characters/mara.md');
      writeFileSync(sheet, readFileSync(sheet, 'utf8').replace(/^name: MARA$/m, 'name: MARA\nage: 62'));
      assert.equal((await cli('approve', 'characters/mara.md', '--dir', dir)).code, 0);
      const report = await productionReport(dir);
      const { lock } = parseLockfile(readFileSync(join(dir, 'filmcrew.lock'), 'utf8'));
      const readers = Object.entries(lock.locks)
        .filter(([path, e]) => path.startsWith('media/frames/') && 'characters/mara.md' in e.inputs)
        .map(([path]) => path);
      assert.ok(readers.length > 0, 'some frames were drawn from Mara’s sheet');
      for (const frame of readers) assert.deepEqual(report.stale.get(frame), { changed: ['characters/mara.md'] }, frame);
      assert.match(report.stale.get('edit/cut.otio')?.via ?? '', /^media\/frames\//);
      assert.ok(report.status.stale.includes(readers[0]!));
      assert.ok(report.diagnostics.some((d) => d.file === readers[0] && d.code === 'stale'));
      assert.ok(!report.lockProblems.length, 'approved again: the lock holds');
    });

    it('still reports a folder outside git, with gates judged from statuses and a note that gates need git', async () => {
      const report = await productionReport(copyExample());
      assert.equal(report.gatesFrom, 'artifacts');
      assert.equal(report.gates, undefined);
      assert.ok(report.status.stages.every((s) => !s.gate || s.gate.source === 'artifacts'));
      const note = report.diagnostics.find((d) => d.code === 'not-a-git-repo');
      assert.equal(note?.file, 'production.md');
      assert.match(note?.message ?? '', /git init/);
      assert.deepEqual(report.proposals, []);
    });

    it('says where a broken lock file broke, and keeps checking the locks against the one committed at HEAD', async () => {
      const dir = copyOfRun();
      const committed = Object.keys(parseLockfile(readFileSync(join(dir, 'filmcrew.lock'), 'utf8')).lock.locks).sort();
      writeFileSync(join(dir, 'filmcrew.lock'), 'version: 1\nlocks: [\n');
      const report = await productionReport(dir);
      assert.deepEqual(report.locked, committed);
      assert.ok(report.diagnostics.some((d) => d.file === 'filmcrew.lock' && d.code === 'lockfile-syntax' && d.line >= 2));
      assert.equal(report.gatesFrom, 'git');
    });

    it('keeps the records until a commit, a gate tag, the lock file or a journal changes', async () => {
      const dir = initRepo(copyExample());
      age(dir);
      const first = await productionReport(dir);
      assert.equal(first.spend.total, 0);
      // Mark the kept records so that an answer from them can be told apart from a fresh read.
      const mark = () => {
        const snap = JSON.parse(readFileSync(join(dir, RECORDS_FILE), 'utf8')) as { records: { spend: { total: number } } };
        snap.records.spend.total = 42;
        writeFileSync(join(dir, RECORDS_FILE), JSON.stringify(snap));
      };
      const kept = async () => (await productionReport(dir)).spend.total === 42;

      mark();
      assert.ok(await kept(), 'nothing changed: the kept records answer');
      git(dir, 'tag', 'filmcrew/gate/script');
      assert.equal(await kept(), false, 'a gate tag');
      assert.equal((await productionReport(dir)).gates?.script.passed, true);

      age(dir);
      await productionReport(dir);
      mark();
      git(dir, 'commit', '-q', '--allow-empty', '-m', 'another');
      assert.equal(await kept(), false, 'a commit');

      age(dir);
      await productionReport(dir);
      mark();
      writeFileSync(join(dir, 'filmcrew.lock'), 'version: 1\nlocks: {}\n');
      assert.equal(await kept(), false, 'the lock file');

      age(dir);
      await productionReport(dir);
      mark();
      const journal = join(dir, '.filmcrew/runs/20260101-000000-000-abcd.jsonl');
      mkdirSync(dirname(journal), { recursive: true });
      writeFileSync(journal, '');
      assert.equal(await kept(), false, 'a new journal');
      age(dir);
      await productionReport(dir);
      mark();
      appendFileSync(journal, '\n');
      assert.equal(await kept(), false, 'a journal growing');
    });
  });

  describe('filmcrew status and validate over git', () => {
    it('status --json after a full run: every gate passed from git, 21 of 21 shots framed, no problem', async () => {
      const r = await cli('status', copyOfRun(), '--json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out) as StatusJson;
      assert.equal(json.gatesFrom, 'git');
      assert.deepEqual(
        json.stages.filter((s) => s.gate).map((s) => [s.gate!.id, s.gate!.passed]),
        json.stages.filter((s) => s.gate).map((s) => [s.gate!.id, true]),
      );
      assert.equal(json.stages.find((s) => s.id === 'storyboard')!.work, '21 of 21 shots framed');
      assert.deepEqual(json.problems, { errors: 0, warnings: 0, infos: 0, diagnostics: [] });
    });

    it('validate prints the edited line of a locked shot and exits 1', async () => {
      const dir = copyOfRun();
      const file = join(dir, 'shots/s01-003.md');
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace(/^action: .*$/m, 'action: The lamp goes out.'));
      const r = await cli('validate', dir);
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, new RegExp(`^shots/s01-003\\.md:${lineOf(text, 'action:')}:1 warning edited-after-lock edited after lock on .*filmcrew approve shots/s01-003\\.md`, 'm'));
      assert.match(r.out, /1 locked file changed since its lock/);
    });

    it('status lists the frames made stale by a re-locked character', async () => {
      const dir = copyOfRun();
      const sheet = join(dir, 'characters/mara.md');
      writeFileSync(sheet, readFileSync(sheet, 'utf8').replace(/^name: MARA$/m, 'name: MARA\nage: 62'));
      assert.equal((await cli('approve', 'characters/mara.md', '--dir', dir)).code, 0);
      const r = await cli('status', dir);
      assert.match(r.out, /^Stale \(inputs changed since they were locked\): .*media\/frames\/s01-002\.svg/m);
      assert.match(r.out, /^Stale .*edit\/cut\.otio/m);
      const json = JSON.parse((await cli('status', dir, '--json')).out) as StatusJson;
      assert.ok(json.stale.includes('media/frames/s01-002.svg'));
    });

    it('status of a folder outside git says the gates need git, and --json says where the gates came from', async () => {
      const dir = copyExample();
      const r = await cli('status', dir);
      assert.equal(r.code, 0);
      assert.match(r.out, /^Not a git repository: locks and gates are commits, so the gates above are judged from the artifacts' statuses alone\. Run `git init`/m);
      assert.equal((JSON.parse((await cli('status', dir, '--json')).out) as StatusJson).gatesFrom, 'artifacts');
    });
  });
});
