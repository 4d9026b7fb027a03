/**
 * `npm run bench`: run every benchmark in this folder in turn, each in its own process, and print
 * their figures. `npm run bench -- cases people` runs only those. Benchmarks print figures; they
 * never fail a build on wall-clock time (shared machines are noisy).
 */
import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';

const wanted = process.argv.slice(2);
const scripts = readdirSync(__dirname)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => !wanted.length || wanted.includes(name))
  .sort();

let failed = 0;
for (const name of scripts) {
  console.log(`\n=== bench: ${name} ===`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, `${name}.ts`)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (run.status !== 0) {
    failed += 1;
    console.error(`bench ${name} exited with ${run.status}`);
  }
}
process.exit(failed ? 1 : 0);
