import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanTemp, processStart, tempPathFor, TEMP_DIR } from '../../src/core/artifact/atomic';
import { fileHash } from '../../src/core/artifact/hash';
import { readArtifact, updateArtifact, writeArtifact, writeFileAtomic, WriteConflictError } from '../../src/core/artifact/writer';
import { FilmcrewError } from '../../src/core/diagnostics';
import { copyExample, tempDir, writeFiles } from '../support/fixtures';

const SHOT = `---
kind: shot # written by the assistant
id: s01-003
scene: s01
order: 3
# the person's own note key, unknown to filmcrew:
director_note: keep it tight
size: CU
duration: 3 # seconds
characters:
  - mara
dialogue:
  - character: MARA
    line: One more night, old friend.
status: proposed
---

Mara strikes a match.

<!-- a person's notes below the shot -->
`;

const isRoot = process.getuid?.() === 0;

describe('writing an artifact', () => {
  it('writes a new file atomically and reads it back', async () => {
    const root = tempDir();
    const a = await writeArtifact(root, 'shots/s01-001.md', { kind: 'shot', id: 's01-001', scene: 's01', order: 1 }, '\nA wide.\n', { expectedFileHash: null });
    const text = readFileSync(join(root, 'shots/s01-001.md'), 'utf8');
    assert.equal(text, '---\nkind: shot\nid: s01-001\nscene: s01\norder: 1\n---\n\nA wide.\n');
    assert.equal(a.fileHash, fileHash(text));
    assert.equal(a.keyLines.order, 5);
    const back = await readArtifact(root, 'shots/s01-001.md');
    assert.deepEqual(back.diagnostics, []);
    assert.deepEqual(back.artifact?.data, { kind: 'shot', id: 's01-001', scene: 's01', order: 1 });
  });

  it('keeps comments, unknown keys, key order and the body byte-for-byte when one key changes', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/s01-003.md': SHOT });
    const before = await readArtifact(root, 'shots/s01-003.md');
    await updateArtifact(root, 'shots/s01-003.md', { status: 'approved' }, { expectedFileHash: before.artifact!.fileHash });
    const after = readFileSync(join(root, 'shots/s01-003.md'), 'utf8');
    assert.equal(after, SHOT.replace('status: proposed', 'status: approved'));
  });

  it('changes a value in place, keeping its trailing comment, and leaves every other line alone', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/s01-003.md': SHOT });
    const { artifact } = await readArtifact(root, 'shots/s01-003.md');
    // Whole data handed back (as a caller that read the file would), with two changes.
    await updateArtifact(root, 'shots/s01-003.md', { ...artifact!.data, duration: 4.5, characters: ['mara', 'jonah'] }, { expectedFileHash: artifact!.fileHash });
    const after = readFileSync(join(root, 'shots/s01-003.md'), 'utf8');
    assert.equal(after, SHOT.replace('duration: 3 # seconds', 'duration: 4.5 # seconds').replace('  - mara\n', '  - mara\n  - jonah\n'));
  });

  it('adds new keys at the end of the frontmatter and removes keys set to undefined', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/s01-003.md': SHOT });
    const { artifact } = await readArtifact(root, 'shots/s01-003.md');
    await updateArtifact(root, 'shots/s01-003.md', { frame: 'media/frames/s01-003.svg', director_note: undefined }, { expectedFileHash: artifact!.fileHash });
    const after = readFileSync(join(root, 'shots/s01-003.md'), 'utf8');
    assert.equal(
      after,
      SHOT.replace('director_note: keep it tight\n', '').replace('status: proposed\n', 'status: proposed\nframe: media/frames/s01-003.svg\n'),
    );
  });

  it('replaces the body only when a new one is given', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/s01-003.md': SHOT });
    const { artifact } = await readArtifact(root, 'shots/s01-003.md');
    const written = await writeArtifact(root, 'shots/s01-003.md', {}, '\nNew body.\n', { expectedFileHash: artifact!.fileHash });
    const after = readFileSync(join(root, 'shots/s01-003.md'), 'utf8');
    assert.equal(after, SHOT.slice(0, SHOT.indexOf('---\n\nMara') + 4) + '\nNew body.\n');
    assert.equal(written.body, '\nNew body.\n');
  });

  it('keeps the example production.md byte-for-byte apart from the changed key, comments and folded style included', async () => {
    const root = copyExample();
    const path = join(root, 'production.md');
    const original = readFileSync(path, 'utf8');
    const { artifact } = await readArtifact(root, 'production.md');
    await updateArtifact(root, 'production.md', { ...artifact!.data, status: 'locked', budget: { cap: 30, currency: 'USD' } }, { expectedFileHash: artifact!.fileHash });
    const after = readFileSync(path, 'utf8');
    assert.equal(after, original.replace('status: draft', 'status: locked').replace('cap: 25', 'cap: 30'));
  });

  it('refuses to overwrite a file that changed on disk since it was read', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/s01-003.md': SHOT });
    const { artifact } = await readArtifact(root, 'shots/s01-003.md');
    const edited = SHOT.replace('size: CU', 'size: ECU');
    writeFileSync(join(root, 'shots/s01-003.md'), edited);
    await assert.rejects(
      updateArtifact(root, 'shots/s01-003.md', { status: 'approved' }, { expectedFileHash: artifact!.fileHash }),
      (e: unknown) => e instanceof WriteConflictError && e.code === 'write-conflict' && /changed on disk/.test(e.message),
    );
    assert.equal(readFileSync(join(root, 'shots/s01-003.md'), 'utf8'), edited);
  });

  it('refuses to create a file that already exists, and to update one that was deleted', async () => {
    const root = tempDir();
    writeFiles(root, { 'props/lantern.md': '---\nkind: prop\n---\n' });
    await assert.rejects(writeArtifact(root, 'props/lantern.md', { kind: 'prop' }, '', { expectedFileHash: null }), WriteConflictError);
    await assert.rejects(updateArtifact(root, 'props/gone.md', { kind: 'prop' }, { expectedFileHash: 'abc' }), WriteConflictError);
    assert.equal(existsSync(join(root, 'props/gone.md')), false);
  });

  it('refuses paths that escape the production folder', async () => {
    const root = tempDir();
    const outside = tempDir();
    symlinkSync(outside, join(root, 'shots'));
    for (const rel of ['../evil.md', '/tmp/evil.md', 'shots/evil.md']) {
      await assert.rejects(
        writeArtifact(root, rel, { kind: 'shot' }, '', { expectedFileHash: null }),
        (e: unknown) => e instanceof FilmcrewError && e.code === 'path-escapes',
        rel,
      );
    }
    assert.deepEqual(readdirSync(outside), []);
  });

  it('refuses to edit a file whose frontmatter cannot be read, leaving it as it is', async () => {
    const root = tempDir();
    const broken = '---\nkind: shot\nid: [oops\n---\n';
    writeFiles(root, { 'shots/x.md': broken });
    await assert.rejects(updateArtifact(root, 'shots/x.md', { status: 'approved' }, { expectedFileHash: fileHash(broken) }), FilmcrewError);
    assert.equal(readFileSync(join(root, 'shots/x.md'), 'utf8'), broken);
  });

  it('gives a plain markdown file frontmatter and keeps its text as the body', async () => {
    const root = tempDir();
    writeFiles(root, { 'reviews/r1.md': 'Notes from the screening.\n' });
    await writeArtifact(root, 'reviews/r1.md', { kind: 'review', id: 'r1', notes: [] }, undefined, { expectedFileHash: fileHash('Notes from the screening.\n') });
    assert.equal(readFileSync(join(root, 'reviews/r1.md'), 'utf8'), '---\nkind: review\nid: r1\nnotes: []\n---\nNotes from the screening.\n');
  });

  it('keeps CRLF line endings when it edits a CRLF file', async () => {
    const root = tempDir();
    const crlf = '---\r\nkind: prop\r\nid: lantern\r\n---\r\nbody\r\n';
    writeFiles(root, { 'props/lantern.md': crlf });
    await updateArtifact(root, 'props/lantern.md', { id: 'lamp', name: 'Lamp' }, { expectedFileHash: fileHash(crlf) });
    assert.equal(readFileSync(join(root, 'props/lantern.md'), 'utf8'), '---\r\nkind: prop\r\nid: lamp\r\nname: Lamp\r\n---\r\nbody\r\n');
  });
});

describe('atomic file writes', () => {
  it('creates missing folders and replaces the file in one step', async () => {
    const root = tempDir();
    const path = join(root, 'media/frames/deep/a.svg');
    await writeFileAtomic(path, '<svg/>');
    await writeFileAtomic(path, new Uint8Array([60, 98, 47, 62]));
    assert.equal(readFileSync(path, 'utf8'), '<b/>');
    assert.deepEqual(readdirSync(join(root, 'media/frames/deep')), ['a.svg']);
  });

  it('leaves the old content and no temp file behind when the final rename fails', async () => {
    const root = tempDir();
    // The target is a non-empty folder: writing the temp file works, renaming over it cannot.
    mkdirSync(join(root, 'shots/s01-001.md'), { recursive: true });
    writeFileSync(join(root, 'shots/s01-001.md/keep.txt'), 'old');
    await assert.rejects(writeFileAtomic(join(root, 'shots/s01-001.md'), 'new content'));
    assert.deepEqual(readdirSync(join(root, 'shots')), ['s01-001.md']);
    assert.equal(readFileSync(join(root, 'shots/s01-001.md/keep.txt'), 'utf8'), 'old');
  });

  (isRoot ? it.skip : it)('leaves the old content intact when the folder is read-only', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/a.md': 'old' });
    chmodSync(join(root, 'shots'), 0o555);
    try {
      await assert.rejects(writeFileAtomic(join(root, 'shots/a.md'), 'new'));
      assert.deepEqual(readdirSync(join(root, 'shots')), ['a.md']);
      assert.equal(readFileSync(join(root, 'shots/a.md'), 'utf8'), 'old');
    } finally {
      chmodSync(join(root, 'shots'), 0o755);
    }
  });

  it("cleans a killed writer's temp files, also when its pid now belongs to another process, and keeps a living writer's", async () => {
    const root = tempDir();
    writeFiles(root, { 'production.md': '---\nkind: production\n---\n' });
    const tmp = join(root, TEMP_DIR);
    const mine = tempPathFor(join(root, 'shots/a.md'));
    writeFileSync(mine, 'in flight');
    const sleeper = spawn('sleep', ['30']);
    try {
      const start = processStart(sleeper.pid!);
      assert.ok(start, 'this test needs /proc');
      const names = {
        living: `${sleeper.pid}-${start}.aaaa.b.md.tmp`,
        // What a process that had the sleeper's pid before it, now gone, left behind.
        reused: `${sleeper.pid}-${Number(start) - 1}.bbbb.c.md.tmp`,
        dead: `999999999.cccc.d.md.tmp`,
        oldStyle: `${sleeper.pid}.dddd.e.md.tmp`,
      };
      for (const n of Object.values(names)) writeFileSync(join(tmp, n), 'x');
      assert.equal(cleanTemp(root), 2);
      assert.deepEqual(readdirSync(tmp).sort(), [names.living, names.oldStyle, mine.slice(tmp.length + 1)].sort());
      assert.match(mine.slice(tmp.length + 1), new RegExp(`^${process.pid}-${processStart(process.pid)}\\.`));
    } finally {
      sleeper.kill();
    }
  });

  it('writes content larger than what it writes inline whole, and keeps the mode of the file it replaces', async () => {
    const root = tempDir();
    writeFiles(root, { 'production.md': '---\nkind: production\n---\n', 'edit/roughcut.mp4': 'old' });
    chmodSync(join(root, 'edit/roughcut.mp4'), 0o640);
    // Past the 1 MiB written on the event loop, and not a multiple of any chunk.
    const big = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => (i * 31) % 251);
    await writeFileAtomic(join(root, 'edit/roughcut.mp4'), big);
    assert.deepEqual(new Uint8Array(readFileSync(join(root, 'edit/roughcut.mp4'))), big);
    assert.equal(statSync(join(root, 'edit/roughcut.mp4')).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(join(root, TEMP_DIR)), []);
  });

  it('lets writes into one folder run at once, each done only once its own file is in place', async () => {
    const root = tempDir();
    writeFiles(root, { 'production.md': '---\nkind: production\n---\n' });
    const names = Array.from({ length: 40 }, (_, i) => `shots/s01-${String(i).padStart(3, '0')}.md`);
    // Several rounds over the same files: later writes of a file wait on the folder's fsync with others.
    for (const round of [1, 2, 3]) {
      await Promise.all(
        names.map((n) =>
          writeFileAtomic(join(root, n), `${n} round ${round}\n`).then(() => {
            assert.equal(readFileSync(join(root, n), 'utf8'), `${n} round ${round}\n`);
          }),
        ),
      );
    }
    assert.deepEqual(readdirSync(join(root, 'shots')).sort(), names.map((n) => n.slice('shots/'.length)).sort());
    assert.deepEqual(readdirSync(join(root, TEMP_DIR)), []);
  });

  it('writes content given in parts, text and bytes, one after another', async () => {
    const root = tempDir();
    writeFiles(root, { 'production.md': '---\nkind: production\n---\n' });
    const bytes = new Uint8Array(2 * 1024 * 1024 + 3).map((_, i) => (i * 7) % 256);
    await writeFileAtomic(join(root, 'edit/parts.bin'), ['héllo — ', bytes, 'x'.repeat(70_000), '', 'end\n']);
    const want = Buffer.concat([Buffer.from('héllo — '), bytes, Buffer.from('x'.repeat(70_000)), Buffer.from('end\n')]);
    assert.ok(readFileSync(join(root, 'edit/parts.bin')).equals(want));
    assert.deepEqual(readdirSync(join(root, TEMP_DIR)), []);
  });

  it('leaves no temp file and the old content when writing the data throws', async () => {
    const root = tempDir();
    writeFiles(root, { 'shots/a.md': 'old' });
    // A content value the file handle refuses after the temp file was opened.
    await assert.rejects(writeFileAtomic(join(root, 'shots/a.md'), 42 as unknown as string));
    assert.deepEqual(readdirSync(join(root, 'shots')), ['a.md']);
    assert.equal(readFileSync(join(root, 'shots/a.md'), 'utf8'), 'old');
  });
});
