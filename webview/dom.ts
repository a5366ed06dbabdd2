/**
 * The app's only way to make elements. Text goes in through `textContent`, values through
 * attributes and properties: nothing from a production is ever parsed as HTML.
 */

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** An element with attributes (`class`, `data-*`, `aria-*`…) and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attributes?: Attributes, ...children: Child[]): HTMLElement;
export function h(tag: string, attributes: Attributes = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** A codicon (`check`, `play`…), decorative. */
export function icon(name: string, label?: string): HTMLElement {
  const span = h('span', { class: `codicon codicon-${name}`, 'aria-hidden': label ? undefined : 'true', 'aria-label': label, role: label ? 'img' : undefined });
  return span;
}

/** Removes every child. */
export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** `75` → `1:15`; `3.5` → `3.5s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** SMPTE-style timecode `HH:MM:SS:FF` at `fps`. */
export function timecode(seconds: number, fps: number): string {
  fps = Math.max(1, Math.round(fps));
  const totalFrames = Math.round(seconds * fps);
  const frames = totalFrames % fps;
  const total = Math.floor(totalFrames / fps);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}:${pad(frames)}`;
}
