/**
 * Reading the offline sketches back in tests: the attributes of elements picked by tag and
 * attribute, from the SVG text itself (the drawings record what they drew in data-* attributes).
 */

export type Attrs = Record<string, string>;

/** Every `<tag …>` start tag of the text, with its attributes (entities decoded). */
export function elements(svg: string, tag: string): Attrs[] {
  const out: Attrs[] = [];
  const re = new RegExp(`<${tag}\\b([^>]*)>`, 'g');
  for (const m of svg.matchAll(re)) {
    const attrs: Attrs = {};
    for (const a of m[1]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    out.push(attrs);
  }
  return out;
}

/** The elements of a tag whose attribute has a value. */
export function withAttr(svg: string, tag: string, name: string, value?: string): Attrs[] {
  return elements(svg, tag).filter((e) => (value === undefined ? name in e : e[name] === value));
}

/** The root <svg> element's attributes. */
export function root(svg: string): Attrs {
  return elements(svg, 'svg')[0]!;
}

/** All text content of <text> elements, decoded. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1]!));
}

export function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Every `&` in the text starts one of the five XML entities: nothing is left unescaped. */
export function onlyKnownEntities(svg: string): boolean {
  return !/&(?!amp;|lt;|gt;|quot;|#39;)/.test(svg);
}
