/** Handlers of the `aid` function, and its timer (notice periods that ran out). */
import type { aidContract } from '../../typings/aid';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import './case-types';
import { roundHandlers } from './rounds';
import { applicationHandlers } from './applications';
import { noticeHandlers, expireNotices } from './notices';
import { paymentHandlers } from './payments';

export const aidHandlers: Handlers<typeof aidContract> = {
  ...roundHandlers,
  ...applicationHandlers,
  ...noticeHandlers,
  ...paymentHandlers,
};

/** Submissions and payment recordings return their first result on a retry with the same request id. */
export const AID_IDEMPOTENT = [
  'submit',
  'recordPayment',
  'createPaymentBatch',
  'publishNotice',
  'fileObjection',
] as const;

/** Timer `noticeExpiry`: close notices whose period is over. */
export async function aidTimer(trigger: string, ctx: HandlerContext): Promise<unknown> {
  if (trigger === 'noticeExpiry') return expireNotices(ctx);
  return { ignored: trigger };
}
