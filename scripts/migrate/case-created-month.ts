/**
 * `createdMonth` on cases stored before the engine wrote it at filing (`domain/cases/new-case.ts`): the China month
 * of `createdAt`, so the dashboards' monthly trends (one `$group` by `createdMonth`) count them too. Pages through
 * the cases that lack it (100 at a time, the server SDK's page), updating each by id.
 */
import { chinaMonth } from '../../common/china-time';
import type { AdminApp } from '../../local/cloud/sdk';

const PAGE = 100;
const IN_FLIGHT = 5;

export async function backfillCreatedMonth(app: AdminApp): Promise<number> {
  const db = app.database();
  const _ = db.command;
  let changed = 0;
  for (;;) {
    const { data } = (await db
      .collection('cases')
      .where({ createdMonth: _.exists(false), createdAt: _.exists(true) })
      .field({ _id: true, createdAt: true })
      .limit(PAGE)
      .get()) as { data: { _id: string; createdAt: unknown }[] };
    if (!data.length) return changed;
    let next = 0;
    const worker = async () => {
      while (next < data.length) {
        const c = data[next++];
        const at = c.createdAt instanceof Date ? c.createdAt : new Date(String(c.createdAt));
        // A case without a readable filing time keeps no month (the trends cannot place it); never loop on it.
        const month = Number.isFinite(at.getTime()) ? chinaMonth(at) : '';
        await db.collection('cases').doc(c._id).update({ createdMonth: month });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    changed += data.length;
  }
}
