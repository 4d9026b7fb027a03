/**
 * Student aid (金秋助学) and hardship aid (困难帮扶) as case types of the one engine: village verification →
 * town review → city approval, then the aid steps the system takes (publish the notice, notice period over,
 * paid / payment failed). See /work/notes/aid-engine.md.
 *
 * The case's form is a SUMMARY without identifiers (the full application is encrypted in `aid_applications`),
 * sealed with an SM3-HMAC under the index key by `aid.submit`: `route()` refuses an unsealed summary, so these
 * types can be submitted only through the aid function.
 */
import { z } from 'zod';
import {
  REFERENCE_DATASETS,
  PROGRAMMES,
  PROGRAMME_NAMES,
  CATEGORY_NAMES,
  STUDENT_CATEGORIES,
  HARDSHIP_CATEGORIES,
} from '../../typings/aid';
import { AppError } from '../runtime/errors';
import { blindIndex } from '../security/crypto';
import type { CaseSnapshot, CaseTypeDeclaration, StateDecl } from '../cases/declaration';
import { registerCaseType } from '../cases/registry';
import { CASES, getCase } from '../cases/store';
import { AID_CLAIMS } from './store';

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
            dataset: z.enum(REFERENCE_DATASETS),
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

const COLLECTOR = ['village_collector'] as const;
const TOWN = ['town_staff'] as const;
const CITY = ['city_admin'] as const;

/** After `request_info`, the applicant's resubmission returns to the review step of the level holding the case. */
const reviewStateOf = (c: CaseSnapshot) =>
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
  key: string,
  label: string,
  by: readonly ['village_collector'] | readonly ['town_staff'] | readonly ['city_admin'],
  next: string,
  up: boolean,
  days: number,
): StateDecl {
  return {
    label,
    timeLimitDays: days,
    // Escalating would move the case up while still in this step, which the next level cannot act on: remind instead.
    onOverdue: 'remind',
    awaitingStaff: true,
    actions: {
      approve: { by, to: next, ...(up ? { move: 'up' as const } : {}) },
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
export const AID_STATES: Record<string, StateDecl> = {
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
    label: '审批通过，待公示',
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
    label: '发放失败，待更正银行卡',
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

function declaration(programme: (typeof PROGRAMMES)[number]): CaseTypeDeclaration<AidCaseSummary> {
  const categories = (programme === 'student_aid' ? STUDENT_CATEGORIES : HARDSHIP_CATEGORIES).map((value) => ({
    value,
    label: CATEGORY_NAMES[value],
  }));
  return {
    type: programme,
    title: PROGRAMME_NAMES[programme],
    formSchema: AidCaseSummarySchema,
    categories,
    category: (form) => ({
      value: form.category,
      label: CATEGORY_NAMES[form.category as keyof typeof CATEGORY_NAMES] ?? form.category,
    }),
    headline: (form) =>
      `${form.roundTitle} · ${CATEGORY_NAMES[form.category as keyof typeof CATEGORY_NAMES] ?? form.category}`,
    // User text of an aid application is checked by the aid function before the case exists.
    texts: () => [],
    route(form, person) {
      const { seal, ...rest } = form;
      if (form.programme !== programme || form.personId !== person.personId || sealOf(rest) !== seal) {
        throw new AppError(
          'PRECONDITION_FAILED',
          `${PROGRAMME_NAMES[programme]}请在“${PROGRAMME_NAMES[programme]}”申请页面提交`,
          'type',
        );
      }
      return { nodeId: form.villageId };
    },
    evaluateEligibility: (form) => ({
      eligible: form.eligible,
      reasons: form.reasons,
      rulesVersion: form.rulesVersion,
    }),
    initialState: 'village_review',
    states: AID_STATES,
    // A withdrawn application frees its claim, so the person (or child) may apply to the round again.
    // A corrected form's summary carries the new verdict: the case's stored eligibility follows it.
    async onTransition(event, ctx) {
      if (event.action === 'withdraw') await ctx.db.collection(AID_CLAIMS).where({ caseId: event.caseId }).remove();
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
    },
  };
}

export const studentAidCaseType = registerCaseType(declaration('student_aid'));
export const hardshipAidCaseType = registerCaseType(declaration('hardship_aid'));
