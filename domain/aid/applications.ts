/**
 * The aid function's application actions: drafts, submit and resubmit (`aid-submission.ts`), my applications, one
 * application (`application-view.ts`), a round's applications for reviewers, home visits and bank-card correction.
 * The checks of a form live in `assessment.ts`, the reference checks in `verification.ts`, stages in `stages.ts`.
 */
import { readAll, readIn } from '../runtime/paging';
import { CATEGORY_NAMES, type AidApplicationSummary, type AidStage, type aidContract } from '../../typings/aid';
import type { Handlers } from '../runtime/function';
import { AppError, invalid } from '../runtime/errors';
import { loadActor, requireStaff } from '../people/actor';
import { writeAudit } from '../audit/audit';
import { decryptField, encryptField } from '../security/crypto';
import { actOnCase } from '../cases/service';
import { requireOwnFiles, requireStoredFiles } from '../cases/uploads';
import { getCase, CASES, type CaseDoc } from '../cases/store';
import { stageView } from './stages';
import { AID, inStates } from './case-types';
import { chinaDate } from '../../common/china-time';
import { normaliseName } from './reference';
import {
  AID_APPLICATIONS,
  AID_DRAFTS,
  PAYMENTS,
  applicationOfCase,
  findById,
  type ApplicationDoc,
  type PaymentDoc,
} from './store';
import { applicationView, noticePlace, paymentsOf, visibleApplication } from './application-view';
import { draftId, resubmitApplication, submitApplication } from './aid-submission';

export { stageOf } from './stages';

type ApplicationHandlers = Pick<
  Handlers<typeof aidContract>,
  | 'saveDraft'
  | 'getDraft'
  | 'submit'
  | 'resubmit'
  | 'mine'
  | 'application'
  | 'roundApplications'
  | 'addHomeVisit'
  | 'correctBankCard'
>;

export const applicationHandlers: ApplicationHandlers = {
  async saveDraft({ roundId, form }, ctx) {
    const actor = await loadActor(ctx);
    const savedAt = ctx.now();
    await ctx.db
      .collection(AID_DRAFTS)
      .doc(draftId(actor.openid, roundId))
      .set({ data: { openid: actor.openid, roundId, formEnc: encryptField(JSON.stringify(form)), savedAt } });
    return { savedAt: savedAt.toISOString() };
  },

  async getDraft({ roundId }, ctx) {
    const actor = await loadActor(ctx);
    const draft = await findById<{ openid: string; formEnc: string; savedAt: Date }>(
      ctx.db,
      AID_DRAFTS,
      draftId(actor.openid, roundId),
    );
    if (!draft || draft.openid !== actor.openid) return null;
    return {
      form: JSON.parse(decryptField(draft.formEnc)) as Record<string, unknown>,
      savedAt: new Date(draft.savedAt).toISOString(),
    };
  },

  submit: submitApplication,

  resubmit: resubmitApplication,

  async mine(_input, ctx) {
    const actor = await loadActor(ctx);
    const data = (
      await readAll<ApplicationDoc>(
        ctx.db,
        AID_APPLICATIONS,
        actor.personId ? { personId: actor.personId } : { openid: actor.openid },
      )
    ).sort((a, b) => new Date(b.submittedAt).getTime() - new Date(a.submittedAt).getTime());
    const caseIds = data.map((a) => a.caseId).filter((id): id is string => Boolean(id));
    const [cases, payments] = await Promise.all([
      readIn<CaseDoc>(ctx.db, CASES, '_id', caseIds).then((d) => ({ data: d })),
      readIn<PaymentDoc>(ctx.db, PAYMENTS, 'caseId', caseIds).then((d) => ({ data: d })),
    ]);
    const statusOf = new Map(cases.data.map((c) => [c._id, c.status]));
    const items: AidApplicationSummary[] = data
      .filter((a) => a.caseId)
      .map((a) => {
        const own = payments.data.filter((p) => p.caseId === a.caseId);
        const { stage, stageLabel } = stageView(a, statusOf.get(a.caseId as string) ?? null, own);
        return {
          caseId: a.caseId as string,
          roundTitle: a.roundTitle,
          programme: a.programme,
          stage,
          stageLabel,
          caseStatus: statusOf.get(a.caseId as string) ?? 'pending',
          amountFen: a.amountFen,
          paidOn: own.find((p) => p.status === 'paid')?.paidOn ?? null,
          submittedAt: new Date(a.submittedAt).toISOString(),
        };
      });
    return { items };
  },

  async application({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    const { app, own } = await visibleApplication(ctx, actor, caseId);
    return applicationView(ctx, app, own);
  },

  async roundApplications({ roundId, stage }, ctx) {
    const staff = requireStaff(await loadActor(ctx));
    const _ = ctx.db.command;
    // Scope and round in the query, every page read: a staff member sees every application of their grid node.
    const mine = (
      await readAll<ApplicationDoc>(ctx.db, AID_APPLICATIONS, {
        roundId,
        caseId: _.neq(null),
        'applicant.villagePath': staff.gridNodeId,
      })
    ).sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime());
    const caseIds = mine.map((a) => a.caseId as string);
    const statusOf = new Map<string, string>();
    const paymentsOf = new Map<string, PaymentDoc[]>();
    const [cases, payments] = await Promise.all([
      readIn<CaseDoc>(ctx.db, CASES, '_id', caseIds, {}, { status: true }),
      readIn<PaymentDoc>(ctx.db, PAYMENTS, 'caseId', caseIds),
    ]);
    for (const c of cases) statusOf.set(c._id, c.status);
    for (const p of payments) paymentsOf.set(p.caseId, [...(paymentsOf.get(p.caseId) ?? []), p]);
    const items = mine
      .map((a) => {
        const caseId = a.caseId as string;
        const { stage: s, stageLabel } = stageView(a, statusOf.get(caseId) ?? null, paymentsOf.get(caseId) ?? []);
        return {
          caseId,
          maskedName: a.applicant.nameMasked,
          place: noticePlace(a),
          category: a.category,
          categoryLabel: a.category ? (CATEGORY_NAMES[a.category as keyof typeof CATEGORY_NAMES] ?? a.category) : null,
          amountFen: a.amountFen,
          stage: s,
          stageLabel,
          caseStatus: statusOf.get(caseId) ?? 'pending',
          noticeId: a.noticeId,
          publicNotice: a.consents.publicNotice,
          submittedAt: new Date(a.submittedAt).toISOString(),
        };
      })
      .filter((i) => !stage || i.stage === stage);
    const approved = new Set<AidStage>([
      AID.stage.approved,
      AID.stage.in_notice,
      AID.stage.notice_passed,
      AID.stage.payment_pending,
      AID.stage.payment_failed,
      AID.stage.paid,
    ]);
    const paidFen = [...paymentsOf.values()]
      .flat()
      .filter((p) => p.status === 'paid')
      .reduce((sum, p) => sum + p.amountFen, 0);
    return {
      items,
      totals: {
        count: items.length,
        approvedFen: items.filter((i) => approved.has(i.stage)).reduce((sum, i) => sum + i.amountFen, 0),
        paidFen,
      },
    };
  },

  async addHomeVisit({ caseId, visitedOn, findings, photoFileIds }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor, ['village_collector']);
    const { app } = await visibleApplication(ctx, actor, caseId);
    const c = await getCase(ctx.db, caseId);
    if (!c || c.status !== AID.state.village_review)
      throw new AppError('PRECONDITION_FAILED', '只有待村级核实的申请可以登记入户核实');
    if (visitedOn > chinaDate(ctx.now())) throw invalid('visitedOn', '走访日期不能晚于今天');
    // Visit photos: ones this collector uploaded in this environment, still in storage.
    const photos = photoFileIds.map((fileID, i) => ({ field: `photoFileIds.${i}`, fileID }));
    requireOwnFiles(photos, actor.openid);
    await requireStoredFiles(ctx, photos);
    // The engine's step puts the visit on record (village approval requires it) and in the timeline; the aid
    // declaration's hook adds it to the application.
    await actOnCase(ctx, actor, {
      caseId,
      action: AID.verb.record_visit,
      version: c.version,
      inputs: { visit: { visitedOn, findings, photoFileIds } },
    }).catch((error: unknown) => {
      if (error instanceof AppError && error.field?.startsWith('inputs.visit.'))
        throw new AppError(error.code, error.message, error.field.slice('inputs.visit.'.length), error.details);
      throw error;
    });
    const fresh = await applicationOfCase(ctx.db, caseId);
    return applicationView(ctx, fresh ?? app, false);
  },

  async correctBankCard({ caseId, bankCard }, ctx) {
    const actor = await loadActor(ctx);
    const { app, own } = await visibleApplication(ctx, actor, caseId);
    if (!own) requireStaff(actor, ['city_admin']);
    const c = await getCase(ctx.db, caseId);
    if (!c || c.status === AID.state.paid || inStates(AID.closed, c.status))
      throw new AppError('PRECONDITION_FAILED', '该申请已结束，不能更正银行卡');
    const live = (await paymentsOf(ctx, caseId)).some((p) => p.status === 'pending' || p.status === 'recording');
    if (live) throw new AppError('PRECONDITION_FAILED', '发放进行中，暂不能更正银行卡');
    if (normaliseName(bankCard.holderName) !== normaliseName(app.applicant.name))
      throw invalid('bankCard.holderName', '银行卡须为申请人本人名下');
    const now = ctx.now();
    const card = {
      numberEnc: encryptField(bankCard.number.number),
      last4: bankCard.number.number.slice(-4),
      bankName: bankCard.bankName,
      holderName: bankCard.holderName,
      luhnWarning: bankCard.number.luhnWarning,
      updatedAt: now,
    };
    await ctx.db
      .collection(AID_APPLICATIONS)
      .doc(app._id)
      .update({ data: { bankCard: card, updatedAt: now } });
    await writeAudit(ctx, {
      action: 'aid.correctBankCard',
      targetType: 'aid_application',
      targetId: app._id,
      detail: { byApplicant: own },
      actor,
    });
    return applicationView(ctx, { ...app, bankCard: card }, own);
  },
};
