/**
 * Scratch dialogue: each line spoken by espeak-ng, a local text-to-speech (Debian `espeak-ng`),
 * so a rough cut can be timed by ear before anyone records a word. Each character keeps one
 * voice (pitch and speed from their name), so two speakers are told apart.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireTool, runTool } from './tools';

export interface SpokenLine {
  /** Where the line starts on the cut, in seconds. */
  at: number;
  /** Its WAV file. */
  file: string;
  seconds: number;
}

/** Seconds of audio in a WAV file (PCM, from its header's byte rate and data chunk). */
export function wavSeconds(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let byteRate = 0;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
    let size = view.getUint32(at + 4, true);
    if (id === 'fmt ') byteRate = view.getUint32(at + 16, true);
    if (id === 'data') {
      // espeak-ng writing to a file it cannot seek leaves the size unset: the rest is data.
      if (size === 0 || size === 0xffffffff || at + 8 + size > bytes.length) size = bytes.length - at - 8;
      return byteRate ? size / byteRate : 0;
    }
    at += 8 + size + (size % 2);
  }
  return 0;
}

function voiceOf(character: string): { pitch: number; speed: number } {
  let h = 0;
  for (const c of character.toUpperCase()) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return { pitch: 25 + (h % 50), speed: 150 + ((h >>> 8) % 30) };
}

/** Speaks `text` as `character` into `dir/<name>.wav`; returns its length in seconds. */
export async function speak(text: string, character: string, dir: string, name: string, signal?: AbortSignal): Promise<{ file: string; seconds: number }> {
  const espeak = requireTool('espeak-ng', 'The scratch dialogue track');
  const file = join(dir, `${name}.wav`);
  const { pitch, speed } = voiceOf(character);
  // `--` ends the options: a line that starts with a dash is spoken, not read as a flag.
  await runTool(espeak, ['-v', 'en', '-p', String(pitch), '-s', String(speed), '-w', file, '--', text], { signal });
  return { file, seconds: wavSeconds(new Uint8Array(await readFile(file))) };
}
