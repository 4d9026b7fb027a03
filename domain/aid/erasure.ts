/**
 * What a carried-out deletion request (`people.resolveDataRequest`, outcome `done`) does to a person's aid data.
 *
 * - Drafts: deleted.
 * - Applications still in review (village / town / city review, waiting for more information): withdrawn on the
 *   person's behalf (an ordinary `withdraw` step with the reason, so the history and the round claim stay
 *   right), then erased like any unpaid application.
 * - Applications approved but not finished (approved, in notice, waiting for or in payment, payment failed):
 *   the deletion is REFUSED until they are paid or refused — the disbursement the person applied for is still
 *   being carried out (PIPL art. 47: the purpose is not yet achieved), and erasing the card mid-payment would
 *   leave a half-paid case. The city administrator sees which and tries again once they are settled.
 * - Paid applications: the payment record the financial rules and the audit require is kept — programme, round,
 *   category, amount, paid date, masked name, village — and everything else is erased: name, ID, phone, child,
 *   household, hardship cause, bank card (also on the payment records), home visits, eligibility reasons and
 *   reference checks; uploaded files (admission letter, home-visit photos) are deleted from storage. The round
 *   claim (a keyed hash, not decryptable) is kept so the same person or child cannot be paid twice in the round.
 * - Unpaid finished applications (refused, withdrawn): erased entirely, the masked name too; claim removed.
 * - The aid cases lose the WeChat link (`applicantOpenid`), so a later account with that openid sees none of them.
 *
 * Every erased application is marked `erased` with the time and audited (`aid.erase`, no personal data).
 */
import { readAll } from '../runtime/paging';
import type { HandlerContext } from '../runtime/context';
import { deleteStoredFiles } from '../runtime/storage';
import { AppError } from '../runtime/errors';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../people/actor';
import { CASES, getCase } from '../cases/store';
import './case-types';
import { caseStep } from './steps';
import { AID, inStates } from './case-types';
import {
  AID_APPLICATIONS,
  AID_CLAIMS,
  AID_DRAFTS,
  NOTICES,
  OBJECTIONS,
  PAYMENTS,
  findById,
  type ApplicationDoc,
  type NoticeDoc,
  type PaymentDoc,
} from './store';

/** What an erased application keeps as its name. */
export const ERASED = '已删除';

async function applicationsOf(ctx: HandlerContext, personId: string): Promise<ApplicationDoc[]> {
  return readAll<ApplicationDoc>(ctx.db, AID_APPLICATIONS, { personId });
}

async function paymentsOf(ctx: HandlerContext, caseId: string): Promise<PaymentDoc[]> {
  return readAll<PaymentDoc>(ctx.db, PAYMENTS, { caseId });
}

/**
 * Refuse (PRECONDITION_FAILED, with the case ids) while the person has an approved aid application that is not
 * yet paid or refused, or a payment being recorded. Nothing is changed.
 */
export async function assertAidErasable(ctx: HandlerContext, personId: string): Promise<void> {
  const blocking: string[] = [];
  for (const app of await applicationsOf(ctx, personId)) {
    if (!app.caseId || app.erased) continue;
    const c = await getCase(ctx.db, app.caseId);
    const live = (await paymentsOf(ctx, app.caseId)).some((p) => p.status === 'pending' || p.status === 'recording');
    if (inStates(AID.inPayment, c?.status) || live) blocking.push(app.caseId);
  }
  if (blocking.length > 0)
    throw new AppError(
      'PRECONDITION_FAILED',
      `该人员有${blocking.length}件已审批、正在公示或发放中的资助申请，须发放完毕或终止后才能删除`,
      undefined,
      { caseIds: blocking },
    );
}

/**
 * Delete uploaded files of an application, 50 a call. A file storage no longer has is fine; one storage
 * kept stops the erasure before the application (which lists the files) is blanked, so a retry finds them.
 */
async function deleteFiles(ctx: HandlerContext, fileIds: string[]): Promise<void> {
  const own = fileIds.filter((f) => f.startsWith('cloud://'));
  if (own.length === 0) return;
  const { kept } = await deleteStoredFiles(ctx, own);
  if (kept.length) throw new AppError('INTERNAL', `有 ${kept.length} 个文件暂未能从存储中删除，请稍后重试`);
}

/** Blank an application: identity, child, household, cause, card, checks and visits; the masked name as given. */
async function blankApplication(ctx: HandlerContext, app: ApplicationDoc, masked: string, now: Date): Promise<void> {
  const _ = ctx.db.command;
  await ctx.db
    .collection(AID_APPLICATIONS)
    .doc(app._id)
    .update({
      data: {
        openid: '',
        applicant: _.set({
          name: ERASED,
          nameMasked: masked,
          idEnc: '',
          idIndex: `erased:${app._id}`,
          idMasked: '',
          mobileEnc: '',
          mobileMasked: '',
          type: app.applicant.type,
          villageId: app.applicant.villageId,
          villagePath: app.applicant.villagePath,
          villageName: app.applicant.villageName,
          townName: app.applicant.townName,
          unitName: null,
          unitCreditCode: null,
          employedSince: null,
          hardshipFileNo: null,
        }),
        child: null,
        household: _.set({ members: [], annualHardshipCostFen: 0, size: 0, annualIncomeFen: 0 }),
        hardshipCause: null,
        bankCard: _.set({
          numberEnc: '',
          last4: '',
          bankName: '',
          holderName: '',
          luhnWarning: false,
          updatedAt: now,
        }),
        eligibility: _.set({ ...app.eligibility, reasons: [] }),
        verification: _.set([]),
        homeVisits: _.set([]),
        resubmissions: _.set([]),
        erased: true,
        erasedAt: now,
        updatedAt: now,
      },
    });
}

/**
 * Blank what points at the person from the application's payments, claim, case, objections and notice line (a
 * paid application keeps its claim and its case's masked name). Returns how many paid payment records were kept.
 */
async function blankLinked(
  ctx: HandlerContext,
  app: ApplicationDoc,
  payments: readonly PaymentDoc[],
  masked: string,
  paid: boolean,
): Promise<number> {
  let kept = 0;
  for (const p of payments) {
    await ctx.db
      .collection(PAYMENTS)
      .doc(p._id)
      .update({
        data: {
          cardEnc: '',
          cardLast4: '',
          bankName: '',
          holderName: '',
          maskedName: masked,
          failureReason: p.failureReason ? ERASED : null,
        },
      });
    if (p.status === 'paid') kept += 1;
  }
  if (app.caseId) {
    // The claim of a paid application stays (no second payment in the round); others are released.
    if (!paid) await ctx.db.collection(AID_CLAIMS).where({ applicationId: app._id }).remove();
    await ctx.db
      .collection(CASES)
      .doc(app.caseId)
      .update({ data: { applicantOpenid: '', ...(paid ? {} : { applicantName: ERASED }) } });
    await ctx.db
      .collection(OBJECTIONS)
      .where({ caseId: app.caseId })
      .update({ data: { reason: ERASED } });
    if (app.noticeId && !paid) {
      const notice = await findById<NoticeDoc>(ctx.db, NOTICES, app.noticeId);
      const i = notice?.entries.findIndex((e) => e.caseId === app.caseId) ?? -1;
      if (notice && i >= 0)
        await ctx.db
          .collection(NOTICES)
          .doc(notice._id)
          .update({ data: { [`entries.${i}.maskedName`]: ERASED, [`entries.${i}.place`]: '' } });
    }
  } else {
    await ctx.db.collection(AID_CLAIMS).where({ applicationId: app._id }).remove();
  }
  return kept;
}

/**
 * Erase the person's aid data (see the module comment). Call {@link assertAidErasable} first. `openid` is the
 * person's WeChat link before the people record drops it (drafts are kept per openid).
 */
export async function eraseAidData(
  ctx: HandlerContext,
  person: { personId: string; openid: string | null },
  actor: Actor,
): Promise<{ drafts: number; applications: number; withdrawn: number; keptPayments: number }> {
  const _ = ctx.db.command;
  let drafts = 0;
  if (person.openid) {
    const res = await ctx.db.collection(AID_DRAFTS).where({ openid: person.openid }).remove();
    drafts = res.stats.removed;
  }
  let withdrawn = 0;
  let keptPayments = 0;
  const apps = (await applicationsOf(ctx, person.personId)).filter((a) => !a.erased);
  const now = ctx.now();
  for (const app of apps) {
    let c = app.caseId ? await getCase(ctx.db, app.caseId) : null;
    if (c && inStates(AID.review, c.status)) {
      const applicant = { openid: c.applicantOpenid, personId: c.personId, staff: null, system: false };
      if (
        await caseStep(ctx, c._id, AID.verb.withdraw, applicant, {
          reason: '本人申请删除个人信息，申请随之撤回',
          from: AID.review,
        })
      )
        withdrawn += 1;
      c = await getCase(ctx.db, c._id);
    }
    const payments = app.caseId ? await paymentsOf(ctx, app.caseId) : [];
    const paid = c?.status === AID.state.paid || payments.some((p) => p.status === 'paid');
    if (c && !paid && !inStates(AID.closed, c.status))
      throw new AppError('PRECONDITION_FAILED', '该人员有未办结的资助申请，请稍后再试');
    await deleteFiles(ctx, [
      ...(app.child?.admissionLetterFileId ? [app.child.admissionLetterFileId] : []),
      ...app.homeVisits.flatMap((v) => v.photoFileIds),
    ]);
    const masked = paid ? app.applicant.nameMasked : ERASED;
    await blankApplication(ctx, app, masked, now);
    keptPayments += await blankLinked(ctx, app, payments, masked, paid);
    await writeAudit(ctx, {
      action: 'aid.erase',
      targetType: 'aid_application',
      targetId: app._id,
      detail: { kept: paid ? 'payment_record' : 'none' },
      actor,
    });
  }
  return { drafts, applications: apps.length, withdrawn, keptPayments };
}
