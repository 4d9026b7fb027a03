/**
 * A collective contract (综合, 工资专项, 女职工权益保护专项, 安全生产专项) with one enterprise, as a case on the
 * engine: town staff record the offer (要约) about a unit of their town; the enterprise's union or the town then
 * records each step — the written answer, the meeting and the data handed over (wage talks), the draft, the
 * workers' congress vote (checked from its counts), the signatures, the filing with the labour department, its
 * review opinion or entry into force (the timer, 15 days after filing), the publication — and the timer ends it
 * when its term runs out. Countdowns and reminders: `deadlines.ts`, `remind.ts`.
 */
import {
  AGREEMENT_KIND_LABELS,
  AgreementFormInput,
  OFFER_SIDE_LABELS,
  VoteInput,
  type AgreementForm,
} from '../../typings/agreements';
import { defineCaseType, type CaseSnapshot, type ActionArgs } from '../cases/declaration';
import { registerCaseType } from '../cases/registry';
import { AppError } from '../runtime/errors';
import {
  answerRecord,
  dataRecord,
  draftRecord,
  expiryRecord,
  filingRecord,
  inForceRecord,
  meetingRecord,
  publicationRecord,
  reviewOpinionRecord,
  signingRecord,
  voteRecord,
} from './inputs';
import { LIMITS, voteOutcome } from './rules';
import { addDays, chinaDate } from '../../common/china-time';

/** A contract in force (published or not). */
const IN_FORCE: ('in_force' | 'published')[] = ['in_force', 'published'];
import { agreementSubject } from './subject';
import { saveAgreementRecord } from './records';

/** The enterprise's union (the case's organisation contacts) or the town keeps the record. */
const KEEPERS = ['applicant', 'town_staff'] as const;
const req = <T>(input: T) => ({ input, required: true }) as const;

/** The vote's counts as sent (null when they do not parse: the input's own check names the field). */
function voteOf(args: ActionArgs) {
  const parsed = VoteInput.safeParse(args.inputs?.vote);
  return parsed.success ? voteOutcome(parsed.data) : null;
}

const kinds = Object.entries(AGREEMENT_KIND_LABELS).map(([value, label]) => ({ value, label }));

export const agreementCaseType = defineCaseType({
  type: 'collective_contract',
  title: '集体合同',
  formSchema: AgreementFormInput,
  categories: kinds,
  category: (f: AgreementForm) => ({ value: f.kind, label: AGREEMENT_KIND_LABELS[f.kind] }),
  headline: (f: AgreementForm) => AGREEMENT_KIND_LABELS[f.kind],
  display: {
    kind: { label: '合同类型', options: AGREEMENT_KIND_LABELS },
    offeredBy: { label: '要约方', options: OFFER_SIDE_LABELS },
    offeredOn: { label: '要约日期' },
    summary: { label: '要约内容', format: 'longtext' },
  },
  texts: (f: AgreementForm) => [{ field: 'summary', text: f.summary }],
  initiation: { by: 'staff', roles: ['town_staff'] },
  subject: (form, filing, ctx) => agreementSubject(form, filing.initiator, ctx),
  route: (_form, _person, initiator) => {
    if (initiator?.kind !== 'node') throw new AppError('FORBIDDEN', '集体合同由乡镇工会工作人员登记');
    return { nodeId: initiator.nodeId };
  },
  clientSubmit: true,
  // The dashboards' figures (domain/stats/sections/agreements.ts arranges them), counted for the registering town.
  counts: [
    { key: 'registered', label: '登记合同' },
    { key: 'negotiating', label: '协商中', states: ['offered', 'negotiating', 'draft', 'approved'] },
    { key: 'filing', label: '报送审查中', states: ['signed', 'filed'] },
    { key: 'in_force', label: '有效合同', states: IN_FORCE },
    {
      key: 'expiring',
      label: `${LIMITS.renewalDaysBefore}天内期满`,
      hint: '有效合同中即将期满、应当续签的',
      alert: true,
      states: IN_FORCE,
      where: (env) => ({ 'data.endsOn': env.cmd.lte(addDays(chinaDate(env.now), LIMITS.renewalDaysBefore)) }),
    },
    { key: 'expired', label: '已期满', states: ['expired'] },
  ],
  initialState: 'offered',
  states: {
    offered: {
      label: '待书面回应',
      actions: {
        answer: {
          by: KEEPERS,
          to: (_c: CaseSnapshot, args: ActionArgs) =>
            (args.inputs?.answer as { agreed?: unknown } | undefined)?.agreed === false ? 'declined' : 'negotiating',
          inputs: { answer: req(answerRecord) },
        },
        withdraw: { by: KEEPERS, to: 'withdrawn', needs: ['reason'] },
      },
    },
    negotiating: {
      label: '协商中',
      actions: {
        plan_meeting: { by: KEEPERS, to: 'negotiating', inputs: { meeting: req(meetingRecord) } },
        hand_over_data: { by: KEEPERS, to: 'negotiating', inputs: { data: req(dataRecord) } },
        submit_draft: { by: KEEPERS, to: 'draft', inputs: { draft: req(draftRecord) } },
        withdraw: { by: KEEPERS, to: 'withdrawn', needs: ['reason'] },
      },
    },
    draft: {
      label: '草案待职代会审议',
      actions: {
        record_vote: {
          by: KEEPERS,
          // Without two thirds present the session could not vote: nothing is recorded.
          guard: (_c, args) => {
            const outcome = voteOf(args);
            return outcome && !outcome.quorum ? outcome.reason : null;
          },
          to: (_c, args) => (voteOf(args)?.passed ? 'approved' : 'negotiating'),
          inputs: { vote: req(voteRecord) },
        },
        revise: { by: KEEPERS, to: 'negotiating', needs: ['reason'] },
      },
    },
    approved: {
      label: '职代会已通过，待签字',
      actions: { sign: { by: KEEPERS, to: 'signed', inputs: { signing: req(signingRecord) } } },
    },
    signed: {
      label: '待报送人社部门',
      actions: { file: { by: KEEPERS, to: 'filed', inputs: { filing: req(filingRecord) } } },
    },
    filed: {
      label: '人社部门审查中',
      actions: {
        record_objection: { by: KEEPERS, to: 'negotiating', inputs: { opinion: req(reviewOpinionRecord) } },
        take_effect: { by: 'system', to: 'in_force', inputs: { effect: req(inForceRecord) } },
      },
    },
    in_force: {
      label: '已生效，待向职工公布',
      actions: { publish: { by: KEEPERS, to: 'published', inputs: { publication: req(publicationRecord) } } },
    },
    published: {
      label: '履行中',
      settled: true,
      actions: { expire: { by: 'system', to: 'expired', inputs: { expiry: req(expiryRecord) } } },
    },
    expired: { label: '已期满', terminal: true, actions: {} },
    declined: { label: '对方不同意协商', terminal: true, actions: {} },
    withdrawn: { label: '已撤回', terminal: true, actions: {} },
  },
  verbs: {
    answer: { label: '登记书面回应' },
    plan_meeting: { label: '登记协商会议' },
    hand_over_data: { label: '登记企业提供资料' },
    submit_draft: { label: '登记合同草案' },
    record_vote: { label: '登记职代会表决' },
    revise: { label: '退回修改草案' },
    sign: { label: '登记签字' },
    file: { label: '登记报送审查' },
    record_objection: { label: '登记审查意见' },
    take_effect: { label: '生效' },
    publish: { label: '登记向职工公布' },
    expire: { label: '期满' },
  },
  stages: {
    negotiating: { label: '协商中', states: ['offered', 'negotiating', 'draft', 'approved'] },
    filing: { label: '报送审查', states: ['signed', 'filed'] },
    in_force: { label: '有效', states: ['in_force', 'published'] },
    ended: { label: '已结束', states: ['expired', 'declined', 'withdrawn'] },
  },
  onTransition: (event, ctx) => saveAgreementRecord(ctx, event.caseId),
});

registerCaseType(agreementCaseType);
