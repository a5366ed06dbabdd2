/**
 * The storyboard's HTML shell, the same for both hosts: the VS Code webview panel and the
 * `filmcrew preview` server. A strict CSP: nothing by default, scripts only by this response's
 * nonce, images / media / styles / fonts only from the host's own source, no inline handlers.
 */
import { SNAPSHOT_BLOCK_ID, type EmbeddedSnapshot } from './protocol';

export { SNAPSHOT_BLOCK_ID, type EmbeddedSnapshot };

export interface StoryboardShell {
  /** The host's source for CSP: `webview.cspSource` in VS Code, `'self'` in the browser. */
  cspSource: string;
  /** Fresh per response (see `storyboardNonce`). */
  nonce: string;
  /** URL of the bundled app (`dist/webview/main.js`). */
  scriptUri: string;
  /** URLs of the stylesheets: the default theme when hosted outside VS Code, then `app.css`. */
  styleUris: string[];
  /** URL of `codicon.css`; vscode-elements' icons find it by the link's id. */
  codiconUri: string;
  /** Where the app may connect (the browser host's events and actions): `'self'`; omitted in VS Code. */
  connectSource?: string;
  /** A per-server secret the browser app sends with each action (guards against cross-site requests). */
  hostToken?: string;
  title?: string;
  /**
   * The production, embedded as a JSON data block: either the value or its `JSON.stringify`
   * (a host that serves many shells of one version stringifies once). Omitted: the app waits
   * for the host's first `production/snapshot` message, as before.
   */
  snapshot?: EmbeddedSnapshot | string;
}

/** A fresh CSP nonce: 128 random bits, base64. */
export function storyboardNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy of the shell; the preview server also sends it as a header, where
 * `frame-ancestors` applies too (browsers ignore it in a meta element).
 */
export function storyboardCsp(shell: Pick<StoryboardShell, 'cspSource' | 'nonce' | 'connectSource'>, header = false): string {
  const src = shell.cspSource;
  const policy = [
    "default-src 'none'",
    `img-src ${src}`,
    `media-src ${src}`,
    `style-src ${src}`,
    `font-src ${src}`,
    `script-src 'nonce-${shell.nonce}'`,
    `connect-src ${shell.connectSource ?? "'none'"}`,
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (header) policy.push("frame-ancestors 'none'");
  return policy.join('; ');
}

const escapeAttribute = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * JSON made safe inside a `<script type="application/json">` element: `<`, `>` and `&` become
 * `\u003c`-style escapes (still the same JSON), so no text from a production can close the
 * element or open a comment; U+2028/2029 are escaped too.
 */
export function jsonBlockText(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The whole HTML document of the storyboard. Every value is escaped and put in a double-quoted attribute or the title. */
export function storyboardHtml(shell: StoryboardShell): string {
  // The script is in the head and deferred: fetched while the (large) data block is still being
  // parsed, run once the document is whole.
  const a = escapeAttribute;
  const styles = shell.styleUris.map((u) => `  <link rel="stylesheet" href="${a(u)}">`).join('\n');
  const data =
    shell.snapshot === undefined
      ? ''
      : `\n  <script type="application/json" id="${SNAPSHOT_BLOCK_ID}" nonce="${a(shell.nonce)}">${jsonBlockText(typeof shell.snapshot === 'string' ? shell.snapshot : JSON.stringify(shell.snapshot))}</script>`;
  const token = shell.hostToken ? `\n  <meta name="filmcrew-host-token" content="${a(shell.hostToken)}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${a(storyboardCsp(shell))}">
  <meta name="viewport" content="width=device-width, initial-scale=1">${token}
  <title>${a(shell.title ?? 'Storyboard')}</title>
  <link rel="stylesheet" href="${a(shell.codiconUri)}" id="vscode-codicon-stylesheet">
${styles}
  <script nonce="${a(shell.nonce)}" src="${a(shell.scriptUri)}" defer></script>
</head>
<body>
  <div id="app" class="app" aria-busy="true"></div>${data}
</body>
</html>
`;
}
