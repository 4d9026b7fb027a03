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
import { fileHandlers } from './files';
import { jobBudgetMs } from '../runtime/jobs';
import { AID_BUDGET_MS } from './publication';

export const aidHandlers: Handlers<typeof aidContract> = {
  ...roundHandlers,
  ...applicationHandlers,
  ...noticeHandlers,
  ...paymentHandlers,
  ...fileHandlers,
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
 * Timer `noticeExpiry` (every 5 minutes): continue publications, close notices whose period is over (both
 * resumable jobs), finish steps a crashed call left half-done, and delete bank files of recorded batches or
 * older than 24 hours. Only a real timer trigger gets here (the wrapper's trusted-timer rule,
 * `runtime/trigger.ts`).
 */
export async function aidTimer(trigger: string, ctx: HandlerContext): Promise<unknown> {
  if (trigger !== 'noticeExpiry') return { ignored: trigger };
  const started = Date.now();
  const recovered = await recoverAbandoned(ctx);
  const bankFilesDeleted = await purgeExpiredBankFiles(ctx);
  // Publications and expiries take what is left of the budget; the next tick continues the rest.
  const budget = Math.max(1000, jobBudgetMs(AID_BUDGET_MS) - (Date.now() - started));
  return { ...(await expireNotices(ctx, undefined, budget)), recovered, bankFilesDeleted };
}
