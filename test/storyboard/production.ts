/**
 * A storyboard-sized production written into a temp folder: production.md, a Fountain script with
 * acts and scenes, shot files, SVG frames, and an asset sheet with four option cards. Used by the
 * browser tests and the bench, so both run on real files the loader reads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// Not test/support/fixtures: that module registers a mocha hook, and the bench runs without mocha.
function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
}

export interface ProductionShape {
  /** Shots in all (spread over scenes of `perScene`). */
  shots: number;
  perScene?: number;
  /** Extra or replaced shot files (path → content). */
  extra?: Record<string, string>;
}

const SIZES = ['WS', 'MS', 'CU', 'MCU', 'EWS', 'OTS', 'ECU', 'INSERT'];
const ANGLES = ['eye level', 'low angle', 'high angle', 'overhead'];
const MOVES = ['static', 'slow push in', 'pan left', 'handheld', 'dolly out', 'tilt up'];
const LENSES = ['24mm', '35mm', '50mm', '85mm'];
const PLACES = ['Lamp room', 'Rocky beach', 'Iron stairs', 'Harbour pier'];
const CAST = [['MARA'], ['MARA', 'JONAH'], ['JONAH'], []];
const LINES = ['One more night, old friend.', 'They switch on the new beacon at midnight.', 'Somebody should see it go out.', "It's enough."];

export const shotId = (scene: number, n: number) => `s${String(scene).padStart(2, '0')}-${String(n).padStart(3, '0')}`;

/** A small pencil-and-paper SVG frame; different sizes place a figure differently. */
export function frameSvg(id: string, size: string, seed: number): string {
  const scale = { EWS: 0.25, WS: 0.4, MS: 0.7, MCU: 0.95, CU: 1.3, ECU: 1.8, OTS: 0.8, INSERT: 0.5 }[size] ?? 0.6;
  const cx = 320 + ((seed * 37) % 160) - 80;
  const head = 38 * scale;
  const horizon = 150 + ((seed * 13) % 60);
  const body = `M${cx - head * 1.6} 360 Q${cx - head * 1.4} ${200 - head * 2 + 200 * (1 - scale)} ${cx} ${210 - head + 200 * (1 - scale) * 0.5} Q${cx + head * 1.4} ${200 - head * 2 + 200 * (1 - scale)} ${cx + head * 1.6} 360 Z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360" width="640" height="360">
<rect width="640" height="360" fill="#f6f4ee"/>
<path d="M0 ${horizon} C160 ${horizon - 12} 480 ${horizon + 10} 640 ${horizon - 4}" stroke="#8a8a8a" stroke-width="2" fill="none"/>
<rect x="${40 + (seed % 5) * 100}" y="${horizon - 120}" width="34" height="120" fill="#d8d5cc" stroke="#262626" stroke-width="2"/>
<path d="${body}" fill="#ecebe7" stroke="#262626" stroke-width="3"/>
<circle cx="${cx}" cy="${190 - head + 200 * (1 - scale) * 0.5 - head}" r="${head}" fill="#ecebe7" stroke="#262626" stroke-width="3"/>
<text x="16" y="340" font-family="monospace" font-size="18" fill="#262626">${id} · ${size}</text>
</svg>
`;
}

function optionSvg(label: string, hue: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">
<rect width="400" height="300" fill="hsl(${hue} 30% 92%)"/>
<circle cx="200" cy="110" r="52" fill="#ecebe7" stroke="#262626" stroke-width="3"/>
<path d="M110 300 Q120 180 200 170 Q280 180 290 300 Z" fill="hsl(${hue} 35% 70%)" stroke="#262626" stroke-width="3"/>
<text x="16" y="30" font-family="sans-serif" font-size="20" fill="#262626">${label}</text>
</svg>
`;
}

const yamlString = (s: string) => JSON.stringify(s);

export function shotFile(o: { id: string; scene: string; order: number; act: string; size: string; angle: string; movement: string; lens: string; duration: number; characters: string[]; location: string; action: string; dialogue?: { character: string; line: string }[]; status: string }): string {
  const lines = [
    '---',
    'kind: shot',
    `id: ${o.id}`,
    `scene: ${o.scene}`,
    `order: ${o.order}`,
    `act: ${o.act}`,
    `size: ${o.size}`,
    `angle: ${yamlString(o.angle)}`,
    `movement: ${yamlString(o.movement)}`,
    `lens: ${yamlString(o.lens)}`,
    `duration: ${o.duration}`,
    `characters: [${o.characters.map(yamlString).join(', ')}]`,
    `location: ${yamlString(o.location)}`,
    `action: ${yamlString(o.action)}`,
  ];
  if (o.dialogue?.length) {
    lines.push('dialogue:');
    for (const d of o.dialogue) lines.push(`  - character: ${yamlString(d.character)}`, `    line: ${yamlString(d.line)}`);
  }
  lines.push(`status: ${o.status}`, '---', '', `Shot ${o.id}.`, '');
  return lines.join('\n');
}

/** Writes the production into `dir`; returns the shots in sequence order with their durations. */
export function writeStoryboardProduction(dir: string, shape: ProductionShape): { ids: string[]; durations: number[] } {
  const perScene = shape.perScene ?? 6;
  const scenes = Math.max(1, Math.ceil(shape.shots / perScene));
  const half = Math.ceil(scenes / 2);
  const files: Record<string, string> = {
    'production.md': `---\nkind: production\ntitle: The Last Light\nformat:\n  aspect: "16:9"\n  fps: 24\nacts:\n  - id: act1\n    title: ACT ONE\n  - id: act2\n    title: ACT TWO\nstatus: draft\n---\n\nA test production.\n`,
  };
  const script = ['Title: The Last Light', '', '# ACT ONE', ''];
  const ids: string[] = [];
  const durations: number[] = [];
  for (let s = 1; s <= scenes; s++) {
    if (s === half + 1) script.push('# ACT TWO', '');
    const place = PLACES[s % PLACES.length]!;
    script.push(`${s % 2 ? 'INT.' : 'EXT.'} ${place.toUpperCase()} - NIGHT`, '', `Scene ${s} happens here.`, '');
    for (let n = 1; n <= perScene && ids.length < shape.shots; n++) {
      const i = ids.length;
      const id = shotId(s, n);
      const size = SIZES[i % SIZES.length]!;
      const cast = CAST[i % CAST.length]!;
      const duration = 2 + (i % 4) * 0.5;
      ids.push(id);
      durations.push(duration);
      files[`shots/${id}.md`] = shotFile({
        id,
        scene: `s${String(s).padStart(2, '0')}`,
        order: n,
        act: s <= half ? 'act1' : 'act2',
        size,
        angle: ANGLES[i % ANGLES.length]!,
        movement: MOVES[i % MOVES.length]!,
        lens: LENSES[i % LENSES.length]!,
        duration,
        characters: cast,
        location: place,
        action: `Wind hammers the glass as beat ${n} of scene ${s} unfolds; the lantern flares amber.`,
        dialogue: cast.length && i % 3 === 0 ? [{ character: cast[0]!, line: LINES[i % LINES.length]! }] : [],
        status: i % 7 === 3 ? 'proposed' : 'draft',
      });
      files[`media/frames/${id}.svg`] = frameSvg(id, size, i);
    }
  }
  files['script.fountain'] = script.join('\n') + '\n';
  const options = ['a', 'b', 'c', 'd'];
  files['characters/mara.md'] = [
    '---',
    'kind: character',
    'id: mara',
    'name: MARA',
    'description: "Sixties, weathered oilskin, silver braid; the keeper on her last night."',
    'options:',
    ...options.flatMap((o, i) => [`  - id: ${o}`, `    label: Option ${o.toUpperCase()}`, `    prompt: "Mara, variation ${i + 1}: oilskin, silver braid, lantern light."`]),
    'chosen: null',
    'status: proposed',
    '---',
    '',
  ].join('\n');
  options.forEach((o, i) => (files[`media/options/characters/mara-${o}.svg`] = optionSvg(`Mara ${o.toUpperCase()}`, i * 80)));
  Object.assign(files, shape.extra ?? {});
  writeFiles(dir, files);
  return { ids, durations };
}
