/**
 * The timer's scan: open cases past their deadline are escalated one level up (when their state
 * says so and a level above exists) and the responsible staff are reminded — at most once a day
 * per case for cases that stay where they are.
 */
import type { HandlerContext } from '../runtime/context';
import { deliverAll } from '../notify/outbox';
import { staffNotice, staffOpenidsAt } from '../notify/staff';
import { cstDate, loadCalendar } from './calendar';
import { findCaseType } from './registry';
import { escalateOverdue } from './service';
import { CASES, gridIndex, instantKey, type CaseDoc } from './store';

/** What one scan did. */
export interface OverdueScanResult {
  scanned: number;
  escalated: number;
  reminded: number;
}

/** Scan overdue open cases (up to `limit` per run, most overdue first). */
export async function scanOverdue(ctx: HandlerContext, limit = 200): Promise<OverdueScanResult> {
  const _ = ctx.db.command;
  const now = ctx.now();
  const today = cstDate(now);
  const { data } = await ctx.db
    .collection<CaseDoc>(CASES)
    .where({ open: true, dueKey: _.lt(instantKey(now)), remindedOn: _.neq(today) })
    .orderBy('dueKey', 'asc')
    .limit(limit)
    .get();
  const cal = await loadCalendar(ctx.db, now);
  const grid = await gridIndex(ctx.db);
  const result: OverdueScanResult = { scanned: data.length, escalated: 0, reminded: 0 };
  for (const c of data) {
    const outcome = await escalateOverdue(ctx, c, cal);
    if (outcome === 'escalated') result.escalated += 1;
    const nodeId = outcome === 'escalated' ? c.nodePath[c.nodePath.length - 2] : c.nodeId;
    const openids = await staffOpenidsAt(ctx, nodeId);
    const title = findCaseType(c.type)?.title ?? c.type;
    const nodeName = grid.get(nodeId)?.name ?? '';
    const notes = openids.map((openid) => staffNotice(c, title, openid, '已超时', `请尽快办理（${nodeName}）`, now));
    if (notes.length) await ctx.db.collection('notifications').add({ data: notes });
    await ctx.db
      .collection(CASES)
      .doc(c._id)
      .update({ data: { remindedOn: today } });
    await deliverAll(ctx, notes);
    result.reminded += notes.length;
  }
  return result;
}
