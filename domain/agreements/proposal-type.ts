/**
 * A proposal (提案) to an enterprise's workers' congress, as a case on the engine (research §4, Y6–Y8): collected
 * (征集) → reviewed and filed (审查立案) or not (with the reason) → sent to the office that handles it (转办) →
 * its written reply (书面答复) → the proposer's satisfaction: satisfied closes it, unsatisfied sends it back to be
 * handled again. Recorded by the enterprise's union or the town; every step's text is in the timeline.
 */
import { ProposalFormInput, type ProposalForm } from '../../typings/agreements';
import { defineCaseType } from '../cases/declaration';
import { needsOpinion } from '../cases/inputs';
import { registerCaseType } from '../cases/registry';
import { AppError } from '../runtime/errors';
import { findEnterprise } from './enterprises';

const KEEPERS = ['applicant', 'town_staff'] as const;

export const proposalCaseType = defineCaseType({
  type: 'congress_proposal',
  title: '职代会提案',
  formSchema: ProposalFormInput,
  categories: [{ value: 'proposal', label: '提案' }],
  category: () => ({ value: 'proposal', label: '提案' }),
  headline: (f: ProposalForm) => `提案 · ${f.title}`,
  display: {
    title: { label: '案由' },
    measures: { label: '建议措施', format: 'longtext' },
    proposer: { label: '提案人' },
    seconders: { label: '附议人' },
  },
  texts: (f: ProposalForm) => [
    { field: 'title', text: f.title },
    { field: 'measures', text: f.measures },
    { field: 'proposer', text: f.proposer },
    ...(f.seconders ? [{ field: 'seconders', text: f.seconders }] : []),
  ],
  initiation: { by: 'staff', roles: ['town_staff'] },
  async subject(form, filing, ctx) {
    const issuer = filing.initiator;
    const unit = await findEnterprise(ctx, form.unitId);
    if (issuer.kind !== 'node' || !unit || unit.townId !== issuer.nodeId)
      throw new AppError('INVALID_INPUT', '本乡镇没有这个单位，请重新选择', 'form.unitId');
    return {
      subject: { kind: 'organisation', orgKind: 'unit', orgId: unit._id, name: unit.name, contactPersonIds: [] },
      name: unit.name,
    };
  },
  route: (_form, _person, initiator) => {
    if (initiator?.kind !== 'node') throw new AppError('FORBIDDEN', '提案由乡镇工会工作人员登记');
    return { nodeId: initiator.nodeId };
  },
  initialState: 'collected',
  states: {
    collected: {
      label: '待审查立案',
      actions: {
        accept_proposal: { by: KEEPERS, to: 'filed', inputs: needsOpinion('审查意见') },
        reject_proposal: { by: KEEPERS, to: 'not_filed', needs: ['reason'] },
      },
    },
    filed: {
      label: '已立案，待转办',
      actions: { assign: { by: KEEPERS, to: 'assigned', inputs: needsOpinion('承办部门和办理要求') } },
    },
    assigned: {
      label: '承办中',
      actions: { answer_proposal: { by: KEEPERS, to: 'replied', inputs: needsOpinion('书面答复') } },
    },
    replied: {
      label: '已答复，待提案人反馈',
      actions: {
        satisfied: { by: KEEPERS, to: 'closed' },
        unsatisfied: { by: KEEPERS, to: 'assigned', needs: ['reason'] },
      },
    },
    closed: { label: '提案人满意，已办结', terminal: true, actions: {} },
    not_filed: { label: '不予立案', terminal: true, actions: {} },
  },
  verbs: {
    accept_proposal: { label: '审查立案' },
    reject_proposal: { label: '不予立案' },
    assign: { label: '转交承办' },
    answer_proposal: { label: '登记书面答复' },
    satisfied: { label: '提案人满意' },
    unsatisfied: { label: '提案人不满意' },
  },
  stages: {
    open: { label: '办理中', states: ['collected', 'filed', 'assigned', 'replied'] },
    done: { label: '已办结', states: ['closed', 'not_filed'] },
  },
});

registerCaseType(proposalCaseType);
