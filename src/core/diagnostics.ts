/**
 * Problems found in a production. A diagnostic is a value, never an exception:
 * every check returns them, and only the edges (CLI, extension) decide how to show them.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Stable codes: a person can search for them, a test can assert on them. */
export type DiagnosticCode =
  // parsing
  | 'yaml-syntax'
  | 'yaml-warning' // reads, but not as written (a list used as a key, an unknown tag)
  | 'frontmatter-missing'
  | 'frontmatter-engine' // `---js` and friends: never evaluated
  | 'fountain-syntax'
  | 'file-unreadable'
  // schema
  | 'schema'
  | 'kind-unknown'
  | 'kind-mismatch' // a file's kind does not belong in its folder
  // cross references
  | 'duplicate-id'
  | 'unknown-character'
  | 'unknown-location'
  | 'unknown-prop'
  | 'unknown-scene'
  | 'unknown-act'
  | 'character-without-sheet'
  | 'media-missing'
  | 'path-escapes'
  | 'responsibility-not-one-sentence'
  | 'production-missing'
  | 'no-screenplay'
  | 'no-scenes' // a screenplay with text but no scene heading
  // locks (git layer)
  | 'edited-after-lock'
  | 'stale'
  | 'lockfile-syntax'
  | 'lockfile-changed' // differs from the lock committed at HEAD
  | 'not-a-git-repo' // gates judged from statuses alone: locks and gates need git
  // orchestration
  | 'task-failed'
  | 'write-conflict';

export interface Diagnostic {
  /** Production-relative path with forward slashes (e.g. `shots/s01-003.md`). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  severity: Severity;
  code: DiagnosticCode;
  /** What is wrong and what to do, in a filmmaker's words. */
  message: string;
}

export function diagnostic(
  file: string,
  line: number,
  column: number,
  severity: Severity,
  code: DiagnosticCode,
  message: string,
): Diagnostic {
  return { file, line, column, severity, code, message };
}

/** `file:line:col severity code message`: the one line format of the CLI and logs. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`;
}

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Sorted by file, then line, then column: stable output for people and tests. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code),
  );
}

/**
 * The one exception type thrown at the edges. Carries a code and advice so the CLI prints a
 * sentence a person can act on instead of a stack trace.
 */
export class FilmcrewError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly advice?: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'FilmcrewError';
  }
}
