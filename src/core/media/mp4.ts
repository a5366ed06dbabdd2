/**
 * What the rough cut needs to know of an H.264 MP4's picture, read from the file itself: the
 * first video track's codec, size (from its sequence parameter set, as ffprobe reports it),
 * chroma and bit depth, frame count and frame rate. Starting ffprobe for this cost about 0.1 s
 * of CPU per clip, a third of the renderer at feature length; reading one `moov` box costs
 * well under a millisecond.
 *
 * Careful rather than complete: anything it is not sure of — another codec, a fragmented file,
 * a variable rate, an edit list that cuts, a sequence parameter set it cannot walk, sizes that
 * disagree — gives `undefined`, and the caller asks ffprobe as before (segments.ts). Checked
 * against ffprobe's answers on clips ffmpeg makes with other settings (test/media/mp4.test.ts).
 * (mp4box.js reads the boxes but not the parameter set, where chroma and size live.)
 */
import { open } from 'node:fs/promises';

export interface H264Facts {
  width: number;
  height: number;
  /** `yuv420p` for 8-bit 4:2:0, as ffprobe names it; other chroma or depths by their own names. */
  pixFmt: string;
  frames: number;
  /** The constant frame rate, reduced: 24/1, 24000/1001. */
  rate: { num: number; den: number };
}

/** A moov larger than this is not a clip's: ffprobe reads it. */
const MAX_MOOV = 32 << 20;

interface Box {
  type: string;
  /** Offset of the box's content within `data`. */
  start: number;
  end: number;
}

/** The boxes directly inside data[start, end). */
function boxes(data: Buffer, start: number, end: number): Box[] | undefined {
  const out: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let size = data.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) return undefined;
      size = Number(data.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) return undefined;
    out.push({ type: data.toString('latin1', at + 4, at + 8), start: at + header, end: at + size });
    at += size;
  }
  return at === end ? out : undefined;
}

function child(data: Buffer, box: Box | undefined, type: string): Box | undefined {
  return box ? boxes(data, box.start, box.end)?.find((b) => b.type === type) : undefined;
}

function path(data: Buffer, box: Box | undefined, ...types: string[]): Box | undefined {
  return types.reduce<Box | undefined>((b, t) => child(data, b, t), box);
}

/** Exp-Golomb bits of a NAL unit's payload (emulation-prevention bytes removed). */
class Bits {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}
  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('past the end');
      v = v * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return v;
  }
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) throw new RangeError('bad exp-golomb');
    return 2 ** zeros - 1 + this.u(zeros);
  }
}

function unescape(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of nal) {
    // 00 00 03 in the stream stands for 00 00: the 03 only keeps a start code from appearing.
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    zeros = byte === 0 ? zeros + 1 : 0;
    out.push(byte);
  }
  return Uint8Array.from(out);
}

const CHROMA = ['gray', '420', '422', '444'];

/** Size and pixel format from a sequence parameter set (H.264 7.3.2.1.1); undefined when unusual. */
export function readSps(nal: Uint8Array): { width: number; height: number; pixFmt: string } | undefined {
  try {
    const b = new Bits(unescape(nal.subarray(1)));
    const profile = b.u(8);
    b.u(16); // constraint flags, level
    b.ue(); // seq_parameter_set_id
    let chroma = 1;
    let depth = 8;
    if ([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135].includes(profile)) {
      chroma = b.ue();
      if (chroma === 3 && b.u(1)) return undefined; // separate colour planes
      depth = b.ue() + 8;
      if (b.ue() + 8 !== depth) return undefined; // chroma at another depth
      b.u(1); // qpprime_y_zero_transform_bypass
      if (b.u(1)) return undefined; // scaling matrices: rare, left to ffprobe
    }
    b.ue(); // log2_max_frame_num_minus4
    const poc = b.ue();
    if (poc === 0) b.ue();
    else if (poc === 1) return undefined;
    b.ue(); // max_num_ref_frames
    b.u(1); // gaps_in_frame_num_value_allowed
    const mbsWide = b.ue() + 1;
    const unitsHigh = b.ue() + 1;
    const frameMbsOnly = b.u(1);
    if (!frameMbsOnly) b.u(1);
    b.u(1); // direct_8x8_inference
    let [left, right, top, bottom] = [0, 0, 0, 0];
    if (b.u(1)) [left, right, top, bottom] = [b.ue(), b.ue(), b.ue(), b.ue()];
    const cropX = chroma === 1 || chroma === 2 ? 2 : 1;
    const cropY = (chroma === 1 ? 2 : 1) * (2 - frameMbsOnly);
    const width = mbsWide * 16 - cropX * (left + right);
    const height = unitsHigh * 16 * (2 - frameMbsOnly) - cropY * (top + bottom);
    const name = chroma === 0 ? 'gray' : `yuv${CHROMA[chroma]}p`;
    return { width, height, pixFmt: depth === 8 ? name : `${name}${depth}le` };
  } catch {
    return undefined;
  }
}

function gcd(a: number, b: number): number {
  return b ? gcd(b, a % b) : a;
}

/** The facts of the first video track of an MP4's `moov` box content; undefined when unsure. */
export function factsOfMoov(data: Buffer, moov: Box): H264Facts | undefined {
  const top = boxes(data, moov.start, moov.end);
  if (!top || top.some((b) => b.type === 'mvex')) return undefined; // fragmented: samples live elsewhere
  const track = top.filter((b) => b.type === 'trak').find((t) => {
    const hdlr = path(data, t, 'mdia', 'hdlr');
    return hdlr && data.toString('latin1', hdlr.start + 8, hdlr.start + 12) === 'vide';
  });
  const mdhd = path(data, track, 'mdia', 'mdhd');
  const stbl = path(data, track, 'mdia', 'minf', 'stbl');
  const stsd = child(data, stbl, 'stsd');
  const stts = child(data, stbl, 'stts');
  const stsz = child(data, stbl, 'stsz');
  if (!mdhd || !stsd || !stts || !stsz) return undefined;
  // An edit list that does more than shift the start past B-frame reordering changes what plays.
  const elst = path(data, track, 'edts', 'elst');
  if (elst && data.readUInt32BE(elst.start + 4) !== 1) return undefined;
  const timescale = data.readUInt32BE(mdhd.start + (data[mdhd.start] === 1 ? 20 : 12));
  if (data.readUInt32BE(stsd.start + 4) !== 1) return undefined;
  const entry = boxes(data, stsd.start + 8, stsd.end)?.[0];
  if (!entry || (entry.type !== 'avc1' && entry.type !== 'avc3')) return undefined;
  const avcC = boxes(data, entry.start + 78, entry.end)?.find((b) => b.type === 'avcC');
  if (!avcC || (data[avcC.start + 5]! & 0x1f) < 1) return undefined;
  const spsLength = data.readUInt16BE(avcC.start + 6);
  const sps = readSps(data.subarray(avcC.start + 8, avcC.start + 8 + spsLength));
  const entryWidth = data.readUInt16BE(entry.start + 24);
  const entryHeight = data.readUInt16BE(entry.start + 26);
  if (!sps || sps.width !== entryWidth || sps.height !== entryHeight) return undefined;
  // One run of equal sample durations: a constant rate.
  if (data.readUInt32BE(stts.start + 4) !== 1) return undefined;
  const frames = data.readUInt32BE(stts.start + 8);
  const delta = data.readUInt32BE(stts.start + 12);
  if (!timescale || !delta || frames !== data.readUInt32BE(stsz.start + 8)) return undefined;
  const k = gcd(timescale, delta);
  return { width: sps.width, height: sps.height, pixFmt: sps.pixFmt, frames, rate: { num: timescale / k, den: delta / k } };
}

/** The facts of an MP4 file's video, or undefined when this reader is not sure (ask ffprobe). */
export async function readH264Facts(file: string): Promise<H264Facts | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(16);
    let moov: { at: number; length: number; header: number } | undefined;
    // Every top-level box whole, to the end of the file: a clip cut short is ffprobe's to judge.
    let at = 0;
    while (at < size) {
      if (at + 8 > size) return undefined;
      await handle.read(head, 0, 16, at);
      let length = head.readUInt32BE(0);
      let header = 8;
      if (length === 1) {
        length = Number(head.readBigUInt64BE(8));
        header = 16;
      } else if (length === 0) length = size - at;
      if (length < header || at + length > size) return undefined;
      const type = head.toString('latin1', 4, 8);
      if (type === 'moof' || (type === 'moov' && moov)) return undefined;
      if (type === 'moov') moov = { at, length, header };
      at += length;
    }
    if (!moov || moov.length > MAX_MOOV) return undefined;
    const data = Buffer.alloc(moov.length);
    await handle.read(data, 0, moov.length, moov.at);
    return factsOfMoov(data, { type: 'moov', start: moov.header, end: moov.length });
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
