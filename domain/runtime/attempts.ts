/**
 * Attempt counters and limits, as one conditional update: the counter is incremented only on a document where
 * it is still under the limit, so however many calls arrive at once, at most `limit` of them get an attempt.
 * (Reading the counter, checking it, then writing it back lets every call that read the same value through.)
 */
import type { HandlerContext } from './context';
import type { Filter } from './db';

/**
 * Take one attempt on the document `where` selects: true when the counter `field` was under `limit` and is now
 * one higher; false when the limit is reached (or no document matches). A missing counter counts as 0.
 */
export async function takeAttempt(
  ctx: Pick<HandlerContext, 'db'>,
  collection: string,
  where: Filter,
  field: string,
  limit: number,
): Promise<boolean> {
  const _ = ctx.db.command;
  const res = await ctx.db
    .collection(collection)
    .where(
      _.or([
        { ...where, [field]: _.lt(limit) },
        { ...where, [field]: _.exists(false) },
      ]) as Filter,
    )
    .update({ data: { [field]: _.inc(1) } });
  return res.stats.updated === 1;
}
