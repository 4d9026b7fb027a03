/**
 * Student aid (金秋助学) and hardship aid (困难帮扶) as case types of the one engine: village verification →
 * town review → city approval, then the aid steps the system takes (publish the notice, notice period over,
 * paid / payment failed). See `README.md` in this folder.
 *
 * The case's form is a SUMMARY without identifiers (the full application is encrypted in `aid_applications`),
 * sealed with an SM3-HMAC under the index key by `aid.submit`: `route()` refuses an unsealed summary, so these
 * types can be submitted only through the aid function.
 *
 * Every other aid module names states, verbs and stages through `AID` (typed constants derived from these
 * declarations), so renaming a state here is a compile error wherever it is used.
 */
import { z } from 'zod';
import type { SubmissionLine } from '../../typings/cases';
import {
  type AidStage,
  CHECK_SUBJECT_NAMES,
  REFERENCE_DATASET_NAMES,
  VERIFICATION_SOURCES,
  PROGRAMMES,
  PROGRAMME_NAMES,
  CATEGORY_NAMES,
  STUDENT_CATEGORIES,
  HARDSHIP_CATEGORIES,
} from '../../typings/aid';
import { AppError } from '../runtime/errors';
import { blindIndex } from '../security/crypto';
import { defineCaseType, type CaseSnapshot, type StageDecl, type StateDecl } from '../cases/declaration';
import { registerCaseType } from '../cases/registry';
import { homeVisit, needsOpinion, type ActionInput } from '../cases/inputs';
import { CASE_HISTORY, CASES, getCase, historyId, type HistoryDoc } from '../cases/store';
import type { TransitionEvent } from '../cases/declaration';
import type { HandlerContext } from '../runtime/context';
import type { VisitRecord } from '../../typings/cases';
import { AID_APPLICATIONS, AID_CLAIMS, applicationOfCase, type HomeVisitDoc } from './store';
import { explainCheck } from './check-explanations';
import type { CountDecl } from '../cases/type-hooks';

/** The summary a case carries. */
export const AidCaseSummarySchema = z
  .object({
    applicationId: z.string().regex(/^[a-f0-9]{32}$/),
    personId: z.string().min(1).max(64),
    programme: z.enum(PROGRAMMES),
    roundId: z.string().min(1).max(64),
    roundTitle: z.string().max(60),
    category: z.string().max(32),
    amountFen: z.number().int().min(0),
    villageId: z.string().max(16),
    eligible: z.boolean(),
    reasons: z.array(z.string().max(200)).max(20),
    rulesVersion: z.string().max(40),
    /** The reference checks at submission (dataset, whose data, outcome, differing fields: no values). */
    checks: z
      .array(
        z
          .object({
            dataset: z.enum(VERIFICATION_SOURCES),
            subject: z.enum(['applicant', 'child', 'unit']),
            status: z.enum(['match', 'mismatch', 'not_found', 'not_loaded']),
            differences: z.array(z.string().max(32)).max(10),
          })
          .strict(),
      )
      .max(10),
    /** 1, 2… after each resubmission of a corrected form (absent on the first submission). */
    revision: z.number().int().min(1).optional(),
    seal: z.string().regex(/^[a-f0-9]{64}$/),
  })
  .strict();
export type AidCaseSummary = z.output<typeof AidCaseSummarySchema>;

/** The seal over a summary's fields (everything but the seal, in a fixed order). */
export function sealOf(summary: Omit<AidCaseSummary, 'seal'>): string {
  const canonical = JSON.stringify([
    summary.applicationId,
    summary.personId,
    summary.programme,
    summary.roundId,
    summary.roundTitle,
    summary.category,
    summary.amountFen,
    summary.villageId,
    summary.eligible,
    summary.reasons,
    summary.rulesVersion,
    summary.checks,
    // Only when present, so summaries sealed before revisions existed still verify.
    ...(summary.revision ? [summary.revision] : []),
  ]);
  return blindIndex('aid-seal', canonical);
}

/** One reference check of the summary as a line in words, with what it means for its reader. */
function checkLine(c: AidCaseSummary['checks'][number], index: number, reader: 'applicant' | 'staff'): SubmissionLine {
  const e = explainCheck(c, reader === 'applicant' ? 'person' : 'staff');
  return {
    key: `check-${index}`,
    label: `${REFERENCE_DATASET_NAMES[c.dataset]}（${CHECK_SUBJECT_NAMES[c.subject]}）`,
    value: [e.result, e.effect, e.todo].filter(Boolean).join(''),
    kind: 'text',
    attention: c.status !== 'match',
  };
}

const COLLECTOR = ['village_collector'] as const;
const TOWN = ['town_staff'] as const;
const CITY = ['city_admin'] as const;

/** The states both programmes share. */
type AidState =
  | 'village_review'
  | 'town_review'
  | 'city_review'
  | 'info_requested'
  | 'approved'
  | 'in_notice'
  | 'notice_passed'
  | 'payment_failed'
  | 'paid'
  | 'refused'
  | 'withdrawn';
/** The verbs both programmes use: the engine's common ones and aid's own system steps. */
type AidVerb =
  | 'approve'
  | 'record_visit'
  | 'request_info'
  | 'refuse'
  | 'comment'
  | 'withdraw'
  | 'resubmit'
  | 'publish'
  | 'pass_notice'
  | 'disburse'
  | 'disburse_fail';
type AidStateDecl = StateDecl<AidState, AidVerb>;

/** After `request_info`, the applicant's resubmission returns to the review step of the level holding the case. */
const reviewStateOf = (c: CaseSnapshot): AidState =>
  c.level === 'village' ? 'village_review' : c.level === 'town' ? 'town_review' : 'city_review';
/**
 * A resubmission carries a note, or a corrected form's summary that only `aid.resubmit` can make: sealed, for the
 * same application and person, and newer than the case's (so an earlier summary cannot be replayed).
 */
const commentOrSealedForm = (c: CaseSnapshot, args: { comment?: string; form?: unknown }) => {
  if (!args.form) return args.comment ? null : '请填写补充说明';
  const parsed = AidCaseSummarySchema.safeParse(args.form);
  const current = c.form as Partial<AidCaseSummary>;
  if (!parsed.success) return '更正申请表请通过助学/帮扶申请页面提交';
  const { seal, ...rest } = parsed.data;
  const fresh = (parsed.data.revision ?? 0) > (current.revision ?? 0);
  return sealOf(rest) === seal &&
    parsed.data.applicationId === current.applicationId &&
    parsed.data.personId === current.personId &&
    parsed.data.roundId === current.roundId &&
    fresh
    ? null
    : '更正申请表请通过助学/帮扶申请页面提交';
};

function reviewState(
  key: AidState,
  label: string,
  by: readonly ['village_collector'] | readonly ['town_staff'] | readonly ['city_admin'],
  next: AidState,
  up: boolean,
  days: number,
): AidStateDecl {
  const village = key === 'village_review';
  return {
    label,
    timeLimitDays: days,
    // Escalating would move the case up while still in this step, which the next level cannot act on: remind instead.
    onOverdue: 'remind',
    awaitingStaff: true,
    actions: {
      approve: {
        by,
        to: next,
        ...(up ? { move: 'up' as const } : {}),
        inputs: needsOpinion('审核意见'),
        // The village step is a home visit: no approval before one is on record.
        ...(village
          ? { requires: [{ fact: 'visit', message: '请先登记入户核实（走访日期、情况和照片）再审核通过' }] }
          : {}),
      },
      ...(village
        ? {
            record_visit: {
              by,
              to: key,
              inputs: { visit: { input: homeVisit as ActionInput['input'], required: true } },
            },
          }
        : {}),
      request_info: { by, to: 'info_requested', needs: ['comment'] },
      refuse: { by, to: 'refused', needs: ['reason'] },
      comment: {
        by: ['applicant', 'village_collector', 'town_staff', 'city_admin'],
        reach: 'scope',
        to: key,
        needs: ['comment'],
      },
      withdraw: { by: ['applicant'], to: 'withdrawn' },
    },
  };
}

/** The states shared by both programmes. */
export const AID_STATES: Record<AidState, AidStateDecl> = {
  village_review: reviewState('village_review', '待村级核实', COLLECTOR, 'town_review', true, 5),
  town_review: reviewState('town_review', '待乡镇审核', TOWN, 'city_review', true, 5),
  city_review: reviewState('city_review', '待市总审批', CITY, 'approved', false, 5),
  info_requested: {
    label: '待补充材料',
    actions: {
      resubmit: { by: ['applicant'], to: reviewStateOf, guard: commentOrSealedForm, form: 'resubmit' },
      withdraw: { by: ['applicant'], to: 'withdrawn' },
    },
  },
  approved: {
    label: '市总审批通过，待公示',
    settled: true,
    actions: { publish: { by: 'system', to: 'in_notice' } },
  },
  in_notice: {
    label: '公示中',
    settled: true,
    actions: {
      pass_notice: { by: 'system', to: 'notice_passed' },
      // An upheld objection: the city administrator refuses with the reason.
      refuse: { by: CITY, to: 'refused', needs: ['reason'] },
    },
  },
  notice_passed: {
    label: '公示期满，待发放',
    settled: true,
    actions: {
      disburse: { by: 'system', to: 'paid' },
      disburse_fail: { by: 'system', to: 'payment_failed' },
    },
  },
  payment_failed: {
    label: '发放失败，请更正银行卡',
    settled: true,
    actions: {
      disburse: { by: 'system', to: 'paid' },
      disburse_fail: { by: 'system', to: 'payment_failed' },
    },
  },
  paid: { label: '已发放', terminal: true, actions: {} },
  refused: { label: '不予通过', terminal: true, actions: {} },
  withdrawn: { label: '已撤回', terminal: true, actions: {} },
};

/** Aid's own verbs (the system steps after city approval), with the words people see. */
const AID_VERBS = {
  record_visit: { label: '登记入户核实' },
  publish: { label: '发布公示' },
  pass_notice: { label: '公示期满' },
  disburse: { label: '打卡发放' },
  disburse_fail: { label: '发放失败' },
} as const;

/**
 * Aid stages: the review states as one group (shown with each state's own label, so the list and the
 * application page always say the same), one stage per later state (labelled as the state), and two overlays the
 * aid module derives from its records: a payment being made, an objection upheld.
 */
const AID_STAGES = {
  in_review: { label: '审核中', states: ['village_review', 'town_review', 'city_review', 'info_requested'] },
  approved: { label: AID_STATES.approved.label, states: ['approved'] },
  in_notice: { label: AID_STATES.in_notice.label, states: ['in_notice'] },
  notice_passed: { label: AID_STATES.notice_passed.label, states: ['notice_passed'] },
  payment_failed: { label: AID_STATES.payment_failed.label, states: ['payment_failed'] },
  paid: { label: AID_STATES.paid.label, states: ['paid'] },
  closed: { label: '已结束', states: ['refused', 'withdrawn'] },
  payment_pending: { label: '发放中', states: [] },
  objection_upheld: { label: '公示异议成立，不予发放', states: [] },
} satisfies Record<AidStage, StageDecl<AidState>>;

const APPROVED_STATES: AidState[] = ['approved', 'in_notice', 'notice_passed', 'payment_failed', 'paid'];

/** Aid's figures for the dashboards (by aggregation over the cases; the sealed summary carries `amountFen`). */
const AID_COUNTS: readonly CountDecl<AidState>[] = [
  { key: 'applied', label: '申请' },
  { key: 'in_review', label: '审核中', states: AID_STAGES.in_review.states },
  { key: 'approved', label: '审批通过', hint: '市总审批通过（含公示中、待发放、已发放）', states: APPROVED_STATES },
  { key: 'in_notice', label: '公示中', states: ['in_notice'] },
  { key: 'paid', label: '已发放', states: ['paid'] },
  { key: 'approved_amount', label: '核定金额', states: APPROVED_STATES, sum: 'amountFen' },
  { key: 'paid_amount', label: '已发放金额', states: ['paid'], sum: 'amountFen' },
];

function declaration(programme: (typeof PROGRAMMES)[number]) {
  const categories = (programme === 'student_aid' ? STUDENT_CATEGORIES : HARDSHIP_CATEGORIES).map((value) => ({
    value,
    label: CATEGORY_NAMES[value],
  }));
  return defineCaseType({
    type: programme,
    title: PROGRAMME_NAMES[programme],
    formSchema: AidCaseSummarySchema as z.ZodType<AidCaseSummary>,
    categories,
    category: (form) => ({
      value: form.category,
      label: CATEGORY_NAMES[form.category as keyof typeof CATEGORY_NAMES] ?? form.category,
    }),
    headline: (form) =>
      `${form.roundTitle} · ${CATEGORY_NAMES[form.category as keyof typeof CATEGORY_NAMES] ?? form.category}`,
    // The summary as people read it; its ids, rules version and seal are never shown.
    display: {
      roundTitle: { label: '申报批次' },
      category: { label: '资助类别', options: CATEGORY_NAMES },
      amountFen: { label: '拟资助金额', format: 'money' },
      villageId: { label: '户籍村（社区）', format: 'node' },
      eligible: { label: '资格审查', format: 'yesno', yesNo: ['符合申请条件', '不符合申请条件'] },
      reasons: { label: '审查依据', format: 'list' },
    },
    describe: (form, viewer) => [
      ...form.checks.map((c, i) => checkLine(c, i, viewer.relation)),
      ...(form.revision
        ? [{ key: 'revision', label: '更正', value: `申请人已更正 ${form.revision} 次`, kind: 'text' as const }]
        : []),
    ],
    // User text of an aid application is checked by the aid function before the case exists.
    texts: () => [],
    route(form, person) {
      const { seal, ...rest } = form;
      if (!person || form.programme !== programme || form.personId !== person.personId || sealOf(rest) !== seal) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `${PROGRAMME_NAMES[programme]}请在“${PROGRAMME_NAMES[programme]}”申请页面提交`,
          'type',
        );
      }
      return { nodeId: form.villageId };
    },
    // Collectors and town staff file for a person in their scope (aid.submit with onBehalfOf).
    onBehalf: ['village_collector', 'town_staff'],
    client: {
      submitPage: `/pages/aid-apply/index?programme=${programme}`,
      catalogue:
        programme === 'student_aid'
          ? { key: 'student-aid', name: '金秋助学', hint: '子女上高中、大学', order: 2 }
          : { key: 'hardship-aid', name: '困难帮扶', hint: '因病、因灾、失业', order: 3 },
      // The application (checks, household, visits) is the aid page; aid applications are listed apart.
      detailPage: '/pages/aid-application/index',
      moreDetail: { page: '/pages/aid-application/index', label: '查看申请详情（核查结果、家庭收入）' },
      files: { source: 'aid', heading: '录取通知书和入户核实照片' },
      queue: { label: PROGRAMME_NAMES[programme], title: '待办事项' },
      onHome: false,
    },
    evaluateEligibility: (form) => ({
      eligible: form.eligible,
      reasons: form.reasons,
      rulesVersion: form.rulesVersion,
    }),
    initialState: 'village_review',
    states: AID_STATES,
    verbs: AID_VERBS,
    stages: AID_STAGES,
    onTransition: aidTransitionHook,
    // Erasure and the data export are declared beside this file (`data-hooks.ts`); the figures here.
    counts: AID_COUNTS,
  });
}

/**
 * Aid's side effects of engine steps (idempotent: a retry may follow a partial run). A withdrawn application frees
 * its claim, so the person (or child) may apply to the round again; a corrected form's summary carries the new
 * verdict, which the case's stored eligibility follows; a recorded home visit joins the application's visits.
 */
async function aidTransitionHook(event: TransitionEvent, ctx: HandlerContext): Promise<void> {
  if (event.action === 'withdraw') await ctx.db.collection(AID_CLAIMS).where({ caseId: event.caseId }).remove();
  if (event.action === 'record_visit') await copyVisit(ctx, event);
  if (event.action === 'resubmit') {
    const c = await getCase(ctx.db, event.caseId);
    const form = c?.form as Partial<AidCaseSummary> | undefined;
    if (c && form?.revision)
      await ctx.db
        .collection(CASES)
        .doc(c._id)
        .update({
          data: {
            eligibility: ctx.db.command.set({
              eligible: form.eligible,
              reasons: form.reasons,
              rulesVersion: form.rulesVersion,
            }),
          },
        });
  }
}

/** The visit recorded by an engine step, on the application (once per step). */
async function copyVisit(ctx: HandlerContext, event: TransitionEvent): Promise<void> {
  const { data } = await ctx.db
    .collection<HistoryDoc>(CASE_HISTORY)
    .where({ _id: historyId(event.caseId, event.seq) })
    .limit(1)
    .get();
  const step = data[0];
  const record = step?.inputs?.visit as VisitRecord | undefined;
  if (!step || !record) return;
  const app = await applicationOfCase(ctx.db, event.caseId);
  if (!app || app.homeVisits.some((v) => v.seq === event.seq)) return;
  const visit: HomeVisitDoc = {
    visitedOn: record.visitedOn,
    findings: record.findings,
    photoFileIds: record.photoFileIds,
    staffId: step.actorId,
    byName: step.actorName,
    at: new Date(step.at),
    seq: event.seq,
  };
  await ctx.db
    .collection(AID_APPLICATIONS)
    .where({ _id: app._id })
    .update({ data: { homeVisits: ctx.db.command.push(visit), updatedAt: ctx.now() } });
}

export const studentAidCaseType = declaration('student_aid');
export const hardshipAidCaseType = declaration('hardship_aid');
registerCaseType(studentAidCaseType);
registerCaseType(hardshipAidCaseType);

/**
 * Typed names of aid states (`AID.state.approved`), verbs (`AID.verb.publish`) and stages (`AID.stage.in_review`),
 * the same for both programmes; with the lists of states other aid modules need, derived from the declaration.
 */
export const AID = {
  state: studentAidCaseType.state,
  verb: studentAidCaseType.verb,
  stage: studentAidCaseType.stage,
  stages: AID_STAGES,
  /** States of review (before city approval): the applicant may still withdraw; staff review. */
  review: AID_STAGES.in_review.states,
  /** Approved and not yet paid or refused: the purpose of the data is still being carried out. */
  inPayment: [
    ...AID_STAGES.approved.states,
    ...AID_STAGES.in_notice.states,
    ...AID_STAGES.notice_passed.states,
    ...AID_STAGES.payment_failed.states,
  ],
  /** Ended without payment. */
  closed: AID_STAGES.closed.states,
  /** Where a case can be once its notice was published (refused: an objection upheld). */
  published: [
    ...AID_STAGES.in_notice.states,
    ...AID_STAGES.notice_passed.states,
    ...AID_STAGES.payment_failed.states,
    ...AID_STAGES.paid.states,
    'refused',
  ] satisfies AidState[],
  /** States a payment result may be recorded from. */
  payable: [...AID_STAGES.notice_passed.states, ...AID_STAGES.payment_failed.states],
} as const;

/** True when `status` is one of `states` (a list from {@link AID}). */
export const inStates = (states: readonly string[], status: string | null | undefined): boolean =>
  status !== null && status !== undefined && states.includes(status);

/** The stage of an aid case's state (the overlays `payment_pending`/`objection_upheld` are the aid module's). */
export function aidStageOfState(status: string): AidStage {
  for (const [stage, { states }] of Object.entries(AID_STAGES) as [AidStage, StageDecl<AidState>][])
    if ((states as readonly string[]).includes(status)) return stage;
  return AID.stage.closed;
}

/** The label people see for an aid case: its state's label, or an overlay stage's label. */
export function aidStatusLabel(status: string, stage: AidStage): string {
  const overlay = AID_STAGES[stage].states.length === 0;
  return overlay ? AID_STAGES[stage].label : (AID_STATES[status as AidState]?.label ?? AID_STAGES[stage].label);
}
