/**
 * `npm run load -- <what> … [--cloud]`: load data into an environment through the same code the demo
 * seed and the tests use — the running local cloud by default, or with `--cloud` the CloudBase
 * environment `CLOUDBASE_ENV_ID` with the account's keys (see `scripts/target.ts`).
 *
 *   npm run load -- grid [grid.csv|grid.xlsx]          the grid (header townId,townName,villageId,villageName,kind);
 *                                                       without a file, the demo grid (local only)
 *   npm run load -- reference <dataset> <file.csv|xlsx> another department's dataset (civil_affairs | household |
 *                                                       business)
 *   npm run load -- registry <kind> <file.xlsx>         a registry workbook (units | unions | workers | migrants |
 *                                                       hardship) through the import job (scripts/import-registry.ts)
 *
 * Prints counts and the line of refused rows, never their values.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DATASETS, type ReferenceDataset } from '../typings/aid';
import { importReferenceRows, readRows, type ImportDb } from '../domain/aid/reference-import';
import { buildGrid } from '../domain/grid/data';
import { gridFromRows, loadGrid } from '../domain/grid/load';
import { resolveTarget } from './target';
import { runRegistryImport } from './import-registry';

const USAGE = `usage: npm run load -- grid [file.csv|xlsx] [--cloud]
       npm run load -- reference <${REFERENCE_DATASETS.join('|')}> <file.csv|xlsx> [--cloud]
       npm run load -- registry <units|unions|workers|migrants|hardship> <file.xlsx> [--node <gridId>] [--cloud]`;

/** Run one load; returns the lines to print (throws on a refusal). */
export async function runLoad(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const args = argv.filter((a) => a !== '--');
  const [what, ...rest] = args.filter((a) => !a.startsWith('--'));
  // The registry's own import job, the same code the mini-program's import runs (over wx-server-sdk).
  if (what === 'registry') return runRegistryImport(args.slice(args.indexOf('registry') + 1), env);
  if (what === 'grid') {
    const file = rest[0];
    if (!file && args.includes('--cloud'))
      throw new Error(
        'grid --cloud needs the file of the real towns and villages (the built-in grid has generated names)',
      );
    let nodes = buildGrid();
    if (file) {
      const parsed = gridFromRows(await readRows(file, fs.readFileSync(file)));
      if (parsed.errors.length)
        throw new Error(`grid file refused:\n${parsed.errors.map((e) => `  line ${e.line}: ${e.message}`).join('\n')}`);
      nodes = parsed.nodes;
    }
    const target = resolveTarget(args, env);
    const written = await loadGrid(target.app.database(), nodes);
    return [`loaded ${written} grid nodes into ${target.name}`];
  }
  if (what === 'reference') {
    const [dataset, file] = rest;
    if (!dataset || !file || !(REFERENCE_DATASETS as readonly string[]).includes(dataset)) throw new Error(USAGE);
    const target = resolveTarget(args, env, true);
    const rows = await readRows(file, fs.readFileSync(file));
    const result = await importReferenceRows(
      target.app.database() as unknown as ImportDb,
      dataset as ReferenceDataset,
      rows,
      target.keys as NonNullable<typeof target.keys>,
      { adminSdk: true, fileName: path.basename(file) },
    );
    return [
      `imported ${result.imported} rows into ${dataset} of ${target.name} (${result.importId}); refused ${result.rejected.length}`,
      ...result.rejected.map((r) => `  line ${r.line}, ${r.column}: ${r.message}`),
    ];
  }
  throw new Error(USAGE);
}

if (require.main === module) {
  runLoad(process.argv.slice(2), process.env).then(
    (lines) => lines.forEach((l) => console.log(l)),
    (error: unknown) => {
      console.error('load failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
