/**
 * The timer's scan: open cases past their deadline are escalated one level up (when their state
 * says so and a level above exists) and the responsible staff are reminded — at most once a day
 * per case for cases that stay where they are. Before that, the staff of a case's node are reminded
 * once per step when its deadline is half a working day away.
 */
import type { HandlerContext } from '../runtime/context';
import { cstMinute, deliverAll, enqueue, type NotificationDoc } from '../notify/outbox';
import { AppError, conflict } from '../runtime/errors';
import { inTransaction } from '../runtime/db-errors';
import { staffNotice, staffOpenidsAt } from '../notify/staff';
import { chinaDate } from '../../common/china-time';
import { loadCalendar } from '../calendar/holidays';
import { findCaseType } from './registry';
import { escalateOverdue } from './service';
import { CASES, instantKey, type CaseDoc } from './store';
import { gridIndex } from '../grid/cache';

/** What one scan did. */
export interface OverdueScanResult {
  scanned: number;
  escalated: number;
  reminded: number;
  /** Before-deadline reminders sent. */
  dueSoon: number;
}

/**
 * Half a working day: deadlines end at 24:00 (UTC+8) of a working day, so the reminder goes out from
 * 12:00 of that last day.
 */
export const REMIND_BEFORE_MS = 12 * 3600_000;

/**
 * Remind the staff of each open case due within {@link REMIND_BEFORE_MS}, once per step (the step's
 * `dueKey` is remembered as `dueSoonKey`; a new step or node has a new key). The mark and the pending
 * messages are one transaction, so two scans at once send one reminder.
 */
export async function remindDueSoon(ctx: HandlerContext, limit = 200): Promise<number> {
  const _ = ctx.db.command;
  const now = ctx.now();
  const { data } = await ctx.db
    .collection<CaseDoc>(CASES)
    .where({
      open: true,
      dueKey: _.and(_.gte(instantKey(now)), _.lt(instantKey(new Date(now.getTime() + REMIND_BEFORE_MS)))),
    })
    .orderBy('dueKey', 'asc')
    .limit(limit)
    .get();
  let sent = 0;
  for (const c of data) {
    if (c.dueSoonKey === c.dueKey || !c.dueAt) continue;
    const openids = (await staffOpenidsAt(ctx, c.nodeId)).filter((o) => o !== c.applicantOpenid);
    const title = findCaseType(c.type)?.title ?? c.type;
    const notes: NotificationDoc[] = openids.map((openid) =>
      staffNotice(c, title, openid, '即将到期', `请于${cstMinute(new Date(c.dueAt as Date))}前办理`, now),
    );
    try {
      await inTransaction(ctx.db, async (tx) => {
        const { data: current } = await tx.collection(CASES).doc(c._id).get();
        const cur = current as unknown as CaseDoc | null;
        if (!cur || cur.dueKey !== c.dueKey || cur.dueSoonKey === c.dueKey) throw conflict('已处理');
        await tx
          .collection(CASES)
          .doc(c._id)
          .update({ data: { dueSoonKey: c.dueKey } });
        for (const note of notes) await enqueue(tx, note);
      });
    } catch (error) {
      // Someone acted on the case or another scan reminded it meanwhile: nothing to send.
      if (!(error instanceof AppError)) ctx.log.warn('due-soon reminder skipped', { caseId: c._id });
      continue;
    }
    await deliverAll(ctx, notes);
    sent += notes.length;
  }
  return sent;
}

/** Scan overdue open cases (up to `limit` per run, most overdue first). */
export async function scanOverdue(ctx: HandlerContext, limit = 200): Promise<OverdueScanResult> {
  const _ = ctx.db.command;
  const now = ctx.now();
  const today = chinaDate(now);
  const { data } = await ctx.db
    .collection<CaseDoc>(CASES)
    .where({ open: true, dueKey: _.lt(instantKey(now)), remindedOn: _.neq(today) })
    .orderBy('dueKey', 'asc')
    .limit(limit)
    .get();
  const cal = await loadCalendar(ctx.db, now);
  const grid = await gridIndex(ctx.db);
  const result: OverdueScanResult = { scanned: data.length, escalated: 0, reminded: 0, dueSoon: 0 };
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
  result.dueSoon = await remindDueSoon(ctx, limit);
  return result;
}
