import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { propsOf } from '../../src/core/crew/assets/facts';
import { castOf } from '../../src/core/crew/breakdown/beats';
import { readsAsName, storyObjects } from '../../src/core/crew/breakdown/language';
import { TAGGING_FILE, TAGGING_VERSION, taggingMemo } from '../../src/core/crew/breakdown/tagging-memo';
import { parseFountain } from '../../src/core/fountain/parse';
import type { Screenplay } from '../../src/core/fountain/types';
import { environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction, type RunOptions } from '../../src/core/orchestrator/index';
import { writeFeature } from '../../bench/screenplay';
import { initRepo, tempDir } from '../support/fixtures';

const EXAMPLE_SCRIPT = readFileSync(join(__dirname, '..', '..', 'examples', 'lighthouse', 'script.fountain'), 'utf8');
/** A feature we did not tune the rules to: 105 scenes, many props. */
const LOW_ORBIT = readFileSync(join(__dirname, '..', '..', 'examples', 'screenplays', 'low-orbit.fountain'), 'utf8');

function paragraphs(script: Screenplay): string[] {
  return script.elements.flatMap((e) => (e.type === 'action' ? [e.text] : []));
}

/** What the tagger makes of a script with nothing remembered and nothing on disk. */
function fresh(text: string): { props: string[]; objects: unknown[] } {
  taggingMemo.forget();
  const script = parseFountain(text);
  const cast = castOf(script);
  const answer = { props: propsOf(script, cast), objects: paragraphs(script).map((p) => storyObjects(p, cast)) };
  taggingMemo.forget();
  return answer;
}

/** The same through a memo kept in `root` and read back by a "new process" (memory forgotten). */
async function throughMemo(root: string, text: string): Promise<{ props: string[]; objects: unknown[]; tagged: number; remembered: number }> {
  taggingMemo.forget();
  await taggingMemo.attach(root);
  const script = parseFountain(text);
  const cast = castOf(script);
  const answer = { props: propsOf(script, cast), objects: paragraphs(script).map((p) => storyObjects(p, cast)) };
  const { tagged, remembered } = taggingMemo.counts;
  await taggingMemo.save();
  taggingMemo.forget();
  return { ...answer, tagged, remembered };
}

describe("the tagging memo: what the tagger made of the script, kept between processes", () => {
  afterEach(() => taggingMemo.forget());

  it('is versioned by the tagging code and the tagger: bring TAGGING_VERSION up to date when either changes', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'src', 'core', 'crew', 'breakdown', 'language.ts'));
    const tagger = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', 'compromise', 'package.json'), 'utf8')) as { version: string }).version;
    const expected = `language.ts:${createHash('sha256').update(source).digest('hex').slice(0, 16)} compromise:${tagger}`;
    assert.equal(TAGGING_VERSION, expected, 'language.ts or compromise changed: set TAGGING_VERSION in tagging-memo.ts to this');
  });

  it('answers from the file exactly as the tagger does, without tagging again', async function () {
    this.timeout(60_000);
    const root = tempDir();
    const want = fresh(LOW_ORBIT);
    assert.ok(want.props.length > 20, `a feature's props: ${want.props.join(', ')}`);
    const first = await throughMemo(root, LOW_ORBIT);
    assert.ok(first.tagged > 0 && existsSync(join(root, TAGGING_FILE)));
    const second = await throughMemo(root, LOW_ORBIT);
    assert.equal(second.tagged, 0, 'every paragraph was remembered');
    assert.ok(second.remembered >= paragraphs(parseFountain(LOW_ORBIT)).length);
    assert.deepEqual({ props: second.props, objects: second.objects }, want);
    assert.deepEqual({ props: first.props, objects: first.objects }, want);
  });

  it('tags again only the paragraph a changed script changed, and answers for the new script', async () => {
    const root = tempDir();
    await throughMemo(root, EXAMPLE_SCRIPT);
    const paragraph = paragraphs(parseFountain(EXAMPLE_SCRIPT)).find((p) => /LANTERN/.test(p));
    assert.ok(paragraph, 'the example has a paragraph naming the LANTERN');
    const edited = EXAMPLE_SCRIPT.replace(paragraph, `${paragraph} She sets down a brass TELESCOPE.`);
    const want = fresh(edited);
    assert.ok(want.props.includes('TELESCOPE'));
    const after = await throughMemo(root, edited);
    assert.equal(after.tagged, 1, 'one paragraph changed');
    assert.deepEqual({ props: after.props, objects: after.objects }, want);
  });

  it('ignores a corrupted, partial, foreign or ill-shaped file, answers as the tagger does, and writes a good one', async () => {
    const want = fresh(EXAMPLE_SCRIPT);
    const count = paragraphs(parseFountain(EXAMPLE_SCRIPT)).length;
    const good = tempDir();
    await throughMemo(good, EXAMPLE_SCRIPT);
    const text = readFileSync(join(good, TAGGING_FILE), 'utf8');
    const parsed = JSON.parse(text) as { objects: Record<string, unknown> };
    const wrongShape = { ...parsed, objects: Object.fromEntries(Object.keys(parsed.objects).map((k) => [k, [{ name: 5, phrase: 'x' }]])) };
    const bad: [string, string, number][] = [
      ['garbage', '{"format": nonsense', count],
      ['cut short', text.slice(0, Math.floor(text.length / 2)), count],
      ['another version', JSON.stringify({ ...parsed, version: 'language.ts:0 compromise:0' }), count],
      ['entries of the wrong shape', JSON.stringify(wrongShape), count],
      ['not an object', '[1, 2, 3]', count],
    ];
    for (const [what, content, retagged] of bad) {
      const root = tempDir();
      mkdirSync(join(root, '.filmcrew'), { recursive: true });
      writeFileSync(join(root, TAGGING_FILE), content);
      const got = await throughMemo(root, EXAMPLE_SCRIPT);
      assert.ok(got.tagged >= retagged, `${what}: tagged ${got.tagged} of ${count}`);
      assert.deepEqual({ props: got.props, objects: got.objects }, want, what);
      const again = await throughMemo(root, EXAMPLE_SCRIPT);
      assert.equal(again.tagged, 0, `${what}: the file written after it is good`);
    }
  });

  it("keeps one production's answers out of another's file, and a production's own older answers in it", async () => {
    const [lighthouse, station] = [tempDir(), tempDir()];
    taggingMemo.forget();
    await taggingMemo.attach(lighthouse);
    const example = parseFountain(EXAMPLE_SCRIPT);
    propsOf(example, castOf(example));
    await taggingMemo.attach(station); // the same process opens another production
    const orbit = parseFountain(LOW_ORBIT.split('\n').slice(0, 120).join('\n'));
    propsOf(orbit, castOf(orbit));
    await taggingMemo.save();
    const written = readFileSync(join(station, TAGGING_FILE), 'utf8');
    assert.doesNotMatch(written, /LANTERN/, "the example's props are not in the other production's file");
    assert.ok(Object.keys((JSON.parse(written) as { objects: object }).objects).length > 0);
    // Back at the example: its file still holds its own answers, though this process tagged another script since.
    taggingMemo.forget();
    await taggingMemo.attach(lighthouse);
    propsOf(example, castOf(example));
    assert.equal(taggingMemo.counts.tagged, 0);
    assert.match(readFileSync(join(lighthouse, TAGGING_FILE), 'utf8'), /LANTERN/);
  });

  it('remembers whether a capitalised name reads as a name', async () => {
    const root = tempDir();
    taggingMemo.forget();
    const want = [readsAsName('EXTREMELY'), readsAsName('OSWIN')];
    assert.deepEqual(want, [false, true]);
    taggingMemo.forget();
    await taggingMemo.attach(root);
    assert.deepEqual([readsAsName('EXTREMELY'), readsAsName('OSWIN')], want);
    await taggingMemo.save();
    taggingMemo.forget();
    await taggingMemo.attach(root);
    assert.deepEqual([readsAsName('EXTREMELY'), readsAsName('OSWIN')], want);
    assert.deepEqual(taggingMemo.counts, { remembered: 2, tagged: 0 });
  });
});

describe('a run with the tagging memo and one without it', () => {
  // Yes to every question up to the asset gate, where the run stops: the breakdown and the sheets are written.
  const upToLooks: RunOptions = {
    prompt: { ask: async (q) => (q.kind === 'gate' && q.gate === 'assets' ? { answer: 'deny' } : { answer: 'approve' }), unattended: true },
    secrets: environmentSecrets,
    logger: silentLogger,
    provider: 'offline',
  };

  function written(root: string, folder: string): Record<string, string> {
    const dir = join(root, folder);
    return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8').replace(/^ *(run|at): .*$/gm, '$1: (this run)')]));
  }

  it('write the same shots and the same prop sheets; the second run tags nothing', async function () {
    this.timeout(240_000);
    // A production only written, not yet broken down: three generated scenes.
    const [without, withMemo] = [tempDir(), tempDir()].map((root) => {
      writeFeature(root, 36);
      return initRepo(root, 'The Long Night');
    });
    // The first production's run writes the memo; the second starts from it as a new process would.
    for (const [root, keep] of [[without, false], [withMemo, true]] as const) {
      taggingMemo.forget();
      if (keep) {
        mkdirSync(join(root, '.filmcrew'), { recursive: true });
        writeFileSync(join(root, TAGGING_FILE), readFileSync(join(without, TAGGING_FILE)));
      }
      const summary = await runProduction(root, upToLooks);
      assert.equal(summary.counts.failed, 0, JSON.stringify(summary.tasks.filter((t) => t.outcome === 'failed')));
      if (keep) assert.equal(taggingMemo.counts.tagged, 0, 'every paragraph was remembered');
      if (!keep) assert.ok(taggingMemo.counts.tagged > 0, 'the run without a memo tagged the script');
    }
    assert.deepEqual(written(withMemo, 'shots'), written(without, 'shots'));
    assert.ok(Object.keys(written(without, 'props')).length > 2, 'the run wrote prop sheets');
    assert.deepEqual(written(withMemo, 'props'), written(without, 'props'));
  });
});
