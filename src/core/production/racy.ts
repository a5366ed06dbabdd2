/**
 * "Racily clean", as git calls it: file timestamps tick coarsely (a few ms on Linux), so a file
 * written again within the same tick as it was read keeps its mtime. A cached fact about a file
 * is trusted only when the file's mtime is clearly older than the moment the file was read.
 */

/** A file whose mtime is within this many ms of the read may have changed again unnoticed. */
export const RACY_WINDOW_MS = 50;

/** True when a file with `mtimeMs`, read at `readAt`, may have changed since without its mtime showing it. */
export function racilyClean(mtimeMs: number, readAt: number): boolean {
  return mtimeMs >= readAt - RACY_WINDOW_MS;
}
