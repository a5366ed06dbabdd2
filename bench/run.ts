/**
 * Runs every bench/*.bench.ts in turn (each exports `run()`, which prints its figures).
 *   npm run bench            all of them
 *   npm run bench -- load    those whose file name contains "load"
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const benches = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  for (const file of benches) {
    console.log(`\n== ${file}`);
    const mod = (await import(join(__dirname, file))) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') {
      console.log(`   (no run() exported; skipped)`);
      continue;
    }
    await mod.run();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
