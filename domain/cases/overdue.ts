/**
 * The timer's scan: open cases past their deadline are escalated one level up (when their state
 * says so and a level above exists) and the responsible staff are reminded — at most once a day
 * per case for cases that stay where they are. Before that, the staff of a case's node are reminded
 * once per step when its deadline is half a working day away.
 */
import type { HandlerContext } from '../runtime/context';
import { cstMinute, deliverAll, enqueue, type NotificationDoc } from '../notify/outbox';
import { AppError, conflict } from '../runtime/errors';
import { staffNotice, staffOpenidsAt } from '../notify/staff';
import { chinaDate, type WorkCalendar } from '../../common/china-time';
import { loadCalendar } from '../calendar/holidays';
import { inTransaction } from '../runtime/db-errors';
import { jobBudgetMs, runChunked } from '../runtime/jobs';
import { findCaseType } from './registry';
import { escalateOverdue } from './service';
import { runOverdueAction } from './escalate';
import { CASES, instantKey, type CaseDoc } from './store';
import { gridIndex } from '../grid/cache';

/** What one scan did. */
export interface OverdueScanResult {
  scanned: number;
  escalated: number;
  reminded: number;
  /** Before-deadline reminders sent. */
  dueSoon: number;
  /** Overdue steps the timer took itself (a state's declared `onOverdue: { run }`). */
  ran: number;
  /** False when the run stopped at its time budget (the next run continues from the saved cursor). */
  complete: boolean;
}

/**
 * Half a working day: deadlines end at 24:00 (UTC+8) of a working day, so the reminder goes out from
 * 12:00 of that last day.
 */
export const REMIND_BEFORE_MS = 12 * 3600_000;

/** The scheduler's timeout is 60 s: a run takes new chunks for 40 s at most and leaves the rest to the next. */
export const SCAN_BUDGET_MS = 40_000;

/** Pages of open cases by `dueKey` within `[from, to)`, after `cursor`. */
function dueKeyPage(ctx: HandlerContext, range: { from?: string; to: string }, extra: Record<string, unknown> = {}) {
  const _ = ctx.db.command;
  return async (cursor: string | null, limit: number) => {
    const lower = cursor ?? range.from;
    const dueKey = lower ? _.and(cursor ? _.gt(lower) : _.gte(lower), _.lt(range.to)) : _.lt(range.to);
    const { data } = await ctx.db
      .collection<CaseDoc>(CASES)
      .where({ open: true, dueKey, ...extra })
      .orderBy('dueKey', 'asc')
      .limit(limit)
      .get();
    return { items: data, cursor: data.length ? data[data.length - 1].dueKey : cursor };
  };
}

/**
 * Remind the staff of each open case due within {@link REMIND_BEFORE_MS}, once per step (the step's
 * `dueKey` is remembered as `dueSoonKey`; a new step or node has a new key). The mark and the pending
 * messages are one transaction, so two scans at once send one reminder.
 */
async function remindOne(ctx: HandlerContext, c: CaseDoc, now: Date): Promise<number> {
  if (c.dueSoonKey === c.dueKey || !c.dueAt) return 0;
  const openids = (await staffOpenidsAt(ctx, c.nodeId)).filter((o) => o !== c.applicantOpenid);
  const title = findCaseType(c.type)?.title ?? c.type;
  const notes: NotificationDoc[] = openids.map((openid) =>
    staffNotice(c, title, openid, '即将到期', `请于${cstMinute(new Date(c.dueAt as Date)).slice(5)}前办理`, now),
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
    return 0;
  }
  await deliverAll(ctx, notes);
  return notes.length;
}

/** Escalate or remind one overdue case; returns whether it escalated and how many staff were reminded. */
async function handleOverdue(
  ctx: HandlerContext,
  c: CaseDoc,
  env: { cal: WorkCalendar; grid: Map<string, { name: string }>; today: string; now: Date },
): Promise<{ escalated: boolean; reminded: number; ran: boolean }> {
  if ((await runOverdueAction(ctx, c)) === 'ran') return { escalated: false, reminded: 0, ran: true };
  const outcome = await escalateOverdue(ctx, c, env.cal);
  const nodeId = outcome === 'escalated' ? c.nodePath[c.nodePath.length - 2] : c.nodeId;
  const openids = await staffOpenidsAt(ctx, nodeId);
  const title = findCaseType(c.type)?.title ?? c.type;
  const nodeName = env.grid.get(nodeId)?.name ?? '';
  const notes = openids.map((openid) => staffNotice(c, title, openid, '已超时', `请尽快办理（${nodeName}）`, env.now));
  if (notes.length) await ctx.db.collection('notifications').add({ data: notes });
  await ctx.db
    .collection(CASES)
    .doc(c._id)
    .update({ data: { remindedOn: env.today } });
  await deliverAll(ctx, notes);
  return { escalated: outcome === 'escalated', reminded: notes.length, ran: false };
}

/**
 * Scan overdue open cases, most overdue first, then the cases due soon — each as a resumable job
 * (`overdue-scan`, `due-soon-scan`) that works in chunks of 40, eight cases at a time, for at most `budgetMs`,
 * and continues on the next run where it stopped.
 */
export async function scanOverdue(
  ctx: HandlerContext,
  budgetMs = jobBudgetMs(SCAN_BUDGET_MS),
): Promise<OverdueScanResult> {
  const started = Date.now();
  const now = ctx.now();
  const today = chinaDate(now);
  const env = { cal: await loadCalendar(ctx.db, now), grid: await gridIndex(ctx.db), today, now };
  const result: OverdueScanResult = { scanned: 0, escalated: 0, reminded: 0, dueSoon: 0, ran: 0, complete: false };
  const overdue = await runChunked(
    ctx,
    {
      key: 'overdue-scan',
      page: dueKeyPage(ctx, { to: instantKey(now) }, { remindedOn: ctx.db.command.neq(today) }),
      work: async (c: CaseDoc) => {
        const r = await handleOverdue(ctx, c, env);
        result.scanned += 1;
        if (r.escalated) result.escalated += 1;
        if (r.ran) result.ran += 1;
        result.reminded += r.reminded;
      },
    },
    budgetMs,
    { recurring: true },
  );
  const dueSoon = await runChunked(
    ctx,
    {
      key: 'due-soon-scan',
      page: dueKeyPage(ctx, { from: instantKey(now), to: instantKey(new Date(now.getTime() + REMIND_BEFORE_MS)) }),
      work: async (c: CaseDoc) => {
        result.dueSoon += await remindOne(ctx, c, now);
      },
    },
    Math.max(0, budgetMs - (Date.now() - started)),
    { recurring: true },
  );
  result.complete = overdue.done && dueSoon.done;
  return result;
}
