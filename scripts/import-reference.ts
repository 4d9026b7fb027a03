/**
 * `npm run import-reference -- <dataset> <file.csv|file.xlsx> [--cloud]`: the same as
 * `npm run load -- reference <dataset> <file> [--cloud]` (see `scripts/load.ts`).
 */
import { runLoad } from './load';

runLoad(['reference', ...process.argv.slice(2)], process.env).then(
  (lines) => lines.forEach((l) => console.log(l)),
  (error: unknown) => {
    console.error('import failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
