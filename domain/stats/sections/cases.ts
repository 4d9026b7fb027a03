/**
 * Figures of the appeals (诉求) and consultations (咨询) services: received, accepted, closed, time-limit compliance,
 * overdue now, satisfaction and response time, by category, monthly, and by town or village. The counts are the
 * ones each type declares (`counts` on the type); this section arranges them and adds the rates.
 */
import {
  APPEAL_CATEGORIES,
  APPEAL_CATEGORY_LABELS,
  CONSULTATION_CATEGORIES,
  CONSULTATION_CATEGORY_LABELS,
} from '../../../typings/cases';
import { appealCaseType } from '../../cases/types/appeal';
import { consultationCaseType } from '../../cases/types/consultation';
import { registerSection, type FigureDecl, type FigureGroupDecl } from '../declaration';
import { countFigures, countWhere } from '../type-counts';

const HOUR_MS = 3600_000;

const satisfactionRate: FigureDecl = {
  kind: 'ratio',
  key: 'satisfaction',
  label: '满意率',
  hint: '表示满意 ÷ 已评价',
  of: 'satisfied',
  over: 'rated',
};

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
    split: { key: `${type}|category`, base: () => ({ type }), field: 'category', values: [c] },
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
        ...countFigures(appealCaseType, ['received', 'accepted', 'closed', 'refused']),
        { kind: 'ratio', key: 'closed_rate', label: '办结率', hint: '已办结 ÷ 已受理', of: 'closed', over: 'accepted' },
      ],
    },
    {
      title: '时限与满意度',
      figures: [
        ...countFigures(appealCaseType, ['overdue_now', 'closed_on_time']),
        {
          kind: 'ratio',
          key: 'on_time_rate',
          label: '按时办结率',
          hint: '按时办结 ÷ 已办结',
          of: 'closed_on_time',
          over: 'closed',
        },
        ...countFigures(appealCaseType, ['rated', 'satisfied']),
        satisfactionRate,
      ],
    },
    categoryGroup('appeal', APPEAL_CATEGORIES, APPEAL_CATEGORY_LABELS),
  ],
  trends: [
    { key: 'received', label: '每月收到诉求', where: countWhere(appealCaseType, 'received') },
    { key: 'closed', label: '其中已办结', where: countWhere(appealCaseType, 'closed') },
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
        ...countFigures(consultationCaseType, ['received', 'waiting', 'answered', 'overdue_now', 'answered_on_time']),
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
        ...countFigures(consultationCaseType, ['rated', 'satisfied']),
        satisfactionRate,
      ],
    },
    categoryGroup('consultation', CONSULTATION_CATEGORIES, CONSULTATION_CATEGORY_LABELS),
  ],
  trends: [{ key: 'received', label: '每月收到咨询', where: countWhere(consultationCaseType, 'received') }],
  ranking: { title: '咨询答复排名', columns: ['received', 'on_time_rate', 'overdue_now'] },
});
