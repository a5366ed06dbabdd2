/**
 * The status entry point (src/cli/status-main.ts, dist/status.js): a warm `filmcrew status`
 * answered from the saved snapshots alone must print exactly what the full command prints, and
 * must never answer from a snapshot that something changed under: an edited file, a touched lock
 * file, a commit, a gate tag. Real git repositories in temp folders; the bundle as a real process.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { CliIO } from '../../src/cli/command';
import { main } from '../../src/cli/main';
import { warmStatus } from '../../src/cli/status-main';
import { RECORDS_FILE } from '../../src/core/production/records-snapshot';
import { STATUS_FILE } from '../../src/core/production/status-snapshot';
import { copyExample, git, initRepo, repoRoot, tempDir, writeFiles } from '../support/fixtures';

function io(cwd: string): CliIO & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`), interactive: false, cwd, env: process.env };
}

/** What the full command prints (and its exit code), reading and saving the snapshots as it goes. */
async function full(root: string, ...flags: string[]): Promise<string> {
  const o = io(root);
  assert.equal(await main(['status', root, ...flags], o), 0, o.lines.join('\n'));
  return o.lines.join('\n');
}

/** The truth: the full command with no snapshot to lean on. */
async function fresh(root: string, ...flags: string[]): Promise<string> {
  rmSync(join(root, STATUS_FILE), { force: true });
  rmSync(join(root, RECORDS_FILE), { force: true });
  return full(root, ...flags);
}

/** What the entry point prints, or undefined when it hands over to the full CLI. */
async function warm(root: string, ...flags: string[]): Promise<string | undefined> {
  const o = io(root);
  const code = await warmStatus([root, ...flags], o);
  if (code === undefined) {
    assert.deepEqual(o.lines, [], 'nothing printed before handing over');
    return undefined;
  }
  assert.equal(code, 0);
  return o.lines.join('\n');
}

/** Every file and folder (the repository's too) a minute old, so nothing is "racily clean". */
function age(root: string): void {
  const old = new Date(Date.now() - 60_000);
  for (const f of readdirSync(root, { recursive: true, encoding: 'utf8' })) utimesSync(join(root, f), old, old);
  utimesSync(root, old, old);
}

const settle = () => new Promise((done) => setTimeout(done, 80)); // past the racy window (50 ms)

/** A production in a real repository, its snapshots saved by one full status. */
async function warmed(): Promise<string> {
  const root = initRepo(copyExample());
  age(root);
  await full(root);
  return root;
}

describe('the status entry point', () => {
  it('answers an unchanged production from the snapshots with exactly what the full command prints, as a table and as JSON', async () => {
    const root = await warmed();
    const table = await warm(root);
    assert.ok(table, 'the snapshots answer');
    assert.equal(table, await full(root));
    assert.match(table, /^Script\s+Script lock\s+ready\s+script\.fountain, 3 scenes$/m);
    assert.equal(await warm(root, '--json'), await full(root, '--json'));
    assert.equal(await warm(root, '--json'), await fresh(root, '--json'));
  });

  it('never answers from a stale snapshot: an edited file, a touched lock file, a commit and a gate tag each change what it prints', async () => {
    const root = await warmed();
    const before = (await warm(root, '--json'))!;
    assert.ok(before);

    // An edited file: the title in production.md.
    writeFileSync(join(root, 'production.md'), readFileSync(join(root, 'production.md'), 'utf8').replace(/^title: .*$/m, 'title: The Other Light'));
    assert.equal(await warm(root, '--json'), undefined, 'an edited file is not answered from the snapshot');
    await settle();
    const edited = await full(root, '--json');
    assert.equal(edited, await fresh(root, '--json'));
    assert.equal((JSON.parse(edited) as { title: string }).title, 'The Other Light');
    await full(root, '--json'); // saves the snapshots again, now past the racy window
    assert.equal(await warm(root, '--json'), edited);

    // The script approved (a lock file and a lock commit), then its gate passed (a commit and a tag), as a person does it.
    git(root, 'commit', '-qam', 'retitle');
    const o = io(root);
    assert.equal(await main(['approve', 'script.fountain', '--dir', root], o), 0, o.lines.join('\n'));
    assert.equal(await warm(root, '--json'), undefined, 'a lock commit is not answered from the snapshot');
    await settle();
    assert.equal(await full(root, '--json'), await fresh(root, '--json'));
    assert.equal(await main(['gate', 'pass', 'script', '--dir', root], o), 0, o.lines.join('\n'));
    assert.equal(await warm(root, '--json'), undefined, 'a gate commit is not answered from the snapshot');
    await settle();
    const passed = await full(root, '--json');
    const gates = (s: string) => (JSON.parse(s) as { gates: Record<string, boolean>; locked: number }).gates;
    assert.equal(gates(edited).script, false);
    assert.equal(gates(passed).script, true);
    assert.equal((JSON.parse(passed) as { locked: number }).locked, 1);
    assert.equal(passed, await fresh(root, '--json'));
    await settle();
    await full(root);
    assert.equal(await warm(root, '--json'), passed);

    // The lock file touched by hand: only its size and time change, still the records are read again.
    appendFileSync(join(root, 'filmcrew.lock'), '# a note\n');
    assert.equal(await warm(root, '--json'), undefined, 'a touched lock file is not answered from the snapshot');
    await settle();
    assert.equal(await full(root, '--json'), await fresh(root, '--json'));

    // A commit that takes the script back (the locked file changes): the gate falls and the lock is broken.
    writeFileSync(join(root, 'script.fountain'), readFileSync(join(root, 'script.fountain'), 'utf8') + '\nINT. A NEW ROOM - NIGHT\n\nSomeone waits.\n');
    git(root, 'commit', '-qam', 'rewrite the ending');
    assert.equal(await warm(root, '--json'), undefined, 'a new commit is not answered from the snapshot');
    await settle();
    const rewritten = await full(root, '--json');
    assert.equal(rewritten, await fresh(root, '--json'));
    assert.notEqual(rewritten, passed);
    assert.match(rewritten, /edited-after-lock/);

    // A gate tag alone (another reference moved): read again.
    await settle();
    await full(root);
    assert.ok(await warm(root, '--json'));
    git(root, 'tag', 'filmcrew/gate/shotlist');
    assert.equal(await warm(root, '--json'), undefined, 'a new gate tag is not answered from the snapshot');
    assert.notEqual(before, rewritten);
  });

  it('run inside the production (its files looked at by relative path), sees an edit that keeps the size', async () => {
    const root = await warmed();
    const cwd = process.cwd();
    try {
      process.chdir(root);
      const before = await warm(root, '--json');
      assert.ok(before, 'the snapshots answer inside the production too');
      const file = join(root, 'production.md');
      const text = readFileSync(file, 'utf8');
      const title = /^title: (.*)$/m.exec(text)![1]!;
      const other = title.toUpperCase() === title ? title.toLowerCase() : title.toUpperCase();
      writeFileSync(file, text.replace(`title: ${title}`, `title: ${other}`)); // same size, new mtime
      assert.equal(await warm(root, '--json'), undefined, 'an edit of the same size is not answered from the snapshot');
      await settle();
      const edited = await full(root, '--json');
      assert.equal((JSON.parse(edited) as { title: string }).title, other);
      assert.equal(await warm(root, '--json'), edited);
      process.chdir(cwd);
      assert.equal(await warm(root, '--json'), edited, 'and from elsewhere, by absolute path');
    } finally {
      process.chdir(cwd);
    }
  });

  it('hands over to the full CLI for --help, a usage mistake and a folder with no snapshot', async () => {
    const root = await warmed();
    assert.ok(await warm(root));
    assert.equal(await warmStatus([root, '--help'], io(root)), undefined);
    assert.equal(await warmStatus([root, '--jsn'], io(root)), undefined);
    assert.equal(await warmStatus([root, 'two', 'folders'], io(root)), undefined);
    assert.equal(await warmStatus([join(root, 'agents')], io(root)), undefined, 'not a production');
  });

  it('lists the open questions as the full command does, and reads them again when a question file changes', async () => {
    const root = await warmed();
    const question = (status: string) =>
      `---\nkind: question\nid: casting.mara.look\nrole: casting\ntask: casting:mara\nsubject: mara\nabout: character\nquestion: Is Mara's coat yellow or grey?\noptions:\n  - yellow\n  - grey\nstatus: ${status}\n---\n`;
    writeFiles(root, { 'questions/casting.mara.look.md': question('open') });
    assert.equal(await warm(root), undefined, 'a new question folder is read by the full CLI first');
    await settle();
    const asked = await full(root);
    assert.match(asked, /^Open questions: 1 /m);
    assert.match(asked, /casting\.mara\.look \(casting, about mara\): Is Mara's coat yellow or grey\? \[1\. yellow \| 2\. grey\]/);
    assert.equal(await warm(root), asked);
    assert.equal(await warm(root, '--json'), await fresh(root, '--json'));

    // Answered by hand, in place (same folder, same name): the file's stat tells, not the folder's.
    writeFileSync(join(root, 'questions/casting.mara.look.md'), question('answered').replace('status: answered', 'status: answered\nanswer: grey'));
    assert.equal(await warm(root), undefined, 'an edited question file is read again');
    await settle();
    const answered = await full(root);
    assert.match(answered, /^Open questions: none\.$/m);
    assert.equal(await warm(root), answered, 'answered questions stay in questions/ and a warm status still answers');
  });

  it('saves the snapshots again in a long-lived process after .filmcrew/ was deleted under it', async () => {
    const root = await warmed();
    assert.ok(await warm(root));
    rmSync(join(root, '.filmcrew'), { recursive: true, force: true }); // its temp folder goes too
    assert.equal(await warm(root), undefined);
    await settle();
    await full(root);
    assert.ok(await warm(root), 'the snapshots were written again');
  });

  describe('as the `filmcrew` process', () => {
    let bin: string;
    let inputs: string[];
    before(async function () {
      this.timeout(120_000);
      // bin/filmcrew.js beside the two bundles it dispatches to, built as scripts/build.mjs builds them.
      const out = tempDir('filmcrew-bin-');
      mkdirSync(join(out, 'bin'));
      copyFileSync(join(repoRoot, 'bin/filmcrew.js'), join(out, 'bin/filmcrew.js'));
      const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: repoRoot } as const;
      const [status] = await Promise.all([
        build({ ...common, entryPoints: ['src/cli/status-main.ts'], outfile: join(out, 'dist/status.js'), metafile: true }),
        build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: join(out, 'dist/cli.js') }),
      ]);
      inputs = Object.keys(status.metafile.inputs);
      bin = join(out, 'bin/filmcrew.js');
    });

    const run = (root: string, env: NodeJS.ProcessEnv = {}) =>
      execFileSync(process.execPath, [bin, 'status', root, '--json'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: tempDir(), ...env } });

    it('bundles the status entry without YAML, schemas, the loader, git or the crew', () => {
      assert.ok(inputs.includes('src/core/production/status-snapshot.ts'));
      const heavy = inputs.filter((p) => p.startsWith('node_modules/') || /^src\/core\/(git|crew|media|orchestrator|schema|fountain)\/|production\/(load|records|status-cache)\.ts$/.test(p));
      assert.deepEqual(heavy, []);
    });

    it('prints the same JSON through the entry point as through the full CLI, after an edit and warm again', async () => {
      const root = await warmed();
      const viaEntry = run(root);
      assert.equal(viaEntry, run(root, { FILMCREW_NO_STATUS_ENTRY: '1' }));
      assert.equal(viaEntry.trimEnd(), await fresh(root, '--json'));
      writeFiles(root, { 'props/lantern.md': '---\nkind: prop\nid: lantern\nname: Lantern\nstatus: draft\n---\nA storm lantern.\n' });
      const afterEdit = run(root); // the entry point hands over, the full CLI reads and saves again
      assert.match(afterEdit, /"folder": "props",\s+"total": 1/);
      await settle();
      run(root);
      assert.equal(run(root), afterEdit);
    });
  });
});
