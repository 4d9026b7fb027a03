/**
 * Consultations (咨询): a thread of messages between the person and staff. The person's question
 * (and every follow-up) puts the case in `waiting` (unanswered, with a deadline); a staff reply puts
 * it in `answered`. Either side closes it; the person rates it.
 */
import {
  CONSULTATION_CATEGORIES,
  CONSULTATION_CATEGORY_LABELS,
  consultationFormSchema,
  type ConsultationForm,
} from '../../../typings/cases';
import type { z } from 'zod';
import { defineCaseType, type CasePerson } from '../declaration';
import { needsOpinion } from '../inputs';
import { registerCaseType } from '../registry';
import { COUNT_WHERE, ownCasesExport } from '../type-hooks';

const STAFF = ['village_collector', 'town_staff', 'city_admin'] as const;
/** How much of the question a list title carries; the case page shows the whole question. */
const HEADLINE_CHARS = 40;

/** `text` up to `max` characters, ending in `…` when it was longer (never cut silently). */
export function shortText(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
const ABOVE_VILLAGE = ['town_staff', 'city_admin'] as const;

/** The home village when known, else the employer's town, else the city. */
export function routeConsultation(person: CasePerson | null): { nodeId: string } {
  if (!person) return { nodeId: 'city' };
  return { nodeId: person.homeVillageId ?? person.employerTownId ?? person.homePath?.[1] ?? 'city' };
}

export const consultationCaseType = defineCaseType({
  type: 'consultation',
  title: '咨询',
  formSchema: consultationFormSchema as z.ZodType<ConsultationForm>,
  categories: CONSULTATION_CATEGORIES.map((value) => ({ value, label: CONSULTATION_CATEGORY_LABELS[value] })),
  category: (form) => ({ value: form.category, label: CONSULTATION_CATEGORY_LABELS[form.category] }),
  headline: (form) => `${CONSULTATION_CATEGORY_LABELS[form.category]} · ${shortText(form.question, HEADLINE_CHARS)}`,
  display: { question: { label: '咨询内容', format: 'longtext' } },
  texts: (form) => [{ field: 'question', text: form.question }],
  route: (_form, person) => routeConsultation(person),
  onBehalf: ['village_collector', 'town_staff'],
  client: {
    submitPage: '/pages/consult/index?intent=ask',
    catalogue: { key: 'consult', name: '咨询', hint: '先查政策问答，再问工会', order: 4 },
    queue: { label: '咨询', title: '咨询收件箱' },
  },
  // A person's data export lists their consultations as they see them; the figures for the dashboards.
  dataExport: ownCasesExport('consultation'),
  counts: [
    { key: 'received', label: '收到咨询' },
    { key: 'waiting', label: '待答复', states: ['waiting'] },
    { key: 'answered', label: '已答复', states: ['answered', 'closed', 'rated'] },
    {
      key: 'overdue_now',
      label: '超时未答复',
      hint: '待答复且已过 2 个工作日',
      alert: true,
      where: COUNT_WHERE.overdueNow,
    },
    { key: 'answered_on_time', label: '按时答复', states: ['answered', 'closed', 'rated'], where: COUNT_WHERE.onTime },
    { key: 'rated', label: '已评价', where: COUNT_WHERE.rated },
    { key: 'satisfied', label: '表示满意', where: COUNT_WHERE.satisfied },
  ],
  initialState: 'waiting',
  states: {
    waiting: {
      label: '待答复',
      timeLimitDays: 2,
      awaitingStaff: true,
      actions: {
        reply: { by: STAFF, reach: 'scope', to: 'answered', needs: ['comment'] },
        comment: { by: ['applicant'], to: 'waiting', needs: ['comment'] },
        transfer: {
          by: ABOVE_VILLAGE,
          reach: 'scope',
          move: 'target',
          to: 'waiting',
          inputs: needsOpinion('转办意见'),
        },
        escalate: { by: STAFF, move: 'up', to: 'waiting', inputs: needsOpinion('上报意见') },
        close: { by: ['applicant', ...STAFF], reach: 'scope', to: 'closed' },
        withdraw: { by: ['applicant'], to: 'withdrawn' },
      },
    },
    answered: {
      label: '已答复',
      actions: {
        comment: { by: ['applicant'], to: 'waiting', needs: ['comment'] },
        reply: { by: STAFF, reach: 'scope', to: 'answered', needs: ['comment'] },
        close: { by: ['applicant', ...STAFF], reach: 'scope', to: 'closed' },
      },
    },
    closed: {
      label: '已结束',
      settled: true,
      actions: { rate: { by: ['applicant'], needs: ['rating'], to: 'rated' } },
    },
    rated: { label: '已评价', terminal: true, actions: {} },
    withdrawn: { label: '已撤回', terminal: true, actions: {} },
  },
  stages: {
    in_progress: { label: '咨询中', states: ['waiting', 'answered'] },
    done: { label: '已结束', states: ['closed', 'rated', 'withdrawn'] },
  },
});

registerCaseType(consultationCaseType);
