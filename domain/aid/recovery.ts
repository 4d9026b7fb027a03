/**
 * Finishing steps a crashed invocation left half-done (run by the `noticeExpiry` timer): the aid sagas' abandoned
 * claims (`sagas.ts`: payment recordings, objection resolutions) are settled by the one saga mechanism
 * (`domain/runtime/saga.ts`) from the case's state. A publication that died part-way is a resumable saga with its
 * cursor saved: the notice jobs continue it (`publication.ts`), so nothing is left to recover here for notices.
 */
import type { HandlerContext } from '../runtime/context';
import { CLAIM_STALE_MS, recoverSagas } from '../runtime/saga';
import './sagas';

/** Claims older than this are considered abandoned. */
export const STALE_MS = CLAIM_STALE_MS;

/** Finalise or release abandoned claims of every registered saga (payment recordings, objection resolutions). */
export async function recoverAbandoned(
  ctx: HandlerContext,
): Promise<{ payments: number; objections: number; notices: number }> {
  const counts = await recoverSagas(ctx, STALE_MS);
  return { payments: counts.payments ?? 0, objections: counts.objections ?? 0, notices: 0 };
}
