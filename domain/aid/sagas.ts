/**
 * The aid programme's multi-write side effects as sagas of the one mechanism (`domain/runtime/saga.ts`):
 * recording a payment (the case moves to paid or payment failed) and settling an objection (an upheld one
 * refuses the case). Each is claimed first, so of concurrent requests exactly one changes anything; a step that
 * fails is compensated; a claim left by a runner that died is settled by the timer from the case's state.
 */
import type { EngineActor } from '../cases/machine';
import { getCase } from '../cases/store';
import { AppError } from '../runtime/errors';
import { registerSaga, type Patch } from '../runtime/saga';
import { chinaDate } from '../../common/china-time';
import { caseStep } from './steps';
import { AID } from './case-types';
import { AID_APPLICATIONS, OBJECTIONS, PAYMENTS, type ObjectionDoc, type PaymentDoc } from './store';

/** What an administrator records for one payment. */
export interface PaymentResult {
  result: 'paid' | 'failed';
  paidOn?: string;
  failureReason?: string;
}

/** The final fields of a payment recorded as `result` (on `now`). */
function recorded(p: Pick<PaymentDoc, '_id'>, r: PaymentResult, now: Date): Partial<PaymentDoc> {
  return r.result === 'paid'
    ? { status: 'paid', paidOn: r.paidOn ?? chinaDate(now), failureReason: null, recordedAt: now, pendingResult: null }
    : {
        status: 'failed',
        paidOn: null,
        failureReason: r.failureReason ?? '',
        recordedAt: now,
        pendingResult: null,
        activeKey: `failed-${p._id}`,
      };
}

/** Recording a payment: the case is disbursed (or its payment failed), then the payment says so. */
export const PAYMENT_RECORDING = registerSaga<PaymentDoc, PaymentResult>({
  name: 'payments',
  collection: PAYMENTS,
  from: 'pending',
  claimed: 'recording',
  intent: (r) => ({ pendingResult: r.result }),
  async step(ctx, p, r) {
    const verb = r.result === 'paid' ? AID.verb.disburse : AID.verb.disburse_fail;
    const moved = await caseStep(ctx, p.caseId, verb, undefined, { from: AID.payable });
    if (!moved) throw new AppError('PRECONDITION_FAILED', '该申请当前状态不能登记发放结果');
  },
  finish: (p, r, now) => recorded(p, r, now) as Patch,
  compensate: () => ({ status: 'pending', pendingResult: null }),
  async recover(ctx, p, now) {
    const status = (await getCase(ctx.db, p.caseId))?.status;
    if (p.pendingResult === 'paid' && status === AID.state.paid)
      return { status: 'paid', paidOn: chinaDate(now), recordedAt: now, pendingResult: null };
    if (p.pendingResult === 'failed' && status === AID.state.payment_failed)
      return {
        status: 'failed',
        failureReason: '登记中断，系统补记为失败',
        recordedAt: now,
        pendingResult: null,
        activeKey: `failed-${p._id}`,
      };
    return { status: 'pending', pendingResult: null };
  },
});

/** How an administrator settles an objection. */
export interface ObjectionOutcome {
  outcome: 'dismissed' | 'upheld';
  reply: string;
  actor: EngineActor;
}

/** Settling an objection: an upheld one marks the application and refuses the case, then the objection says so. */
export const OBJECTION_RESOLUTION = registerSaga<ObjectionDoc, ObjectionOutcome>({
  name: 'objections',
  collection: OBJECTIONS,
  from: 'open',
  claimed: 'resolving',
  intent: (o) => ({ pendingOutcome: o.outcome }),
  async step(ctx, o, { outcome, reply, actor }) {
    if (outcome !== 'upheld') return;
    await ctx.db
      .collection(AID_APPLICATIONS)
      .where({ caseId: o.caseId })
      .update({ data: { objectionUpheld: true } });
    await caseStep(ctx, o.caseId, AID.verb.refuse, actor, {
      reason: `公示异议成立：${reply}`,
      from: [AID.state.in_notice],
    });
  },
  finish: (_o, { outcome, reply, actor }, now) => ({
    status: outcome,
    reply,
    resolvedAt: now,
    resolvedBy: actor.staff?.staffId ?? null,
  }),
  compensate: () => ({ status: 'open' }),
  async recover(ctx, o) {
    const status = (await getCase(ctx.db, o.caseId))?.status;
    const outcome =
      o.pendingOutcome === 'upheld'
        ? status === AID.state.refused
          ? 'upheld'
          : 'open'
        : o.pendingOutcome === 'dismissed'
          ? 'dismissed'
          : 'open';
    return { status: outcome, pendingOutcome: null };
  },
});
