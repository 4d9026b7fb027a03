/**
 * Figures of collective contracts (集体合同): in negotiation, in filing, in force, expiring within the renewal window
 * (60 days, `domain/agreements/rules.ts`) and expired. A contract counts for the town that registered it.
 */
import { addDays, chinaDate } from '../../../common/china-time';
import { LIMITS } from '../../agreements/rules';
import { registerSection, type FigureEnv } from '../declaration';

const TYPE = 'collective_contract';
const IN_FORCE = ['in_force', 'published'];
const inStates = (states: string[]) => (env: FigureEnv) => ({ type: TYPE, status: env.cmd.in(states) });

registerSection({
  key: 'agreements',
  title: '集体合同',
  order: 40,
  groups: [
    {
      title: '合同情况',
      figures: [
        { kind: 'count', key: 'registered', label: '登记合同', where: () => ({ type: TYPE }) },
        {
          kind: 'count',
          key: 'negotiating',
          label: '协商中',
          where: inStates(['offered', 'negotiating', 'draft', 'approved']),
        },
        { kind: 'count', key: 'filing', label: '报送审查中', where: inStates(['signed', 'filed']) },
        { kind: 'count', key: 'in_force', label: '有效合同', where: inStates(IN_FORCE) },
        {
          kind: 'count',
          key: 'expiring',
          label: `${LIMITS.renewalDaysBefore}天内期满`,
          hint: '有效合同中即将期满、应当续签的',
          alert: true,
          where: (env) => ({
            type: TYPE,
            status: env.cmd.in(IN_FORCE),
            'data.endsOn': env.cmd.lte(addDays(chinaDate(env.now), LIMITS.renewalDaysBefore)),
          }),
        },
        { kind: 'count', key: 'expired', label: '已期满', where: inStates(['expired']) },
      ],
    },
  ],
  ranking: { title: '集体合同排名', columns: ['in_force', 'expiring'] },
});
