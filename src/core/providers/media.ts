/**
 * Media bytes in and out of providers: what a downloaded file is (from its magic bytes, not a
 * server's word), and reference images read from disk as data URIs for the APIs that take them.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';

export interface MediaType {
  ext: string;
  mime: string;
}

/** The type of a media file from its first bytes; `undefined` when unrecognised. */
export function sniff(bytes: Uint8Array): MediaType | undefined {
  const b = bytes;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 8 && b[0] === 0x89 && ascii(1, 4) === 'PNG') return { ext: 'png', mime: 'image/png' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { ext: 'jpg', mime: 'image/jpeg' };
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { ext: 'webp', mime: 'image/webp' };
  if (b.length >= 6 && ascii(0, 3) === 'GIF') return { ext: 'gif', mime: 'image/gif' };
  if (b.length >= 12 && ascii(4, 8) === 'ftyp') {
    return ascii(8, 10) === 'qt' ? { ext: 'mov', mime: 'video/quicktime' } : { ext: 'mp4', mime: 'video/mp4' };
  }
  if (b.length >= 4 && b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return { ext: 'webm', mime: 'video/webm' };
  return undefined;
}

const RASTER: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp' };

export interface Reference {
  path: string;
  bytes: Uint8Array;
  mime: string;
}

/**
 * Reads a reference image. Hosted image and video APIs take raster images only, so an SVG
 * sketch (the offline storyboard's frames) is `undefined`: the caller leaves it out and says so.
 */
export async function readReference(path: string): Promise<Reference | undefined> {
  const mime = RASTER[extname(path).toLowerCase()];
  if (!mime) return undefined;
  const bytes = new Uint8Array(await readFile(path));
  return { path, bytes, mime: sniff(bytes)?.mime ?? mime };
}

export function dataUri(reference: Reference): string {
  return `data:${reference.mime};base64,${Buffer.from(reference.bytes).toString('base64')}`;
}
