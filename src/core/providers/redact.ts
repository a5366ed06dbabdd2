/**
 * Keys never reach a file, a journal line, a log line or an error message. Every provider
 * registers each key it reads here and passes every message it emits through `redact`.
 */
import type { Logger } from '../host';

const MASK = '[redacted]';

/**
 * Token shapes worth masking even when the key was never registered (a key pasted into a
 * prompt, a server echoing a header back): bearer tokens and the common `sk-`/`r8_`/`key_` forms.
 */
const SCHEME_TOKEN = /\b(Bearer|Token)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{12,}/gi;
const TOKEN_PATTERNS: RegExp[] = [
  /\b(?:sk|rk|pk)-[A-Za-z0-9_-]{12,}/g,
  /\br8_[A-Za-z0-9]{12,}/g,
  /\bkey_[A-Za-z0-9]{16,}/g,
];

/** A run of this many characters of a key is masked wherever it appears (a server echoing part of it). */
export const FRAGMENT = 8;

export class Redactor {
  private readonly secrets = new Set<string>();
  /** Every FRAGMENT-character piece of every secret (and its URL-encoded form). */
  private readonly pieces = new Set<string>();

  /** Remembers a secret value so that every later `redact` masks it. Short values are ignored. */
  add(secret: string | undefined): void {
    // A 1–5 character "key" would mask ordinary words; real keys are far longer.
    const s = secret?.trim();
    if (!s || s.length < 6) return;
    for (const form of new Set([s, encodeURIComponent(s)])) {
      this.secrets.add(form);
      for (let i = 0; i + FRAGMENT <= form.length; i++) this.pieces.add(form.slice(i, i + FRAGMENT));
    }
  }

  /** The text with every registered secret, every FRAGMENT+ character piece of one, and every token-shaped string masked. */
  redact(text: string): string {
    let out = text;
    // Longest first, so a key that contains another key is masked whole.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
    if (this.pieces.size) out = this.maskPieces(out);
    out = out.replace(SCHEME_TOKEN, (_match, scheme: string) => `${scheme} ${MASK}`);
    for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, MASK);
    return out;
  }

  /** Masks each longest run that is a substring of a secret and at least FRAGMENT characters long. */
  private maskPieces(text: string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
      if (i + FRAGMENT > text.length || !this.pieces.has(text.slice(i, i + FRAGMENT))) {
        out += text[i++];
        continue;
      }
      let end = i + FRAGMENT;
      while (end < text.length && this.pieces.has(text.slice(end + 1 - FRAGMENT, end + 1)) && this.isPiece(text.slice(i, end + 1))) end++;
      out += MASK;
      i = end;
    }
    return out;
  }

  private isPiece(run: string): boolean {
    for (const s of this.secrets) if (s.includes(run)) return true;
    return false;
  }
}

/** A logger that masks every line before it reaches the host's logger. */
export function redactingLogger(logger: Logger, redactor: Redactor): Logger {
  return {
    debug: (m) => logger.debug(redactor.redact(m)),
    info: (m) => logger.info(redactor.redact(m)),
    warn: (m) => logger.warn(redactor.redact(m)),
    error: (m) => logger.error(redactor.redact(m)),
  };
}
