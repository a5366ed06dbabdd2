/**
 * Camera movement as storyboard artists draw it: push-in/pull-out as the end (or start) frame
 * inside the frame with corner arrows, pans and tracks as long horizontal arrows, tilts and
 * crane moves as vertical ones. Drawn in the accent colour over a white halo so it reads on
 * night frames too. A static camera draws nothing.
 */
import { ACCENT, n, text, textWidth } from './sketch';

export type MoveKind = 'push' | 'pull' | 'zoom-in' | 'zoom-out' | 'pan' | 'tilt' | 'track' | 'crane' | 'handheld' | 'static';
export type MoveDirection = 'left' | 'right' | 'up' | 'down' | 'in' | 'out';

export interface CameraMove {
  kind: MoveKind;
  direction?: MoveDirection;
  /** What the margin and the arrow say, e.g. `PUSH IN`, `PAN R`. */
  label: string;
}

/** A shot's `movement` text read as a camera move (`push in`, `slow pan left`, `dolly out`, `static`). */
export function cameraMove(movement: string | undefined): CameraMove {
  const m = (movement ?? '').toLowerCase();
  const dir = (fallback: MoveDirection): MoveDirection =>
    /\bleft\b|\bl\b/.test(m) ? 'left' : /\bright\b|\br\b/.test(m) ? 'right' : /\bup\b|upward/.test(m) ? 'up' : /\bdown\b|downward/.test(m) ? 'down' : fallback;
  if (!m.trim() || /static|locked|fixed|still|none|tripod/.test(m)) return { kind: 'static', label: 'STATIC' };
  if (/zoom/.test(m)) return /out|back/.test(m) ? { kind: 'zoom-out', direction: 'out', label: 'ZOOM OUT' } : { kind: 'zoom-in', direction: 'in', label: 'ZOOM IN' };
  if (/push|dolly in|track(ing)? in|move in|creep in/.test(m)) return { kind: 'push', direction: 'in', label: 'PUSH IN' };
  if (/pull|dolly out|dolly back|track(ing)? (out|back)|move out|reveal/.test(m)) return { kind: 'pull', direction: 'out', label: 'PULL OUT' };
  if (/pan/.test(m)) {
    const d = dir('right') === 'left' ? 'left' : 'right';
    return { kind: 'pan', direction: d, label: `PAN ${d === 'left' ? 'L' : 'R'}` };
  }
  if (/tilt/.test(m)) {
    const d = dir('up') === 'down' ? 'down' : 'up';
    return { kind: 'tilt', direction: d, label: `TILT ${d.toUpperCase()}` };
  }
  if (/crane|boom|jib|pedestal|rise/.test(m)) {
    const d = dir('up') === 'down' ? 'down' : 'up';
    return { kind: 'crane', direction: d, label: `CRANE ${d.toUpperCase()}` };
  }
  if (/track|truck|dolly|follow|tracking|steadicam|walk/.test(m)) {
    const d = dir('right') === 'left' ? 'left' : 'right';
    return { kind: 'track', direction: d, label: `TRACK ${d === 'left' ? 'L' : 'R'}` };
  }
  if (/hand.?held|shoulder|shaky/.test(m)) return { kind: 'handheld', label: 'HANDHELD' };
  return { kind: 'static', label: movement!.trim().toUpperCase().slice(0, 24) };
}

/** An arrow from (x1,y1) to (x2,y2) with a filled head, haloed. */
function arrow(x1: number, y1: number, x2: number, y2: number, w: number): string {
  const a = Math.atan2(y2 - y1, x2 - x1);
  const hl = w * 4.2;
  const hw = w * 2.6;
  const bx = x2 - Math.cos(a) * hl;
  const by = y2 - Math.sin(a) * hl;
  const head = `M${n(x2)} ${n(y2)}L${n(bx + Math.sin(a) * hw)} ${n(by - Math.cos(a) * hw)}L${n(bx - Math.sin(a) * hw)} ${n(by + Math.cos(a) * hw)}Z`;
  const shaft = `M${n(x1)} ${n(y1)}L${n(bx)} ${n(by)}`;
  return (
    `<path d="${shaft}" stroke="#ffffff" stroke-width="${n(w * 2.2)}" stroke-linecap="round" fill="none" stroke-opacity="0.85"/>` +
    `<path d="${head}" fill="#ffffff" stroke="#ffffff" stroke-width="${n(w * 1.2)}" stroke-linejoin="round" stroke-opacity="0.85"/>` +
    `<path d="${shaft}" stroke="${ACCENT}" stroke-width="${n(w)}" stroke-linecap="round" fill="none"/>` +
    `<path d="${head}" fill="${ACCENT}"/>`
  );
}

/** A label box in the accent colour. */
function tag(x: number, y: number, label: string, size: number, anchor: 'start' | 'middle' | 'end' = 'middle'): string {
  const w = textWidth(label, size) + size * 0.8;
  const h = size * 1.4;
  const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
  return `<rect x="${n(left)}" y="${n(y - h / 2)}" width="${n(w)}" height="${n(h)}" rx="${n(size * 0.2)}" fill="${ACCENT}"/>` + text(left + w / 2, y + size * 0.36, label, size, { anchor: 'middle', weight: 700, fill: '#ffffff', spacing: size * 0.06 });
}

/**
 * The move drawn over a picture of `width`×`height`; (fx, fy) is the subject the move is about
 * (a push ends framed on it). Returns '' for a static camera.
 */
export function drawMove(move: CameraMove, width: number, height: number, fx: number, fy: number): string {
  const u = Math.max(width, height) / 960;
  const w = 4.5 * u;
  const fs = 15 * u;
  const parts: string[] = [];
  switch (move.kind) {
    case 'static':
      return '';
    case 'push':
    case 'pull':
    case 'zoom-in':
    case 'zoom-out': {
      // The inner frame is where a push ends (or a pull starts), centred on the subject.
      const iw = width * 0.5;
      const ih = height * 0.5;
      const ix = Math.min(Math.max(fx - iw / 2, width * 0.06), width * 0.94 - iw);
      const iy = Math.min(Math.max(fy - ih / 2, height * 0.06), height * 0.94 - ih);
      parts.push(`<rect x="${n(ix)}" y="${n(iy)}" width="${n(iw)}" height="${n(ih)}" fill="none" stroke="#ffffff" stroke-opacity="0.8" stroke-width="${n(w * 1.6)}"/>`);
      parts.push(`<rect x="${n(ix)}" y="${n(iy)}" width="${n(iw)}" height="${n(ih)}" fill="none" stroke="${ACCENT}" stroke-width="${n(w * 0.7)}" stroke-dasharray="${n(w * 3)} ${n(w * 2)}"/>`);
      const inward = move.kind === 'push' || move.kind === 'zoom-in';
      const m = width * 0.03;
      const corners: [number, number, number, number][] = [
        [m, m, ix, iy],
        [width - m, m, ix + iw, iy],
        [m, height - m, ix, iy + ih],
        [width - m, height - m, ix + iw, iy + ih],
      ];
      for (const [ox, oy, cx, cy] of corners) {
        // Shortened so the heads sit just off the inner corners.
        const k = 0.12;
        const ax = ox + (cx - ox) * k;
        const ay = oy + (cy - oy) * k;
        const bx = cx - (cx - ox) * k;
        const by = cy - (cy - oy) * k;
        parts.push(inward ? arrow(ax, ay, bx, by, w) : arrow(bx, by, ax, ay, w));
      }
      // The label sits on the inner frame's top edge, clear of the subject's face where it can.
      parts.push(tag(ix + fs * 0.2, iy > fs * 2 ? iy - fs * 0.9 : iy + fs * 1.1, move.label, fs, 'start'));
      break;
    }
    case 'pan': {
      const y = height * 0.1;
      const [a, b] = move.direction === 'left' ? [width * 0.78, width * 0.22] : [width * 0.22, width * 0.78];
      parts.push(arrow(a, y, b, y, w * 1.2));
      parts.push(tag(width / 2, y + fs * 1.6, move.label, fs));
      break;
    }
    case 'tilt':
    case 'crane': {
      const x = width * 0.93;
      const [a, b] = move.direction === 'down' ? [height * 0.2, height * 0.8] : [height * 0.8, height * 0.2];
      parts.push(arrow(x, a, x, b, w * 1.2));
      parts.push(tag(x - fs * 1.2, height / 2, move.label, fs, 'end'));
      break;
    }
    case 'track': {
      const y = height * 0.92;
      const [a, b] = move.direction === 'left' ? [width * 0.75, width * 0.25] : [width * 0.25, width * 0.75];
      // Dolly track: two rails with sleepers under the arrow.
      const rails: string[] = [];
      for (let x = width * 0.22; x <= width * 0.78; x += width * 0.03) rails.push(`M${n(x)} ${n(y - w * 1.4)}L${n(x)} ${n(y + w * 1.4)}`);
      parts.push(`<path d="${rails.join('')}" stroke="${ACCENT}" stroke-width="${n(w * 0.4)}" stroke-opacity="0.8"/>`);
      parts.push(arrow(a, y, b, y, w * 1.1));
      parts.push(tag(width / 2, y - fs * 1.6, move.label, fs));
      break;
    }
    case 'handheld': {
      const x0 = width * 0.72;
      const y = height * 0.09;
      let d = `M${n(x0)} ${n(y)}`;
      for (let i = 1; i <= 8; i++) d += `L${n(x0 + i * width * 0.02)} ${n(y + (i % 2 ? -1 : 1) * height * 0.015)}`;
      parts.push(`<path d="${d}" stroke="#ffffff" stroke-opacity="0.85" stroke-width="${n(w * 2)}" fill="none" stroke-linejoin="round"/><path d="${d}" stroke="${ACCENT}" stroke-width="${n(w * 0.8)}" fill="none" stroke-linejoin="round"/>`);
      parts.push(tag(x0 + width * 0.08, y + fs * 2, move.label, fs));
      break;
    }
  }
  return `<g class="camera-move" data-move="${move.kind}"${move.direction ? ` data-direction="${move.direction}"` : ''}>${parts.join('')}</g>`;
}
