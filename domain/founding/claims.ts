/**
 * One founding at a time per enterprise: a submission claims the credit code (`founding_claims`, `_id`
 * `credit-<code>`, created once — of fifty submissions at once one wins). A claim is free again when every
 * founding of that code was refused or withdrawn; a claim whose submission never produced a case (refused by a
 * content check after the claim) frees itself after two minutes.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import { CASES } from '../cases/store';
import type { FoundingForm } from '../../typings/founding';
import { FOUNDING_CLAIMS, FOUNDING_TYPE } from './store';

/** Claims younger than this belong to a submission still in flight. */
export const CLAIM_IN_FLIGHT_MS = 120_000;
const ENDED = ['refused', 'withdrawn'];

/** Claim the enterprise's credit code for a new founding; returns the organisation id the case is about. */
export async function claimCreditCode(ctx: HandlerContext, form: FoundingForm, personId: string): Promise<string> {
  const _id = `credit-${form.creditCode}`;
  const claims = ctx.db.collection(FOUNDING_CLAIMS);
  const now = ctx.now();
  try {
    await claims.add({ data: { _id, personId, at: now, n: 1 } });
    return _id;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
  const { data: others } = await ctx.db
    .collection(CASES)
    .where({ type: FOUNDING_TYPE, 'form.creditCode': form.creditCode })
    .field({ status: true })
    .limit(100)
    .get();
  const active = (others as { status: string }[]).find((c) => !ENDED.includes(c.status));
  if (active)
    throw new AppError(
      'CONFLICT',
      active.status === 'certified' ? '该单位已建立工会' : '该单位已有建会申报正在办理，请在“我的建会”中查看',
      'form.creditCode',
    );
  const held = (await claims.doc(_id).get()).data as { at?: Date | string; n?: number } | null;
  const since = held?.at ? now.getTime() - new Date(held.at).getTime() : Infinity;
  if (since < CLAIM_IN_FLIGHT_MS && others.length === 0)
    throw new AppError('CONFLICT', '该单位的建会申报正在提交，请勿重复提交', 'form.creditCode');
  // Every earlier founding ended (or the claim's submission never landed): take the claim over, once.
  const n = held?.n ?? 1;
  const taken = await claims.where({ _id, n }).update({ data: { personId, at: now, n: n + 1 } });
  if (taken.stats.updated !== 1)
    throw new AppError('CONFLICT', '该单位的建会申报正在提交，请勿重复提交', 'form.creditCode');
  return _id;
}
