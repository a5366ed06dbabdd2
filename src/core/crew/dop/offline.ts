/**
 * The offline director of photography. One light key per scene, from where and when it is and
 * what practicals it has; lens by shot size; camera support from the style block ("hand-held",
 * "locked-off") and the shot's movement; a generation prompt that says all of it.
 *
 * | size   | lens                      | light on the framing                         |
 * |--------|---------------------------|----------------------------------------------|
 * | EWS    | 18mm                      | the key as the whole place takes it          |
 * | WS     | 24mm                      | motivated by the practicals; silhouettes ok  |
 * | MS     | 35mm                      | key at three-quarters, fill low              |
 * | MCU    | 50mm                      | key on the face, eyes lit                    |
 * | CU     | 85mm, shallow focus       | key on the face, eyes lit, background falls  |
 * | ECU    | 100mm macro               | a sliver of key, the rest in shadow          |
 * | OTS    | 50mm                      | key on the speaker, the shoulder in shadow   |
 * | POV    | 28mm, at the viewer's eye | what the viewer would see by the key         |
 * | INSERT | 100mm macro               | a pool of the key on the object              |
 */
import type { DopAnswer, DopInput, DopShot } from './types';

const LENS: Record<string, string> = {
  EWS: '18mm, deep focus',
  WS: '24mm, deep focus',
  MS: '35mm',
  MCU: '50mm',
  CU: '85mm, shallow focus',
  ECU: '100mm macro',
  OTS: '50mm, shoulder soft in the foreground',
  POV: "28mm at the viewer's eye line",
  INSERT: '100mm macro',
};

const ON_FRAMING: Record<string, string> = {
  EWS: 'the key as the whole place takes it',
  WS: 'motivated by the practicals, silhouettes allowed',
  MS: 'key at three-quarters, fill kept low',
  MCU: 'key on the face, eyes lit',
  CU: 'key on the face, eyes lit, the background falling away',
  ECU: 'a sliver of key, the rest in shadow',
  OTS: "key on the speaker, the listener's shoulder in shadow",
  POV: 'what the viewer would see by the key',
  INSERT: 'a pool of the key on the object',
};

const SIZE_NAMES: Record<string, string> = {
  EWS: 'Extreme wide shot',
  WS: 'Wide shot',
  MS: 'Medium shot',
  MCU: 'Medium close-up',
  CU: 'Close-up',
  ECU: 'Extreme close-up',
  OTS: 'Over-the-shoulder shot',
  POV: 'Point-of-view shot',
  INSERT: 'Insert',
};

const PRACTICALS = /\b(lantern|lamp|candle|fire|torch|match|flame|beacon|neon|headlights?)\b/i;
const CLOSE = new Set(['MCU', 'CU', 'ECU', 'OTS', 'POV']);
const WIDE = new Set(['EWS', 'WS']);

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
}

/** The scene's one light key. */
export function lightKey(input: DopInput): string {
  const time = (input.location?.time ?? '').toUpperCase();
  const interior = input.location?.interior;
  // A prop the script names beats a word in the action (`Lamp Room` is not a lamp).
  const practical = [...input.shots.flatMap((s) => s.props), ...input.shots.map((s) => s.action ?? '')]
    .map((t) => PRACTICALS.exec(t)?.[1])
    .find((x): x is string => Boolean(x));
  const warm = /amber|warm/i.test(input.style) ? 'warm amber' : 'warm';
  const p = practical ? `the ${practical.toLowerCase()}` : 'a practical';
  if (/NIGHT|MIDNIGHT/.test(time) || !time) {
    return interior === false
      ? `Cold blue moonlight as key, hard backlight through the weather; ${p} the only ${warm} source.`
      : `${warm[0]!.toUpperCase()}${warm.slice(1)} key from ${p}; cold blue night fill through the windows; deep shadow between.`;
  }
  if (/DUSK|DAWN|SUNSET|SUNRISE|EVENING/.test(time)) return `Low ${warm} sun as key against a blue ambience; ${p} just reading.`;
  return interior === false ? 'Soft overcast daylight as key, negative fill for shape.' : 'Soft window light as key, bounce fill, practicals off.';
}

function camera(shot: DopShot, style: string): { support: string; move: string } {
  const size = shot.size ?? 'MS';
  const movement = (shot.movement ?? 'static').toLowerCase();
  const handHeld = /hand-?held/i.test(style) && (CLOSE.has(size) || (size === 'MS' && shot.characters.length > 0));
  const lockedWides = /locked[- ]off/i.test(style) && WIDE.has(size);
  if (/track|follow/.test(movement)) return { support: 'dolly on track', move: 'tracks with the subject at their pace' };
  if (/push|dolly in/.test(movement)) return { support: handHeld ? 'hand-held' : 'dolly', move: 'slow push in over the line' };
  if (/pull/.test(movement)) return { support: 'dolly', move: 'slow pull out, revealing' };
  if (/pan/.test(movement)) return { support: handHeld ? 'hand-held' : 'tripod, fluid head', move: 'pans with the look' };
  if (/tilt/.test(movement)) return { support: 'tripod, fluid head', move: 'tilts with the subject' };
  if (lockedWides) return { support: 'tripod, locked off', move: 'static' };
  if (handHeld) return { support: 'hand-held', move: 'static, breathing with the actor' };
  return { support: 'tripod', move: 'static' };
}

function generationPrompt(input: DopInput, shot: DopShot, lens: string, light: string, cam: { support: string; move: string }): string {
  const size = SIZE_NAMES[shot.size ?? 'MS'] ?? shot.size ?? 'Shot';
  const who = shot.characters.length ? ` of ${shot.characters.map(titleCase).join(' and ')}` : '';
  const where = input.location ? ` in ${titleCase(input.location.name)}${input.location.time ? `, ${input.location.time.toLowerCase()}` : ''}` : '';
  const looks = input.looks.filter((l) => shot.characters.includes(l.id) || shot.props.includes(l.id)).map((l) => `${titleCase(l.name)} (${l.kind}): ${l.prompt.split(' Style:')[0]}`);
  const parts = [
    `${size}${who}${where}, ${shot.angle ?? 'eye level'}.`,
    shot.action ? `${shot.action}` : '',
    `${lens}; ${light}; ${cam.support}, ${cam.move}.`,
    shot.duration ? `${shot.duration} seconds.` : '',
    looks.length ? `Keep to the chosen looks — ${looks.join(' ')}` : '',
    shot.frame ? `Match the storyboard frame ${shot.frame}.` : '',
    input.style ? `Style: ${input.style}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The offline DOP's answer for a scene. */
export function lightScene(input: DopInput): DopAnswer {
  const key = lightKey(input);
  return {
    key,
    shots: input.shots.map((shot) => {
      const size = shot.size ?? 'MS';
      const lens = LENS[size] ?? '35mm';
      const light = `${key} On this framing: ${ON_FRAMING[size] ?? 'key at three-quarters'}.`;
      const cam = camera(shot, input.style);
      return { id: shot.id, lens, light, camera: cam, prompt: generationPrompt(input, shot, lens, light, cam) };
    }),
  };
}
