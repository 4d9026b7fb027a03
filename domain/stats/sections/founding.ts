/**
 * Figures of union founding (网上建会): requests received and the unions founded online (elected, approved and
 * entered in the registry) — the counts the founding type declares — and one count per step, from the type's
 * declared stages (a new step shows here without a change).
 */
import { foundingCaseType } from '../../founding/types';
import { registerSection, type FigureDecl } from '../declaration';
import { countFigures, countWhere } from '../type-counts';

const steps = Object.entries(foundingCaseType.stages ?? {}).map(([key, stage]): FigureDecl => ({
  kind: 'count',
  key: `step_${key}`,
  label: stage.label,
  where: (env) => ({ type: foundingCaseType.type, status: env.cmd.in([...stage.states]) }),
  split: {
    key: `${foundingCaseType.type}||status`,
    base: () => ({ type: foundingCaseType.type }),
    field: 'status',
    values: [...stage.states],
  },
}));

registerSection({
  key: 'founding',
  title: '建会申请',
  order: 44,
  groups: [
    {
      title: '建会情况',
      figures: [
        ...countFigures(foundingCaseType, ['received', 'founded_online']),
        {
          kind: 'ratio',
          key: 'founded_rate',
          label: '建会成功率',
          hint: '网上建会 ÷ 建会申请',
          of: 'founded_online',
          over: 'received',
        },
      ],
    },
    { title: '按环节', figures: steps },
  ],
  trends: [{ key: 'received', label: '每月建会申请', where: countWhere(foundingCaseType, 'received') }],
  ranking: { title: '建会申请排名', columns: ['received', 'founded_online'] },
});
