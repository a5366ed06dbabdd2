/**
 * The animatic: one HTML page that plays the cut — each shot's clip when it has one (from beside
 * the page: `../media/clips/…`, the CSP's only media source), else its storyboard frame, for
 * their durations, with timecode, shot id and dialogue as subtitles; play/pause, a scrubber, a shot
 * strip and the keyboard (space, ←/→ shot, shift+←/→ one second, Home/End). Frames are inlined
 * as data URIs so the page works from anywhere; a clip that cannot load leaves its frame showing. A strict CSP allows only inline images and the
 * page's own nonce'd script and style; all production text is data, inserted with textContent.
 *
 * `?rate=8` plays eight times faster, `?autoplay=1` starts playing on load (tests, reviews).
 * The page reports its state on <body>: data-state (paused|playing|ended), data-shot, data-frame,
 * data-clip (the shot whose clip is showing, else empty).
 */
import { sha256 } from '../artifact/hash';
import type { Cut } from './cut';
import { timecode, timecodeBase } from './cut';
import { relativeTo } from './otio';

export interface AnimaticFrame {
  /** The media type, e.g. `image/svg+xml`, `image/png`. */
  mime: string;
  data: string | Uint8Array;
}

/** Shot frames larger than this are left out (a note says so) to keep the page a sensible size. */
export const MAX_INLINE_BYTES = 4 * 1024 * 1024;

const MIME_BY_EXT: Record<string, string> = { svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' };

/** The media type of an image path, or undefined when it is not an image the page can show. */
export function imageMime(path: string): string | undefined {
  return MIME_BY_EXT[path.split('.').pop()?.toLowerCase() ?? ''];
}

/** JSON safe inside a <script> element: no `<`, no line separators that end a JS string. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Text safe in HTML character data and attributes. */
function escHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * The animatic page. `frames` maps a production-relative frame path to its image; a shot whose
 * frame is missing plays a slate with its id and action instead.
 */
export function toAnimatic(cut: Cut, frames: ReadonlyMap<string, AnimaticFrame>, opts: { offline?: boolean; pagePath?: string } = {}): string {
  const pagePath = opts.pagePath ?? 'edit/animatic.html';
  const images: string[] = [];
  const imageIndex = new Map<string, number>();
  const shots = cut.shots.map((s) => {
    let image = -1;
    const f = frames.get(s.frame);
    const bytes = f ? (typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength) : 0;
    if (f && bytes <= MAX_INLINE_BYTES) {
      const known = imageIndex.get(s.frame);
      if (known !== undefined) image = known;
      else {
        image = images.length;
        imageIndex.set(s.frame, image);
        images.push(`data:${f.mime};base64,${Buffer.from(f.data).toString('base64')}`);
      }
    }
    return {
      id: s.id,
      scene: s.scene,
      start: s.start,
      frames: s.frames,
      image,
      size: s.size ?? '',
      action: s.action ?? '',
      media: s.media,
      standIn: s.standIn,
      // The clip plays when there is one, from beside the page (it is too large to inline).
      clip: s.clip ? relativeTo(pagePath, s.clip) : '',
      missing: !f ? 'no frame yet' : image < 0 ? 'frame too large to inline' : '',
      lines: s.dialogue.filter((d) => d.line.trim()).map((d) => ({ who: d.character.toUpperCase(), line: d.line.trim() })),
    };
  });
  const data = { title: cut.title, fps: cut.fps, base: timecodeBase(cut.fps), total: cut.totalFrames, offline: opts.offline ?? shots.some((s) => s.standIn), shots, images };
  const json = scriptJson(data);
  // Deterministic per content (the page is a static file; the nonce only has to match its own tags).
  const nonce = sha256(json).slice(0, 24);
  // Media only from the page's own place (the clips beside it), and only when there are clips.
  const media = shots.some((s) => s.clip) ? " media-src 'self';" : '';
  const csp = `default-src 'none'; img-src data:;${media} style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'`;
  const totalTc = timecode(cut.totalFrames, cut.fps);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escHtml(cut.title)} — animatic</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body data-state="paused" data-shot="" data-frame="0" data-total="${cut.totalFrames}">
<header>
  <h1 id="title"></h1>
  <span id="note"></span>
  <span id="tc" class="tc">00:00:00:00</span><span class="tc dim"> / ${totalTc}</span>
</header>
<main>
  <div id="stage">
    <img id="frame" alt="">
    <video id="clip" muted playsinline preload="auto" hidden></video>
    <div id="slate" hidden><div id="slate-id"></div><div id="slate-text"></div></div>
    <div id="sub" aria-live="polite"></div>
  </div>
</main>
<section id="controls">
  <button id="prev" type="button" title="Previous shot (←)" aria-label="Previous shot"><svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2h2v12H3zM14 2v12L6 8z"/></svg></button>
  <button id="play" type="button" title="Play / pause (space)" aria-label="Play or pause"><svg class="i-play" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 2v12l10-6z"/></svg><svg class="i-pause" viewBox="0 0 16 16" aria-hidden="true"><path d="M3 2h4v12H3zM9 2h4v12H9z"/></svg></button>
  <button id="next" type="button" title="Next shot (→)" aria-label="Next shot"><svg viewBox="0 0 16 16" aria-hidden="true"><path d="M11 2h2v12h-2zM2 2v12l8-6z"/></svg></button>
  <input id="scrub" type="range" min="0" max="${Math.max(0, cut.totalFrames - 1)}" value="0" step="1" aria-label="Position in the cut">
  <span id="shot" class="tc"></span>
</section>
<nav id="strip"></nav>
<script type="application/json" id="cut">${json}</script>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
:root{color-scheme:dark;--bg:#141414;--fg:#eee;--dim:#9a9a9a;--accent:#d9480f}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;display:flex;flex-direction:column;height:100vh}
header{display:flex;align-items:baseline;gap:12px;padding:8px 14px;border-bottom:1px solid #2a2a2a}
h1{font-size:15px;margin:0;font-weight:600}
#note{color:var(--accent);font-size:12px;letter-spacing:.05em;text-transform:uppercase;flex:1}
.tc{font-family:ui-monospace,'SF Mono',Menlo,Consolas,monospace;font-variant-numeric:tabular-nums}
.dim{color:var(--dim)}
main{flex:1;min-height:0;display:flex;align-items:center;justify-content:center;padding:10px}
#stage{position:relative;height:100%;width:100%;display:flex;align-items:center;justify-content:center}
#frame,#clip{max-width:100%;max-height:100%;object-fit:contain;box-shadow:0 4px 24px #000a}
#frame[hidden],#clip[hidden]{display:none}
#slate{position:absolute;inset:10%;border:2px dashed #555;display:flex;flex-direction:column;align-items:center;justify-content:center;text-align:center;padding:20px}
#slate[hidden]{display:none}
#slate-id{font-size:28px;font-weight:700}
#slate-text{color:var(--dim);max-width:60ch;margin-top:8px}
#sub{position:absolute;left:50%;bottom:6%;transform:translateX(-50%);max-width:80%;text-align:center;font-size:20px;line-height:1.35;background:#000c;padding:4px 12px;border-radius:4px;white-space:pre-wrap}
#sub:empty{display:none}
#controls{display:flex;align-items:center;gap:8px;padding:8px 14px;border-top:1px solid #2a2a2a}
button{background:#2a2a2a;color:var(--fg);border:1px solid #3a3a3a;border-radius:4px;font-size:16px;min-width:38px;height:30px;cursor:pointer}
button:hover{border-color:var(--accent)}
button svg{width:14px;height:14px;fill:currentColor;vertical-align:middle}
body[data-state=playing] .i-play,body:not([data-state=playing]) .i-pause{display:none}
#scrub{flex:1;accent-color:var(--accent)}
#shot{min-width:16ch;text-align:right;color:var(--dim)}
#strip{display:flex;gap:2px;padding:0 14px 10px;overflow-x:auto}
#strip button{flex:none;height:22px;min-width:0;font-size:11px;padding:0 6px;color:var(--dim);border-radius:2px}
#strip button.on{color:#fff;background:var(--accent);border-color:var(--accent)}
`;

// Runs in the page. Plain ES2019, no globals besides `window.animatic`; every string from the
// production goes through textContent or an attribute setter, never innerHTML.
const SCRIPT = `
(function () {
  'use strict';
  var cut = JSON.parse(document.getElementById('cut').textContent);
  var params = new URLSearchParams(location.search);
  var rate = Math.min(1000, Math.max(0.01, Number(params.get('rate')) || 1));
  var $ = function (id) { return document.getElementById(id); };
  var img = $('frame'), sub = $('sub'), tc = $('tc'), scrub = $('scrub'), play = $('play'), shotLabel = $('shot');
  var slate = $('slate');
  $('title').textContent = cut.title;
  document.title = cut.title + ' — animatic';
  $('note').textContent = cut.offline ? (cut.shots.some(function (s) { return s.clip; }) ? 'animatic · clips where there are, storyboard frames for the rest' : 'offline animatic · storyboard frames stand in for clips') : '';
  var strip = $('strip');
  var chips = cut.shots.map(function (s, i) {
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = s.id;
    b.title = s.size + ' ' + s.action;
    b.addEventListener('click', function () { seek(s.start); });
    strip.appendChild(b);
    return b;
  });
  var frame = 0, playing = false, last = 0, current = -1, raf = 0;
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function timecode(f) {
    var base = cut.base, ff = f % base, s = Math.floor(f / base);
    return pad(Math.floor(s / 3600) % 24) + ':' + pad(Math.floor(s / 60) % 60) + ':' + pad(s % 60) + ':' + pad(ff);
  }
  function shotAt(f) {
    var lo = 0, hi = cut.shots.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (cut.shots[mid].start <= f) lo = mid; else hi = mid - 1; }
    return lo;
  }
  function render() {
    document.body.dataset.frame = String(frame);
    tc.textContent = timecode(frame);
    scrub.value = String(frame);
    if (!cut.shots.length) return;
    var i = shotAt(frame), s = cut.shots[i];
    if (i !== current) {
      if (current >= 0) chips[current].classList.remove('on');
      chips[i].classList.add('on');
      current = i;
      document.body.dataset.shot = s.id;
      shotLabel.textContent = s.id + ' · ' + (i + 1) + '/' + cut.shots.length;
      if (s.image >= 0) { img.src = cut.images[s.image]; img.alt = s.id + ' ' + s.action; img.hidden = false; slate.hidden = true; }
      else { img.hidden = true; slate.hidden = false; $('slate-id').textContent = s.id + ' — ' + s.missing; $('slate-text').textContent = s.action; }
      showClip(s);
    }
    syncClip(s);
    // Dialogue lines share the shot's length evenly, in order.
    var into = frame - s.start, n = s.lines.length, text = '';
    if (n) { var k = Math.min(n - 1, Math.floor(into * n / s.frames)); text = s.lines[k].who + ': ' + s.lines[k].line; }
    if (sub.textContent !== text) sub.textContent = text;
  }
  // The shot's clip, when it has one that loads: it plays over the frame, kept to the page's clock.
  var video = $('clip'), failed = {};
  video.addEventListener('error', function () { failed[video.dataset.shot] = true; video.hidden = true; if (current >= 0 && cut.shots[current].image >= 0) img.hidden = false; document.body.dataset.clip = ''; });
  function showClip(s) {
    if (!s.clip || failed[s.id]) { video.hidden = true; video.removeAttribute('src'); video.dataset.shot = ''; document.body.dataset.clip = ''; return; }
    video.dataset.shot = s.id;
    video.src = s.clip;
    video.playbackRate = Math.min(16, rate);
    video.hidden = false; img.hidden = true; slate.hidden = true;
    document.body.dataset.clip = s.id;
  }
  function syncClip(s) {
    if (video.hidden || video.dataset.shot !== s.id) return;
    var t = (frame - s.start) / cut.fps;
    if (Math.abs(video.currentTime - t) > 0.25 || !playing) { try { video.currentTime = t; } catch (e) { /* not loaded yet */ } }
    if (playing && video.paused) video.play().catch(function () {});
    if (!playing && !video.paused) video.pause();
  }
  function setState(state) { document.body.dataset.state = state; }
  function tick(now) {
    if (!playing) return;
    var elapsed = (now - last) / 1000 * rate * cut.fps;
    var whole = Math.floor(elapsed);
    if (whole > 0) { frame += whole; last += whole / (rate * cut.fps) * 1000; }
    if (frame >= cut.total - 1) { frame = Math.max(0, cut.total - 1); playing = false; render(); setState('ended'); return; }
    render();
    raf = requestAnimationFrame(tick);
  }
  function start() {
    if (!cut.total) return;
    if (frame >= cut.total - 1) frame = 0;
    playing = true; last = performance.now(); setState('playing'); render();
    raf = requestAnimationFrame(tick);
  }
  function pause() { playing = false; cancelAnimationFrame(raf); setState('paused'); render(); if (!video.paused) video.pause(); }
  function seek(f) {
    frame = Math.max(0, Math.min(cut.total - 1, Math.round(f)));
    last = performance.now();
    if (!playing) setState('paused');
    render();
  }
  function step(dir) {
    var i = shotAt(frame);
    if (dir < 0 && frame > cut.shots[i].start) seek(cut.shots[i].start);
    else seek(cut.shots[Math.max(0, Math.min(cut.shots.length - 1, i + dir))].start);
  }
  play.addEventListener('click', function () { playing ? pause() : start(); });
  $('prev').addEventListener('click', function () { step(-1); });
  $('next').addEventListener('click', function () { step(1); });
  scrub.addEventListener('input', function () { seek(Number(scrub.value)); });
  document.addEventListener('keydown', function (e) {
    // The page's keys win over the scrubber's own (which would step one frame).
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === ' ') { e.preventDefault(); playing ? pause() : start(); }
    else if (e.key === 'ArrowRight') { e.preventDefault(); e.shiftKey ? seek(frame + cut.base) : step(1); }
    else if (e.key === 'ArrowLeft') { e.preventDefault(); e.shiftKey ? seek(frame - cut.base) : step(-1); }
    else if (e.key === 'Home') { e.preventDefault(); seek(0); }
    else if (e.key === 'End') { e.preventDefault(); seek(cut.total - 1); }
  });
  window.animatic = { play: start, pause: pause, seek: seek, state: function () { return { frame: frame, shot: document.body.dataset.shot, state: document.body.dataset.state, total: cut.total, fps: cut.fps }; } };
  render();
  if (params.get('autoplay') === '1') start();
})();
`;
