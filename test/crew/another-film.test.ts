/**
 * A whole offline production of a screenplay that is not the example, run the way `filmcrew run
 * --yes` runs it: nothing of the example's text may turn up in any of its files, its props are
 * the script's objects, and its frames are drawn from its own places and people.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approveEverything, environmentSecrets, silentLogger } from '../../src/core/host';
import { runProduction } from '../../src/core/orchestrator/index';
import { initProduction } from '../../src/core/production/init';
import { offlineProvider } from '../../src/core/crew/offline';
import { IDENTITY, withGitConfig } from '../core/git-config';
import { examplesDir, git, tempDir } from '../support/fixtures';

/** Words and phrases only the lighthouse example (its script, style and old offline defaults) uses. */
const LIGHTHOUSE = [
  'lighthouse', 'lantern', 'oilskin', 'silver braid', 'Mara', 'Jonah', 'lamp room', 'Scottish', 'salt', 'harbour', 'beacon',
  'last light', 'cold blue night', 'amber practicals', 'rain-streaked', 'dented and polished', 'sea-green', 'keeper', 'rocky beach',
];

function filesOf(root: string, rel = ''): string[] {
  return readdirSync(join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.name === '.git') return [];
    return e.isDirectory() ? filesOf(root, p) : [p];
  });
}

describe('another film, offline from script to review', function () {
  this.timeout(240_000);
  let dir = '';

  before(async () => {
    dir = join(tempDir(), 'first-platform');
    await withGitConfig(IDENTITY, {}, async () => {
      await initProduction(dir, { date: '2026-12-03' });
      writeFileSync(join(dir, 'script.fountain'), readFileSync(join(examplesDir, 'screenplays', 'first-platform.fountain'), 'utf8'));
      const production = readFileSync(join(dir, 'production.md'), 'utf8').replace(
        /^style: >-\n(?: {2}.*\n)+/m,
        'style: >-\n  Dawn light, pale gold through steam. Long lenses on the platform, handheld in the carriage.\n  Muted greens and greys, one red accent. Present day, a border town in winter.\n',
      );
      // Offline clips at a small size: this test reads the words, not the pixels.
      writeFileSync(join(dir, 'production.md'), production.replace('resolution: 1920x1080', 'resolution: 320x180'));
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'the script and the style');
      const summary = await runProduction(dir, { prompt: approveEverything, providers: [offlineProvider()], secrets: environmentSecrets, logger: silentLogger });
      assert.equal(summary.exitCode, 0);
    });
  });

  it('has no word of the lighthouse example in any file it made', () => {
    const files = filesOf(dir);
    assert.ok(files.length > 150, `only ${files.length} files`);
    const leaks: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const phrase of LIGHTHOUSE) if (new RegExp(`\\b${phrase}\\b`, 'i').test(text)) leaks.push(`${f}: ${phrase}`);
    }
    assert.deepEqual(leaks, []);
  });

  it('makes props of the script\'s objects only, and one sheet per character however the cue is written', () => {
    const props = filesOf(dir, 'props').map((f) => f.replace(/^props\/|\.md$/g, '')).sort();
    assert.deepEqual(props, ['cigarette', 'letters', 'passport', 'photograph', 'scarf', 'suitcase', 'ticket']);
    const characters = filesOf(dir, 'characters').map((f) => f.replace(/^characters\/|\.md$/g, '')).sort();
    assert.deepEqual(characters, ['clerk', 'conductor', 'elena', 'porter', 'soldier', 'viktor']);
  });

  it('casts and lights for the style block it has, not for a night at sea', () => {
    const elena = readFileSync(join(dir, 'characters', 'elena.md'), 'utf8');
    assert.match(elena, /lit as the style asks: dawn light, pale gold through steam/i);
    const suitcase = readFileSync(join(dir, 'props', 'suitcase.md'), 'utf8');
    assert.match(suitcase, /leather|canvas|plastic|cardboard/);
  });

  it('draws its platform, its carriage, Elena in her headscarf and seated where the script sits her', () => {
    const frame = (id: string) => readFileSync(join(dir, 'media', 'frames', `${id}.svg`), 'utf8');
    assert.match(frame('s01-001'), /data-place="platform"/);
    assert.match(frame('s07-001'), /data-place="carriage"/);
    const seated = frame('s01-002');
    assert.match(seated, /data-subject="ELENA"[^>]*data-posture="sit"[^>]*data-headwear="scarf"/);
  });

  it('keeps the script\'s transitions on the last shot of their scenes', () => {
    const transitions = filesOf(dir, 'shots')
      .map((f) => [f, /^transition: (.*)$/m.exec(readFileSync(join(dir, f), 'utf8'))?.[1]] as const)
      .filter(([, t]) => t)
      .map(([f, t]) => `${f.replace(/^shots\/|\.md$/g, '')} ${t}`);
    assert.deepEqual(transitions, ['s04-003 "CUT TO:"', 's11-005 "DISSOLVE TO:"', 's14-003 FADE OUT.']);
  });
});
