/**
 * Named points where the reliability tests kill the process (`FILMCREW_CRASH_AT=<name>`), to
 * check what a kill -9 at exactly that step leaves behind: a kill at a random time rarely lands
 * in a window of a few milliseconds, and a step that is safe only "most of the time" is not.
 */
export function crashPoint(name: string): void {
  if (process.env.FILMCREW_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
