/**
 * An aid application as people see it: for its applicant (`own`) or a reviewer in scope, identifiers masked either
 * way, with its stage, payments, home visits, reference checks and history; and who may see it at all.
 */
import { readAll } from '../runtime/paging';
import { CATEGORY_NAMES, type AidApplicationView, type PaymentView } from '../../typings/aid';
import { verbLabel } from '../cases/verbs';
import type { HandlerContext } from '../runtime/context';
import { notFound } from '../runtime/errors';
import { inScope, type Actor } from '../people/actor';
import { getCase, getHistory } from '../cases/store';
import { findCaseType } from '../cases/registry';
import { stageView } from './stages';
import { explainCheck } from './check-explanations';
import { chinaDayStart } from '../../common/china-time';
import {
  NOTICES,
  PAYMENTS,
  applicationOfCase,
  findById,
  type ApplicationDoc,
  type NoticeDoc,
  type PaymentDoc,
} from './store';

export function paymentView(p: PaymentDoc): PaymentView {
  return {
    paymentId: p._id,
    batchId: p.batchId,
    amountFen: p.amountFen,
    status: p.status === 'recording' ? 'pending' : p.status,
    paidOn: p.paidOn,
    failureReason: p.failureReason,
    cardLast4: p.cardLast4,
  };
}

export async function paymentsOf(ctx: HandlerContext, caseId: string | null): Promise<PaymentDoc[]> {
  if (!caseId) return [];
  const data = await readAll<PaymentDoc>(ctx.db, PAYMENTS, { caseId });
  return data.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
}

/** Where a person is shown in lists and notices: the unit for a local worker, else town + village. */
export function noticePlace(app: ApplicationDoc): string {
  return app.applicant.type === 'worker' && app.applicant.unitName
    ? app.applicant.unitName
    : `${app.applicant.townName}${app.applicant.villageName}`;
}

/** The application as its applicant (`own`) or a reviewer sees it: identifiers masked either way. */
export async function applicationView(
  ctx: HandlerContext,
  app: ApplicationDoc,
  own: boolean,
): Promise<AidApplicationView> {
  const [c, history, payments, notice] = await Promise.all([
    app.caseId ? getCase(ctx.db, app.caseId) : Promise.resolve(null),
    app.caseId ? getHistory(ctx.db, app.caseId) : Promise.resolve([]),
    paymentsOf(ctx, app.caseId),
    app.noticeId ? findById<NoticeDoc>(ctx.db, NOTICES, app.noticeId) : Promise.resolve(null),
  ]);
  const decl = findCaseType(app.programme);
  const { stage, stageLabel } = stageView(app, c?.status ?? null, payments);
  const steps = history.map((h) => {
    const label = `${verbLabel(decl, h.action)}：${decl?.states[h.to]?.label ?? h.to}`;
    const why = h.reason ?? h.comment;
    return { at: new Date(h.at).toISOString(), label: why ? `${label}（${why}）` : label };
  });
  for (const p of payments) {
    if (p.status === 'paid' && p.paidOn)
      steps.push({
        at: chinaDayStart(p.paidOn).toISOString(),
        label: `到账：${(p.amountFen / 100).toFixed(2)}元（卡号尾号${p.cardLast4}）`,
      });
  }
  return {
    caseId: app.caseId ?? '',
    roundId: app.roundId,
    roundTitle: app.roundTitle,
    programme: app.programme,
    stage,
    stageLabel,
    caseStatus: c?.status ?? 'pending',
    category: app.category,
    categoryLabel: app.category ? (CATEGORY_NAMES[app.category as keyof typeof CATEGORY_NAMES] ?? app.category) : null,
    amountFen: app.amountFen,
    applicant: {
      name: own ? app.applicant.name : app.applicant.nameMasked,
      idNumber: app.applicant.idMasked,
      mobile: app.applicant.mobileMasked,
      type: app.applicant.type,
      villageId: app.applicant.villageId,
      unitName: app.applicant.unitName,
    },
    child: app.child
      ? {
          name: own ? app.child.name : app.child.nameMasked,
          idNumber: app.child.idMasked,
          school: app.child.school,
          level: app.child.level,
          admissionLetterFileId: app.child.admissionLetterFileId,
          declarations: app.child.declarations,
        }
      : null,
    household: {
      size: app.household.size,
      annualIncomeFen: app.household.annualIncomeFen,
      annualHardshipCostFen: app.household.annualHardshipCostFen,
      members: app.household.members,
    },
    hardshipCause: app.hardshipCause,
    bankCard: { bankName: app.bankCard.bankName, last4: app.bankCard.last4, luhnWarning: app.bankCard.luhnWarning },
    consents: app.consents,
    eligibility: app.eligibility,
    verification: app.verification.map((v) => ({ ...v, explanation: explainCheck(v, own ? 'person' : 'staff') })),
    homeVisits: app.homeVisits.map((v) => ({
      visitedOn: v.visitedOn,
      findings: v.findings,
      photoFileIds: v.photoFileIds,
      byName: v.byName,
      at: new Date(v.at).toISOString(),
    })),
    notice: notice
      ? {
          noticeId: notice._id,
          publishedAt: new Date(notice.publishedAt).toISOString(),
          endsAt: new Date(notice.endsAt).toISOString(),
        }
      : null,
    payments: payments.map(paymentView),
    resubmissions: (app.resubmissions ?? []).map((r) => ({
      revision: r.revision,
      at: new Date(r.at).toISOString(),
      changed: r.changed,
      rulesVersion: r.rulesVersion,
      eligible: r.eligible,
      amountFen: r.amountFen,
    })),
    steps,
    submittedAt: new Date(app.submittedAt).toISOString(),
  };
}

/** The application of a case the caller may see (own, or staff whose scope holds the applicant's village); NOT_FOUND otherwise. */
export async function visibleApplication(
  ctx: HandlerContext,
  actor: Actor,
  caseId: string,
): Promise<{ app: ApplicationDoc; own: boolean }> {
  const app = await applicationOfCase(ctx.db, caseId);
  if (!app) throw notFound('申请不存在');
  if ((app.openid && app.openid === actor.openid) || (actor.personId && app.personId === actor.personId))
    return { app, own: true };
  if (actor.staff && inScope(actor.staff, app.applicant.villagePath)) return { app, own: false };
  throw notFound('申请不存在');
}
