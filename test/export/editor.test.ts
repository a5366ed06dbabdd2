import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { directorsAssistant } from '../../src/core/crew/breakdown/role';
import { editor } from '../../src/core/crew/editor';
import { storyboardArtist } from '../../src/core/crew/storyboard/role';
import { copyExample } from '../support/fixtures';
import { productionAt, runRole, shotsOnDisk } from '../crew/harness';

describe('the editor', function () {
  this.timeout(30000);
  let dir: string;
  before(async () => {
    dir = copyExample();
    await runRole(dir, directorsAssistant);
    await runRole(dir, storyboardArtist);
  });

  it('plans the timelines and the rough cut as two tasks that read every shot, frame and clip', () => {
    const tasks = editor.plan(productionAt(dir), {});
    assert.deepEqual(tasks.map((t) => t.id), ['editor:cut', 'editor:roughcut']);
    const [task, media] = tasks;
    assert.equal(task!.stage, 'edit');
    assert.deepEqual(task!.writes, ['edit/cut.otio', 'edit/cut.edl', 'edit/animatic.html', 'edit/cut.fcpxml', 'edit/shotlist.csv']);
    assert.deepEqual(media!.writes, ['edit/storyboard.pdf', 'edit/roughcut.mp4']);
    for (const s of shotsOnDisk(dir)) {
      for (const t of tasks) {
        assert.ok(t.reads.includes(s.path) && t.reads.includes(`media/frames/${s.data.id}.svg`) && t.reads.includes(`media/clips/${s.data.id}.mp4`), s.path);
      }
    }
    assert.equal(editor.plan(productionAt(dir), { act: 'act2' }).length, 2, 'an act run still cuts the whole film');
  });

  it('cuts the example in sequence order at the production\u2019s 24 fps, all three ways', async () => {
    await runRole(dir, editor);
    const shots = shotsOnDisk(dir)
      .map((s) => s.data)
      .sort((a, b) => a.scene.localeCompare(b.scene) || a.order - b.order);
    const frames = shots.map((s) => Math.round(s.duration! * 24));
    const total = frames.reduce((a, b) => a + b, 0);

    const otio = JSON.parse(readFileSync(join(dir, 'edit/cut.otio'), 'utf8'));
    // Clips only: the script's transitions sit between them as Transition.1 objects.
    const clips = (otio.tracks.children[0].children as { OTIO_SCHEMA: string }[]).filter((c) => c.OTIO_SCHEMA === 'Clip.2') as unknown as { name: string; source_range: { duration: { value: number; rate: number } }; media_references: { DEFAULT_MEDIA: { target_url: string } } }[];
    assert.deepEqual(clips.map((c) => c.name), shots.map((s) => s.id));
    assert.deepEqual(clips.map((c) => c.source_range.duration.value), frames);
    assert.ok(clips.every((c) => c.source_range.duration.rate === 24));
    assert.deepEqual(clips.map((c) => c.media_references.DEFAULT_MEDIA.target_url), shots.map((s) => `../media/frames/${s.id}.svg`));

    const edl = readFileSync(join(dir, 'edit/cut.edl'), 'utf8');
    // One event line per shot with picture; a transition adds a zero-length outgoing line, a fade-out a BL line.
    const events = edl.split('\n').filter((l) => /^\d{3}  /.test(l) && !/^\d{3}  BL /.test(l) && l.split(/\s+/)[4] !== l.split(/\s+/)[5]);
    assert.equal(events.length, shots.length);
    const lastOut = edl.split('\n').filter((l) => /^\d{3}  /.test(l)).map((l) => l.split(/\s+/).pop()!).sort().pop();
    const secs = Math.floor(total / 24);
    const two = (v: number) => String(v).padStart(2, '0');
    assert.equal(lastOut, `01:${two(Math.floor(secs / 60))}:${two(secs % 60)}:${two(total % 24)}`);

    const html = readFileSync(join(dir, 'edit/animatic.html'), 'utf8');
    const data = JSON.parse(/<script type="application\/json" id="cut">([\s\S]*?)<\/script>/.exec(html)![1]!);
    assert.equal(data.total, total);
    assert.equal(data.shots.length, shots.length);
    assert.ok(data.shots.every((x: { image: number }) => x.image >= 0), 'every frame is inlined');
    assert.ok(data.offline, 'the page says the frames stand in for clips');
  });
});
