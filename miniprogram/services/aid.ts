/**
 * Aid programmes (function `aid`): open rounds, my applications, public notices and objections,
 * and the city administrator's rounds, notices and payment batches. Money stays integer fen;
 * identifiers are shown exactly as the server masked them.
 */
import {
  CATEGORY_NAMES,
  CHECK_SUBJECT_NAMES,
  PROGRAMME_NAMES,
  type AidApplicationSummary,
  type AidApplicationView,
  type AdminNoticeItem,
  type NoticeSummary,
  type NoticeView,
  type ObjectionView,
  type Programme,
  type RoundView,
} from '@union/contracts';
import { callApi, newRequestId, type CallInput } from './api';
import { formatDate, formatDays, formatTime, formatYuan } from '../utils/format';

export type AidSubmitInput = CallInput<'aid', 'submit'>;
export type SaveRoundInput = CallInput<'aid', 'saveRound'>;
export type RecordPaymentInput = CallInput<'aid', 'recordPayment'>;

export const openRounds = () => callApi('aid', 'rounds', {});
export const allRounds = () => callApi('aid', 'allRounds', {});
export const setPovertyLine = (year: number, monthlyFen: number) =>
  callApi('aid', 'setPovertyLine', { year, monthlyFen }, { requestId: newRequestId() });
export const saveRound = (input: SaveRoundInput) => callApi('aid', 'saveRound', input, { requestId: newRequestId() });
export const submitAid = (input: AidSubmitInput, requestId: string) => callApi('aid', 'submit', input, { requestId });
/** Resubmit a corrected form after a reviewer asked for more information (idempotent on the request id). */
export const resubmitAid = (input: CallInput<'aid', 'resubmit'>, requestId: string) =>
  callApi('aid', 'resubmit', input, { requestId });
/** The draft of a round kept on the server (encrypted), so it follows the person to another phone. */
export const saveServerDraft = (roundId: string, form: Record<string, unknown>) =>
  callApi('aid', 'saveDraft', { roundId, form });
export const loadServerDraft = (roundId: string) => callApi('aid', 'getDraft', { roundId });
export const myApplications = () => callApi('aid', 'mine', {});
export const getApplication = (caseId: string) => callApi('aid', 'application', { caseId });
export const correctBankCard = (input: CallInput<'aid', 'correctBankCard'>) =>
  callApi('aid', 'correctBankCard', input, { requestId: newRequestId() });
export const listNotices = () => callApi('aid', 'notices', {});
export const getNotice = (noticeId: string) => callApi('aid', 'notice', { noticeId });
export const fileObjection = (input: CallInput<'aid', 'fileObjection'>, requestId: string) =>
  callApi('aid', 'fileObjection', input, { requestId });
export const publishNotice = (roundId: string) =>
  callApi('aid', 'publishNotice', { roundId }, { requestId: newRequestId() });
export const listObjections = (status?: 'open' | 'dismissed' | 'upheld') =>
  callApi('aid', 'objections', status ? { status } : {});
/** The objections I filed, with their status and the answer. */
export const myObjections = () => callApi('aid', 'myObjections', {});

const OBJECTION_STATUS = { open: '处理中', dismissed: '异议不成立', upheld: '异议成立' } as const;

/** An objection in words: which notice and line (as published), its status and the answer. */
export function toObjectionItem(o: ObjectionView) {
  return {
    id: o.objectionId,
    title: o.noticeTitle || '公示',
    about: o.entryName ? `对“${o.entryName}”${o.entryPlace ? `（${o.entryPlace}）` : ''}` : '',
    reason: o.reason ?? '',
    statusLabel: OBJECTION_STATUS[o.status],
    tone: o.status === 'open' ? 'warn' : 'ok',
    reply: o.reply ?? '',
    filed: formatTime(o.filedAt),
    resolved: o.resolvedAt ? formatTime(o.resolvedAt) : '',
  };
}
export type ObjectionItem = ReturnType<typeof toObjectionItem>;
export const resolveObjection = (input: CallInput<'aid', 'resolveObjection'>) =>
  callApi('aid', 'resolveObjection', input, { requestId: newRequestId() });
export const createPaymentBatch = (noticeId: string) =>
  callApi('aid', 'createPaymentBatch', { noticeId }, { requestId: newRequestId() });
export const getPaymentBatch = (batchId: string) => callApi('aid', 'paymentBatch', { batchId });
/** A new bank file, or (with `fileID`) an earlier export of the batch served again while it is still stored. */
export const exportBankFile = (batchId: string, fileID?: string) =>
  callApi('aid', 'exportBankFile', fileID ? { batchId, fileID } : { batchId, format: 'xlsx' });
export const recordPayment = (input: RecordPaymentInput) =>
  callApi('aid', 'recordPayment', input, { requestId: newRequestId() });
export const retryFailed = (batchId: string) =>
  callApi('aid', 'retryFailed', { batchId }, { requestId: newRequestId() });

export const programmeName = (p: Programme): string => PROGRAMME_NAMES[p];

/** A round as a line: title, dates, and whether it takes applications now. */
export function toRoundItem(r: RoundView) {
  return {
    id: r.roundId,
    title: r.config.title,
    programme: PROGRAMME_NAMES[r.config.programme],
    dates: formatDays(r.config.opensOn, r.config.closesOn),
    status: r.status,
    statusLabel:
      r.status === 'open'
        ? r.acceptingApplications
          ? '申报中'
          : '已开放（不在申报期内）'
        : r.status === 'draft'
          ? '草稿'
          : '已结束',
    accepting: r.acceptingApplications,
    povertyLine:
      r.povertyLineFen === null
        ? `${r.config.year}年低保标准未设置`
        : `${r.config.year}年低保标准 ${formatYuan(r.povertyLineFen)} 元/月`,
    povertyLineMissing: r.povertyLineFen === null,
    amounts: r.config.amounts.map((a) => `${CATEGORY_NAMES[a.category]} ${formatYuan(a.amountFen)} 元`).join('，'),
  };
}
export type RoundItem = ReturnType<typeof toRoundItem>;

export function toApplicationItem(a: AidApplicationSummary) {
  return {
    id: a.caseId,
    title: `${PROGRAMME_NAMES[a.programme]} · ${a.roundTitle}`,
    stageLabel: a.stageLabel,
    tone: a.stage === 'paid' ? 'ok' : a.stage === 'payment_failed' || a.stage === 'objection_upheld' ? 'error' : 'warn',
    amount: a.amountFen ? `${formatYuan(a.amountFen)} 元` : '',
    submittedAt: formatDate(a.submittedAt),
  };
}
export type ApplicationItem = ReturnType<typeof toApplicationItem>;

/** One application as its detail page shows it (masked as sent). */
export function toApplicationView(a: AidApplicationView) {
  return {
    id: a.caseId,
    title: `${PROGRAMME_NAMES[a.programme]} · ${a.roundTitle}`,
    stage: a.stage,
    stageLabel: a.stageLabel,
    amount: a.amountFen ? `${formatYuan(a.amountFen)} 元` : '',
    categoryLabel: a.categoryLabel ?? '',
    applicant: `${a.applicant.name}  ${a.applicant.idNumber}  ${a.applicant.mobile}`,
    child: a.child ? `${a.child.name}  ${a.child.idNumber}  ${a.child.school}` : '',
    bankCard: `${a.bankCard.bankName} 尾号 ${a.bankCard.last4}`,
    eligible: a.eligibility.eligible,
    reasons: a.eligibility.reasons.map((r) => ({ key: r.code, passed: r.passed, message: r.message })),
    steps: a.steps.map((s, i) => ({ key: String(i), title: s.label, who: '', at: formatTime(s.at), comment: '' })),
    notice: a.notice ? `公示期 ${formatDays(a.notice.publishedAt, a.notice.endsAt)}` : '',
    payments: a.payments.map((p) => ({
      key: p.paymentId,
      line: `${formatYuan(p.amountFen)} 元 · 尾号 ${p.cardLast4} · ${
        p.status === 'paid'
          ? `已到账 ${p.paidOn ?? ''}`
          : p.status === 'failed'
            ? `失败：${p.failureReason ?? ''}`
            : p.status === 'pending'
              ? '发放中'
              : '已作废'
      }`,
    })),
    canCorrectCard: a.stage === 'payment_failed',
    /** A reviewer returned it for more information: the applicant may correct the form and resubmit. */
    needsInfo: a.caseStatus === 'info_requested',
    resubmissions: (a.resubmissions ?? []).map((r) => ({
      key: String(r.revision),
      line: `${formatTime(r.at)} 第 ${r.revision} 次更正：${r.changed.join('、') || '补充说明'}`,
    })),
    /**
     * Checks against other departments' data (no personal data of the reference, only the verdict), each explained
     * for the reader by the server: what was found, whether it stops the application, what to bring or do.
     */
    checks: a.verification.map((v, i) => ({
      key: `${v.dataset}-${v.subject}-${i}`,
      ok: v.status === 'match',
      title: `${v.datasetName}（${CHECK_SUBJECT_NAMES[v.subject]}）`,
      result: v.explanation?.result || v.message,
      effect: v.explanation?.effect ?? '',
      todo: v.explanation?.todo ?? '',
    })),
    visits: a.homeVisits.map((h, i) => ({
      key: String(i),
      line: `${h.visitedOn} ${h.byName}：${h.findings}`,
      photos: h.photoFileIds.length,
    })),
    household: `家庭 ${a.household.size} 人，年收入 ${formatYuan(a.household.annualIncomeFen)} 元${
      a.household.annualHardshipCostFen ? `，因病因灾支出 ${formatYuan(a.household.annualHardshipCostFen)} 元` : ''
    }`,
  };
}
export type ApplicationDetailView = ReturnType<typeof toApplicationView>;

export function toNoticeItem(n: NoticeSummary) {
  return {
    id: n.noticeId,
    title: n.title,
    programme: n.programme,
    period: formatDays(n.publishedOn, n.endsOn),
    count: n.count,
  };
}
export type NoticeItem = ReturnType<typeof toNoticeItem>;

export function toNoticeView(n: NoticeView) {
  return {
    id: n.noticeId,
    title: n.title,
    programme: n.programme,
    period: formatDays(n.publishedOn, n.endsOn),
    howToObject: n.howToObject,
    entries: n.entries.map((e) => ({
      id: e.entryId,
      name: e.maskedName,
      place: e.place,
      programme: e.programme,
      amount: `${formatYuan(e.amountFen)} 元`,
    })),
  };
}
export type NoticeDetailView = ReturnType<typeof toNoticeView>;

/** City admin: every notice (running and ended), newest first, a page at a time. */
export const listAdminNotices = (cursor?: string) =>
  callApi('aid', 'adminNotices', cursor ? { cursor, limit: 20 } : { limit: 20 });

const NOTICE_STATE = { publishing: '正在发布', running: '公示中', ended: '公示期满' } as const;
const BATCH_STATE = { open: '待导出', exported: '已导出', completed: '已完成' } as const;

/** One line of the admin's notice list: what it is, its state, and whether a batch can be made from it. */
export function toAdminNoticeItem(n: AdminNoticeItem) {
  const parts = [
    `${n.programme} · ${formatDays(n.publishedOn, n.endsOn)}`,
    NOTICE_STATE[n.status],
    `${n.caseCount} 人`,
  ];
  // The same count as the payment batch; the public list may name fewer (consent to be named).
  if (n.listedCount === 0) parts.push('无人同意公示姓名，未对外公示');
  else if (n.listedCount < n.caseCount) parts.push(`名单列出 ${n.listedCount} 人`);
  if (n.openObjections > 0) parts.push(`${n.openObjections} 条异议待处理`);
  if (n.batch) parts.push(`发放批次${BATCH_STATE[n.batch.status]}`);
  return {
    id: n.noticeId,
    title: n.title,
    line: parts.join(' · '),
    /** A batch is made (or opened again) only once the period is over. */
    pickable: n.status === 'ended',
    hasBatch: n.batch !== null,
    batchId: n.batch?.batchId ?? '',
  };
}
export type AdminNoticeListItem = ReturnType<typeof toAdminNoticeItem>;

/** Village collector: record a home visit (入户核实) on an aid application. */
export const addHomeVisit = (input: CallInput<'aid', 'addHomeVisit'>) =>
  callApi('aid', 'addHomeVisit', input, { requestId: newRequestId() });
