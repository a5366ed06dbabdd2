/**
 * A standing human figure, measured in head heights (an adult is ~7.5 heads tall), drawn in
 * pencil: outline, light grey body, a face whose features show where the person looks. The
 * storyboard frames scale it by shot size; the casting cards vary its build, age and hair.
 */
import { INK, n, pathOf, shape } from './sketch';

/** Where a figure looks: at the lens, three-quarters to screen left/right, or away. */
export type Facing = 'front' | 'left' | 'right' | 'back';

export interface Build {
  /** Shoulder width factor: 0.8 slight … 1.3 heavy. */
  width: number;
  /** Height in heads: 5.5 child … 7.5 adult … 8 tall. */
  heads: number;
  /** 0 upright … 1 stooped (age). */
  stoop: number;
  hair: 'short' | 'long' | 'braid' | 'bald' | 'bun' | 'cap';
  /** Coat hem (long coat) in heads from the top, if any. */
  coat?: number;
  /** Worn on the head over the hair: a headscarf framing the face, or a brimmed hat. */
  headwear?: 'scarf' | 'hat';
  /** Pale tint of the costume's colour, when the chosen option names one. */
  clothes?: string;
}

/** How the body is held: the storyboard reads it from the action (sits, lies, runs). */
export type Posture = 'stand' | 'sit' | 'lie' | 'run';

export const ADULT: Build = { width: 1, heads: 7.5, stoop: 0, hair: 'short' };

export interface FigureStyle {
  fill: string;
  ink: string;
  hair: string;
  /** Pencil stroke width at this drawing's scale. */
  line: number;
  /** Draw eyes, brows, nose and mouth (close shots, cards). */
  detail: boolean;
}

export const FIGURE_STYLE: FigureStyle = { fill: '#ecebe7', ink: INK, hair: '#5a5a5a', line: 2, detail: true };

/** Where the hands are, for a prop to be held. */
export interface FigurePose {
  handLeft: [number, number];
  handRight: [number, number];
  headCenter: [number, number];
  /** Total height drawn (head top to feet). */
  height: number;
}

/** The pose of a figure with head height `h`, centred on `cx`, head top at `top`. */
export function poseOf(cx: number, top: number, h: number, build: Build = ADULT): FigurePose {
  const s = (build.heads / 7.5);
  const shoulder = 0.95 * h * build.width;
  return {
    handLeft: [cx - shoulder * 1.05, top + 4.1 * h * s],
    handRight: [cx + shoulder * 1.05, top + 4.1 * h * s],
    headCenter: [cx + build.stoop * 0.25 * h, top + 0.5 * h + build.stoop * 0.2 * h],
    height: build.heads * h,
  };
}

/**
 * A figure drawn in pencil; `facing` moves the face and the hair. `top` is where the head top of
 * the figure standing would be: a seated figure is lower, a lying one lies on the ground line.
 */
export function figure(cx: number, top: number, h: number, facing: Facing, build: Build = ADULT, style: FigureStyle = FIGURE_STYLE, posture: Posture = 'stand', floorY?: number): string {
  if (posture === 'lie') return lyingFigure(cx, top, h, build, style, floorY);
  const b = bodyOf(cx, top, h, facing, build, style, posture);
  const parts = [...legs(b), ...arms(b), ...torso(b)];
  // Neck.
  const { headCx, headCy, y, w } = b;
  parts.push(shape(`M${n(headCx - 0.13 * h)} ${n(headCy + 0.3 * h)}L${n(headCx - 0.14 * h)} ${n(y(1.25))}M${n(headCx + 0.13 * h)} ${n(headCy + 0.3 * h)}L${n(headCx + 0.14 * h)} ${n(y(1.25))}`, w));
  parts.push(head(headCx, headCy, h, facing, build, style));
  return parts.join('');
}

/**
 * Turned about the head onto its side, the body to the left; where the floor is in view the
 * head comes down to it, else it stays where the framing puts a head.
 */
function lyingFigure(cx: number, top: number, h: number, build: Build, style: FigureStyle, floorY: number | undefined): string {
  const hx = cx;
  const hy = top + 0.5 * h;
  const down = floorY !== undefined ? floorY - 0.5 * h - hy : 0;
  const body = figure(cx, top, h, 'front', build, style, 'stand');
  const across = floorY !== undefined ? h * 1.5 : 0;
  return `<g data-posture="lie" transform="translate(${n(across)} ${n(down)}) rotate(-90 ${n(hx)} ${n(hy)})">${body}</g>`;
}

/** A standing, seated or running figure's landmarks, in px. */
interface Body {
  cx: number;
  h: number;
  /** Body length factor below the head. */
  s: number;
  /** Body landmarks by heads from the head top, the head excluded from scaling. */
  y: (heads: number) => number;
  ground: number;
  hipY: number;
  /** Shoulder half-width. */
  sh: number;
  lean: number;
  headCx: number;
  headCy: number;
  w: number;
  facing: Facing;
  posture: Posture;
  build: Build;
  style: FigureStyle;
  /** Feet point where the figure looks: -1, 0 or 1; `ahead` is never 0. */
  toe: number;
  ahead: number;
}

function bodyOf(cx: number, top: number, h: number, facing: Facing, build: Build, style: FigureStyle, posture: Posture): Body {
  const s = build.heads / 7.5;
  const ground = top + build.heads * h;
  // Seated: the body drops by the thigh's length; the feet stay on the ground.
  top += posture === 'sit' ? 1.7 * h * s : 0;
  const y = (heads: number) => top + h + (heads - 1) * h * s;
  const lean = build.stoop * 0.25 * h * (facing === 'left' ? -1 : 1);
  const toe = facing === 'left' ? -1 : facing === 'right' ? 1 : 0;
  return {
    cx,
    h,
    s,
    y,
    ground,
    hipY: y(3.9),
    sh: 0.95 * h * build.width * (facing === 'left' || facing === 'right' ? 0.9 : 1),
    lean,
    headCx: cx + lean,
    headCy: top + 0.5 * h + build.stoop * 0.2 * h,
    w: style.line,
    facing,
    posture,
    build,
    style,
    toe,
    ahead: toe || 1,
  };
}

/** Legs and arms: thick outlined strokes (ink underneath, fill on top) read as limbs at any scale. */
function limb(b: Body, pts: [number, number][], thick: number): string {
  return (
    `<path d="${pathOf(pts, false, true)}" fill="none" stroke="${b.style.ink}" stroke-width="${n(thick + 2 * b.w)}" stroke-linecap="round" stroke-linejoin="round"/>` +
    `<path d="${pathOf(pts, false, true)}" fill="none" stroke="${b.style.fill}" stroke-width="${n(thick)}" stroke-linecap="round" stroke-linejoin="round"/>`
  );
}

/** The legs for the posture, a seat under a seated figure, and the feet. */
function legs(b: Body): string[] {
  const { cx, h, s, y, sh, hipY, ahead, toe, w, style } = b;
  const parts: string[] = [];
  const legW = 0.42 * h * b.build.width;
  const footY = b.ground;
  const feetX = [cx - 0.26 * sh, cx + 0.26 * sh];
  if (b.posture === 'sit') {
    // A seat under the hips, thighs forward to the knees, shins down to the floor.
    const knee = 1.45 * h * s * ahead;
    parts.push(`<rect data-role="seat" x="${n(Math.min(cx - sh * 1.1, cx + knee * 0.7))}" y="${n(hipY + 0.25 * h)}" width="${n(sh * 1.1 + Math.abs(knee) * 0.7 + sh * 0.2)}" height="${n(Math.max(0, footY - hipY - 0.25 * h))}" fill="#d9d6cf" stroke="${style.ink}" stroke-width="${n(w)}"/>`);
    for (const dx of [-0.3 * sh, 0.3 * sh]) parts.push(limb(b, [[cx + dx, hipY], [cx + dx + knee, hipY + 0.05 * h], [cx + dx + knee, footY - 0.15 * h]], legW));
    feetX[0] = cx - 0.3 * sh + knee;
    feetX[1] = cx + 0.3 * sh + knee;
  } else if (b.posture === 'run') {
    // Stride: the front leg reaches, the back leg pushes off; arms swing against the legs.
    parts.push(limb(b, [[cx - 0.2 * sh, hipY], [cx + ahead * 1.1 * h, y(5.1)], [cx + ahead * 1.5 * h, footY - 0.15 * h]], legW));
    parts.push(limb(b, [[cx + 0.2 * sh, hipY], [cx - ahead * 0.5 * h, y(5.5)], [cx - ahead * 1.4 * h, footY - 0.5 * h]], legW));
    feetX[0] = cx + ahead * 1.5 * h;
    feetX[1] = cx - ahead * 1.4 * h;
  } else {
    parts.push(limb(b, [[cx - 0.3 * sh, hipY], [cx - 0.28 * sh, y(5.6)], [cx - 0.26 * sh, footY - 0.15 * h]], legW));
    parts.push(limb(b, [[cx + 0.3 * sh, hipY], [cx + 0.28 * sh, y(5.6)], [cx + 0.26 * sh, footY - 0.15 * h]], legW));
  }
  for (const fx of feetX) {
    const d = `M${n(fx - 0.22 * h + toe * 0.12 * h)} ${n(footY)}Q${n(fx + toe * 0.2 * h)} ${n(footY - 0.3 * h)} ${n(fx + 0.22 * h + toe * 0.12 * h)} ${n(footY)}Z`;
    parts.push(shape(d, w, style.ink));
  }
  return parts;
}

function arms(b: Body): string[] {
  const { cx, h, y, sh, ahead } = b;
  const armW = 0.3 * h * b.build.width;
  const handY = y(4.1);
  if (b.posture === 'run') {
    return [
      limb(b, [[cx - sh * 0.88, y(1.55)], [cx - sh * 0.9 - ahead * 0.6 * h, y(2.6)], [cx - ahead * 1.2 * h, y(3.2)]], armW),
      limb(b, [[cx + sh * 0.88, y(1.55)], [cx + sh * 0.9 + ahead * 0.5 * h, y(2.5)], [cx + ahead * 1.3 * h, y(2.0)]], armW),
    ];
  }
  return [
    limb(b, [[cx - sh * 0.88, y(1.55)], [cx - sh * 1.02, y(2.8)], [cx - sh * 1.02, handY]], armW),
    limb(b, [[cx + sh * 0.88, y(1.55)], [cx + sh * 1.02, y(2.8)], [cx + sh * 1.02, handY]], armW),
  ];
}

/** Torso: shoulders, waist, hips; a long coat flares to its hem. Collar and belt tell front from back at a glance. */
function torso(b: Body): string[] {
  const { cx, h, y, sh, headCx, lean, w, build } = b;
  const hem = build.coat && b.posture !== 'sit' ? y(build.coat) : b.hipY;
  const flare = build.coat ? 0.85 : 0.68;
  const outline: [number, number][] = [
    [headCx - 0.16 * h, y(1.18)],
    [cx - sh * 0.8, y(1.32)],
    [cx - sh, y(1.7)],
    [cx - sh * 0.66, y(3.1)],
    [cx - sh * flare, hem],
    [cx + sh * flare, hem],
    [cx + sh * 0.66, y(3.1)],
    [cx + sh, y(1.7)],
    [cx + sh * 0.8, y(1.32)],
    [headCx + 0.16 * h, y(1.18)],
  ];
  const parts = [shape(pathOf(outline, true, true), w, build.clothes ?? b.style.fill)];
  if (b.facing !== 'back') {
    parts.push(shape(`M${n(headCx - 0.2 * h)} ${n(y(1.25))}L${n(headCx + lean * 0.2)} ${n(y(1.75))}L${n(headCx + 0.2 * h)} ${n(y(1.25))}`, w * 0.8));
    if (!build.coat) parts.push(shape(`M${n(cx - sh * 0.66)} ${n(y(3.3))}Q${n(cx)} ${n(y(3.4))} ${n(cx + sh * 0.66)} ${n(y(3.3))}`, w * 0.8));
    else parts.push(shape(`M${n(cx)} ${n(y(1.75))}L${n(cx)} ${n(hem)}`, w * 0.7));
  }
  return parts;
}

/** A head of height `h` centred on (cx, cy): skull, ears, hair and (when detailed) the face. */
export function head(cx: number, cy: number, h: number, facing: Facing, build: Build = ADULT, style: FigureStyle = FIGURE_STYLE): string {
  const rx = 0.37 * h;
  const ry = 0.5 * h;
  const w = style.line;
  const turn = facing === 'left' ? -1 : facing === 'right' ? 1 : 0;
  const parts: string[] = [];
  // Long hair and braids fall behind the head and shoulders.
  if (build.hair === 'long') {
    parts.push(shape(pathOf([[cx - rx * 1.05, cy - ry * 0.2], [cx - rx * 1.15, cy + ry * 1.2], [cx - rx * 0.4, cy + ry * 1.5], [cx + rx * 0.4, cy + ry * 1.5], [cx + rx * 1.15, cy + ry * 1.2], [cx + rx * 1.05, cy - ry * 0.2]], false), w, style.hair));
  }
  if (build.hair === 'braid') {
    const bx = cx + (facing === 'left' ? rx * 0.7 : -rx * 0.7);
    for (let i = 0; i < 5; i++) {
      parts.push(`<ellipse cx="${n(bx + (i % 2 ? 0.04 : -0.04) * h)}" cy="${n(cy + ry * 0.6 + i * 0.2 * h)}" rx="${n(0.1 * h)}" ry="${n(0.13 * h)}" fill="${style.hair}" stroke="${style.ink}" stroke-width="${n(w * 0.7)}"/>`);
    }
  }
  // Ears (hidden from behind by the hair mass).
  for (const side of [-1, 1]) {
    if (turn === side) continue; // the far ear is hidden when the head turns
    parts.push(`<ellipse cx="${n(cx + side * rx * 0.98 + turn * 0.08 * h)}" cy="${n(cy + 0.05 * h)}" rx="${n(0.07 * h)}" ry="${n(0.12 * h)}" fill="${style.fill}" stroke="${style.ink}" stroke-width="${n(w)}"/>`);
  }
  parts.push(`<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(ry)}" fill="${style.fill}" stroke="${style.ink}" stroke-width="${n(w)}"/>`);
  // Jaw towards the turn: a three-quarter head has its chin off centre.
  if (turn !== 0) parts.push(shape(`M${n(cx + turn * rx * 0.9)} ${n(cy + 0.05 * h)}Q${n(cx + turn * rx * 0.95)} ${n(cy + ry * 0.9)} ${n(cx + turn * rx * 0.35)} ${n(cy + ry)}`, w * 0.8));

  if (facing === 'back') {
    if (build.hair !== 'bald') parts.push(`<ellipse cx="${n(cx)}" cy="${n(cy - 0.03 * h)}" rx="${n(rx * 1.02)}" ry="${n(ry * 0.97)}" fill="${style.hair}" stroke="${style.ink}" stroke-width="${n(w)}"/>`);
    if (build.hair === 'bun') parts.push(`<circle cx="${n(cx)}" cy="${n(cy - ry * 0.75)}" r="${n(0.16 * h)}" fill="${style.hair}" stroke="${style.ink}" stroke-width="${n(w)}"/>`);
    return `<g class="head">${parts.join('')}</g>`;
  }

  // Hair cap: the hairline is where the face begins; it follows the turn.
  const hl = cy - ry * 0.45;
  if (build.hair !== 'bald') {
    const cap = build.hair === 'cap';
    const d =
      `M${n(cx - rx * 1.02)} ${n(cy - (cap ? ry * 0.25 : 0) + (build.hair === 'short' ? -0.02 * h : 0.08 * h))}` +
      `C${n(cx - rx * 1.1)} ${n(cy - ry * 1.25)} ${n(cx + rx * 1.1)} ${n(cy - ry * 1.25)} ${n(cx + rx * 1.02)} ${n(cy - (cap ? ry * 0.25 : 0) + (build.hair === 'short' ? -0.02 * h : 0.08 * h))}` +
      (cap
        ? `L${n(cx + rx * 1.25 * (turn || 1))} ${n(cy - ry * 0.22)}L${n(cx - rx * 1.02)} ${n(cy - ry * 0.22)}Z`
        : `C${n(cx + rx * 0.7)} ${n(hl - 0.05 * h)} ${n(cx + turn * rx * 0.4)} ${n(hl - 0.1 * h)} ${n(cx + turn * rx * 0.3)} ${n(hl)}C${n(cx - rx * 0.2)} ${n(hl - 0.12 * h)} ${n(cx - rx * 0.8)} ${n(hl - 0.02 * h)} ${n(cx - rx * 1.02)} ${n(cy + 0.08 * h)}Z`);
    parts.push(shape(d, w, style.hair));
    if (build.hair === 'bun') parts.push(`<circle cx="${n(cx - turn * rx * 0.5)}" cy="${n(cy - ry * 0.95)}" r="${n(0.16 * h)}" fill="${style.hair}" stroke="${style.ink}" stroke-width="${n(w)}"/>`);
  }
  if (build.headwear) parts.push(headwear(cx, cy, h, rx, ry, turn, build.headwear, style, build.clothes));
  const fx = cx + turn * rx * 0.32; // the face's centre line moves with the turn
  if (!style.detail || h < 28) {
    // Small heads: a nose tick says where they look.
    if (turn !== 0) parts.push(shape(`M${n(cx + turn * rx * 0.95)} ${n(cy)}L${n(cx + turn * rx * 1.25)} ${n(cy + 0.1 * h)}L${n(cx + turn * rx * 0.95)} ${n(cy + 0.16 * h)}`, w * 0.9));
    else parts.push(`<circle cx="${n(cx - 0.13 * h)}" cy="${n(cy)}" r="${n(Math.max(0.05 * h, w * 0.6))}" fill="${style.ink}"/><circle cx="${n(cx + 0.13 * h)}" cy="${n(cy)}" r="${n(Math.max(0.05 * h, w * 0.6))}" fill="${style.ink}"/>`);
    return `<g class="head">${parts.join('')}</g>`;
  }
  parts.push(face(fx, cy, h, turn, style));
  return `<g class="head">${parts.join('')}</g>`;
}

/** A headscarf framing the face and knotted under the chin, or a wide-brimmed hat. */
function headwear(cx: number, cy: number, h: number, rx: number, ry: number, turn: number, kind: 'scarf' | 'hat', style: FigureStyle, tint?: string): string {
  const w = style.line;
  if (kind === 'hat') {
    const brimY = cy - ry * 0.5;
    return (
      `<g data-headwear="hat"><rect x="${n(cx - rx * 0.8)}" y="${n(cy - ry * 1.45)}" width="${n(rx * 1.6)}" height="${n(ry * 0.95)}" rx="${n(rx * 0.3)}" fill="#8d8a84" stroke="${style.ink}" stroke-width="${n(w)}"/>` +
      `<ellipse cx="${n(cx + turn * rx * 0.1)}" cy="${n(brimY)}" rx="${n(rx * 1.75)}" ry="${n(0.11 * h)}" fill="#8d8a84" stroke="${style.ink}" stroke-width="${n(w)}"/></g>`
    );
  }
  const fx = cx + turn * rx * 0.25;
  const outer = `M${n(cx - rx * 1.2)} ${n(cy + ry * 0.95)}C${n(cx - rx * 1.45)} ${n(cy - ry * 1.5)} ${n(cx + rx * 1.45)} ${n(cy - ry * 1.5)} ${n(cx + rx * 1.2)} ${n(cy + ry * 0.95)}Q${n(cx)} ${n(cy + ry * 1.35)} ${n(cx - rx * 1.2)} ${n(cy + ry * 0.95)}Z`;
  const opening = `M${n(fx - rx * 0.78)} ${n(cy + 0.02 * h)}C${n(fx - rx * 0.8)} ${n(cy - ry * 0.95)} ${n(fx + rx * 0.8)} ${n(cy - ry * 0.95)} ${n(fx + rx * 0.78)} ${n(cy + 0.02 * h)}C${n(fx + rx * 0.75)} ${n(cy + ry * 1.05)} ${n(fx - rx * 0.75)} ${n(cy + ry * 1.05)} ${n(fx - rx * 0.78)} ${n(cy + 0.02 * h)}Z`;
  const knot = `<circle cx="${n(fx)}" cy="${n(cy + ry * 1.15)}" r="${n(0.09 * h)}" fill="${tint ?? '#a19e98'}" stroke="${style.ink}" stroke-width="${n(w * 0.8)}"/>`;
  return `<g data-headwear="scarf"><path d="${outer}${opening}" fill="${tint ?? '#a19e98'}" fill-rule="evenodd" stroke="${style.ink}" stroke-width="${n(w)}"/>${knot}</g>`;
}

/** Eyes, brows, nose and mouth around the face centre line `fx`. */
function face(fx: number, cy: number, h: number, turn: number, style: FigureStyle): string {
  const w = style.line;
  const parts: string[] = [];
  const eyeY = cy + 0.02 * h;
  const gap = 0.16 * h;
  for (const side of [-1, 1]) {
    const near = side === turn ? 0.8 : side === -turn ? 1.1 : 1; // foreshortening of the far eye
    const ex = fx + side * gap * (turn === side ? 0.8 : 1);
    const ew = 0.085 * h * (turn === side ? 0.75 : near);
    parts.push(shape(`M${n(ex - ew)} ${n(eyeY)}Q${n(ex)} ${n(eyeY - 0.055 * h)} ${n(ex + ew)} ${n(eyeY)}Q${n(ex)} ${n(eyeY + 0.045 * h)} ${n(ex - ew)} ${n(eyeY)}Z`, w * 0.8, '#ffffff'));
    parts.push(`<circle cx="${n(ex + turn * ew * 0.35)}" cy="${n(eyeY)}" r="${n(0.028 * h)}" fill="${style.ink}"/>`);
    parts.push(shape(`M${n(ex - ew * 1.2)} ${n(eyeY - 0.08 * h)}Q${n(ex)} ${n(eyeY - 0.13 * h)} ${n(ex + ew * 1.2)} ${n(eyeY - 0.09 * h)}`, w * 1.3));
  }
  // Nose points into the turn; mouth a short line with a lower-lip shadow.
  const nx = fx + turn * 0.06 * h;
  parts.push(shape(`M${n(fx + turn * 0.01 * h)} ${n(eyeY + 0.04 * h)}L${n(nx + turn * 0.05 * h)} ${n(cy + 0.2 * h)}L${n(nx - 0.04 * h)} ${n(cy + 0.23 * h)}`, w * 0.9));
  parts.push(shape(`M${n(fx - 0.1 * h)} ${n(cy + 0.32 * h)}Q${n(fx)} ${n(cy + 0.345 * h)} ${n(fx + 0.1 * h)} ${n(cy + 0.32 * h)}`, w));
  parts.push(shape(`M${n(fx - 0.05 * h)} ${n(cy + 0.38 * h)}Q${n(fx)} ${n(cy + 0.395 * h)} ${n(fx + 0.05 * h)} ${n(cy + 0.38 * h)}`, w * 0.6));
  return parts.join('');
}
