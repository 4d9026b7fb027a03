/**
 * Figures of collective contracts (集体合同): in negotiation, in filing, in force, expiring within the renewal window
 * (60 days, `domain/agreements/rules.ts`) and expired — the counts the contract type declares. A contract counts for
 * the town that registered it.
 */
import { agreementCaseType } from '../../agreements/case-type';
import { registerSection } from '../declaration';
import { countFigures } from '../type-counts';

registerSection({
  key: 'agreements',
  title: '集体合同',
  order: 40,
  groups: [
    {
      title: '合同情况',
      figures: countFigures(agreementCaseType, [
        'registered',
        'negotiating',
        'filing',
        'in_force',
        'expiring',
        'expired',
      ]),
    },
  ],
  ranking: { title: '集体合同排名', columns: ['in_force', 'expiring'] },
});
