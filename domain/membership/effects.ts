/**
 * What joining and transfer steps do to the membership (the declarations' `onTransition`, run after the step
 * committed and retried as an incident when it fails; each write is idempotent per case):
 * - a joining case approved: the person is admitted (a member, or a 预备会员 held by the town's union);
 * - a transfer let go by the old union (or by the timer when it did not act in time): 会籍转接中, or, out of the
 *   city, 已转出;
 * - a transfer registered by the new union: the membership moves there (into the unit's own union if it founded one
 *   meanwhile);
 * - a case refused or withdrawn: if it was filed through a founding's join link, the worker no longer counts there.
 */
import type { HandlerContext } from '../runtime/context';
import type { TransitionEvent } from '../cases/declaration';
import { getCase } from '../cases/store';
import { UNIONS, type UnionRecord } from '../registry/store';
import type { JoinForm, TransferForm } from '../../typings/membership';
import { admit, memberOf, moveMember, releaseForTransfer, unitRecord } from './members';
import { dropRecruit } from '../founding/store';

async function unionRecord(ctx: HandlerContext, id: string): Promise<UnionRecord> {
  const { data } = await ctx.db.collection<UnionRecord>(UNIONS).where({ _id: id }).limit(1).get();
  if (!data[0]) throw new Error(`union ${id} of a membership case is gone`);
  return data[0];
}

/** A case that ended without the membership: a founding's link no longer counts the worker (they may scan again). */
const ENDED_WITHOUT = ['refuse', 'withdraw'];

export async function onJoinStep(event: TransitionEvent, ctx: HandlerContext): Promise<void> {
  if (ENDED_WITHOUT.includes(event.action)) await dropRecruit(ctx, event.caseId);
  if (event.action !== 'approve') return;
  const c = await getCase(ctx.db, event.caseId);
  if (!c) return;
  const form = c.form as JoinForm;
  const union = await unionRecord(ctx, form.unionId);
  const unit = form.unitId ? await unitRecord(ctx, form.unitId) : null;
  // The unit may have founded its union since the application: the worker joins it directly.
  if (form.pending && unit?.unionId) {
    await admit(ctx, {
      personId: c.personId,
      union: await unionRecord(ctx, unit.unionId),
      unit,
      pending: false,
      caseId: c._id,
    });
    return;
  }
  await admit(ctx, { personId: c.personId, union, unit, pending: form.pending, caseId: c._id });
}

export async function onTransferStep(event: TransitionEvent, ctx: HandlerContext): Promise<void> {
  if (ENDED_WITHOUT.includes(event.action)) await dropRecruit(ctx, event.caseId);
  const c = await getCase(ctx.db, event.caseId);
  const member = c ? await memberOf(ctx, c.personId) : null;
  if (!c || !member) return;
  const form = c.form as TransferForm;
  if (event.action === 'release' || event.action === 'auto_release') {
    const note = event.action === 'auto_release' ? '原工会逾期未处理，自动放行' : null;
    if (form.to === 'outside') await moveMember(ctx, member, { outside: form.city ?? '' }, c._id);
    else await releaseForTransfer(ctx, member, c._id, note);
  } else if (event.action === 'register' && form.toUnionId) {
    const unit = form.toUnitId ? await unitRecord(ctx, form.toUnitId) : null;
    // The unit may have founded its union since the transfer was filed: the member moves into it directly.
    const union = await unionRecord(ctx, unit?.unionId ?? form.toUnionId);
    await moveMember(ctx, member, { union, unit }, c._id);
  }
}
