/** Handlers of the `agreements` function (`typings/agreements.ts`): thin wiring of identity and the modules. */
import { randomBytes } from 'crypto';
import type { agreementsContract } from '../../typings/agreements';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { notFound } from '../runtime/errors';
import { loadActor, requireStaff, type Actor } from '../people/actor';
import { writeAudit } from '../audit/audit';
import { relation } from '../cases/machine';
import { getCase, getHistory, type CaseDoc } from '../cases/store';
import { loadCalendar } from '../calendar/holidays';
import { chinaDate } from '../../common/china-time';
import { AGREEMENT_KIND_LABELS, type AgreementForm } from '../../typings/agreements';
import { agreementCaseType } from './case-type';
import { countdowns } from './deadlines';
import { findEnterprise } from './enterprises';
import { packItems, packWorkbook, stepLines } from './pack';

/** A contract the caller may see as staff (their scope covers it); anything else does not exist for them. */
async function contractFor(ctx: HandlerContext, caseId: string): Promise<{ actor: Actor; c: CaseDoc }> {
  const actor = await loadActor(ctx);
  requireStaff(actor);
  const c = await getCase(ctx.db, caseId);
  if (!c || c.type !== agreementCaseType.type || relation(c, actor) !== 'staff') throw notFound('集体合同不存在');
  return { actor, c };
}

export const agreementsHandlers: Handlers<typeof agreementsContract> = {
  async outline({ caseId }, ctx) {
    const { c } = await contractFor(ctx, caseId);
    const [unit, history, cal] = await Promise.all([
      c.subject?.kind === 'organisation' ? findEnterprise(ctx, c.subject.orgId) : null,
      getHistory(ctx.db, c._id),
      loadCalendar(ctx.db, ctx.now()),
    ]);
    const form = c.form as unknown as AgreementForm;
    return {
      title: `${c.applicantName} · ${AGREEMENT_KIND_LABELS[form.kind]}`,
      statusLabel: agreementCaseType.states[c.status as keyof typeof agreementCaseType.states]?.label ?? '',
      countdowns: countdowns(c, cal, ctx.now()),
      pack: packItems(c, unit, history),
      lines: stepLines(history).map((s) => `${s.on} ${s.step}${s.record ? `：${s.record}` : ''}`),
    };
  },

  async filingPack({ caseId }, ctx) {
    const { actor, c } = await contractFor(ctx, caseId);
    const unit = c.subject?.kind === 'organisation' ? await findEnterprise(ctx, c.subject.orgId) : null;
    const content = await packWorkbook(c, unit, await getHistory(ctx.db, c._id));
    const day = chinaDate(ctx.now());
    const cloudPath = `agreement-exports/${c._id}/${day}-${randomBytes(6).toString('hex')}.xlsx`;
    const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: content })) as { fileID: string };
    const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: uploaded.fileID, maxAge: 600 }] })) as {
      fileList: { fileID: string; tempFileURL: string }[];
    };
    const staff = actor.staff!;
    await writeAudit(ctx, {
      action: 'agreement.filingPack',
      targetType: 'case',
      targetId: c._id,
      detail: {},
      actor: { openid: actor.openid, personId: actor.personId, staff: { ...staff, gridPath: [...staff.gridPath] } },
    });
    const form = c.form as unknown as AgreementForm;
    return {
      url: temp.fileList[0]?.tempFileURL ?? '',
      fileName: `${AGREEMENT_KIND_LABELS[form.kind]}报送材料-${day}.xlsx`,
    };
  },
};
