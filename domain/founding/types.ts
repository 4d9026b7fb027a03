/**
 * Union founding (建会申报) as one case type the organisation research notes (§1): the contact of an
 * enterprise files the request about the unit (whose contacts act as its applicant), the town union reviews it
 * (the city too for a large enterprise), the preparatory group recruits members through a join link, sets up union
 * groups, reports the candidate list (published 7 days, then approved), holds the election and reports the result;
 * the town approves it with a 文号 and a 任期 (the 批复 PDF is generated), the women workers' committee is set up
 * where required, the profile completed, the union and its officers enter the registry, and the legal-person
 * certificate is counted down. Rules: `rules.ts` through the step inputs (`inputs.ts`); timers: `scan.ts`.
 */
import { FoundingFormInput, type FoundingForm } from '../../typings/founding';
import { defineCaseType } from '../cases/declaration';
import { registerCaseType } from '../cases/registry';
import { needsOpinion } from '../cases/inputs';
import { AppError } from '../runtime/errors';
import {
  docNumberInput,
  termYearsInput,
  candidatesInput,
  electionInput,
  foundingData,
  groupsInput,
  profileInput,
  recruitsInput,
  womenCommitteeInput,
} from './inputs';
import { needsCityReview, needsWomenCommittee } from './rules';
import { FOUNDING_TYPE } from './store';
import { claimCreditCode } from './claims';
import { onFoundingStep } from './effects';
import { certificateStepInput, registerInput } from './registry-entry';

export { FOUNDING_TYPE };

const TOWN = ['town_staff'] as const;
const CITY = ['city_admin'] as const;
const ENTERPRISE = ['applicant'] as const;
const need = <T>(input: T) => ({ step: { input, required: true } }) as const;

export const foundingCaseType = defineCaseType({
  type: FOUNDING_TYPE,
  title: '建会申报',
  formSchema: FoundingFormInput,
  categories: [{ value: 'enterprise', label: '企业建会' }],
  category: () => ({ value: 'enterprise', label: '企业建会' }),
  headline: (f: FoundingForm) => `建会申报 · ${f.unitName}`,
  display: {
    unitName: { label: '单位名称' },
    creditCode: { label: '统一社会信用代码' },
    townId: { label: '所在乡镇', format: 'node' },
    address: { label: '单位地址' },
    legalRep: { label: '法定代表人' },
    industry: { label: '所属行业' },
    employees: { label: '职工人数' },
    womenEmployees: { label: '其中女职工' },
    reason: { label: '建会理由', format: 'longtext' },
    partyOpinion: { label: '单位党政意见', format: 'longtext' },
    materials: { label: '附件材料', format: 'files' },
  },
  describe: (f: FoundingForm) => [
    {
      key: 'prepGroup',
      kind: 'text' as const,
      label: '筹备组',
      value: f.prepGroup.map((m) => `${m.name}（${m.post}）`).join('、'),
    },
  ],
  texts: (f: FoundingForm) => [
    { field: 'unitName', text: f.unitName },
    { field: 'address', text: f.address },
    { field: 'industry', text: f.industry },
    { field: 'reason', text: f.reason },
    { field: 'partyOpinion', text: f.partyOpinion },
    ...f.prepGroup.map((m, i) => ({ field: `prepGroup.${i}.post`, text: m.post })),
  ],
  files: (f: FoundingForm) => f.materials.map((fileID, i) => ({ field: `materials.${i}`, fileID })),
  async subject(form, filing, ctx) {
    if (!filing.person || filing.initiator.kind !== 'person')
      throw new AppError('PROFILE_REQUIRED', '请先完善实名信息，再以单位联系人身份申报', 'profile');
    const orgId = await claimCreditCode(ctx, form, filing.person.personId);
    return {
      subject: {
        kind: 'organisation',
        orgKind: 'unit',
        orgId,
        name: form.unitName,
        contactPersonIds: [filing.person.personId],
      },
      name: form.unitName,
    };
  },
  route: (form) => ({ nodeId: form.townId }),
  client: {
    submitPage: '/pages/founding/index',
    catalogue: { key: 'founding', name: '单位建会', hint: '企业申请建立工会', order: 45 },
    detailPage: '/pages/founding/index',
    resubmitPage: '/pages/founding/index',
    queue: { label: '建会申报', title: '待办事项' },
  },
  initialState: 'town_review',
  states: {
    town_review: {
      label: '待乡镇工会审核',
      timeLimitDays: 10,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        approve: {
          by: TOWN,
          to: (c) => (needsCityReview(Number(c.form.employees)) ? 'city_review' : 'recruiting'),
          inputs: needsOpinion('审核意见'),
        },
        refuse: { by: TOWN, to: 'refused' },
        request_info: { by: TOWN, to: 'info_requested', needs: ['comment'] },
        withdraw: { by: ENTERPRISE, to: 'withdrawn' },
      },
    },
    city_review: {
      label: '待市总工会审核',
      timeLimitDays: 10,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        approve: { by: CITY, reach: 'scope', to: 'recruiting', inputs: needsOpinion('审核意见') },
        refuse: { by: CITY, reach: 'scope', to: 'refused' },
        request_info: { by: CITY, reach: 'scope', to: 'info_requested', needs: ['comment'] },
        withdraw: { by: ENTERPRISE, to: 'withdrawn' },
      },
    },
    info_requested: {
      label: '待企业补充材料',
      timeLimitDays: 15,
      onOverdue: 'remind',
      actions: {
        resubmit: { by: ENTERPRISE, to: 'town_review', form: 'resubmit' },
        withdraw: { by: ENTERPRISE, to: 'withdrawn' },
      },
    },
    recruiting: {
      label: '筹备组发展会员',
      timeLimitDays: 30,
      onOverdue: 'remind',
      actions: {
        finish_recruiting: { by: ENTERPRISE, to: 'groups', inputs: need(recruitsInput) },
        withdraw: { by: ENTERPRISE, to: 'withdrawn' },
      },
    },
    groups: {
      label: '建立工会小组',
      timeLimitDays: 10,
      onOverdue: 'remind',
      actions: { report_groups: { by: ENTERPRISE, to: 'candidates', inputs: need(groupsInput) } },
    },
    candidates: {
      label: '酝酿候选人',
      timeLimitDays: 10,
      onOverdue: 'remind',
      actions: { report_candidates: { by: ENTERPRISE, to: 'candidates_review', inputs: need(candidatesInput) } },
    },
    candidates_review: {
      label: '待审批候选人名单',
      timeLimitDays: 10,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        publish_candidates: { by: TOWN, to: 'notice', inputs: needsOpinion('审查意见') },
        send_back: { by: TOWN, to: 'candidates', needs: ['reason'] },
      },
    },
    notice: {
      label: '候选人公示中（7 天）',
      actions: {
        end_notice: { by: 'system', to: 'notice_review' },
        object: { by: TOWN, to: 'candidates', needs: ['reason'] },
      },
    },
    notice_review: {
      label: '公示期满，待批准候选人',
      timeLimitDays: 5,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        approve_candidates: { by: TOWN, to: 'election', inputs: needsOpinion('批准意见') },
        send_back: { by: TOWN, to: 'candidates', needs: ['reason'] },
      },
    },
    election: {
      label: '召开大会选举',
      timeLimitDays: 20,
      onOverdue: 'remind',
      actions: { report_election: { by: ENTERPRISE, to: 'result_review', inputs: need(electionInput) } },
    },
    result_review: {
      label: '待批复选举结果',
      timeLimitDays: 10,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        approve_result: {
          by: TOWN,
          to: (c) => (needsWomenCommittee(foundingData(c).womenMembers ?? 0) ? 'women_committee' : 'profile'),
          inputs: {
            docNumber: { input: docNumberInput, required: true },
            termYears: { input: termYearsInput, required: true },
            ...needsOpinion('批复意见'),
          },
        },
        send_back: { by: TOWN, to: 'election', needs: ['reason'] },
      },
    },
    women_committee: {
      label: '成立女职工委员会',
      timeLimitDays: 20,
      onOverdue: 'remind',
      actions: { report_women: { by: ENTERPRISE, to: 'profile', inputs: need(womenCommitteeInput) } },
    },
    profile: {
      label: '完善工会信息',
      timeLimitDays: 10,
      onOverdue: 'remind',
      actions: { report_profile: { by: ENTERPRISE, to: 'registering', inputs: need(profileInput) } },
    },
    registering: {
      label: '待录入工会组织库',
      timeLimitDays: 5,
      onOverdue: 'remind',
      awaitingStaff: true,
      actions: {
        register: { by: TOWN, to: 'legal_person', inputs: { opinion: { input: registerInput, required: true } } },
        send_back: { by: TOWN, to: 'profile', needs: ['reason'] },
      },
    },
    legal_person: {
      label: '办理法人资格登记',
      timeLimitDays: 30,
      onOverdue: 'remind',
      actions: { report_certificate: { by: ENTERPRISE, to: 'certified', inputs: need(certificateStepInput) } },
    },
    certified: {
      label: '已建会（法人证书有效）',
      settled: true,
      actions: { renew_certificate: { by: ENTERPRISE, to: 'certified', inputs: need(certificateStepInput) } },
    },
    refused: { label: '不予批准', terminal: true, actions: {} },
    withdrawn: { label: '已撤回', terminal: true, actions: {} },
  },
  verbs: {
    finish_recruiting: { label: '会员发展完成' },
    report_groups: { label: '上报工会小组' },
    report_candidates: { label: '上报候选人名单' },
    publish_candidates: { label: '同意公示' },
    send_back: { label: '退回' },
    end_notice: { label: '公示期满' },
    object: { label: '公示有异议' },
    approve_candidates: { label: '批准候选人' },
    report_election: { label: '上报选举结果' },
    approve_result: { label: '批复选举结果' },
    report_women: { label: '上报女职工委员会' },
    report_profile: { label: '提交工会信息' },
    register: { label: '录入工会组织库' },
    report_certificate: { label: '上报法人资格证书' },
    renew_certificate: { label: '上报换发的证书' },
  },
  stages: {
    review: { label: '审核请示', states: ['town_review', 'city_review', 'info_requested'] },
    preparing: { label: '筹备建会', states: ['recruiting', 'groups', 'candidates', 'candidates_review'] },
    electing: { label: '公示与选举', states: ['notice', 'notice_review', 'election', 'result_review'] },
    completing: { label: '完善与入库', states: ['women_committee', 'profile', 'registering'] },
    legal: { label: '法人登记', states: ['legal_person'] },
    founded: { label: '已建会', states: ['certified'] },
    closed: { label: '未建会', states: ['refused', 'withdrawn'] },
  },
  maxReopens: 0,
  // The dashboards' figures (domain/stats/sections/founding.ts adds one per stage): where the request arose.
  counts: [
    { key: 'received', label: '建会申请' },
    {
      key: 'founded_online',
      label: '网上建会',
      hint: '经选举、批复并录入工会组织库的（含办理法人登记中）',
      states: ['legal_person', 'certified'],
    },
  ],
  onTransition: onFoundingStep,
});

registerCaseType(foundingCaseType);
