/** The system's steps on an aid case (publish, notice over, paid, payment failed) through the engine. */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { actOnCase, type ActRequest } from '../cases/service';
import type { EngineActor } from '../cases/machine';
import { getCase } from '../cases/store';

export const SYSTEM_ACTOR: EngineActor = { openid: '', personId: null, staff: null, system: true };

/**
 * Apply `action` to a case at its current version, re-reading on a version conflict. Returns false when the
 * case is not in a state that allows it (already done by a concurrent call, or moved on).
 */
export async function caseStep(
  ctx: HandlerContext,
  caseId: string,
  action: ActRequest['action'],
  actor: EngineActor = SYSTEM_ACTOR,
  extra: { reason?: string; from?: readonly string[] } = {},
): Promise<boolean> {
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const c = await getCase(ctx.db, caseId);
    if (!c) return false;
    if (extra.from && !extra.from.includes(c.status)) return false;
    try {
      await actOnCase(ctx, actor, {
        caseId,
        action,
        version: c.version,
        ...(extra.reason ? { reason: extra.reason } : {}),
      });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'CONFLICT') continue;
      if (error instanceof AppError && error.code === 'PRECONDITION_FAILED') return false;
      throw error;
    }
  }
  throw new AppError('CONFLICT', '该申请正被他人处理，请稍后重试');
}

/** How many cases a bulk step (publish, notice over) moves at once: each is its own transaction. */
export const STEP_CONCURRENCY = 8;

export { mapLimit } from '../runtime/jobs';
