/**
 * Who a collective contract is about: an enterprise (a unit of the registry) of the town whose staff record the
 * offer. Another town's enterprise is answered as if it did not exist. One contract of a kind is active per
 * enterprise at a time; a renewal may start from 60 days before the one in force expires.
 */
import { addDays, chinaDate } from '../../common/china-time';
import { AGREEMENT_KIND_LABELS, type AgreementForm } from '../../typings/agreements';
import type { CaseInitiator, CaseSubject } from '../cases/parties';
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid } from '../runtime/errors';
import { findEnterprise } from './enterprises';
import { activeRecords } from './records';
import { LIMITS } from './rules';

export async function agreementSubject(
  form: AgreementForm,
  initiator: CaseInitiator,
  ctx: HandlerContext,
): Promise<{ subject: CaseSubject; name: string }> {
  if (initiator.kind !== 'node' || initiator.role !== 'town_staff')
    throw new AppError('FORBIDDEN', '集体合同由乡镇工会工作人员登记');
  const unit = await findEnterprise(ctx, form.unitId);
  if (!unit || unit.townId !== initiator.nodeId) throw invalid('form.unitId', '本乡镇没有这家企业，请重新选择');
  const today = chinaDate(ctx.now());
  if (form.offeredOn > today) throw invalid('form.offeredOn', `要约日期不能晚于今天（${today}）`);
  const active = (await activeRecords(ctx, unit._id)).filter((r) => r.kind === form.kind);
  for (const r of active) {
    const renewable = r.status === 'published' && r.endsOn && today >= addDays(r.endsOn, -LIMITS.renewalDaysBefore);
    if (renewable && form.renews === r._id) continue;
    if (renewable) throw invalid('form.renews', `请注明续签的是哪一份${AGREEMENT_KIND_LABELS[form.kind]}`);
    throw new AppError(
      'PRECONDITION_FAILED',
      `${unit.name}已有${AGREEMENT_KIND_LABELS[form.kind]}（${r.statusLabel}），${r.endsOn ? `期满前 60 天（${addDays(r.endsOn, -LIMITS.renewalDaysBefore)}）起可发起续签` : '不能重复发起'}`,
    );
  }
  if (form.renews && !active.some((r) => r._id === form.renews))
    throw invalid('form.renews', '续签的合同不存在或已结束');
  return {
    subject: { kind: 'organisation', orgKind: 'unit', orgId: unit._id, name: unit.name, contactPersonIds: [] },
    name: unit.name,
  };
}
