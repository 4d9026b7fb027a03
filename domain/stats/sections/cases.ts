/**
 * Figures of the appeals (诉求) and consultations (咨询) services: received, accepted, closed, time-limit compliance,
 * overdue now, satisfaction and response time, by category, monthly, and by town or village.
 */
import {
  APPEAL_CATEGORIES,
  APPEAL_CATEGORY_LABELS,
  CONSULTATION_CATEGORIES,
  CONSULTATION_CATEGORY_LABELS,
} from '../../../typings/cases';
import { registerSection, type FigureDecl, type FigureEnv, type FigureGroupDecl } from '../declaration';

const HOUR_MS = 3600_000;

const APPEAL_ACCEPTED = ['handling', 'info_requested', 'replied', 'closed', 'rated'];
const APPEAL_DONE = ['closed', 'rated'];
const CONSULT_ANSWERED = ['answered', 'closed', 'rated'];

/** Open cases of a type past their deadline now. */
const overdueNow = (type: string) => (env: FigureEnv) => ({ type, open: true, dueAt: env.cmd.lt(env.now) });
const inStates = (type: string, states: string[]) => (env: FigureEnv) => ({ type, status: env.cmd.in(states) });
const rated = (type: string) => (env: FigureEnv) => ({ type, 'rating.score': env.cmd.gte(1) });

/** Rated, satisfied and the satisfaction rate of a type's cases. */
const satisfactionFigures = (type: string): FigureDecl[] => [
  { kind: 'count', key: 'rated', label: '已评价', where: rated(type) },
  { kind: 'count', key: 'satisfied', label: '表示满意', where: () => ({ type, 'rating.satisfied': true }) },
  { kind: 'ratio', key: 'satisfaction', label: '满意率', hint: '表示满意 ÷ 已评价', of: 'satisfied', over: 'rated' },
];

/** One count per category of a type. */
const categoryGroup = <C extends string>(
  type: string,
  categories: readonly C[],
  labels: Record<C, string>,
): FigureGroupDecl => ({
  title: '按类别',
  figures: categories.map((c) => ({
    kind: 'count' as const,
    key: `category_${c}`,
    label: labels[c],
    where: () => ({ type, category: c }),
  })),
});

registerSection({
  key: 'appeals',
  title: '诉求办理',
  order: 10,
  groups: [
    {
      title: '办理情况',
      figures: [
        { kind: 'count', key: 'received', label: '收到诉求', where: () => ({ type: 'appeal' }) },
        {
          kind: 'count',
          key: 'accepted',
          label: '已受理',
          hint: '已受理并在办或已办结的诉求',
          where: inStates('appeal', APPEAL_ACCEPTED),
        },
        { kind: 'count', key: 'closed', label: '已办结', where: inStates('appeal', APPEAL_DONE) },
        { kind: 'count', key: 'refused', label: '不予受理', where: inStates('appeal', ['refused']) },
        { kind: 'ratio', key: 'closed_rate', label: '办结率', hint: '已办结 ÷ 已受理', of: 'closed', over: 'accepted' },
      ],
    },
    {
      title: '时限与满意度',
      figures: [
        {
          kind: 'count',
          key: 'overdue_now',
          label: '当前超期',
          hint: '在办且已过办理时限',
          alert: true,
          where: overdueNow('appeal'),
        },
        {
          kind: 'count',
          key: 'closed_on_time',
          label: '按时办结',
          hint: '办结前每一步都未超过时限',
          where: (env) => ({ ...inStates('appeal', APPEAL_DONE)(env), overdueCount: 0 }),
        },
        {
          kind: 'ratio',
          key: 'on_time_rate',
          label: '按时办结率',
          hint: '按时办结 ÷ 已办结',
          of: 'closed_on_time',
          over: 'closed',
        },
        ...satisfactionFigures('appeal'),
      ],
    },
    categoryGroup('appeal', APPEAL_CATEGORIES, APPEAL_CATEGORY_LABELS),
  ],
  trends: [
    { key: 'received', label: '每月收到诉求', where: () => ({ type: 'appeal' }) },
    { key: 'closed', label: '其中已办结', where: inStates('appeal', APPEAL_DONE) },
  ],
  ranking: { title: '诉求办理排名', columns: ['received', 'closed_rate', 'overdue_now', 'satisfaction'] },
});

registerSection({
  key: 'consultations',
  title: '咨询答复',
  order: 20,
  groups: [
    {
      title: '答复情况',
      figures: [
        { kind: 'count', key: 'received', label: '收到咨询', where: () => ({ type: 'consultation' }) },
        { kind: 'count', key: 'waiting', label: '待答复', where: inStates('consultation', ['waiting']) },
        { kind: 'count', key: 'answered', label: '已答复', where: inStates('consultation', CONSULT_ANSWERED) },
        {
          kind: 'count',
          key: 'overdue_now',
          label: '超时未答复',
          hint: '待答复且已过 2 个工作日',
          alert: true,
          where: overdueNow('consultation'),
        },
        {
          kind: 'count',
          key: 'answered_on_time',
          label: '按时答复',
          where: (env) => ({ ...inStates('consultation', CONSULT_ANSWERED)(env), overdueCount: 0 }),
        },
        {
          kind: 'ratio',
          key: 'on_time_rate',
          label: '按时答复率',
          hint: '按时答复 ÷ 已答复',
          of: 'answered_on_time',
          over: 'answered',
        },
        {
          kind: 'average',
          key: 'response_hours',
          label: '平均答复用时',
          hint: '从提问到工作人员第一次答复',
          unit: 'hours',
          field: 'firstResponseMs',
          divisor: HOUR_MS,
          where: (env) => ({ type: 'consultation', firstResponseMs: env.cmd.gte(0) }),
        },
        ...satisfactionFigures('consultation'),
      ],
    },
    categoryGroup('consultation', CONSULTATION_CATEGORIES, CONSULTATION_CATEGORY_LABELS),
  ],
  trends: [{ key: 'received', label: '每月收到咨询', where: () => ({ type: 'consultation' }) }],
  ranking: { title: '咨询答复排名', columns: ['received', 'on_time_rate', 'overdue_now'] },
});
