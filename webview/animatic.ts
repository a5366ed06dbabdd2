/**
 * The animatic: the shots in sequence, each frame (or clip, when one is generated) held for the
 * shot's duration, with timecode, a scrubber of shot segments and the current shot highlighted.
 * Time comes from requestAnimationFrame and `performance.now()` scaled by a rate, so a test can
 * drive it with a fake clock and a director can watch it at 2×.
 */
import { DEFAULT_SHOT_SECONDS, type ShotCard } from '../src/core/storyboard/protocol';
import { cameraLine } from './card';
import { clear, h, icon, timecode } from './dom';

export interface AnimaticEvents {
  /** The shot under the playhead changed. */
  current(id: string): void;
  playing(playing: boolean, id: string | undefined): void;
  rate(rate: number): void;
}

export const RATES = [0.25, 0.5, 1, 2, 4];

export class Animatic {
  readonly element: HTMLElement;
  private shots: ShotCard[] = [];
  private starts: number[] = [];
  private total = 0;
  private time = 0;
  private index = -1;
  private playing = false;
  private last: number | undefined;
  private raf = 0;
  private fps = 24;
  rate = 1;

  private readonly image = h('img', { class: 'stage-frame', alt: '' });
  private readonly video = h('video', { class: 'stage-clip', muted: true, playsinline: true, preload: 'auto' });
  private readonly empty = h('div', { class: 'stage-empty' }, icon('device-camera'), h('span', {}, 'No frame yet'));
  private readonly caption = h('div', { class: 'stage-caption' });
  private readonly slate = h('div', { class: 'stage-slate' });
  private readonly heading = h('div', { class: 'stage-heading' });
  private readonly stage: HTMLElement;
  private readonly clock = h('span', { class: 'timecode', 'aria-live': 'off' });
  private readonly totalClock = h('span', { class: 'timecode total' });
  private readonly counter = h('span', { class: 'shot-counter' });
  private readonly playButton = h('button', { class: 'icon-button big', type: 'button', 'data-control': 'play', title: 'Play (space)', 'aria-label': 'Play' }, icon('play'));
  private readonly segments = h('div', { class: 'segments', 'aria-hidden': 'true' });
  private readonly playhead = h('div', { class: 'playhead', 'aria-hidden': 'true' });
  private readonly scrub = h('input', { class: 'scrub', type: 'range', min: '0', max: '0', step: 'any', 'aria-label': 'Playhead' });
  private readonly rateSelect = h('vscode-single-select', { class: 'rate', 'aria-label': 'Playback rate' }) as HTMLElement & { value: string };
  private headingOf: (sceneId: string) => string = (s) => s;

  constructor(private readonly events: AnimaticEvents) {
    this.stage = h('div', { class: 'stage' }, this.image, this.video, this.empty);
    for (const r of RATES) this.rateSelect.append(h('vscode-option', { value: String(r), selected: r === 1 }, `${r}×`));
    this.rateSelect.value = '1';
    this.rateSelect.addEventListener('change', () => this.setRate(Number(this.rateSelect.value)));
    const controls = h(
      'div',
      { class: 'transport' },
      h('button', { class: 'icon-button', type: 'button', 'data-control': 'prev', title: 'Previous shot (←)', 'aria-label': 'Previous shot' }, icon('chevron-left')),
      this.playButton,
      h('button', { class: 'icon-button', type: 'button', 'data-control': 'next', title: 'Next shot (→)', 'aria-label': 'Next shot' }, icon('chevron-right')),
      h('span', { class: 'clocks' }, this.clock, h('span', { class: 'muted' }, ' / '), this.totalClock),
      this.counter,
      h('span', { class: 'spacer' }),
      h('label', { class: 'rate-label' }, 'Speed ', this.rateSelect),
    );
    controls.addEventListener('click', (e) => {
      const control = (e.target as Element).closest<HTMLElement>('[data-control]')?.dataset.control;
      if (control === 'play') this.toggle();
      else if (control === 'prev') this.step(-1);
      else if (control === 'next') this.step(1);
    });
    this.scrub.addEventListener('input', () => this.seek(Number(this.scrub.value)));
    this.segments.addEventListener('click', (e) => {
      const i = Number((e.target as HTMLElement).dataset.index);
      if (Number.isInteger(i)) this.seek(this.starts[i]!);
    });
    this.element = h(
      'section',
      { class: 'animatic', 'aria-label': 'Animatic', 'data-state': 'paused' },
      this.stage,
      // Beside the picture, not over it: storyboard panels carry their own captions.
      h('div', { class: 'stage-info' }, this.slate, this.caption, this.heading),
      h('div', { class: 'scrubber' }, this.segments, this.playhead, this.scrub),
      controls,
    );
    this.image.addEventListener('error', () => this.image.classList.add('broken'));
  }

  /** Replaces the sequence, keeping the playhead on the same shot when it is still there. */
  load(shots: ShotCard[], fps: number, headingOf: (sceneId: string) => string): void {
    this.headingOf = headingOf;
    const current = this.shots[this.index]?.id;
    const offset = this.index >= 0 ? this.time - this.starts[this.index]! : 0;
    this.shots = shots;
    this.fps = fps;
    this.starts = [];
    let t = 0;
    for (const s of shots) {
      this.starts.push(t);
      t += s.duration > 0 ? s.duration : DEFAULT_SHOT_SECONDS;
    }
    this.total = t;
    this.element.dataset.total = String(round(t));
    this.scrub.max = String(t);
    this.totalClock.textContent = timecode(t, fps);
    clear(this.segments);
    shots.forEach((s, i) => {
      const seg = h('div', { class: `segment status-${s.status}`, 'data-index': i, title: s.id });
      seg.style.flexGrow = String(s.duration);
      this.segments.append(seg);
    });
    this.index = -1;
    const at = current ? shots.findIndex((s) => s.id === current) : -1;
    this.seek(at >= 0 ? this.starts[at]! + Math.min(offset, shots[at]!.duration) : Math.min(this.time, t), true);
  }

  isPlaying(): boolean {
    return this.playing;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  play(): void {
    if (!this.shots.length) return;
    if (this.time >= this.total) this.seek(0);
    this.playing = true;
    this.last = undefined;
    this.setState('playing');
    this.events.playing(true, this.shots[this.index]?.id);
    this.raf = requestAnimationFrame((t) => this.tick(t));
    if (!this.video.hidden) void this.video.play().catch(() => undefined);
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.video.pause();
    this.setState(this.time >= this.total ? 'ended' : 'paused');
    this.events.playing(false, this.shots[this.index]?.id);
  }

  /** Moves the playhead to the start of a shot. */
  seekShot(id: string): void {
    const i = this.shots.findIndex((s) => s.id === id);
    if (i >= 0) this.seek(this.starts[i]!);
  }

  step(direction: 1 | -1): void {
    if (!this.shots.length) return;
    // Back from the middle of a shot goes to its start, as in an editor.
    const into = this.index >= 0 ? this.time - this.starts[this.index]! : 0;
    const target = direction < 0 && into > 0.5 ? this.index : this.index + direction;
    this.seek(this.starts[Math.max(0, Math.min(this.shots.length - 1, target))]!);
  }

  setRate(rate: number): void {
    if (!RATES.includes(rate)) return;
    this.rate = rate;
    this.rateSelect.value = String(rate);
    this.video.playbackRate = rate;
    this.events.rate(rate);
  }

  seek(t: number, quiet = false): void {
    this.time = Math.max(0, Math.min(this.total, Number.isFinite(t) ? t : 0));
    this.last = undefined;
    this.update(quiet);
    if (!this.playing) this.setState(this.shots.length && this.time >= this.total ? 'ended' : 'paused');
    const shot = this.shots[this.index];
    if (shot?.clipUrl && !this.video.hidden) this.video.currentTime = this.time - this.starts[this.index]!;
  }

  private tick(now: number): void {
    if (!this.playing) return;
    if (this.last !== undefined) this.time += ((now - this.last) / 1000) * this.rate;
    this.last = now;
    if (this.time >= this.total) {
      this.time = this.total;
      this.update(false);
      this.pause();
      return;
    }
    this.update(false);
    this.raf = requestAnimationFrame((t) => this.tick(t));
  }

  private indexAt(t: number): number {
    if (!this.shots.length) return -1;
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private update(quiet: boolean): void {
    // At the very end the playhead rests on the last shot's last frame.
    const i = this.indexAt(Math.min(this.time, Math.max(0, this.total - 1e-6)));
    this.clock.textContent = timecode(this.time, this.fps);
    this.scrub.value = String(this.time);
    this.element.dataset.time = String(round(this.time));
    this.playhead.style.left = this.total ? `${(this.time / this.total) * 100}%` : '0';
    if (i !== this.index) {
      this.segments.children[this.index]?.classList.remove('current');
      this.index = i;
      this.segments.children[i]?.classList.add('current');
      this.show(this.shots[i]);
      if (!quiet && this.shots[i]) this.events.current(this.shots[i].id);
    }
    this.counter.textContent = this.shots.length ? `Shot ${i + 1} of ${this.shots.length}` : 'No shots to play';
  }

  private show(shot: ShotCard | undefined): void {
    this.element.dataset.shot = shot?.id ?? '';
    const clipUrl = shot?.clipUrl;
    this.video.hidden = !clipUrl;
    this.image.hidden = Boolean(clipUrl) || !shot?.frameUrl;
    this.empty.hidden = Boolean(clipUrl || shot?.frameUrl);
    if (clipUrl) {
      if (this.video.getAttribute('src') !== clipUrl) this.video.setAttribute('src', clipUrl);
      this.video.playbackRate = this.rate;
      if (this.playing) void this.video.play().catch(() => undefined);
    } else {
      this.video.pause();
      if (shot?.frameUrl && this.image.getAttribute('src') !== shot.frameUrl) {
        this.image.classList.remove('broken');
        this.image.setAttribute('src', shot.frameUrl);
        this.image.alt = `Storyboard frame of ${shot.id}`;
      }
    }
    this.slate.textContent = shot ? [shot.id, cameraLine(shot)].filter(Boolean).join('  ·  ') : '';
    this.heading.textContent = shot ? this.headingOf(shot.scene) : '';
    const line = shot?.dialogue[0];
    this.caption.textContent = line ? `${line.character}: ${line.line}` : shot?.action ?? '';
    this.caption.classList.toggle('is-action', !line);
    this.playButton.setAttribute('aria-label', this.playing ? 'Pause' : 'Play');
  }

  private setState(state: 'playing' | 'paused' | 'ended'): void {
    this.element.dataset.state = state;
    const glyph = this.playButton.querySelector('.codicon');
    glyph?.classList.toggle('codicon-play', state !== 'playing');
    glyph?.classList.toggle('codicon-debug-pause', state === 'playing');
    this.playButton.setAttribute('aria-label', state === 'playing' ? 'Pause' : 'Play');
    this.playButton.title = state === 'playing' ? 'Pause (space)' : 'Play (space)';
  }

  /** Stops playback when the view is hidden. */
  hide(): void {
    this.pause();
  }
}

const round = (t: number) => Math.round(t * 1000) / 1000;
