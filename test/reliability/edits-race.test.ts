/**
 * A person edits the production while `run --yes` works on it: 100 edits to shots, sheets and
 * photography, each adding its own key, made as editors make them (in place, or a new file
 * renamed over). After the run, every edit is still in its file: the run wrote its work beside
 * (a proposal) or refused the lock with a message, never over the person's edit.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyExample, initRepo } from '../support/fixtures';
import { corruptFiles, figure, PRICED_RUN, start } from './support';

const EDITS = 100;
const FOLDERS = ['shots', 'characters', 'costumes', 'locations', 'props', 'photography'];

function editable(dir: string): string[] {
  const out: string[] = [];
  for (const folder of FOLDERS) {
    if (!existsSync(join(dir, folder))) continue;
    for (const f of readdirSync(join(dir, folder))) if (f.endsWith('.md') && !f.includes('.proposed')) out.push(`${folder}/${f}`);
  }
  return out;
}

/** Adds `person_edit_<n>: true` as the first key of a file's frontmatter, as a person would. */
function edit(dir: string, path: string, n: number): boolean {
  const abs = join(dir, path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    return false;
  }
  if (!text.startsWith('---\n')) return false;
  const next = `---\nperson_edit_${n}: true\n${text.slice(4)}`;
  if (n % 2) writeFileSync(abs, next);
  else {
    writeFileSync(`${abs}.person-save`, next);
    renameSync(`${abs}.person-save`, abs);
  }
  return true;
}

describe('a person editing while a run works', () => {
  it(`loses none of ${EDITS} edits made during run --yes`, async function () {
    this.timeout(300_000);
    const dir = initRepo(copyExample(), 'The Last Light');
    const made: { path: string; n: number }[] = [];
    const exits: (number | null)[] = [];
    let n = 0;
    // Runs one after another while the edits go on (a run that stops at a refused lock is followed by the next).
    for (let runs = 0; made.length < EDITS && runs < 6; runs++) {
      const run = start(PRICED_RUN, [dir, join(dir, '..', 'calls.log')]);
      let running = true;
      const exited = run.exited.then((r) => ((running = false), r));
      while (running && made.length < EDITS) {
        const files = editable(dir);
        if (files.length) {
          const path = files[(n * 7919) % files.length]!;
          if (edit(dir, path, n)) made.push({ path, n });
          n++;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      const result = await exited;
      assert.notEqual(result.code, 70, result.stderr);
      exits.push(result.code);
    }
    const result = { code: exits.join(', ') };
    const lost = made.filter(({ path, n: k }) => !readFileSync(join(dir, path), 'utf8').includes(`person_edit_${k}: true`));
    const proposals = readdirSync(join(dir, 'shots')).filter((f) => f.includes('.proposed')).length;
    figure(`edits lost / tried: ${lost.length} / ${made.length} (run exits ${result.code}; ${proposals} shot proposals beside)`);
    assert.ok(made.length >= EDITS, `only ${made.length} edits landed while the run worked`);
    assert.deepEqual(lost, []);
    assert.deepEqual(await corruptFiles(dir), []);
  });
});
