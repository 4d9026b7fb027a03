/**
 * Finishing steps a crashed invocation left half-done (run by the `noticeExpiry` timer). A payment recording
 * and an objection resolution are claimed first (`recording` / `resolving`), then the case moves, then the
 * claim is finalised; if the function died in between, the case's state says which way it went.
 */
import type { HandlerContext } from '../runtime/context';
import { getCase } from '../cases/store';
import { chinaDate } from '../../common/china-time';
import { OBJECTIONS, PAYMENTS, type ObjectionDoc, type PaymentDoc } from './store';
import { AID } from './case-types';

/** Claims older than this are considered abandoned. */
export const STALE_MS = 120_000;

/** Finalise or release abandoned payment recordings and objection resolutions. */
export async function recoverAbandoned(
  ctx: HandlerContext,
): Promise<{ payments: number; objections: number; notices: number }> {
  const now = ctx.now();
  const before = new Date(now.getTime() - STALE_MS);
  const _ = ctx.db.command;
  const { data: payments } = await ctx.db
    .collection<PaymentDoc>(PAYMENTS)
    .where({ status: 'recording', claimedAt: _.lt(before) })
    .limit(100)
    .get();
  for (const p of payments) {
    const status = (await getCase(ctx.db, p.caseId))?.status;
    const done =
      (p.pendingResult === 'paid' && status === AID.state.paid) ||
      (p.pendingResult === 'failed' && status === AID.state.payment_failed);
    const patch = done
      ? p.pendingResult === 'paid'
        ? { status: 'paid', paidOn: chinaDate(now), recordedAt: now, pendingResult: null }
        : {
            status: 'failed',
            failureReason: '登记中断，系统补记为失败',
            recordedAt: now,
            pendingResult: null,
            activeKey: `failed-${p._id}`,
          }
      : { status: 'pending', pendingResult: null };
    await ctx.db.collection(PAYMENTS).where({ _id: p._id, status: 'recording' }).update({ data: patch });
  }
  const { data: objections } = await ctx.db
    .collection<ObjectionDoc>(OBJECTIONS)
    .where({ status: 'resolving', claimedAt: _.lt(before) })
    .limit(100)
    .get();
  for (const o of objections) {
    const status = (await getCase(ctx.db, o.caseId))?.status;
    const outcome =
      o.pendingOutcome === 'upheld'
        ? status === AID.state.refused
          ? 'upheld'
          : 'open'
        : o.pendingOutcome === 'dismissed'
          ? 'dismissed'
          : 'open';
    await ctx.db
      .collection(OBJECTIONS)
      .where({ _id: o._id, status: 'resolving' })
      .update({ data: { status: outcome, pendingOutcome: null } });
  }
  // A publication that died part-way is a job with its cursor saved: the notice jobs resume it
  // (`publication.ts`), so nothing is left to recover here.
  return { payments: payments.length, objections: objections.length, notices: 0 };
}
