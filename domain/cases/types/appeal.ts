/**
 * Appeals (诉求/维权): submitted → accepted (受理, within 1 working day) → handling (transfer and
 * escalate possible) → replied → closed (办结) → rated; an unsatisfied rating reopens it once.
 * Routed to the home village for migrant workers and to the employer's town for local workers.
 */
import {
  APPEAL_CATEGORIES,
  APPEAL_CATEGORY_LABELS,
  appealFormSchema,
  CONTACT_PREFERENCE_LABELS,
  type AppealForm,
} from '../../../typings/cases';
import type { z } from 'zod';
import { AppError } from '../../runtime/errors';
import { defineCaseType, type CasePerson } from '../declaration';
import { needsOpinion } from '../inputs';
import { registerCaseType } from '../registry';
import { COUNT_WHERE, ownCasesExport } from '../type-hooks';

const STAFF = ['village_collector', 'town_staff', 'city_admin'] as const;
const ABOVE_VILLAGE = ['town_staff', 'city_admin'] as const;
/** Moving a case to another node takes an opinion, shown in the timeline. */
const TRANSFER = needsOpinion('转办意见');
const ESCALATE = needsOpinion('上报意见');

/** Migrant workers → home village; local workers → the employer's town (else the home town). */
export function routeAppeal(person: CasePerson | null): { nodeId: string } {
  if (!person) throw new AppError('PROFILE_REQUIRED', '诉求须由本人或代办人员为本人提交', 'profile');
  const categories = person.categories ?? [];
  if (categories.includes('migrant')) {
    if (!person.homeVillageId)
      throw new AppError('PROFILE_REQUIRED', '请先在个人资料中填写户籍所在村（社区）', 'homeVillageId');
    return { nodeId: person.homeVillageId };
  }
  const town = person.employerTownId ?? person.homePath?.[1] ?? null;
  if (!town) throw new AppError('PROFILE_REQUIRED', '请先在个人资料中填写工作单位所在乡镇', 'employerTownId');
  return { nodeId: town };
}

export const appealCaseType = defineCaseType({
  type: 'appeal',
  title: '诉求',
  formSchema: appealFormSchema as z.ZodType<AppealForm>,
  categories: APPEAL_CATEGORIES.map((value) => ({ value, label: APPEAL_CATEGORY_LABELS[value] })),
  category: (form) => ({ value: form.category, label: APPEAL_CATEGORY_LABELS[form.category] }),
  headline: (form) => `${APPEAL_CATEGORY_LABELS[form.category]} · ${form.employer}`,
  display: {
    facts: { label: '事实经过', format: 'longtext' },
    employer: { label: '用人单位' },
    workCity: { label: '务工城市' },
    amountOwedFen: { label: '被拖欠的工资', format: 'money' },
    contactPreference: { label: '希望的联系方式', options: CONTACT_PREFERENCE_LABELS },
    attachments: { label: '照片和材料', format: 'files' },
  },
  texts: (form) => [
    { field: 'facts', text: form.facts },
    { field: 'employer', text: form.employer },
    { field: 'workCity', text: form.workCity },
  ],
  files: (form) => form.attachments.map((fileID, i) => ({ field: `attachments.${i}`, fileID })),
  route: (_form, person) => routeAppeal(person),
  client: {
    submitPage: '/pages/appeal/index',
    catalogue: { key: 'appeal', name: '我要诉求', hint: '欠薪、工伤、劳动合同', order: 1 },
    resubmitPage: '/pages/appeal/index',
    queue: { label: '诉求', title: '待办事项' },
  },
  // Collectors and town staff file for a person in their scope who has no smartphone (paper consent required).
  onBehalf: ['village_collector', 'town_staff'],
  // A person's data export lists their appeals as they see them; the figures for the dashboards.
  dataExport: ownCasesExport('appeal'),
  counts: [
    { key: 'received', label: '收到诉求' },
    {
      key: 'accepted',
      label: '已受理',
      hint: '已受理并在办或已办结的诉求',
      states: ['handling', 'info_requested', 'replied', 'closed', 'rated'],
    },
    { key: 'closed', label: '已办结', states: ['closed', 'rated'] },
    { key: 'refused', label: '不予受理', states: ['refused'] },
    { key: 'overdue_now', label: '当前超期', hint: '在办且已过办理时限', alert: true, where: COUNT_WHERE.overdueNow },
    {
      key: 'closed_on_time',
      label: '按时办结',
      hint: '办结前每一步都未超过时限',
      states: ['closed', 'rated'],
      where: COUNT_WHERE.onTime,
    },
    { key: 'rated', label: '已评价', where: COUNT_WHERE.rated },
    { key: 'satisfied', label: '表示满意', where: COUNT_WHERE.satisfied },
  ],
  initialState: 'submitted',
  maxReopens: 1,
  states: {
    submitted: {
      label: '待受理',
      timeLimitDays: 1,
      awaitingStaff: true,
      actions: {
        accept: { by: STAFF, to: 'handling', guard: (c) => (c.held ? '诉求内容待审核，请先审核放行' : null) },
        refuse: { by: STAFF, to: 'refused', needs: ['reason'] },
        transfer: { by: ABOVE_VILLAGE, reach: 'scope', move: 'target', to: 'submitted', inputs: TRANSFER },
        escalate: { by: STAFF, move: 'up', to: 'submitted', inputs: ESCALATE },
        comment: { by: ['applicant', ...STAFF], reach: 'scope', to: 'submitted', needs: ['comment'] },
        correct: { by: STAFF, to: 'submitted', form: 'correct' },
        withdraw: { by: ['applicant'], to: 'withdrawn' },
      },
    },
    handling: {
      label: '办理中',
      timeLimitDays: 10,
      actions: {
        request_info: { by: STAFF, to: 'info_requested', needs: ['comment'] },
        reply: { by: STAFF, to: 'replied', needs: ['comment'] },
        transfer: { by: ABOVE_VILLAGE, reach: 'scope', move: 'target', to: 'submitted', inputs: TRANSFER },
        escalate: { by: STAFF, move: 'up', to: 'handling', inputs: ESCALATE },
        comment: { by: ['applicant', ...STAFF], reach: 'scope', to: 'handling', needs: ['comment'] },
        correct: { by: STAFF, to: 'handling', form: 'correct' },
        withdraw: { by: ['applicant'], to: 'withdrawn' },
      },
    },
    info_requested: {
      label: '待补充材料',
      actions: {
        resubmit: {
          by: ['applicant'],
          to: 'handling',
          form: 'resubmit',
          guard: (_c, args) => (args.comment || args.form ? null : '请填写补充说明或修改诉求内容'),
        },
        comment: { by: ['applicant', ...STAFF], reach: 'scope', to: 'info_requested', needs: ['comment'] },
        withdraw: { by: ['applicant'], to: 'withdrawn' },
      },
    },
    replied: {
      label: '已答复',
      timeLimitDays: 5,
      onOverdue: 'remind',
      actions: {
        close: { by: STAFF, to: 'closed' },
        reply: { by: STAFF, to: 'replied', needs: ['comment'] },
        comment: { by: ['applicant', ...STAFF], reach: 'scope', to: 'replied', needs: ['comment'] },
      },
    },
    closed: {
      label: '已办结',
      settled: true,
      actions: {
        rate: {
          by: ['applicant'],
          needs: ['rating'],
          to: (c, args) => (args.rating && !args.rating.satisfied && c.reopenCount < 1 ? 'handling' : 'rated'),
        },
      },
    },
    rated: { label: '已评价', terminal: true, actions: {} },
    refused: { label: '不予受理', terminal: true, actions: {} },
    withdrawn: { label: '已撤回', terminal: true, actions: {} },
  },
  stages: {
    in_progress: { label: '办理中', states: ['submitted', 'handling', 'info_requested', 'replied'] },
    done: { label: '已办结', states: ['closed', 'rated'] },
    ended: { label: '已结束', states: ['refused', 'withdrawn'] },
  },
});

registerCaseType(appealCaseType);
