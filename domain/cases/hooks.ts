/**
 * A declaration's side-effect hook after a committed transition, and the incidents left by hooks that kept
 * failing (an administrator retries them). The case is already in its new state: the hook's work is all that is
 * outstanding, so hooks must be idempotent (a retry may follow a partial run).
 */
import type { Incident } from '../../typings/cases';
import type { HandlerContext } from '../runtime/context';
import { AppError, conflict } from '../runtime/errors';
import { newNotification, NOTIFICATIONS, retryIncident, toIncident, type NotificationDoc } from '../notify/outbox';
import type { AnyCaseType, TransitionEvent } from './declaration';
import { findCaseType } from './registry';

/** How often a hook is tried after a commit before it becomes an incident. */
export const HOOK_ATTEMPTS = 3;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run a declaration's hook up to {@link HOOK_ATTEMPTS} times; one that still fails becomes an incident
 * (`notifications`, `kind: 'hook'`).
 */
export async function runHook(ctx: HandlerContext, decl: AnyCaseType, event: TransitionEvent): Promise<void> {
  if (!decl.onTransition) return;
  for (let attempt = 1; attempt <= HOOK_ATTEMPTS; attempt += 1) {
    try {
      await decl.onTransition(event, ctx);
      return;
    } catch (error) {
      if (attempt < HOOK_ATTEMPTS) {
        await pause(100 * attempt);
        continue;
      }
      ctx.log.error(`case hook failed after ${HOOK_ATTEMPTS} attempts: ${decl.type}.${event.action}`, error);
    }
  }
  const now = ctx.now();
  const doc = newNotification(
    { purpose: 'case_status', touser: '', templateId: '', page: '', data: {}, caseId: event.caseId },
    now,
  );
  await ctx.db
    .collection(NOTIFICATIONS)
    .add({
      data: {
        ...doc,
        kind: 'hook',
        event,
        status: 'failed',
        attempts: HOOK_ATTEMPTS,
        lastError: `hook ${decl.type}.${event.action} failed`,
      },
    })
    .catch((error: unknown) => ctx.log.error('could not record a hook incident', error));
}

/**
 * Retry an incident: resend a subscribe message, or re-run a declaration hook once. The retry claims
 * the incident first (compare-and-set on `attempts`), so two administrators retrying at once run the
 * hook once; the case itself is never touched.
 */
export async function retryCaseIncident(ctx: HandlerContext, id: string): Promise<Incident> {
  const { data } = await ctx.db
    .collection<NotificationDoc & { event?: TransitionEvent }>(NOTIFICATIONS)
    .where({ _id: id })
    .limit(1)
    .get();
  const doc = data[0];
  if (!doc || doc.kind !== 'hook' || !doc.event) return retryIncident(ctx, id);
  if (doc.status !== 'failed') throw new AppError('PRECONDITION_FAILED', '该记录不是失败状态，无需重试');
  const attempts = doc.attempts + 1;
  const claimed = await ctx.db
    .collection(NOTIFICATIONS)
    .where({ _id: id, status: 'failed', attempts: doc.attempts })
    .update({ data: { attempts, updatedAt: ctx.now() } });
  if (claimed.stats.updated !== 1) throw conflict('该记录正在由他人重试，请刷新后查看');
  const decl = findCaseType(doc.event.type);
  let status: 'sent' | 'failed' = 'sent';
  let lastError = '';
  if (!decl?.onTransition) {
    status = 'failed';
    lastError = `hook ${doc.event.type}.${doc.event.action}: case type not available in this function`;
  } else {
    try {
      await decl.onTransition(doc.event, ctx);
    } catch (error) {
      ctx.log.error(`case hook retry failed: ${doc.event.type}.${doc.event.action}`, error);
      status = 'failed';
      lastError = `hook ${doc.event.type}.${doc.event.action} failed`;
    }
  }
  const updatedAt = ctx.now();
  await ctx.db.collection(NOTIFICATIONS).doc(id).update({ data: { status, lastError, updatedAt } });
  return toIncident({ ...doc, status, lastError, attempts, updatedAt });
}
