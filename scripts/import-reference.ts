/**
 * `npm run import-reference -- <dataset> <file.csv|file.xlsx>`: load another department's dataset
 * (civil_affairs | household | hardship_archive | business) into the running local cloud (or the cloud named
 * by CLOUD_ADMIN_URL / CLOUD_ENV_ID). ID numbers are stored only as blind index + masked form, so the index
 * key must be the functions' key: UNION_INDEX_KEY/UNION_DATA_KEY from the environment, else the local cloud's
 * `<CLOUD_DATA_DIR>/dev-keys.json`. Prints counts and the line/column of refused rows (never their values).
 */
import fs from 'node:fs';
import path from 'node:path';
import { REFERENCE_DATASETS, type ReferenceDataset } from '../typings/aid';
import { createAdminApp } from '../local/cloud/sdk';
import { loadDevKeys } from '../local/cloud/dev-keys';
import { importReferenceRows, readRows, type ImportDb } from '../domain/aid/reference-import';

async function main(): Promise<void> {
  const [dataset, file] = process.argv.slice(2).filter((a) => a !== '--');
  if (!dataset || !file || !(REFERENCE_DATASETS as readonly string[]).includes(dataset)) {
    console.error(`usage: npm run import-reference -- <${REFERENCE_DATASETS.join('|')}> <file.csv|file.xlsx>`);
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..');
  const dataDir = path.resolve(process.env.CLOUD_DATA_DIR ?? path.join(root, '.cloud'));
  const keys =
    process.env.UNION_DATA_KEY && process.env.UNION_INDEX_KEY
      ? { dataKey: process.env.UNION_DATA_KEY, indexKey: process.env.UNION_INDEX_KEY }
      : loadDevKeys(dataDir);
  const adminUrl = process.env.CLOUD_ADMIN_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/admin`;
  const app = createAdminApp(adminUrl, process.env.CLOUD_ENV_ID ?? 'local-dev');
  const rows = await readRows(file, fs.readFileSync(file));
  const result = await importReferenceRows(
    app.database() as unknown as ImportDb,
    dataset as ReferenceDataset,
    rows,
    keys,
    {
      adminSdk: true,
      fileName: path.basename(file),
    },
  );
  console.log(
    `imported ${result.imported} rows into ${dataset} (${result.importId}); refused ${result.rejected.length}`,
  );
  for (const r of result.rejected) console.log(`  line ${r.line}, ${r.column}: ${r.message}`);
}

main().catch((error: unknown) => {
  console.error('import failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
