/**
 * Reads that never stop silently at a cap: CloudBase answers at most 1000 documents per `get()`, so a list
 * that may be longer is read page by page (keyset on `_id`) until it is whole. Filters go into the query.
 */
import type { Database, Doc, Filter } from './db';

/** Documents per page: CloudBase's maximum for one `get()`. */
export const PAGE = 1000;
/** Values per `_.in` list. */
export const IN_CHUNK = 500;

/** Every document of `collection` matching `where`, in `_id` order. */
export async function readAll<T extends Doc>(
  db: Database,
  collection: string,
  where: Filter,
  projection?: Record<string, boolean>,
): Promise<T[]> {
  const _ = db.command;
  const out: T[] = [];
  let last: string | null = null;
  for (;;) {
    const filter = (last === null ? where : _.and(where, { _id: _.gt(last) })) as Filter;
    let query = db.collection<T>(collection).where(filter).orderBy('_id', 'asc').limit(PAGE);
    if (projection) query = query.field({ ...projection, _id: true });
    const { data } = await query.get();
    out.push(...data);
    if (data.length < PAGE) return out;
    last = String(data[data.length - 1]._id);
  }
}

/** Every document whose `field` is one of `values` (and matching `extra`), `_.in` lists of 500 each read whole. */
export async function readIn<T extends Doc>(
  db: Database,
  collection: string,
  field: string,
  values: readonly unknown[],
  extra: Filter = {},
  projection?: Record<string, boolean>,
): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += IN_CHUNK) {
    const chunk = values.slice(i, i + IN_CHUNK);
    out.push(...(await readAll<T>(db, collection, { ...extra, [field]: db.command.in([...chunk]) }, projection)));
  }
  return out;
}
