import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { casting } from '../../src/core/crew/assets/casting';
import { costume } from '../../src/core/crew/assets/costume';
import { productionDesign } from '../../src/core/crew/assets/production-design';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { checker } from '../../src/core/crew/checker';
import { dop } from '../../src/core/crew/dop';
import { editor } from '../../src/core/crew/editor';
import { storyboardArtist } from '../../src/core/crew/storyboard/role';
import type { ReviewData } from '../../src/core/model/types';
import { copyExample, tempDir } from '../support/fixtures';
import { productionAt, runRole } from './harness';

let spine: string | undefined;

/** The example through every stage up to the edit, made once and copied per test. */
async function cutProduction(): Promise<string> {
  if (!spine) {
    spine = copyExample();
    for (const role of [directorsAssistant, casting, costume, productionDesign, storyboardArtist, dop, editor]) await runRole(spine, role);
  }
  const dir = join(tempDir(), 'lighthouse');
  cpSync(spine, dir, { recursive: true });
  return dir;
}

/** What a person does at the asset gate: choose option a of every sheet and lock it. */
function lockSheets(dir: string): void {
  const p = productionAt(dir);
  for (const sheet of [...p.characters, ...p.costumes, ...p.locations, ...p.props]) {
    const path = join(dir, sheet.path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('status: proposed', 'chosen: a\nstatus: locked'));
  }
}

function review(dir: string, run = 'run-test'): { data: ReviewData; body: string } {
  const r = productionAt(dir).reviews.find((a) => a.path === `reviews/${run}.md`);
  assert.ok(r, `reviews/${run}.md was not written`);
  return { data: r.data as ReviewData, body: r.body };
}

function feedback(dir: string, role: string): string {
  const path = join(dir, 'agents', role, 'feedback.md');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

describe('the checker, offline', () => {
  it('finds nothing to fix in the example cut once the sheets are locked', async () => {
    const dir = await cutProduction();
    lockSheets(dir);
    await runRole(dir, checker);
    const { data, body } = review(dir);
    assert.deepEqual(data.notes, []);
    // 76.5 s against the treatment's 70 s is +9%: inside ±15%, so no note, but the review says it.
    assert.match(body, /76\.5 s against a target of 70 s \(\+9%\)/);
    assert.match(body, /offline/);
    for (const role of ['casting', 'costume', 'storyboard-artist', 'editor', 'directors-assistant']) assert.equal(feedback(dir, role), '');
  });

  it('routes each note to the role that owns the fix and appends it to that role\'s feedback', async () => {
    const dir = await cutProduction();
    lockSheets(dir);
    // A missing frame, a character whose look is not locked, an unlocked wardrobe.
    rmSync(join(dir, 'media/frames/s02-004.svg'));
    const mara = join(dir, 'characters/mara.md');
    writeFileSync(mara, readFileSync(mara, 'utf8').replace('status: locked', 'status: proposed'));
    const jonah = join(dir, 'costumes/jonah.md');
    writeFileSync(jonah, readFileSync(jonah, 'utf8').replace('chosen: a\n', ''));
    writeFileSync(join(dir, 'agents/casting/feedback.md'), '# Notes for casting\n\nKeep Mara older than Jonah.\n');

    await runRole(dir, checker, 'run-2');
    const { data } = review(dir, 'run-2');
    assert.deepEqual(
      data.notes.map((n) => [n.role, n.severity, n.shot ?? '', n.asset ?? '']),
      [
        ['storyboard-artist', 'error', 's02-004', ''],
        ['casting', 'warning', 's01-002', 'mara'],
        ['costume', 'warning', 's01-007', 'jonah'],
      ],
    );
    assert.match(feedback(dir, 'storyboard-artist'), /## Review run-2 — from the checker\n\n- \[ \] \*\*error\*\* s02-004: Shot s02-004 has no storyboard frame \(media\/frames\/s02-004\.svg\)/);
    const castingNotes = feedback(dir, 'casting');
    assert.match(castingNotes, /^# Notes for casting\n\nKeep Mara older than Jonah\.\n/, 'a person\'s notes were lost');
    assert.match(castingNotes, /Mara appears in s01-002, s01-004, s01-005 and \d+ more, but characters\/mara\.md is not locked/);
    assert.match(feedback(dir, 'costume'), /Jonah's wardrobe is not locked \(locked, no option chosen\)/);
    assert.equal(feedback(dir, 'editor'), '');
  });

  it('sends a running time more than 15% off the treatment\'s target to the editor', async () => {
    const dir = await cutProduction();
    lockSheets(dir);
    const production = join(dir, 'production.md');
    writeFileSync(production, readFileSync(production, 'utf8').replace('target_duration: 70', 'target_duration: 60'));
    await runRole(dir, checker);
    const { data } = review(dir);
    assert.deepEqual(data.notes.map((n) => [n.role, n.severity]), [['editor', 'warning']]);
    assert.match(data.notes[0]!.message, /runs 76\.5 s against a target of 60 s \(\+28%/);
    assert.match(feedback(dir, 'editor'), /runs 76\.5 s against a target of 60 s/);
  });

  it('sends a scene in a new location without an establishing shot to the director\'s assistant', async () => {
    const dir = await cutProduction();
    lockSheets(dir);
    const shot = join(dir, 'shots/s01-001.md');
    writeFileSync(shot, readFileSync(shot, 'utf8').replace('status: proposed', 'omitted: true\nstatus: proposed'));
    // Its wide stays out of the cut too: the editor runs again, as it would in a real run.
    await runRole(dir, editor);
    await runRole(dir, checker);
    const { data } = review(dir);
    assert.deepEqual(data.notes.map((n) => [n.role, n.shot, n.asset]), [['directors-assistant', 's01-002', 'lighthouse-lamp-room']]);
    assert.match(feedback(dir, 'directors-assistant'), /Scene s01 opens in Lighthouse Lamp Room with no establishing shot/);
  });

  it('sends a shot showing a character with no sheet to casting as an error', async () => {
    const dir = await cutProduction();
    lockSheets(dir);
    const shot = join(dir, 'shots/s03-006.md');
    writeFileSync(shot, readFileSync(shot, 'utf8').replace('  - jonah\n', '  - jonah\n  - harbour-master\n'));
    await runRole(dir, editor);
    await runRole(dir, checker);
    const notes = review(dir).data.notes.filter((n) => n.role === 'casting');
    assert.deepEqual(notes.map((n) => [n.severity, n.shot, n.asset]), [['error', 's03-006', 'harbour-master']]);
    assert.ok(review(dir).data.notes.some((n) => n.role === 'costume' && n.asset === 'harbour-master'));
  });
});
