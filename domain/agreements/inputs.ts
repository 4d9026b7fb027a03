/**
 * The records each step of a collective contract takes, as declared action inputs: validated by their schemas
 * (`typings/agreements.ts`), confirmed by the server against the case's dates and today's date, and put on the
 * case's `data` (the dates the countdowns and the filing pack read). A date may not lie in the future, nor before
 * the step it answers.
 */
import type { z } from 'zod';
import { addDays, chinaDate } from '../../common/china-time';
import { loadCalendar } from '../calendar/holidays';
import {
  AnswerInput,
  DataHandoverInput,
  DraftInput,
  FILING_CHANNEL_LABELS,
  FilingInput,
  MeetingInput,
  PublicationInput,
  ReviewOpinionInput,
  SigningInput,
  VoteInput,
  type AgreementForm,
  type DraftRecord,
  type VoteRecord,
} from '../../typings/agreements';
import { AppError, invalid } from '../runtime/errors';
import type { InputConfirmation, InputDecl } from '../cases/inputs';
import { CalendarDate } from '../../typings/dates';
import { z as zod } from 'zod';
import {
  dayEnded,
  inForceOn,
  LIMITS,
  termEndsOn,
  termRefusal,
  voteOutcome,
  workingDaysAfter,
  workingDaysBefore,
} from './rules';

/** What a contract keeps on its case's `data` (all dates `YYYY-MM-DD`). */
export interface AgreementData {
  answeredOn?: string;
  answerLate?: boolean;
  meetingOn?: string;
  meetingLate?: boolean;
  dataOn?: string;
  dataLate?: boolean;
  draftedOn?: string;
  startsOn?: string;
  termYears?: number;
  endsOn?: string;
  votedOn?: string;
  vote?: VoteRecord & { passed: boolean };
  signedOn?: string | null;
  filedOn?: string | null;
  filingLate?: boolean;
  office?: string;
  objections?: number;
  effectiveOn?: string;
  publishedOn?: string;
  publishLate?: boolean;
  expiredOn?: string;
}

export const agreementData = (c: { data?: Record<string, unknown> }): AgreementData => (c.data ?? {}) as AgreementData;
const formOf = (c: { form: Record<string, unknown> }) => c.form as unknown as AgreementForm;

/** A date field that may not be after today nor before `notBefore` (with what that earlier date was). */
function checkDate(
  at: InputConfirmation,
  field: string,
  date: string,
  notBefore?: { date?: string | null; what: string },
) {
  const today = chinaDate(at.ctx.now());
  if (date > today) throw invalid(`${at.field}.${field}`, `日期不能晚于今天（${today}）`);
  if (notBefore?.date && date < notBefore.date)
    throw invalid(`${at.field}.${field}`, `日期不能早于${notBefore.what}（${notBefore.date}）`);
}

function record<T>(
  label: string,
  schema: z.ZodType<T>,
  summary: (v: T) => string,
  confirm: InputDecl<T>['confirm'],
  texts?: (v: T) => { field: string; text: string }[],
): InputDecl<T> {
  return { label, kind: 'agreement', schema, summary, confirm, ...(texts ? { texts } : {}) };
}

export const answerRecord = record(
  '书面回应',
  AnswerInput,
  (v) => `${v.answeredOn} 书面回应：${v.agreed ? '同意协商' : '不同意协商'}。${v.content}`,
  async (v, at) => {
    const form = formOf(at.case);
    checkDate(at, 'answeredOn', v.answeredOn, { date: form.offeredOn, what: '要约日期' });
    return {
      value: v,
      data: { answeredOn: v.answeredOn, answerLate: v.answeredOn > addDays(form.offeredOn, LIMITS.answerDays) },
    };
  },
  (v) => [{ field: 'content', text: v.content }],
);

export const meetingRecord = record(
  '协商会议安排',
  MeetingInput,
  (v) => `协商会议定于 ${v.meetingOn}，地点：${v.place}`,
  async (v, at) => {
    const data = agreementData(at.case);
    if (v.meetingOn < (data.answeredOn ?? ''))
      throw invalid(`${at.field}.meetingOn`, `会议日期不能早于书面回应日期（${data.answeredOn}）`);
    let late = false;
    if (formOf(at.case).kind === 'wage' && data.answeredOn) {
      const limit = workingDaysAfter(
        data.answeredOn,
        LIMITS.meetingWorkingDays,
        await loadCalendar(at.ctx.db, at.ctx.now()),
      );
      late = v.meetingOn > limit;
      // A plan may not set a date past the limit while the limit can still be kept.
      if (late && !dayEnded(limit, at.ctx.now()))
        throw invalid(
          `${at.field}.meetingOn`,
          `工资集体协商应在书面回应后 10 个工作日内召开，请选择 ${limit} 及以前的日期`,
        );
    }
    return { value: v, data: { meetingOn: v.meetingOn, meetingLate: late } };
  },
  (v) => [{ field: 'place', text: v.place }],
);

export const dataRecord = record(
  '企业提供资料',
  DataHandoverInput,
  (v) => `${v.handedOverOn} 企业提供：${v.items}`,
  async (v, at) => {
    const data = agreementData(at.case);
    checkDate(at, 'handedOverOn', v.handedOverOn, { date: data.answeredOn, what: '书面回应日期' });
    const cal = await loadCalendar(at.ctx.db, at.ctx.now());
    const late = data.meetingOn
      ? v.handedOverOn > workingDaysBefore(data.meetingOn, LIMITS.dataWorkingDaysBefore, cal)
      : false;
    return { value: v, data: { dataOn: v.handedOverOn, dataLate: late } };
  },
  (v) => [{ field: 'items', text: v.items }],
);

export const draftRecord = record(
  '合同草案',
  DraftInput,
  (v: DraftRecord) =>
    `${v.draftedOn} 形成草案，期限 ${v.termYears} 年（自 ${v.startsOn} 起）；首席代表：职工方 ${v.unionChief}，企业方 ${v.enterpriseChief}`,
  async (v, at) => {
    const form = formOf(at.case);
    const data = agreementData(at.case);
    checkDate(at, 'draftedOn', v.draftedOn, { date: data.answeredOn, what: '书面回应日期' });
    const refusal = termRefusal(form.kind, v.termYears);
    if (refusal) throw invalid(`${at.field}.termYears`, refusal);
    if (v.startsOn < v.draftedOn)
      throw invalid(`${at.field}.startsOn`, `合同起始日期不能早于草案形成日期（${v.draftedOn}）`);
    if (form.kind === 'wage' && !data.dataOn)
      throw new AppError('PRECONDITION_FAILED', '工资集体协商须先登记企业提供的工资和财务资料');
    if (form.kind === 'wage' && !data.meetingOn)
      throw new AppError('PRECONDITION_FAILED', '工资集体协商须先登记协商会议');
    return {
      value: v,
      data: {
        draftedOn: v.draftedOn,
        startsOn: v.startsOn,
        termYears: v.termYears,
        endsOn: termEndsOn(v.startsOn, v.termYears),
      },
    };
  },
  (v) => [
    { field: 'unionChief', text: v.unionChief },
    { field: 'enterpriseChief', text: v.enterpriseChief },
    { field: 'highlights', text: v.highlights },
  ],
);

export const voteRecord = record(
  '职代会表决',
  VoteInput,
  (v) => {
    const o = voteOutcome(v);
    return `${v.heldOn} 职工代表大会表决：${o.words}。${o.passed ? '草案通过' : (o.reason ?? '')}`;
  },
  async (v, at) => {
    const data = agreementData(at.case);
    checkDate(at, 'heldOn', v.heldOn, { date: data.draftedOn, what: '草案形成日期' });
    const o = voteOutcome(v);
    // The guard refused a vote without quorum already; a failed majority is recorded and the talks resume.
    return { value: v, data: { votedOn: v.heldOn, vote: { ...v, passed: o.passed } } };
  },
);

export const signingRecord = record(
  '双方首席代表签字',
  SigningInput,
  (v) => `${v.signedOn} 双方首席代表签字`,
  async (v, at) => {
    checkDate(at, 'signedOn', v.signedOn, { date: agreementData(at.case).votedOn, what: '职代会表决日期' });
    return { value: v, data: { signedOn: v.signedOn } };
  },
);

export const filingRecord = record(
  '报送审查',
  FilingInput,
  (v) =>
    `${v.filedOn} ${FILING_CHANNEL_LABELS[v.channel]}至${v.office}${v.receiptNo ? `，受理单号 ${v.receiptNo}` : ''}`,
  async (v, at) => {
    const data = agreementData(at.case);
    checkDate(at, 'filedOn', v.filedOn, { date: data.signedOn, what: '签字日期' });
    const late = Boolean(data.signedOn && v.filedOn > addDays(data.signedOn, LIMITS.filingDays));
    return { value: v, data: { filedOn: v.filedOn, filingLate: late, office: v.office } };
  },
  (v) => [{ field: 'office', text: v.office }, ...(v.receiptNo ? [{ field: 'receiptNo', text: v.receiptNo }] : [])],
);

export const reviewOpinionRecord = record(
  '审查意见书',
  ReviewOpinionInput,
  (v) => `${v.receivedOn} 收到审查意见：${v.opinion}`,
  async (v, at) => {
    const data = agreementData(at.case);
    checkDate(at, 'receivedOn', v.receivedOn, { date: data.filedOn, what: '报送日期' });
    if (data.filedOn && v.receivedOn > addDays(data.filedOn, LIMITS.reviewDays))
      throw invalid(
        `${at.field}.receivedOn`,
        `审查意见应在收到文本后 15 日内提出（${addDays(data.filedOn, LIMITS.reviewDays)} 前）`,
      );
    // Renegotiation: the next draft is voted, signed and filed again.
    return { value: v, data: { objections: (data.objections ?? 0) + 1, filedOn: null, signedOn: null } };
  },
  (v) => [{ field: 'opinion', text: v.opinion }],
);

/** The timer's record that the review window passed without objection (no person fills it). */
export const inForceRecord = record(
  '生效',
  zod.object({ effectiveOn: CalendarDate('生效日期') }).strict(),
  (v) => `审查期满无异议，${v.effectiveOn} 起生效`,
  async (v, at) => {
    const data = agreementData(at.case);
    if (
      !data.filedOn ||
      v.effectiveOn !== inForceOn(data.filedOn) ||
      !dayEnded(addDays(v.effectiveOn, -1), at.ctx.now())
    )
      throw new AppError('PRECONDITION_FAILED', '审查期未满，合同尚未生效');
    return { value: v, data: { effectiveOn: v.effectiveOn } };
  },
);

export const publicationRecord = record(
  '向职工公布',
  PublicationInput,
  (v) => `${v.publishedOn} 向全体职工公布（${v.method}）`,
  async (v, at) => {
    const data = agreementData(at.case);
    checkDate(at, 'publishedOn', v.publishedOn, { date: data.effectiveOn, what: '生效日期' });
    const late = Boolean(data.effectiveOn && v.publishedOn > addDays(data.effectiveOn, LIMITS.publishDays));
    return { value: v, data: { publishedOn: v.publishedOn, publishLate: late } };
  },
  (v) => [{ field: 'method', text: v.method }],
);

/** The timer's record that the term ended. */
export const expiryRecord = record(
  '期满',
  zod.object({ expiredOn: CalendarDate('期满日期') }).strict(),
  (v) => `合同于 ${v.expiredOn} 期满`,
  async (v, at) => {
    const data = agreementData(at.case);
    if (!data.endsOn || v.expiredOn !== data.endsOn || !dayEnded(data.endsOn, at.ctx.now()))
      throw new AppError('PRECONDITION_FAILED', '合同尚未期满');
    return { value: v, data: { expiredOn: v.expiredOn } };
  },
);
