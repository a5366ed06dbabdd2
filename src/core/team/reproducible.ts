/**
 * Reproducible output: with `SOURCE_DATE_EPOCH` set (the reproducible-builds convention, seconds
 * since 1970), the time written into provenance is that time, so the shards of one CI run and a
 * single run of the same work write the same bytes. Without it, the clock.
 */
export function provenanceTime(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000).toISOString();
  return new Date().toISOString();
}
