/**
 * Data migrations: idempotent steps that bring stored documents up to what the code now writes, run in order by
 * `npm run migrate` (the running local cloud, or `--cloud` for the CloudBase environment) and by `npm start` on an
 * existing data folder. Each step touches only the documents that still need it, so running it again is a no-op.
 */
import type { AdminApp } from '../../local/cloud/sdk';
import { backfillCreatedMonth } from './case-created-month';

export interface Migration {
  name: string;
  what: string;
  /** Returns how many documents it changed. */
  run: (app: AdminApp) => Promise<number>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'case-created-month',
    what: 'cases: createdMonth (YYYYMM, China time) from createdAt — the monthly trends group by it',
    run: backfillCreatedMonth,
  },
];

/** Run every migration in order; the documents each changed. */
export async function migrateAll(
  app: AdminApp,
  log: (line: string) => void = () => {},
): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of MIGRATIONS) {
    out[m.name] = await m.run(app);
    if (out[m.name]) log(`migration ${m.name}: ${out[m.name]} documents updated`);
  }
  return out;
}
