/**
 * Setting a few top-level scalar keys (`status`, `chosen`) in a markdown artifact's frontmatter
 * by editing only their lines. Approving a thousand artifacts rewrites a thousand files; this
 * keeps every other byte as it was (comments, order, quoting, the body) and costs no YAML
 * round-trip. Anything richer goes through the artifact writer.
 */

const OPEN = /^(\uFEFF?)---[ \t]*(\r?\n)/;
const CLOSE = /^---[ \t]*\r?$/m;

export type ScalarPatch = Record<string, string | number | boolean | null | undefined>;

/** True when the text starts with a frontmatter block this module can edit. */
export function hasFrontmatter(text: string): boolean {
  const open = OPEN.exec(text);
  return open !== null && CLOSE.test(text.slice(open[0].length));
}

const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

/** A YAML scalar that reads back as exactly `value`. */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  if (/^[A-Za-z_][\w./-]*$/.test(value) && !RESERVED.test(value)) return value;
  return JSON.stringify(value);
}

/**
 * `text` with the top-level keys of `patch` set (`undefined` removes a key); undefined when the
 * text has no frontmatter. A key that is not there is added as the frontmatter's last line.
 */
export function setFrontmatterScalars(text: string, patch: ScalarPatch): string | undefined {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  const eol = open[2]!;
  // Only the frontmatter's lines are split and joined; the closing line and the body keep their bytes.
  const closeMatch = CLOSE.exec(text.slice(open[0].length));
  if (!closeMatch) return undefined;
  const yamlEnd = open[0].length + closeMatch.index;
  const yaml = text.slice(open[0].length, yamlEnd);
  const head = yaml === '' ? [] : yaml.replace(/\r?\n$/, '').split(/\r?\n/);

  for (const [key, value] of Object.entries(patch)) {
    const at = head.findIndex((l) => l.startsWith(key + ':') && /^([ \t].*)?$/.test(l.slice(key.length + 1)));
    // The value's own lines: the key line, then indented lines (or a same-indent `- ` list) after it.
    let end = at + 1;
    if (at >= 0) while (end < head.length && /^([ \t]+\S|-( |$))/.test(head[end]!)) end++;
    if (value === undefined) {
      if (at >= 0) head.splice(at, end - at);
      continue;
    }
    const line = `${key}: ${yamlScalar(value)}`;
    if (at < 0) {
      head.push(line);
      continue;
    }
    // Keep a trailing comment on a one-line plain value: `status: draft  # why`.
    const comment = end === at + 1 ? /^[^'"#]*?(\s+#.*)$/.exec(head[at]!.slice(key.length + 1))?.[1] : undefined;
    head.splice(at, end - at, line + (comment ?? ''));
  }
  const newYaml = head.length ? head.join(eol) + eol : '';
  return text.slice(0, open[0].length) + newYaml + text.slice(yamlEnd);
}
