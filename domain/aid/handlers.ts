/** Handlers of the `aid` function, and its timer (notice periods that ran out). */
import type { aidContract } from '../../typings/aid';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import './case-types';
import { roundHandlers } from './rounds';
import { applicationHandlers } from './applications';
import { noticeHandlers, expireNotices } from './notices';
import { paymentHandlers, purgeExpiredBankFiles } from './payments';
import { recoverAbandoned } from './recovery';

export const aidHandlers: Handlers<typeof aidContract> = {
  ...roundHandlers,
  ...applicationHandlers,
  ...noticeHandlers,
  ...paymentHandlers,
};

/** Submissions and payment recordings return their first result on a retry with the same request id. */
export const AID_IDEMPOTENT = [
  'submit',
  'resubmit',
  'recordPayment',
  'createPaymentBatch',
  'publishNotice',
  'fileObjection',
] as const;

/**
 * Timer `noticeExpiry`: close notices whose period is over, finish steps a crashed call left half-done, and
 * delete bank files of recorded batches or older than 24 hours. Only a real timer trigger gets here (the
 * wrapper's trusted-timer rule, `runtime/trigger.ts`).
 */
export async function aidTimer(trigger: string, ctx: HandlerContext): Promise<unknown> {
  if (trigger !== 'noticeExpiry') return { ignored: trigger };
  const recovered = await recoverAbandoned(ctx);
  const bankFilesDeleted = await purgeExpiredBankFiles(ctx);
  return { ...(await expireNotices(ctx)), recovered, bankFilesDeleted };
}
