/**
 * Writes an N-shot production for benchmarks: production.md, a Fountain script with one scene
 * per ten shots, N shot files with the frontmatter a real breakdown and storyboard leave behind
 * (provenance, dialogue, a frame that exists), character, location and prop sheets, and the crew.
 *
 *   npx tsx bench/generate.ts <dir> [shots=10000]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCrew } from '../src/core/production/init';

const SIZES = ['EWS', 'WS', 'MS', 'MCU', 'CU', 'ECU', 'OTS', 'POV', 'INSERT'];
const CHARACTERS = ['mara', 'jonah', 'ines', 'tomas', 'ruth', 'ade'];
const LOCATIONS = ['lighthouse-lamp-room', 'rocky-beach', 'harbour', 'keepers-cottage'];
const PROPS = ['lantern', 'clipboard', 'radio', 'oilskin'];
const MOVES = ['static', 'slow push in', 'pan left', 'handheld', 'tilt up', 'dolly out'];

function sceneId(i: number): string {
  return `s${String(i + 1).padStart(2, '0')}`;
}

export function shotText(n: number, shotsPerScene = 10): string {
  const scene = Math.floor(n / shotsPerScene);
  const id = `${sceneId(scene)}-${String((n % shotsPerScene) + 1).padStart(3, '0')}`;
  const a = CHARACTERS[n % CHARACTERS.length]!;
  const b = CHARACTERS[(n + 1) % CHARACTERS.length]!;
  return `---
kind: shot
id: ${id}
scene: ${sceneId(scene)}
order: ${n + 1}
act: act${scene % 2 === 0 ? 1 : 2}
size: ${SIZES[n % SIZES.length]}
angle: eye level
movement: ${MOVES[n % MOVES.length]}
lens: 35mm
duration: ${(2 + (n % 5) * 0.5).toFixed(1)}
characters:
  - ${a}
  - ${b}
location: ${LOCATIONS[scene % LOCATIONS.length]}
props: [${PROPS[n % PROPS.length]}]
action: >-
  ${a.toUpperCase()} crosses to the window as the wind rises; ${b.toUpperCase()} watches from the
  stairs, the lantern throwing long shadows across the iron floor.
dialogue:
  - character: ${a.toUpperCase()}
    line: "One more night, old friend."
    parenthetical: to the lantern
sound: wind, rain on glass
frame: media/frames/${id}.svg
# the director's own note, unknown to filmcrew
director_note: hold on the flame
status: proposed
provenance:
  run: r-20260131-0900
  task: breakdown/${sceneId(scene)}
  role: directors-assistant
  model: offline
  provider: offline
  inputs:
    script.fountain: ${'0123456789abcdef'.repeat(4)}
    production.md: ${'fedcba9876543210'.repeat(4)}
  cost: 0
---

${a.toUpperCase()} at the window. Keep the lantern in frame.
`;
}

function scriptText(scenes: number): string {
  const out = ['Title: Benchmark Night', 'Author: filmcrew bench', '', '# ACT ONE', ''];
  for (let s = 0; s < scenes; s++) {
    if (s === Math.floor(scenes / 2)) out.push('# ACT TWO', '');
    const loc = LOCATIONS[s % LOCATIONS.length]!.toUpperCase().replace(/-/g, ' ');
    out.push(`${s % 2 ? 'EXT' : 'INT'}. ${loc} - NIGHT`, '');
    const a = CHARACTERS[s % CHARACTERS.length]!.toUpperCase();
    const b = CHARACTERS[(s + 1) % CHARACTERS.length]!.toUpperCase();
    out.push(`${a} lifts the LANTERN. ${b} waits by the RADIO with a CLIPBOARD, OILSKIN dripping.`, '');
    out.push(a, 'One more night, old friend.', '', b, "They switch on the new beacon at midnight.", '');
  }
  return out.join('\n');
}

function sheet(kind: string, id: string): string {
  return `---
kind: ${kind}
id: ${id}
name: ${id.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase())}
description: From the script.
options:
${['a', 'b', 'c', 'd'].map((o) => `  - id: ${o}\n    prompt: ${kind} ${id}, option ${o}, cold blue night, film grain\n    image: media/options/${kind === 'prop' ? 'props' : kind + 's'}/${id}-${o}.svg`).join('\n')}
chosen: a
status: approved
---
`;
}

/** Writes a production with `shots` shots into `dir` (emptied first). */
export async function generateProduction(dir: string, shots: number): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  const scenes = Math.ceil(shots / 10);
  for (const sub of ['shots', 'characters', 'locations', 'props', 'media/frames', 'media/options/characters', 'media/options/locations', 'media/options/props']) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  writeFileSync(
    join(dir, 'production.md'),
    `---\nkind: production\ntitle: Benchmark Night\nformat:\n  aspect: "16:9"\n  fps: 24\nstyle: >-\n  Cold blue night exteriors against warm amber practicals.\napproval: auto\nbudget:\n  cap: 100\nacts:\n  - id: act1\n  - id: act2\n---\n`,
  );
  writeFileSync(join(dir, 'script.fountain'), scriptText(scenes));
  writeFileSync(join(dir, '.gitignore'), '.filmcrew/\n');
  for (let n = 0; n < shots; n++) {
    const text = shotText(n);
    writeFileSync(join(dir, 'shots', `${/id: (\S+)/.exec(text)![1]}.md`), text);
    writeFileSync(join(dir, 'media/frames', `${/id: (\S+)/.exec(text)![1]}.svg`), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 9"/>\n');
  }
  const sheets: [string, string, string[]][] = [
    ['character', 'characters', CHARACTERS],
    ['location', 'locations', LOCATIONS],
    ['prop', 'props', PROPS],
  ];
  for (const [kind, folder, ids] of sheets) {
    for (const id of ids) {
      writeFileSync(join(dir, folder, `${id}.md`), sheet(kind, id));
      for (const o of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, 'media/options', folder, `${id}-${o}.svg`), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    }
  }
  await writeCrew(dir);
}

if (require.main === module) {
  const [dir, n] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: npx tsx bench/generate.ts <dir> [shots=10000]');
    process.exit(2);
  }
  void generateProduction(dir, Number(n ?? 10000)).then(() => console.log(`wrote ${n ?? 10000} shots to ${dir}`));
}
